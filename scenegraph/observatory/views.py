"""Pure aggregation: level counts -> the observatory's views. No store, no UI; every cell built from fewer than
k enterprises is suppressed (shown as a count below k, never its levels).

Where the groups of a dimension partition the enterprises (each enterprise has one region), a single suppressed
group could be recovered as the total minus the others; the next smallest group is then suppressed too
(complementary suppression).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scenegraph.base.errors import InvalidRequest
from scenegraph.base.limits import LIMITS
from scenegraph.observatory.goal import NATIONAL_GOAL, Goal
from scenegraph.observatory.model import DIMENSIONS, GraphFacts, LevelCounts

__all__ = ["Brief", "ChangeRow", "DistributionRow", "GoalRow", "LagRow", "brief", "change", "distribution",
           "goal_shares", "lagging"]

#: dimensions whose groups partition the enterprises (complementary suppression applies)
PARTITIONS = ("overall", "region")


@dataclass(frozen=True)
class DistributionRow:
    key: str
    n: int
    #: enterprises per level 0-5; None when suppressed
    counts: tuple[int, ...] | None
    mean_level: float | None
    #: share at NATIONAL_GOAL.level or above
    share_at_goal: float | None

    @property
    def suppressed(self) -> bool:
        return self.counts is None


@dataclass(frozen=True)
class LagRow:
    scenario: str
    n: int
    mean_level: float
    mean_gap: float
    share_below: float
    importance: int
    policy_weight: int

    @property
    def score(self) -> float:
        """gap x importance x policy weight"""
        return round(self.mean_gap * self.importance * self.policy_weight, 4)


@dataclass(frozen=True)
class GoalRow:
    stage: str  # "all" for every enterprise
    n: int
    share: float | None  # None when suppressed
    goal: float

    @property
    def meets(self) -> bool | None:
        return None if self.share is None else self.share > self.goal


@dataclass(frozen=True)
class ChangeRow:
    key: str
    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    share_before: float | None
    share_after: float | None

    @property
    def suppressed(self) -> bool:
        return self.mean_before is None or self.mean_after is None

    @property
    def mean_delta(self) -> float | None:
        return None if self.suppressed else round(self.mean_after - self.mean_before, 4)  # type: ignore[operator]

    @property
    def share_delta(self) -> float | None:
        return None if self.suppressed else round(self.share_after - self.share_before, 4)  # type: ignore[operator]


def _min_group(k: int | None) -> int:
    k = LIMITS.observatory_min_group if k is None else k
    if k < 1:
        raise InvalidRequest(f"the minimum group size k must be 1 or more, got {k}")
    return k


def _mean(counts: tuple[int, ...]) -> float:
    n = sum(counts)
    return round(sum(level * c for level, c in enumerate(counts)) / n, 4) if n else 0.0


def _share_at(counts: tuple[int, ...], level: int) -> float:
    n = sum(counts)
    return round(sum(counts[level:]) / n, 4) if n else 0.0


def _suppressed_keys(groups: dict[str, tuple[int, ...]], k: int, partition: bool) -> set[str]:
    small = {key for key, c in groups.items() if sum(c) < k}
    if partition and len(small) == 1:
        rest = sorted((sum(c), key) for key, c in groups.items() if key not in small and sum(c) > 0)
        if rest:
            small.add(rest[0][1])
    return small


def _order(dimension: str, facts: GraphFacts | None):
    def key(item: tuple[str, tuple[int, ...]]):
        name, counts = item
        if dimension == "stage" and facts is not None and name in facts.stages:
            return (0, facts.stages[name].order, name)
        return (0, 0, name)
    return key


def distribution(counts: LevelCounts, dimension: str, k: int | None = None, goal: Goal = NATIONAL_GOAL,
                 facts: GraphFacts | None = None) -> list[DistributionRow]:
    """Enterprises per maturity level in each group of one dimension (overall, stage, region, segment)."""
    if dimension not in DIMENSIONS:
        raise InvalidRequest(f"unknown dimension '{dimension}' (one of {', '.join(DIMENSIONS)})")
    k = _min_group(k)
    groups = counts.groups.get(dimension, {})
    hidden = _suppressed_keys(groups, k, dimension in PARTITIONS)
    rows = []
    for key, c in sorted(groups.items(), key=_order(dimension, facts)):
        if key in hidden:
            rows.append(DistributionRow(key, sum(c), None, None, None))
        else:
            rows.append(DistributionRow(key, sum(c), tuple(c), _mean(c), _share_at(c, goal.level)))
    return rows


def lagging(counts: LevelCounts, facts: GraphFacts, target_level: int = 3, k: int | None = None,
            limit: int | None = 20) -> tuple[list[LagRow], int]:
    """Scenarios where the industry lags most, ranked by mean gap to `target_level` x importance x policy weight;
    and how many scenarios were left out for having fewer than k enterprises."""
    k = _min_group(k)
    rows, suppressed = [], 0
    for sc, c in counts.scenarios.items():
        n = sum(c)
        if n == 0:
            continue
        if n < k:
            suppressed += 1
            continue
        f = facts.scenarios.get(sc)
        if f is None:  # a scenario no longer in the graph
            continue
        gap = sum(max(0, target_level - level) * x for level, x in enumerate(c)) / n
        below = sum(c[:target_level]) / n
        rows.append(LagRow(sc, n, _mean(c), round(gap, 4), round(below, 4), f.importance, f.policy_weight))
    rows.sort(key=lambda r: (-r.score, -r.mean_gap, r.scenario))
    return (rows[:limit] if limit else rows), suppressed


def goal_shares(counts: LevelCounts, k: int | None = None, goal: Goal = NATIONAL_GOAL,
                facts: GraphFacts | None = None) -> list[GoalRow]:
    """Share of enterprises at the goal's level or above, overall and per stage, against the goal's share."""
    out = []
    for dim in ("overall", "stage"):
        for row in distribution(counts, dim, k, goal, facts):
            out.append(GoalRow(row.key, row.n, row.share_at_goal, goal.share))
    return out


def change(before: LevelCounts, after: LevelCounts, dimension: str, k: int | None = None,
           goal: Goal = NATIONAL_GOAL, facts: GraphFacts | None = None) -> list[ChangeRow]:
    """Mean level and share at the goal's level, per group, at two dates (each side suppressed below k)."""
    a = {r.key: r for r in distribution(before, dimension, k, goal, facts)}
    b = {r.key: r for r in distribution(after, dimension, k, goal, facts)}
    keys = list(dict.fromkeys([*b, *a]))
    rows = []
    for key in keys:
        ra, rb = a.get(key), b.get(key)
        rows.append(ChangeRow(key, ra.n if ra else 0, rb.n if rb else 0, ra.mean_level if ra else None,
                              rb.mean_level if rb else None, ra.share_at_goal if ra else None,
                              rb.share_at_goal if rb else None))
    return rows


@dataclass(frozen=True)
class Brief:
    """Everything the observatory shows for one date: what the page draws, the brief prints, the CSV holds."""

    as_of: datetime | None
    enterprises: int
    k: int
    target_level: int
    goal: Goal
    distributions: dict[str, list[DistributionRow]]
    lagging: list[LagRow]
    lagging_suppressed: int
    goals: list[GoalRow]
    facts: GraphFacts


def brief(counts: LevelCounts, facts: GraphFacts, k: int | None = None, target_level: int = 3,
          goal: Goal = NATIONAL_GOAL, limit: int | None = 20) -> Brief:
    k = _min_group(k)
    lag, hidden = lagging(counts, facts, target_level, k, limit)
    return Brief(counts.as_of, counts.enterprises, k, target_level, goal,
                 {d: distribution(counts, d, k, goal, facts) for d in DIMENSIONS}, lag, hidden,
                 goal_shares(counts, k, goal, facts), facts)
