"""Read queries, pushed down to Cypher (the app never pulls the whole graph to show a part of it); each answers
exactly as ScenarioGraph's method of the same name."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from scenegraph.base.errors import InvalidRequest
from scenegraph.base.limits import LIMITS
from scenegraph.graph.lens import build_lens, contributors
from scenegraph.graph.results import LensTarget, Matrix, SearchHit, Stats, UnknownNode
from scenegraph.graph.scenario_graph import ScenarioGraph, dependency_order
from scenegraph.graph.schema import LABELS, RELATIONSHIPS, cited_keys
from scenegraph.graph.search import Corpus, Query, order
from scenegraph.stores.neo4j.connection import Connection
from scenegraph.stores.neo4j.search_keys import query_params, stored_keys
from scenegraph.stores.neo4j.values import native, public

__all__ = ["Reads"]


class Reads(Connection):
    def stats(self) -> Stats:
        by_label = dict.fromkeys(LABELS, 0)
        for r in self.read("stats_nodes"):
            if r["label"] in by_label:
                by_label[r["label"]] = r["n"]
        by_type = dict.fromkeys(RELATIONSHIPS, 0)
        for r in self.read("stats_relationships"):
            by_type[r["type"]] = r["n"]
        return Stats(by_label, by_type)

    def node(self, node_id: str) -> dict:
        records = self.read("node", id=node_id)
        if not records:
            raise UnknownNode(node_id)
        return {"label": records[0]["label"], **native(public(records[0]["props"]))}

    def _label(self, node_id: str) -> str:
        return self.node(node_id)["label"]

    def search(self, text: str, labels: Iterable[str] | None = None, limit: int | None = 20) -> list[SearchHit]:
        """The memory store's answer: candidates and corpus counts from the indexes (cypher/search.cypher), matched,
        scored and ordered by scenegraph.graph.search over their stored keys."""
        query = Query.parse(text)
        if query is None:
            return []
        rows = self.read_once("search", **query_params(query), labels=list(labels) if labels else None)
        if not rows:
            return []
        first = rows[0]
        corpus = Corpus(first["docs"], tuple(first["totals"]), {t: n for t, n, _ in first["df"]},
                        {t: d for t, _, d in first["df"]})
        by_id = {r["id"]: r for r in rows}
        return [SearchHit(node_id, by_id[node_id]["label"], by_id[node_id]["name_zh"], by_id[node_id]["name_en"], m,
                          name_score, text_score)
                for node_id, m, name_score, text_score in order(query, ((r["id"], stored_keys(r)) for r in rows),
                                                                corpus, limit)]

    def filter_nodes(self, labels=None, stages=None, domains=None, levels=None) -> list[str]:
        def opt(values):
            return list(values) if values else None

        return [r["id"] for r in self.read("filter_nodes", labels=opt(labels), stages=opt(stages),
                                            domains=opt(domains), levels=opt(levels))]

    def neighbourhood(self, node_id: str, hops: int = 1, labels: Iterable[str] | None = None) -> dict[str, int]:
        """The same answer as ScenarioGraph.neighbourhood, walked the same way: one query per hop
        (cypher/neighbourhood_hop.cypher) expands the frontier; hubs (LIMITS.hub_degree) are reached but not walked
        through (the centre always is)."""
        if not 0 <= hops <= LIMITS.max_hops:
            self._label(node_id)
            raise InvalidRequest(f"hops must be 0 to {LIMITS.max_hops} (limit max_hops)")
        dist, label_of = {node_id: 0}, {}
        frontier = [node_id]
        for d in range(1, hops + 1):
            if not frontier:
                break
            nxt = []
            for n, label, hub in self.read("neighbourhood_hop", frontier=frontier, hub=LIMITS.hub_degree,
                                            last=d == hops)[0]["nodes"]:
                if n not in dist:
                    dist[n], label_of[n] = d, label
                    if not hub:
                        nxt.append(n)
            frontier = nxt
        if len(dist) == 1:
            self._label(node_id)  # an unknown id, or a node alone: only then is the extra round trip needed
        wanted = set(labels) if labels else None
        return {
            n: d
            for n, d in sorted(dist.items(), key=lambda x: (x[1], x[0]))
            if wanted is None or n == node_id or label_of.get(n) in wanted
        }

    def shortest_path(self, src: str, dst: str, avoid_labels: Iterable[str] = ()) -> list[str] | None:
        self._label(src)
        self._label(dst)
        if src == dst:
            return [src]
        rows = self.read("shortest_path", src=src, dst=dst, avoid=list(avoid_labels))
        return list(rows[0]["ids"]) if rows else None

    def subgraph(self, node_ids: Iterable[str]) -> ScenarioGraph:
        ids = list(dict.fromkeys(node_ids))
        nodes = [{"label": r["label"], **native(public(r["props"]))} for r in self.read("subgraph_nodes", ids=ids)]
        found = {n["id"] for n in nodes}
        for n in ids:
            if n not in found:
                raise UnknownNode(n)
        edges = [(r["src"], r["dst"], r["type"], native(r["props"])) for r in self.read("subgraph_relationships",
                                                                                          ids=ids)]
        order = {n: i for i, n in enumerate(ids)}
        nodes.sort(key=lambda n: order[n["id"]])
        cited = {k for n in nodes for k in cited_keys(n)} | {k for e in edges for k in cited_keys(e[3])}
        return ScenarioGraph.from_rows(nodes, edges, self.sources(sorted(cited)) if cited else {})

    def _scenario_stages(self, ids: list[str] | None) -> dict[str, list[str]]:
        return {r["scenario"]: sorted(r["stages"]) for r in self.read("scenario_stages", ids=ids)}

    def matrix(self, scenarios: Iterable[str] | None = None) -> Matrix:
        ids = list(scenarios) if scenarios is not None else None
        stages = self._scenario_stages(ids)
        domains = {r["scenario"]: sorted(r["domains"]) for r in self.read("scenario_domains", ids=ids)}
        cells: dict[tuple[str, str], list[str]] = defaultdict(list)
        for sc, sts in stages.items():
            for st in sts:
                for dom in domains.get(sc, []):
                    cells[(st, dom)].append(sc)
        return Matrix(
            tuple(r["id"] for r in self.read("ordered_ids", label="Stage")),
            tuple(r["id"] for r in self.read("ordered_ids", label="Domain")),
            {k: tuple(sorted(v)) for k, v in cells.items()},
        )

    def policy_lens(self, target: str | None = None) -> list[LensTarget]:
        if target is not None and self._label(target) != "Target":
            raise InvalidRequest(f"'{target}' is a {self._label(target)}, not a Target")
        tracking: dict[str, set[str]] = {}
        facts: dict[str, set[str]] = {}
        for r in self.read("policy_lens", target=target):
            tracking.setdefault(r["target"], set())
            facts.setdefault(r["target"], set())
            if r["kpi"] is not None:
                tracking[r["target"]].add(r["kpi"])
                facts[r["target"]].update(r["facts"])
        contributions = [(r["src"], r["dst"]) for r in self.read("policy_lens_contributions")]
        kpis = sorted({k for ks in tracking.values() for k in contributors(ks, contributions)})
        improves: dict[str, list[str]] = {}
        measures: dict[str, list[str]] = {}
        for r in self.read("policy_lens_improves", kpis=kpis):
            (improves if r["type"] == "IMPROVES" else measures)[r["kpi"]] = r["scenarios"]
        all_scenarios = sorted({s for rows in (improves, measures) for scs in rows.values() for s in scs})
        stages = self._scenario_stages(all_scenarios) if all_scenarios else {}
        return [build_lens(t, tracking[t], contributions, improves, stages, facts[t], measures)
                for t in sorted(tracking)]

    def release(self) -> dict | None:
        """The data release loaded last (one :GraphRelease node), or None."""
        rows = self.read("release_read")
        return json.loads(rows[0]["release"]) if rows and rows[0]["release"] else None

    def prerequisites(self, scenario: str, hard_only: bool = False) -> list[str]:
        if self._label(scenario) != "Scenario":
            raise InvalidRequest(f"'{scenario}' is a {self._label(scenario)}, not a Scenario")
        edges = [(r["dependent"], r["prerequisite"]) for r in self.read("prerequisites", id=scenario,
                                                                         hard_only=hard_only)]
        return dependency_order(edges, exclude=scenario)

    def names(self, node_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        ids = list(dict.fromkeys(node_ids))
        if not ids:
            return {}
        found = {r["id"]: (r["name_zh"], r["name_en"]) for r in self.read("names", ids=ids)}
        return {n: found[n] for n in ids if n in found}

    def ordered(self, label: str) -> list[str]:
        return [r["id"] for r in self.read("ordered_ids", label=label)]

    def sources(self, keys: Iterable[str] | None = None) -> dict[str, dict]:
        wanted = None if keys is None else list(dict.fromkeys(keys))
        return {r["key"]: json.loads(r["record"]) for r in self.read("sources", keys=wanted)}

    def factory_share(self, matrix: Matrix) -> list[list[float | None]]:
        factories = [(r["factory"], set(r["stages"]), set(r["runs"])) for r in self.read("factory_stages")]
        operating = {s: [runs for _, stages, runs in factories if s in stages] for s in matrix.stages}
        return [[None if not operating[s] else round(
            sum(1 for runs in operating[s] if runs.intersection(matrix.cells.get((s, d), ()))) / len(operating[s]), 3)
            for d in matrix.domains] for s in matrix.stages]
