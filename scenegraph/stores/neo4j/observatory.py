"""The observatory on Neo4j: it reads only the save summaries written at save time (:SaveSummary, see
assessments.py), finds the latest of each enterprise as of a date by an indexed range (at <= d < until), and
counts in Cypher (cypher/observatory_summary_*.cypher, parameters only); only counts per level and group come
back, never one enterprise's answers or levels.

On first use in a process it creates the summary indexes and rebuilds the summaries of enterprises that have
none or have them from other scoring facts (saves written before summaries existed, a new graph)."""

from __future__ import annotations

from datetime import UTC, datetime

from ...access import LOCAL, Principal, Role, require_role
from ...observatory.model import NO_REGION, GraphFacts, LevelCounts, ScenarioFacts, StageFacts, histogram
from ...observatory.summary import summarise
from ..queries import query
from .assessments import scoring_facts, write_summary
from .store import Neo4jStore

__all__ = ["Neo4jObservatory"]

#: as of "now": later than any save can be (saves are bounded by the clock), earlier than an open `until`
_FAR = datetime(9999, 12, 31, tzinfo=UTC)
#: enterprises rebuilt per round of the backfill
_BATCH = 500
#: (server, database) pairs whose summaries were checked in this process
_checked: set[tuple[str, str]] = set()


class Neo4jObservatory:
    def __init__(self, store: Neo4jStore):
        self.store = store

    def prepare(self, again: bool = False) -> int:
        """Creates the summary indexes and backfills missing or stale summaries; returns the enterprises rebuilt.
        Done once per process and database (every later save writes its own summary) unless `again`."""
        where = (self.store.settings.uri, self.store.settings.database)
        if where in _checked and not again:
            return 0
        store = self.store
        store.summary_indexes()
        rebuilt = 0
        with store._errors("rebuilding save summaries"), store._session() as session:
            facts = scoring_facts(session)
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
                if len(stale) < _BATCH:
                    break
        _checked.add(where)
        return rebuilt

    def level_counts(self, principal: Principal, as_of: datetime | None = None,
                     scenarios: bool = True) -> LevelCounts:
        require_role(principal, Role.PLANNER)
        self.prepare()
        groups: dict[str, dict[str, list[int]]] = {"overall": {"all": histogram()}, "stage": {}, "region": {},
                                                   "segment": {}}
        when = as_of or _FAR
        for r in self.store._read("observatory_summary_groups", as_of=when):
            key = r["key"] if r["dimension"] != "region" else (r["key"] or NO_REGION)
            groups[r["dimension"]].setdefault(key, histogram())[r["level"]] += r["enterprises"]
        by_scenario: dict[str, list[int]] = {}
        if scenarios:
            for r in self.store._read("observatory_summary_scenarios", as_of=when):
                by_scenario.setdefault(r["key"], histogram())[r["level"]] += r["enterprises"]
        total = sum(groups["overall"]["all"])
        return LevelCounts(as_of, total, {d: {k: tuple(v) for k, v in g.items()} for d, g in groups.items()},
                           {k: tuple(v) for k, v in by_scenario.items()})

    def graph_facts(self, principal: Principal) -> GraphFacts:
        require_role(principal, Role.PLANNER)
        scenarios, stages = {}, {}
        for r in self.store._read("observatory_graph_facts"):
            if r["kind"] == "scenario":
                scenarios[r["id"]] = ScenarioFacts(r["name_zh"], r["name_en"], int(r["importance"] or 1),
                                                   r["targets"], r["requirements"])
            else:
                stages[r["id"]] = StageFacts(r["name_zh"], r["name_en"], int(r["order"] or 0), r["segment"] or "")
        return GraphFacts(scenarios, stages)
