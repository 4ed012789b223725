"""Save summaries as dated deltas, so "as of any date" is a sum over few rows instead of one row per enterprise.

A summary is "the latest of its enterprise" from its `at` until its `until` (the next save). It adds +1 to each
of its cells (dimension, key, level) on the day of `at`, and -1 on the day of `until` (none while it is the
latest). Counts as of day D are then the sum of every delta dated before D; cumulative snapshots at the start of
each week (and one after every day, "now") bound the deltas a read adds up to those of at most six days.
Within D's own day the summaries themselves are read (at or until between midnight and D), so a date with a
time is exact, as the memory store counts it.

Pure functions; the Neo4j store writes what they compute (stores/neo4j/assessments.py, observatory.py).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypedDict

from scenegraph.observatory.summary import SaveSummary

__all__ = ["FIRST", "NOW", "AggregateMarker", "Cell", "MarkerUpdate", "cells", "day_of", "monday", "save_deltas",
           "snapshot_rows", "weeks"]

#: the snapshot holding every delta ("now"), and the earliest day (a read with no snapshot sums from here)
NOW = date(9999, 12, 31)
FIRST = date(1, 1, 1)
Cell = tuple[str, str, int]  # (dimension, key, level); dimension "scenario" for the lagging view


@dataclass(frozen=True)
class AggregateMarker:
    """What a store records about its aggregates (one marker; the Neo4j store's :ObsAggregate node): whether they
    are being built (and by whom, alive when), for which layout and scoring facts, and how far: the days of
    deltas built while building, the snapshot weeks built, and whether the "now" snapshot exists."""

    #: "building", "ready" or "stale" (scoring facts changed under ready aggregates); None before any build
    state: str | None = None
    #: the build's owner (a random token) while building
    token: str | None = None
    heartbeat: datetime | None = None
    #: the aggregates' layout version and the scoring facts' key they were built for
    version: int | None = None
    facts: str | None = None
    #: while building: deltas are built for the days before this one
    built_to: date | None = None
    #: the first and last snapshot weeks built (Mondays)
    weeks_from: date | None = None
    weeks_to: date | None = None
    now: bool = False

    @classmethod
    def of(cls, props: Mapping[str, Any]) -> AggregateMarker:
        """From the stored properties (driver values already made plain); properties it does not know (the
        node's id, its lock counter) are left out."""
        known = {f.name for f in dataclasses.fields(cls)}
        given = {k: v for k, v in props.items() if k in known}
        return cls(**{**given, "now": bool(given.get("now"))})

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def built_for(self, version: int, facts: str) -> bool:
        """Whether these aggregates have the layout `version` and count with the scoring facts `facts`."""
        return self.version == version and self.facts == facts

    def built_weeks(self) -> list[date]:
        """The snapshot weeks built."""
        return weeks(self.weeks_from, self.weeks_to)


class MarkerUpdate(TypedDict, total=False):
    """The marker's properties one build step sets (the rest stay as they are)."""

    state: str
    token: str | None
    heartbeat: datetime
    version: int
    facts: str
    built_to: date | None
    weeks_from: date | None
    weeks_to: date
    now: bool


def cells(s: SaveSummary) -> Iterator[Cell]:
    """Every cell one enterprise counts in with this save (the order of cypher/observatory_aggregate_*.cypher)."""
    yield ("overall", "all", s.level)
    yield ("region", s.region, s.level)
    for dim, levels in (("stage", s.stages), ("segment", s.segments), ("scenario", s.scenarios)):
        for key, level in levels.items():
            yield (dim, key, level)


def day_of(at: datetime) -> date:
    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)).date()


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks(first: date | None, last: date | None) -> list[date]:
    """The snapshot weeks built, first..last (Mondays, 7 days apart)."""
    if first is None or last is None:
        return []
    return [first + timedelta(days=7 * i) for i in range((last - first).days // 7 + 1)]


def save_deltas(saved: SaveSummary, until: datetime, previous: SaveSummary | None,
                previous_until: datetime | None, open_until: datetime) -> Counter[tuple[date, str, str, int]]:
    """What one save changes: +its cells at its day and, when a later save exists, -its cells at that save's
    day; the save it interrupts (previous, formerly until `previous_until`) now ends at this save's day, so its
    minus moves there. Zero entries are dropped."""
    out: Counter[tuple[date, str, str, int]] = Counter()

    def add(s: SaveSummary, at: datetime, sign: int) -> None:
        day = day_of(at)
        for dim, key, level in cells(s):
            out[(day, dim, key, level)] += sign

    add(saved, saved.at, 1)
    if until < open_until:
        add(saved, until, -1)
    if previous is not None and previous_until is not None:
        if previous_until < open_until:
            add(previous, previous_until, 1)
        add(previous, saved.at, -1)
    return Counter({k: v for k, v in out.items() if v})


def snapshot_rows(deltas: Counter[tuple[date, str, str, int]], built: list[date], now: bool) -> list[dict[str, Any]]:
    """The cumulative snapshots a delta on day d also changes: every built week starting after d, and "now"."""
    rows = []
    for (day, dim, key, level), n in deltas.items():
        for before in [w for w in built if w > day] + ([NOW] if now else []):
            rows.append({"before": before, "dim": dim, "key": key, "level": level, "n": n})
    return rows
