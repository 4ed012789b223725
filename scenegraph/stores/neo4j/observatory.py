"""The observatory on Neo4j: every view reads the aggregates kept up to date at save time (observatory/deltas.py:
dated deltas and weekly cumulative snapshots per (dimension, key, level), assessments.py record_summary), so a
view sums a few thousand rows whatever the number of enterprises (cypher/observatory_aggregate_counts.cypher);
only counts per cell come back, never one enterprise's answers or levels.

On first use (no aggregates, another layout, or other scoring facts) it rebuilds the save summaries that are
missing or stale and then the aggregates, in bounded batches, saying so in the log; a marker node records that
they are built, so a later process start costs one read. While another process builds them, views count the
save summaries directly (the slower path, same answers)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import neo4j

from scenegraph.auth.access import LOCAL, Principal, Role, require_role
from scenegraph.graph.cypher import query
from scenegraph.observatory.deltas import FIRST, NOW, AggregateMarker, MarkerUpdate, day_of, monday
from scenegraph.observatory.model import (
    NO_REGION,
    GraphFacts,
    LevelCounts,
    Movement,
    ScenarioFacts,
    StageFacts,
    histogram,
)
from scenegraph.observatory.potential import MEASURES, PotentialSums
from scenegraph.observatory.summary import ScoringFacts, groups_of, summarise
from scenegraph.stores.neo4j.assessments import AGGREGATES_VERSION, OPEN, marker_of, scoring_facts, write_summary
from scenegraph.stores.neo4j.store import Neo4jStore
from scenegraph.stores.neo4j.values import native, utc

__all__ = ["Neo4jObservatory", "forget_checked"]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: as of "now" on the summary-scan path: later than any save can be, earlier than an open `until`
_FAR = datetime(9999, 12, 31, tzinfo=UTC)
#: enterprises whose summaries are rebuilt per round of the backfill
_BATCH = 500
#: days of deltas built per transaction
_DAYS = 28
#: a build whose heartbeat is older than this was abandoned (its process ended): another process takes it over
_ABANDONED = timedelta(minutes=10)
#: (server, database) pairs whose aggregates were checked against the graph's scoring facts in this process
_checked: set[tuple[str, str]] = set()


def forget_checked() -> None:
    """Forget which databases this process checked, as a new process starts: the next use reads the marker and
    the scoring facts again."""
    _checked.clear()


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class Neo4jObservatory:
    def __init__(self, store: Neo4jStore):
        self.store = store

    # ------------------------------------------------------------------ building the aggregates

    def _locked(self, work: Callable[[neo4j.ManagedTransaction, AggregateMarker], T], doing: str) -> T:
        """`work(tx, marker)` in one write transaction holding the marker's lock."""
        def run(tx: neo4j.ManagedTransaction) -> T:
            record = tx.run(query("observatory_aggregate_lock")).single()
            return work(tx, (marker_of(record["marker"]) if record else None) or AggregateMarker())

        with self.store.errors(doing), self.store.session() as session:
            return session.execute_write(run)

    def marker(self) -> AggregateMarker | None:
        """The aggregates' marker as stored now (None before the first build)."""
        return marker_of(self.store.read("observatory_aggregate_marker")[0]["marker"])

    def schema(self) -> None:
        self.store.apply_statements("observatory_aggregate_schema", "creating the observatory's aggregate indexes")
        self.store.tenant_schema()

    def prepare(self, again: bool = False) -> int:
        """Makes sure the aggregates are built for the graph's scoring facts (rebuilding them, and any missing or
        stale save summaries, when not, or when `again`); returns the enterprises whose summaries were rebuilt.
        A later call in the process, or a later process, reads the marker only."""
        return self._prepared(again)[0]

    def _prepared(self, again: bool = False) -> tuple[int, AggregateMarker | None]:
        """prepare(), and the marker as it is afterwards."""
        where = (self.store.settings.uri, self.store.settings.database or "")
        marker = self.marker()
        if not again and marker and marker.ready and marker.version == AGGREGATES_VERSION and where in _checked:
            return 0, marker
        with self.store.errors("reading the scoring facts"), self.store.session() as session:
            facts = session.execute_read(scoring_facts)
        if not again and marker and marker.ready and marker.built_for(AGGREGATES_VERSION, facts.key):
            _checked.add(where)
            return 0, marker
        rebuilt = self._build(facts)
        if rebuilt is not None:
            _checked.add(where)
        return rebuilt or 0, self.marker()

    def _claim(self, facts_key: str) -> str | None:
        """Starts a build unless another process is building (fresh heartbeat): its token, or None."""
        token = uuid.uuid4().hex

        def claim(tx: neo4j.ManagedTransaction) -> str | None:
            record = tx.run(query("observatory_aggregate_claim")).single()
            marker = (marker_of(record["marker"]) if record else None) or AggregateMarker()
            beat = marker.heartbeat
            if marker.state == "building" and beat and datetime.now(UTC) - beat < _ABANDONED:
                return None
            tx.run(query("observatory_aggregate_set"), props={
                "state": "building", "token": token, "heartbeat": datetime.now(UTC), "version": AGGREGATES_VERSION,
                "facts": facts_key, "built_to": None, "weeks_from": None, "weeks_to": None, "now": False}).consume()
            return token

        with self.store.errors("starting to build the observatory's aggregates"), self.store.session() as s:
            return s.execute_write(claim)

    def _step(self, token: str, work: Callable[[neo4j.ManagedTransaction, AggregateMarker], MarkerUpdate],
              doing: str) -> bool:
        """One build step under the lock, unless another process took the build over; `work` returns the
        marker's new properties."""
        def step(tx: neo4j.ManagedTransaction, marker: AggregateMarker) -> bool:
            if marker.token != token:
                return False
            props = work(tx, marker)
            tx.run(query("observatory_aggregate_set"), props={**props, "heartbeat": datetime.now(UTC)}).consume()
            return True

        return self._locked(step, doing)

    def _build(self, facts: ScoringFacts) -> int | None:
        """Rebuilds stale save summaries, then the deltas (by ranges of days) and the weekly snapshots. None
        when another process is building."""
        store = self.store
        self.schema()
        token = self._claim(facts.key)
        if token is None:
            log.info("observatory: another process is building the aggregates; counting save summaries meanwhile")
            return None
        started = time.perf_counter()
        log.info("observatory: building the aggregates (first use, another layout or new scoring facts)")
        store.autocommit("observatory_aggregate_clear")
        rebuilt = self._backfill_summaries(facts)
        record = store.read("observatory_aggregate_range", open=OPEN)[0]
        first, last = native(record["first"]), native(record["last"])
        day = day_of(first) if first else None
        stop = day_of(last) if last else None
        batches = 0
        while day is not None and stop is not None and day <= stop:
            end = day + timedelta(days=_DAYS)

            def days(tx: neo4j.ManagedTransaction, marker: AggregateMarker, day: date = day,
                     end: date = end) -> MarkerUpdate:
                tx.run(query("observatory_aggregate_days"), {"from": _midnight(day), "to": _midnight(end),
                                                             "open": OPEN, "no_region": NO_REGION}).consume()
                return {"built_to": end}

            if not self._step(token, days, "building the observatory's deltas"):
                return None
            day, batches = end, batches + 1

        # the days after the range read, with saves since: now kept whole
        def rest(tx: neo4j.ManagedTransaction, marker: AggregateMarker, day: date = day or FIRST) -> MarkerUpdate:
            tx.run(query("observatory_aggregate_days"), {"from": _midnight(day), "to": _midnight(NOW),
                                                         "open": OPEN, "no_region": NO_REGION}).consume()
            return {"built_to": NOW}

        if not self._step(token, rest, "building the observatory's deltas"):
            return None
        log.info("observatory: deltas of %d day ranges built in %.1f s", batches, time.perf_counter() - started)
        if not self._extend(monday(datetime.now(UTC).date()), token):
            return None

        def now(tx: neo4j.ManagedTransaction, marker: AggregateMarker) -> MarkerUpdate:
            tx.run(query("observatory_aggregate_snapshot"),
                   {"previous": marker.weeks_to, "from": marker.weeks_to or FIRST, "before": NOW}).consume()
            return {"now": True, "state": "ready", "token": None, "built_to": None}

        if not self._step(token, now, "building the observatory's snapshots"):
            return None
        log.info("observatory: aggregates built in %.1f s (%d enterprises' summaries rebuilt)",
                 time.perf_counter() - started, rebuilt)
        return rebuilt

    def _extend(self, target: date, token: str | None = None) -> bool:
        """Builds the weekly snapshots after the last one built, up to the week starting `target`, one week per
        transaction. False when another process took a build over."""
        while True:
            def week(tx: neo4j.ManagedTransaction, marker: AggregateMarker) -> MarkerUpdate:
                last = marker.weeks_to
                previous: date | None
                if last is not None:
                    before, previous, start = last + timedelta(days=7), last, last
                else:
                    record = tx.run(query("observatory_aggregate_first_day")).single()
                    first = native(record["first"]) if record else None
                    if first is None:
                        return {}
                    before, previous, start = monday(first), None, FIRST
                if before > target:
                    return {}
                tx.run(query("observatory_aggregate_snapshot"),
                       {"previous": previous, "before": before, "from": start}).consume()
                return {"weeks_to": before, "weeks_from": marker.weeks_from or before}

            def step(tx: neo4j.ManagedTransaction, marker: AggregateMarker) -> MarkerUpdate | None:
                if token is not None and marker.token != token:
                    return None
                if token is None and not marker.ready:
                    return {}
                props = week(tx, marker)
                if props:
                    tx.run(query("observatory_aggregate_set"),
                           props={**props, "heartbeat": datetime.now(UTC)}).consume()
                return props

            done = self._locked(step, "building the observatory's weekly snapshots")
            if done is None:
                return False
            if not done:
                return True

    def _backfill_summaries(self, facts: ScoringFacts) -> int:
        """Summaries of enterprises that have saves but none, or summaries of other scoring facts (written before
        summaries existed, or under an earlier graph), rebuilt from their saves in batches."""
        store = self.store
        rebuilt = 0
        with store.errors("rebuilding save summaries"), store.session() as session:
            while True:
                stale = [r["enterprise_id"] for r in session.run(query("assessment_summary_stale"), facts=facts.key,
                                                                  limit=_BATCH)]
                for ent in stale:
                    saves = [store.load_assessment(LOCAL, ent, s.at) for s in store.assessments(LOCAL, ent)]

                    def work(tx, ent=ent, saves=saves):
                        tx.run(query("assessment_summary_delete"), enterprise_id=ent).consume()
                        for a in sorted(saves, key=lambda a: a.at):
                            write_summary(tx, summarise(facts, a), facts)

                    session.execute_write(work)
                rebuilt += len(stale)
                if stale:
                    log.info("observatory: %d enterprises' save summaries rebuilt", rebuilt)
                if len(stale) < _BATCH:
                    break
        return rebuilt

    # ------------------------------------------------------------------ reading

    def level_counts(self, principal: Principal, as_of: datetime | None = None,
                     scenarios: bool = True) -> LevelCounts:
        require_role(principal, Role.PLANNER)
        marker = self._prepared()[1]
        if not marker or not marker.ready:
            return self.scan_counts(principal, as_of, scenarios)
        if as_of is None:
            params: dict[str, Any] = {"before": NOW, "from": None, "day": None, "start": None, "as_of": None}
        else:
            at = utc(as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC))
            day = day_of(at)
            week = monday(day)
            this_week = monday(datetime.now(UTC).date())
            if marker.weeks_to is None or marker.weeks_to < min(week, this_week):
                self._extend(min(week, this_week))
                marker = self.marker() or marker
            first, last = marker.weeks_from, marker.weeks_to
            if first is not None and last is not None and week >= first:
                snapshot = min(week, last)
                params = {"before": snapshot, "from": snapshot}
            else:
                params = {"before": None, "from": FIRST}
            params.update(day=day, start=_midnight(day), as_of=at)
        rows = self.store.read("observatory_aggregate_counts", scenarios=scenarios, no_region=NO_REGION,
                                **params)
        return _level_counts(as_of, ((r["dim"], r["key"], r["level"], r["n"]) for r in rows))

    def scan_counts(self, principal: Principal, as_of: datetime | None = None,
                    scenarios: bool = True) -> LevelCounts:
        """The same counts from the save summaries directly (one row per enterprise read): while the aggregates
        are built elsewhere, and in the benchmark beside them."""
        require_role(principal, Role.PLANNER)
        when = _FAR if as_of is None else utc(as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC))
        cells = [(r["dimension"], r["key"], r["level"], r["enterprises"])
                 for r in self.store.read("observatory_summary_groups", as_of=when)]
        if scenarios:
            cells += [("scenario", r["key"], r["level"], r["enterprises"])
                      for r in self.store.read("observatory_summary_scenarios", as_of=when)]
        return _level_counts(as_of, cells)

    def potential_sums(self, principal: Principal, as_of: datetime | None = None) -> PotentialSums:
        """The saved plans' potential summed in Cypher (cypher/observatory_potential_sums.cypher): one row per
        group and measure, never one enterprise's."""
        require_role(principal, Role.PLANNER)
        self._prepared()
        when = _FAR if as_of is None else utc(as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC))
        groups: dict[str, dict[str, dict[str, float]]] = {"overall": {}, "stage": {}, "region": {}}
        largest: dict[str, dict[str, dict[str, float]]] = {"overall": {}, "stage": {}, "region": {}}
        for r in self.store.read("observatory_potential_sums", as_of=when, no_region=NO_REGION):
            groups[r["dimension"]].setdefault(r["key"], {})[r["measure"]] = float(r["total"])
            if r["measure"] in MEASURES:
                largest[r["dimension"]].setdefault(r["key"], {})[r["measure"]] = float(r["largest"])
        return PotentialSums(as_of, groups, largest)

    def movement(self, principal: Principal, since: datetime, until: datetime) -> Movement:
        """Who moved between two period ends (cypher/observatory_movement.cypher): one row per moving enterprise,
        the groups of its summaries current in between, never its id or levels."""
        require_role(principal, Role.PLANNER)
        self._prepared()
        rows = self.store.read("observatory_movement", since=utc(since), until=utc(until))
        out = []
        for r in rows:
            groups: set = set()
            for region, stages, segments, scenarios in zip(r["regions"], r["stages"], r["segments"],
                                                           r["scenarios"], strict=True):
                groups |= groups_of(region, stages or (), segments or (), scenarios or ())
            out.append(frozenset(groups))
        return Movement(tuple(out))

    def first_save(self, principal: Principal) -> datetime | None:
        require_role(principal, Role.PLANNER)
        self._prepared()
        first = self.store.read("observatory_first_save")[0]["first"]
        return utc(native(first)) if first is not None else None

    def graph_facts(self, principal: Principal) -> GraphFacts:
        require_role(principal, Role.PLANNER)
        scenarios, stages = {}, {}
        for r in self.store.read("observatory_graph_facts"):
            if r["kind"] == "scenario":
                scenarios[r["id"]] = ScenarioFacts(r["name_zh"], r["name_en"], int(r["importance"] or 1),
                                                   r["targets"], r["requirements"])
            else:
                stages[r["id"]] = StageFacts(r["name_zh"], r["name_en"], int(r["order"] or 0), r["segment"] or "")
        return GraphFacts(scenarios, stages)


def _level_counts(as_of: datetime | None, cells) -> LevelCounts:
    groups: dict[str, dict[str, list[int]]] = {"overall": {}, "stage": {}, "region": {}, "segment": {}}
    by_scenario: dict[str, list[int]] = {}
    for dim, key, level, n in cells:
        if not n:
            continue
        if dim == "region":
            key = key or NO_REGION
        target = by_scenario if dim == "scenario" else groups[dim]
        target.setdefault(key, histogram())[level] += n
    groups["overall"].setdefault("all", histogram())
    total = sum(groups["overall"]["all"])
    return LevelCounts(as_of, total, {d: {k: tuple(v) for k, v in g.items()} for d, g in groups.items()},
                       {k: tuple(v) for k, v in by_scenario.items()})
