"""How an enterprise compares with peers that run the same stages.

Peers that give a score are the illustrative archetype factories (made-up profiles, one per archetype, labelled
`archetype`) and, when the caller passes them, other saved assessments (labelled `assessment`). A real, named
plant never gives a score: its IMPLEMENTS say only that a source reports the practice there (any level on it is
the scenario's typical level, not an assessment of the company), so real plants appear as evidence that a
scenario is practised (`practised_by`), never in a median, a best or a percentile.

A peer's levels are scored exactly as the enterprise's answers are (0 where it reports nothing). Per stage the
peers are those operating that stage; overall, each peer is scored on the stages it shares with the enterprise.
The percentile is the mid-rank: the share of peers below, plus half of those level with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median
from typing import Literal

from scenegraph.assess.model import Assessment
from scenegraph.assess.scoring import Scorer, Scores

__all__ = ["Benchmark", "PeerScore", "Standing", "benchmark"]

PeerKind = Literal["archetype", "assessment"]


@dataclass(frozen=True)
class PeerScore:
    #: the peer's id: an illustrative factory (kind "archetype") or an enterprise (kind "assessment")
    factory: str
    score: float
    illustrative: bool
    kind: PeerKind = "archetype"


@dataclass(frozen=True)
class Standing:
    score: float
    peers: tuple[PeerScore, ...]
    median: float | None
    best: float | None
    best_factory: str | None
    percentile: float | None


@dataclass(frozen=True)
class Benchmark:
    overall: Standing
    by_stage: dict[str, Standing]
    #: applicable scenario -> the real (named, sourced) plants reported to practise it: evidence, not scores
    practised_by: dict[str, tuple[str, ...]] = field(default_factory=dict)


def percentile(value: float, others: list[float]) -> float | None:
    if not others:
        return None
    below = sum(o < value for o in others)
    level = sum(o == value for o in others)
    return round(100 * (below + level / 2) / len(others), 1)


def _standing(score: float, peers: list[PeerScore]) -> Standing:
    ranked = tuple(sorted(peers, key=lambda p: (-p.score, p.factory)))
    values = [p.score for p in ranked]
    best = ranked[0] if ranked else None
    return Standing(score, ranked, round(median(values), 4) if values else None, best.score if best else None,
                    best.factory if best else None, percentile(score, values))


def benchmark(scorer: Scorer, assessment: Assessment, scores: Scores | None = None,
              others: Iterable[Assessment] = ()) -> Benchmark:
    """The enterprise's standing among the archetypes (and `others`, saved assessments of other enterprises the
    caller may see; the enterprise's own are skipped), with the real plants as evidence per scenario."""
    g = scorer.graph
    scores = scores or scorer.score(assessment)
    mine = set(assessment.stages)
    per_stage: dict[str, list[PeerScore]] = {s: [] for s in scores.by_stage}
    overall: list[PeerScore] = []

    def add(peer: str, operated: Iterable[str], levels: dict[str, int], kind: PeerKind) -> None:
        shared = mine.intersection(operated)
        if not shared:
            return
        theirs = scorer.score_levels(shared, levels)
        overall.append(PeerScore(peer, theirs.overall.score, kind == "archetype", kind))
        for stage, s in theirs.by_stage.items():
            per_stage[stage].append(PeerScore(peer, s.score, kind == "archetype", kind))

    for factory, (operated, levels) in scorer.factories.items():
        if g.node(factory).get("illustrative"):
            add(factory, operated, levels, "archetype")
    for other in others:
        if other.enterprise_id != assessment.enterprise_id:
            add(other.enterprise_id, other.stages, dict(other.answers), "assessment")
    practised: dict[str, list[str]] = {}
    for factory in scorer.factories:
        if not g.node(factory).get("illustrative"):
            for sc in g.out_ids(factory, "IMPLEMENTS"):
                practised.setdefault(sc, []).append(factory)
    applicable = set(scorer.applicable(assessment.stages))
    return Benchmark(
        _standing(scores.overall.score, overall),
        {stage: _standing(scores.by_stage[stage].score, peers) for stage, peers in per_stage.items()},
        {sc: tuple(sorted(fs)) for sc, fs in sorted(practised.items()) if sc in applicable},
    )
