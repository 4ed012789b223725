"""Graph facts the observatory weighs with, read from an embedded graph (the Neo4j side reads the same in Cypher:
cypher/observatory_graph_facts.cypher)."""

from __future__ import annotations

from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.observatory.model import GraphFacts, ScenarioFacts, StageFacts

__all__ = ["graph_facts", "targets_reached"]


def targets_reached(graph: ScenarioGraph, scenario: str) -> set[str]:
    """Policy targets a scenario moves: the KPIs it IMPROVES, what they CONTRIBUTE_TO (transitively), TRACKS."""
    seen: set[str] = set()
    stack = list(graph.out_ids(scenario, "IMPROVES"))
    while stack:
        kpi = stack.pop()
        if kpi in seen:
            continue
        seen.add(kpi)
        stack.extend(graph.out_ids(kpi, "CONTRIBUTES_TO"))
    return {t for kpi in seen for t in graph.out_ids(kpi, "TRACKS")}


def graph_facts(graph: ScenarioGraph) -> GraphFacts:
    scenarios = {
        sc: ScenarioFacts(graph.name(sc, "zh"), graph.name(sc, "en"), int(graph.node(sc).get("importance") or 1),
                          len(targets_reached(graph, sc)), len(graph.out_ids(sc, "ADDRESSES")))
        for sc in graph.ids("Scenario")
    }
    stages = {s: StageFacts(graph.name(s, "zh"), graph.name(s, "en"), int(graph.node(s).get("order") or 0),
                            str(graph.node(s).get("segment") or ""))
              for s in graph.ids("Stage")}
    return GraphFacts(scenarios, stages)
