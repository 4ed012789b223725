"""Enterprise self-assessment: answers, scores, benchmark comparison, gaps, roadmap, report, archive."""

from scenegraph.assess.benchmark import Benchmark, PeerScore, Standing, benchmark
from scenegraph.assess.model import (
    LEVEL_DESCRIPTORS,
    Assessment,
    AssessmentError,
    applicable_scenarios,
    from_csv,
    from_json,
    level_name,
    parse_assessment,
    to_csv,
    to_json,
)
from scenegraph.assess.roadmap import DEFAULT_WAVES, Gap, Roadmap, Step, Wave, gaps, roadmap
from scenegraph.assess.scoring import Score, Scorer, Scores, maturity_level

__all__ = [
    "DEFAULT_WAVES", "LEVEL_DESCRIPTORS", "Assessment", "AssessmentError", "Benchmark", "Gap", "PeerScore",
    "Roadmap", "Score", "Scorer", "Scores", "Standing", "Step", "Wave", "applicable_scenarios", "benchmark",
    "from_csv", "from_json", "gaps", "level_name", "maturity_level", "parse_assessment", "roadmap", "to_csv",
    "to_json",
]
