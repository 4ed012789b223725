"""The observatory on Neo4j: the counting is pushed down (cypher/observatory_*.cypher, parameters only); only
counts per level and group come back, never one enterprise's answers."""

from __future__ import annotations

from datetime import UTC, datetime

from ...access import Principal, Role, require_role
from ...observatory.model import NO_REGION, GraphFacts, LevelCounts, ScenarioFacts, StageFacts, histogram
from .store import Neo4jStore

__all__ = ["Neo4jObservatory"]

#: as of "now": later than any save can be (saves are bounded by the clock)
_FAR = datetime(9999, 12, 31, tzinfo=UTC)


class Neo4jObservatory:
    def __init__(self, store: Neo4jStore):
        self.store = store

    def level_counts(self, principal: Principal, as_of: datetime | None = None) -> LevelCounts:
        require_role(principal, Role.PLANNER)
        rows = self.store._read("observatory_levels", as_of=as_of or _FAR, no_region=NO_REGION)
        groups: dict[str, dict[str, list[int]]] = {"overall": {"all": histogram()}, "stage": {}, "region": {},
                                                   "segment": {}}
        scenarios: dict[str, list[int]] = {}
        for r in rows:
            target = scenarios if r["dimension"] == "scenario" else groups[r["dimension"]]
            target.setdefault(r["key"], histogram())[r["level"]] += r["enterprises"]
        total = sum(groups["overall"].get("all", ()))
        return LevelCounts(as_of, total, {d: {k: tuple(v) for k, v in g.items()} for d, g in groups.items()},
                           {k: tuple(v) for k, v in scenarios.items()})

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
