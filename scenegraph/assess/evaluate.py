"""Everything an assessment yields, computed once for the page, the CLI and the report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scenegraph.assess.benchmark import Benchmark, benchmark
from scenegraph.assess.model import Assessment
from scenegraph.assess.roadmap import DEFAULT_WAVES, Gap, Roadmap, gaps, roadmap
from scenegraph.assess.scoring import Scorer, Scores

__all__ = ["Evaluation", "evaluate"]


@dataclass(frozen=True)
class Evaluation:
    assessment: Assessment
    scores: Scores
    benchmark: Benchmark
    gaps: list[Gap]
    roadmap: Roadmap


def evaluate(scorer: Scorer, assessment: Assessment, target_level: int = 3,
             waves: tuple[int, ...] = DEFAULT_WAVES, capacity: int | float | Sequence[float] | None = None,
             in_place: Iterable[str] = (), effort: Mapping[str, float] | None = None) -> Evaluation:
    scores = scorer.score(assessment)
    return Evaluation(assessment, scores, benchmark(scorer, assessment, scores), gaps(scorer, assessment, target_level),
                      roadmap(scorer, assessment, target_level, waves, capacity, in_place, effort))
