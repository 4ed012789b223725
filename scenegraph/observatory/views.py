"""Pure aggregation: level counts -> the observatory's views. No store, no UI. Which groups show is the
disclosure control's (disclosure.py): the publisher passes what it decided for the period (`shown`); a table on its
own (no `shown`) gets the size and complement rules. Every cell built from fewer than k enterprises is suppressed
(shown as a count below k, never its levels), and k is never below the server's minimum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from scenegraph.base.errors import InvalidRequest
from scenegraph.base.limits import LIMITS
from scenegraph.observatory.disclosure import group_sizes, shown_groups
from scenegraph.observatory.goal import NATIONAL_GOAL, Goal
from scenegraph.observatory.model import DIMENSIONS, GraphFacts, Group, LevelCounts

__all__ = ["Brief", "ChangeRow", "DistributionRow", "GoalRow", "LagRow", "brief", "change", "distribution",
           "goal_shares", "lagging", "min_group", "segment_of"]

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


def min_group(k: int | None) -> int:
    """k as asked, never below the server's minimum (LIMITS.observatory_min_group): k may only be raised."""
    least = LIMITS.observatory_min_group
    k = least if k is None else k
    if k < least:
        raise InvalidRequest(f"k may only be raised: the server's minimum group size is {least}, got {k}")
    return k


def segment_of(facts: GraphFacts | None) -> dict[str, str]:
    return {} if facts is None else {s: f.segment for s, f in facts.stages.items()}


def _shown(counts: LevelCounts, k: int, facts: GraphFacts | None,
           shown: frozenset[Group] | None) -> frozenset[Group]:
    """The publisher's decision, or, for a table on its own, the size and complement rules of one period."""
    return shown_groups(group_sizes(counts), k, segment_of(facts)) if shown is None else shown


def _mean(counts: tuple[int, ...]) -> float:
    n = sum(counts)
    return round(sum(level * c for level, c in enumerate(counts)) / n, 4) if n else 0.0


def _share_at(counts: tuple[int, ...], level: int) -> float:
    n = sum(counts)
    return round(sum(counts[level:]) / n, 4) if n else 0.0


def _order(dimension: str, facts: GraphFacts | None) -> Callable[[tuple[str, tuple[int, ...]]], tuple[int, int, str]]:
    def key(item: tuple[str, tuple[int, ...]]) -> tuple[int, int, str]:
        name, counts = item
        if dimension == "stage" and facts is not None and name in facts.stages:
            return (0, facts.stages[name].order, name)
        return (0, 0, name)
    return key


def distribution(counts: LevelCounts, dimension: str, k: int | None = None, goal: Goal = NATIONAL_GOAL,
                 facts: GraphFacts | None = None, shown: frozenset[Group] | None = None) -> list[DistributionRow]:
    """Enterprises per maturity level in each group of one dimension (overall, stage, region, segment)."""
    if dimension not in DIMENSIONS:
        raise InvalidRequest(f"unknown dimension '{dimension}' (one of {', '.join(DIMENSIONS)})")
    k = min_group(k)
    groups = counts.groups.get(dimension, {})
    visible = _shown(counts, k, facts, shown)
    rows = []
    for key, c in sorted(groups.items(), key=_order(dimension, facts)):
        if not sum(c):
            continue
        if (dimension, key) not in visible or sum(c) < k:
            rows.append(DistributionRow(key, sum(c), None, None, None))
        else:
            rows.append(DistributionRow(key, sum(c), tuple(c), _mean(c), _share_at(c, goal.level)))
    return rows


def lagging(counts: LevelCounts, facts: GraphFacts, target_level: int = 3, k: int | None = None,
            limit: int | None = 20, shown: frozenset[Group] | None = None) -> tuple[list[LagRow], int]:
    """Scenarios where the industry lags most, ranked by mean gap to `target_level` x importance x policy weight;
    and how many scenarios were left out (fewer than k enterprises, or fewer than k that moved since the last
    period end)."""
    k = min_group(k)
    rows, suppressed = [], 0
    for sc, c in counts.scenarios.items():
        n = sum(c)
        if n == 0:
            continue
        if n < k or (shown is not None and ("scenario", sc) not in shown):
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
                facts: GraphFacts | None = None, shown: frozenset[Group] | None = None) -> list[GoalRow]:
    """Share of enterprises at the goal's level or above, overall and per stage, against the goal's share."""
    out = []
    for dim in ("overall", "stage"):
        for row in distribution(counts, dim, k, goal, facts, shown):
            out.append(GoalRow(row.key, row.n, row.share_at_goal, goal.share))
    return out


def change(before: LevelCounts, after: LevelCounts, dimension: str, k: int | None = None,
           goal: Goal = NATIONAL_GOAL, facts: GraphFacts | None = None, shown_before: frozenset[Group] | None = None,
           shown_after: frozenset[Group] | None = None) -> list[ChangeRow]:
    """Mean level and share at the goal's level, per group, at two period ends: a group's change only where it is
    shown at both (the publisher shows a group at two period ends only when its figures are equal or at least k of
    its enterprises entered, left or re-saved in between)."""
    a = {r.key: r for r in distribution(before, dimension, k, goal, facts, shown_before)}
    b = {r.key: r for r in distribution(after, dimension, k, goal, facts, shown_after)}
    keys = list(dict.fromkeys([*b, *a]))
    rows = []
    for key in keys:
        ra, rb = a.get(key), b.get(key)
        n_a, n_b = ra.n if ra else 0, rb.n if rb else 0
        if ra is None or rb is None or ra.suppressed or rb.suppressed:  # a change only where both sides show
            rows.append(ChangeRow(key, n_a, n_b, None, None, None, None))
        else:
            rows.append(ChangeRow(key, n_a, n_b, ra.mean_level, rb.mean_level, ra.share_at_goal, rb.share_at_goal))
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
          goal: Goal = NATIONAL_GOAL, limit: int | None = 20, shown: frozenset[Group] | None = None) -> Brief:
    k = min_group(k)
    shown = _shown(counts, k, facts, shown)
    lag, hidden = lagging(counts, facts, target_level, k, limit, shown)
    return Brief(counts.as_of, counts.enterprises, k, target_level, goal,
                 {d: distribution(counts, d, k, goal, facts, shown) for d in DIMENSIONS}, lag, hidden,
                 goal_shares(counts, k, goal, facts, shown), facts)
