"""The publisher: what planners get from the observatory, and all they get. It reads the raw counts only at closed
month ends (calendar.py), decides period after period which groups show (disclosure.py) with the server's
minimum group size, and hands out the views built from that decision. A planner may ask for a larger k, which only
hides more of the same decision; never a smaller one.

Each period is decided from the first month with a save on, so the decision for a period is the same whoever asks
and whenever (as long as no save is added with a date in the past)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from scenegraph.auth.access import Principal, Role, require_role
from scenegraph.base.limits import LIMITS
from scenegraph.observatory.calendar import closed_periods, period_at, period_end, previous_period
from scenegraph.observatory.disclosure import Published, group_sizes, shown_groups
from scenegraph.observatory.goal import NATIONAL_GOAL, Goal
from scenegraph.observatory.model import GraphFacts, Group, LevelCounts, Movement
from scenegraph.observatory.potential import PotentialRow, PotentialSums, TargetRow, pooled, target_rows
from scenegraph.observatory.repository import ObservatoryRepository
from scenegraph.observatory.views import Brief, ChangeRow, brief, change, min_group, segment_of

__all__ = ["Observatory", "Pooled", "Release"]


@dataclass(frozen=True)
class Pooled:
    """What the observatory shows of the saved plans' potential at one period end."""

    period: date
    k: int
    enterprises: int
    rows: dict[str, list[PotentialRow]]
    targets: list[TargetRow]
    facts: GraphFacts


@dataclass(frozen=True)
class Release:
    """One period end: the raw counts (they never leave the publisher) and what the disclosure control showed."""

    period: date
    counts: LevelCounts
    decided: Published


def _empty(period: date | None) -> LevelCounts:
    return LevelCounts(period_end(period) if period else None, 0,
                       {"overall": {}, "stage": {}, "region": {}, "segment": {}}, {})


class Observatory:
    """The observatory as planners see it, over a store's raw counts (ObservatoryRepository)."""

    def __init__(self, source: ObservatoryRepository, now: Callable[[], datetime] | None = None):
        self.source = source
        #: the server's minimum group size (SCENEGRAPH_LIMIT_OBSERVATORY_MIN_GROUP): every decision is made with it
        self.k = LIMITS.observatory_min_group
        self._now = now or (lambda: datetime.now(UTC))

    def periods(self, principal: Principal) -> list[date]:
        """The period ends published, oldest first (closed months from the first save's)."""
        require_role(principal, Role.PLANNER)
        return closed_periods(self.source.first_save(principal), self._now())

    def period_of(self, when: datetime | date | None) -> date:
        """The closed period end a date asks for: the latest at or before it."""
        return period_at(when, self._now())

    def releases(self, principal: Principal, upto: date) -> dict[date, Release]:
        """Every period end up to `upto`, decided in order (each knows the one before and who moved since)."""
        require_role(principal, Role.PLANNER)
        seg = segment_of(self.source.graph_facts(principal))
        out: dict[date, Release] = {}
        last_shown: dict[Group, date] = {}
        before: Release | None = None
        for period in self.periods(principal):
            if period > upto:
                break
            end, start = period_end(period), period_end(previous_period(period))
            counts = self.source.level_counts(principal, end)
            moves: dict[date, Movement] = {previous_period(period): self.source.movement(principal, start, end)}

            def since(margin: Group, end: datetime = end, moves: dict[date, Movement] = moves
                      ) -> tuple[Published, Movement] | None:
                when = last_shown.get(margin)
                if when is None:
                    return None
                if when not in moves:
                    moves[when] = self.source.movement(principal, period_end(when), end)
                return out[when].decided, moves[when]

            n = group_sizes(counts)
            shown = shown_groups(n, self.k, seg, moves[previous_period(period)],
                                 before.decided if before is not None else None, since)
            for g in shown:
                last_shown[g] = period
            out[period] = before = Release(period, counts, Published(n, shown))
        return out

    def release(self, principal: Principal, period: date) -> Release:
        period = self.period_of(period)
        got = self.releases(principal, period).get(period)
        return got or Release(period, _empty(period), Published({}, frozenset()))

    def potential(self, principal: Principal, period: date | None = None, k: int | None = None) -> Pooled:
        """The pooled potential of saved plans at a period end (None: the latest closed one), under that period's
        decision (potential.py says what more it hides); `k` may only raise the server's minimum."""
        require_role(principal, Role.PLANNER)
        k = min_group(k)
        facts = self.source.graph_facts(principal)
        got = self.release(principal, self.period_of(period))
        sums = self.source.potential_sums(principal, period_end(got.period)) if got.counts.enterprises else \
            PotentialSums(got.counts.as_of)
        seg = segment_of(facts)
        order = {s: f.order for s, f in facts.stages.items()}
        n = got.decided.n
        return Pooled(got.period, k, got.counts.enterprises, pooled(sums, n, got.decided.shown, k, seg, order),
                      target_rows(sums, n, got.decided.shown, k, seg), facts)

    def brief(self, principal: Principal, period: date | None = None, k: int | None = None, target_level: int = 3,
              goal: Goal = NATIONAL_GOAL, limit: int | None = 20) -> Brief:
        """The brief of a period end (None: the latest closed one); `k` may only raise the server's minimum."""
        return self.report(principal, period, k, target_level, goal=goal, limit=limit)[0]

    def report(self, principal: Principal, period: date | None = None, k: int | None = None, target_level: int = 3,
               since: date | None = None, dimension: str = "stage", goal: Goal = NATIONAL_GOAL,
               limit: int | None = 20) -> tuple[Brief, list[ChangeRow] | None]:
        """The brief of a period end and, with `since`, the change from that period end, per `dimension`."""
        require_role(principal, Role.PLANNER)
        k = min_group(k)
        facts = self.source.graph_facts(principal)
        after = self.period_of(period)
        first = self.period_of(since) if since is not None else None
        chain = self.releases(principal, max(after, first or after))
        empty = Release(after, _empty(after), Published({}, frozenset()))
        got = chain.get(after, empty)
        b = brief(got.counts, facts, k, target_level, goal, limit, got.decided.shown)
        if first is None:
            return b, None
        old = chain.get(first, Release(first, _empty(first), Published({}, frozenset())))
        return b, change(old.counts, got.counts, dimension, k, goal, facts, old.decided.shown, got.decided.shown)
