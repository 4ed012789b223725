"""ScenarioGraph: the validated graph in a networkx MultiDiGraph, with the typed queries every view needs.

Queries are pure (they never change the graph) and deterministic (ties break by id), so the Neo4j store can
be held to the same answers by the contract tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

import networkx as nx

from scenegraph.base.errors import InvalidRequest
from scenegraph.base.i18n import DEFAULT_LANG, name
from scenegraph.base.limits import LIMITS
from scenegraph.graph.lens import build_lens, contributors, downstream
from scenegraph.graph.results import LensTarget, Matrix, SearchHit, Stats, UnknownNode
from scenegraph.graph.schema import LABELS, RELATIONSHIPS
from scenegraph.graph.search import Match, SearchIndex

__all__ = ["Edge", "Props", "ScenarioGraph", "dependency_order"]

#: a node's or a relationship's properties (a node's also hold its `label`)
Props: TypeAlias = dict[str, Any]
#: (source, target, relationship type, properties)
Edge: TypeAlias = tuple[str, str, str, Props]


def dependency_order(depends_on: Iterable[tuple[str, str]], exclude: str | None = None) -> list[str]:
    """Scenarios of (dependent, prerequisite) pairs, prerequisites first, ties by id; `exclude` left out."""
    deps: nx.DiGraph[str] = nx.DiGraph((prereq, dependent) for dependent, prereq in depends_on)
    return [n for n in nx.lexicographical_topological_sort(deps) if n != exclude]


class ScenarioGraph:
    """A typed scenario graph. Node attributes hold the node's properties plus `label`;
    edge keys are the relationship type, attributes its properties plus `type`."""

    def __init__(self, g: nx.MultiDiGraph[str], sources: dict[str, Props] | None = None,
                 release: Props | None = None):
        self.g = g
        self.sources = sources or {}
        #: the data release this graph was loaded from ({version, date, ...}, data/release.yaml), or None
        self.release = release
        self._by_label: dict[str, list[str]] = {label: [] for label in LABELS}
        for node_id, data in g.nodes(data=True):
            self._by_label[data["label"]].append(node_id)
        self._search: SearchIndex | None = None

    # ------------------------------------------------------------ construction

    @classmethod
    def from_rows(cls, nodes: Iterable[Props], edges: Iterable[Edge], sources: dict[str, Props] | None = None,
                  release: Props | None = None) -> ScenarioGraph:
        g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        g.add_nodes_from((row["id"], row) for row in nodes)
        # MultiDiGraph.add_edges_from takes (u, v, key, data); types-networkx's stub knows (u, v[, data]) only
        g.add_edges_from((u, v, t, {"type": t, **p}) for u, v, t, p in edges)  # type: ignore[misc]
        return cls(g, sources, release)

    # ------------------------------------------------------------ basic access

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.g

    def __len__(self) -> int:
        return self.g.number_of_nodes()

    @property
    def relationship_count(self) -> int:
        """The number of relationships: counted over the adjacency, about 3x faster than networkx's
        number_of_edges, which sums every node's degree (0.56 s at 1M relationships)."""
        return len(self.g.edges)

    def node(self, node_id: str) -> Props:
        try:
            return self.g.nodes[node_id]
        except KeyError:
            raise UnknownNode(node_id) from None

    def label(self, node_id: str) -> str:
        return str(self.node(node_id)["label"])

    def name(self, node_id: str, lang: str = DEFAULT_LANG) -> str:
        return name(self.node(node_id), lang)

    def ids(self, label: str | None = None) -> list[str]:
        """Ids of one label (or all), in data order."""
        return list(self._by_label[label]) if label else list(self.g.nodes)

    def edges(self, type_: str | None = None) -> Iterator[Edge]:
        for u, v, attrs in self.g.edges(data=True):
            if type_ is None or attrs["type"] == type_:
                props = {k: val for k, val in attrs.items() if k != "type"}
                yield u, v, attrs["type"], props

    def out_ids(self, node_id: str, type_: str) -> list[str]:
        """Targets of `node_id`'s outgoing relationships of one type, sorted, without repeats."""
        self.node(node_id)
        return sorted({v for _, v, a in self.g.out_edges(node_id, data=True) if a["type"] == type_})

    def in_ids(self, node_id: str, type_: str) -> list[str]:
        self.node(node_id)
        return sorted({u for u, _, a in self.g.in_edges(node_id, data=True) if a["type"] == type_})

    def edge_props(self, src: str, dst: str, type_: str) -> Props | None:
        data = self.g.get_edge_data(src, dst, key=type_)
        return None if data is None else {k: v for k, v in data.items() if k != "type"}

    # ------------------------------------------------------------ derived memberships

    def stages_of(self, node_id: str) -> list[str]:
        """The stages a node belongs to: a stage itself, a process's stage, where a scenario applies,
        what a factory or enterprise operates."""
        label = self.label(node_id)
        if label == "Stage":
            return [node_id]
        if label == "Process":
            return self.out_ids(node_id, "PART_OF")
        if label == "Scenario":
            found: set[str] = set()
            for place in self.out_ids(node_id, "AT"):
                found.update([place] if self.label(place) == "Stage" else self.out_ids(place, "PART_OF"))
            return sorted(found)
        if label == "Factory":
            return self.out_ids(node_id, "OPERATES")
        return []

    def domains_of(self, node_id: str) -> list[str]:
        label = self.label(node_id)
        if label == "Domain":
            return [node_id]
        if label in ("Scenario", "ReferenceScenario"):
            return self.out_ids(node_id, "IN_DOMAIN")
        return []

    def ordered(self, label: str) -> list[str]:
        """Stages or domains in their `order`, others by id."""
        return sorted(self._by_label[label], key=lambda n: (self.g.nodes[n].get("order", 0), n))

    # ------------------------------------------------------------ queries

    def search(self, text: str, labels: Iterable[str] | None = None, limit: int | None = 20) -> list[SearchHit]:
        """Nodes matching `text` in either language, best first, by the one ranking of `scenegraph.graph.search`
        (how they match, then the BM25 relevance of the names, then of the descriptions, then id)."""
        if self._search is None or len(self._search.rows) != self.g.number_of_nodes():
            # built once per graph: a graph is not changed once built, but one changed by hand gets a new index
            self._search = SearchIndex((n, a["label"], a) for n, a in self.g.nodes(data=True))
        return [self._hit(node_id, m, ns, ts)
                for node_id, _, m, ns, ts in self._search.search(text, list(labels or ()), limit)]

    def _hit(self, node_id: str, match: Match, name_score: float, text_score: float) -> SearchHit:
        a = self.g.nodes[node_id]
        return SearchHit(node_id, a["label"], a["name_zh"], a["name_en"], match, name_score, text_score)

    def filter_nodes(
        self,
        labels: Iterable[str] | None = None,
        stages: Iterable[str] | None = None,
        domains: Iterable[str] | None = None,
        levels: Iterable[int] | None = None,
    ) -> list[str]:
        """Ids passing every given filter, sorted. A node without a stage (or domain, or level) fails that filter."""
        stage_set = set(stages) if stages else None
        domain_set = set(domains) if domains else None
        level_set = set(levels) if levels else None
        candidates = (n for label in labels for n in self._by_label.get(label, ())) if labels else self.g.nodes
        out = []
        for n in candidates:
            if stage_set is not None and stage_set.isdisjoint(self.stages_of(n)):
                continue
            if domain_set is not None and domain_set.isdisjoint(self.domains_of(n)):
                continue
            if level_set is not None and self.g.nodes[n].get("level") not in level_set:
                continue
            out.append(n)
        return sorted(out)

    def neighbourhood(self, node_id: str, hops: int = 1, labels: Iterable[str] | None = None) -> dict[str, int]:
        """Nodes within `hops` relationships of `node_id` in either direction, with their distance.
        The walk goes through every node but hubs (more than LIMITS.hub_degree relationships: reached, not walked
        through; the centre always is); `labels` only filters what is returned (the centre always is)."""
        self.node(node_id)
        if not 0 <= hops <= LIMITS.max_hops:
            raise InvalidRequest(f"hops must be 0 to {LIMITS.max_hops} (limit max_hops)")
        dist = {node_id: 0}
        frontier = [node_id]
        for d in range(1, hops + 1):
            nxt = []
            for n in frontier:
                if n != node_id and self.g.degree(n) > LIMITS.hub_degree:
                    continue
                for m in (*self.g.succ[n], *self.g.pred[n]):
                    if m not in dist:
                        dist[m] = d
                        nxt.append(m)
            frontier = nxt
        wanted = set(labels) if labels else None
        return {
            n: d
            for n, d in sorted(dist.items(), key=lambda x: (x[1], x[0]))
            if wanted is None or n == node_id or self.g.nodes[n]["label"] in wanted
        }

    def shortest_path(self, src: str, dst: str, avoid_labels: Iterable[str] = ()) -> list[str] | None:
        """A shortest path between two nodes ignoring direction, or None. Intermediate nodes of
        `avoid_labels` are not passed through (hubs such as Domain make paths that say little).
        Bidirectional search: it meets in the middle instead of flooding out from hubs."""
        self.node(src)
        self.node(dst)
        avoid = set(avoid_labels)
        undirected = self.g.to_undirected(as_view=True)
        if avoid:
            labels = self.g.nodes

            def passable(n: str) -> bool:
                return n in (src, dst) or labels[n]["label"] not in avoid

            undirected = nx.subgraph_view(undirected, filter_node=passable)
        try:
            return nx.bidirectional_shortest_path(undirected, src, dst)
        except nx.NetworkXNoPath:
            return None

    def path_edges(self, path: list[str]) -> list[Edge]:
        """The relationships along a path, one per step, whichever way they point."""
        out = []
        for a, b in zip(path, path[1:], strict=False):
            data = self.g.get_edge_data(a, b) or {}
            u, v = (a, b) if data else (b, a)
            data = data or self.g.get_edge_data(b, a)
            key = min(data, key=str)  # the keys are relationship types
            attrs = data[key]
            out.append((u, v, attrs["type"], {k: x for k, x in attrs.items() if k != "type"}))
        return out

    def subgraph(self, node_ids: Iterable[str]) -> ScenarioGraph:
        """The induced subgraph: these nodes and every relationship between them."""
        ids = list(dict.fromkeys(node_ids))
        for n in ids:
            self.node(n)
        return ScenarioGraph(self.g.subgraph(ids).copy(), self.sources, self.release)

    def matrix(self, scenarios: Iterable[str] | None = None) -> Matrix:
        """Stage x domain map of scenarios (all, or the given ones)."""
        cells: dict[tuple[str, str], list[str]] = {}
        for sc in scenarios if scenarios is not None else self._by_label["Scenario"]:
            for stage in self.stages_of(sc):
                for dom in self.domains_of(sc):
                    cells.setdefault((stage, dom), []).append(sc)
        return Matrix(
            tuple(self.ordered("Stage")),
            tuple(self.ordered("Domain")),
            {k: tuple(sorted(v)) for k, v in cells.items()},
        )

    def factory_share(self, matrix: Matrix) -> list[list[float | None]]:
        """Per cell of the map: the share of benchmark factories operating the stage that run (IMPLEMENTS) at
        least one of the cell's scenarios; None where no factory operates the stage."""
        operating = {s: [f for f in self._by_label["Factory"] if s in self.out_ids(f, "OPERATES")]
                     for s in matrix.stages}
        runs = {f: set(self.out_ids(f, "IMPLEMENTS")) for f in self._by_label["Factory"]}
        return [[None if not operating[s] else round(
            sum(1 for f in operating[s] if runs[f].intersection(matrix.cells.get((s, d), ()))) / len(operating[s]), 3)
            for d in matrix.domains] for s in matrix.stages]

    def policy_lens(self, target: str | None = None) -> list[LensTarget]:
        """Per target: the KPIs tracking it and, through CONTRIBUTES_TO, every KPI feeding those; the scenarios
        improving each KPI (the levers) and, apart, those measuring it; the stages they apply at; the baseline facts
        of the tracking KPIs."""
        targets = [target] if target else sorted(self._by_label["Target"])
        for tgt in targets:
            if self.label(tgt) != "Target":
                raise InvalidRequest(f"'{tgt}' is a {self.label(tgt)}, not a Target")
        contributions = [(u, v) for u, v, _, _ in self.edges("CONTRIBUTES_TO")]
        out = []
        for tgt in targets:
            tracking = self.in_ids(tgt, "TRACKS")
            kpis = contributors(tracking, contributions)
            improves = {k: self.in_ids(k, "IMPROVES") for k in kpis}
            measures = {k: self.in_ids(k, "MEASURES") for k in kpis}
            stages = {sc: self.stages_of(sc) for rows in (improves, measures) for scs in rows.values() for sc in scs}
            facts = [f for k in tracking for f in self.out_ids(k, "HAS_FACT")]
            out.append(build_lens(tgt, tracking, contributions, improves, stages, facts, measures))
        return out

    def kpis_moved(self, kpi: str) -> list[str]:
        """`kpi` and every KPI it CONTRIBUTES_TO, directly or not: the KPIs whose targets it moves."""
        self.node(kpi)
        return downstream(kpi, {k: self.out_ids(k, "CONTRIBUTES_TO") for k in self._by_label["KPI"]})

    def targets_moved(self, kpi: str) -> list[str]:
        """The targets a KPI moves: tracked by it or by any KPI it contributes to."""
        return sorted({t for k in self.kpis_moved(kpi) for t in self.out_ids(k, "TRACKS")})

    def prerequisites(self, scenario: str, hard_only: bool = False) -> list[str]:
        """Every scenario `scenario` depends on, directly or not, prerequisites first (ties by id)."""
        if self.label(scenario) != "Scenario":
            raise InvalidRequest(f"'{scenario}' is a {self.label(scenario)}, not a Scenario")
        edges = []
        stack, seen = [scenario], {scenario}
        while stack:
            n = stack.pop()
            for _, m, attrs in self.g.out_edges(n, data=True):
                if attrs["type"] != "DEPENDS_ON" or (hard_only and attrs.get("strength") == "soft"):
                    continue
                edges.append((n, m))
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        return dependency_order(edges, exclude=scenario)

    def stats(self) -> Stats:
        by_type = dict.fromkeys(RELATIONSHIPS, 0)
        for _, _, a in self.g.edges(data=True):
            by_type[a["type"]] += 1
        return Stats(
            {label: len(ids) for label, ids in self._by_label.items()},
            by_type,
        )
