"""How an enterprise compares with the benchmark factories that run the same stages.

A factory's levels are its IMPLEMENTS levels (0 where it reports nothing), scored exactly as the enterprise's
answers are. Per stage the peers are the factories operating that stage; overall, each peer is scored on the
stages it shares with the enterprise. Real plants report only what their sources say, so their scores are
lower bounds. The percentile is the mid-rank: the share of peers below, plus half of those level with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from .model import Assessment
from .scoring import Scorer, Scores

__all__ = ["Benchmark", "PeerScore", "Standing", "benchmark"]


@dataclass(frozen=True)
class PeerScore:
    factory: str
    score: float
    illustrative: bool


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


def benchmark(scorer: Scorer, assessment: Assessment, scores: Scores | None = None) -> Benchmark:
    g = scorer.graph
    scores = scores or scorer.score(assessment)
    mine = set(assessment.stages)
    per_stage: dict[str, list[PeerScore]] = {s: [] for s in scores.by_stage}
    overall: list[PeerScore] = []
    for factory, (operated, levels) in scorer.factories.items():
        shared = mine.intersection(operated)
        if not shared:
            continue
        illustrative = bool(g.node(factory).get("illustrative"))
        theirs = scorer.score_levels(shared, levels)
        overall.append(PeerScore(factory, theirs.overall.score, illustrative))
        for stage, s in theirs.by_stage.items():
            per_stage[stage].append(PeerScore(factory, s.score, illustrative))
    return Benchmark(
        _standing(scores.overall.score, overall),
        {stage: _standing(scores.by_stage[stage].score, peers) for stage, peers in per_stage.items()},
    )
