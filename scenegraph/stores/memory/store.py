"""The embedded default: the graph in memory (networkx), no server; saved assessments in a JSON file."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime
from typing import Self

import networkx as nx

from scenegraph.assess.model import Assessment
from scenegraph.assess.repository import SavedAssessment, visible_enterprises
from scenegraph.auth.access import Principal
from scenegraph.base.errors import StoreError
from scenegraph.graph.results import LensTarget, Matrix, SearchHit, Stats
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.observatory.valuer import summariser_of
from scenegraph.stores.files.assessments import AssessmentArchive
from scenegraph.stores.protocols import LoadReport, Progress

__all__ = ["MemoryStore"]


class MemoryStore:
    name = "memory"

    def __init__(self, graph: ScenarioGraph | None = None, archive: AssessmentArchive | None = None):
        self.graph = graph if graph is not None else ScenarioGraph(nx.MultiDiGraph())
        #: saved assessments live in a JSON file (the user's data folder unless given)
        self.archive = archive if archive is not None else AssessmentArchive()

    def close(self) -> None:
        """Nothing to release; here so that every store closes alike."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ reads

    def stats(self) -> Stats:
        return self.graph.stats()

    def node(self, node_id: str) -> dict:
        return dict(self.graph.node(node_id))

    def names(self, node_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        nodes = self.graph.g.nodes
        return {n: (nodes[n]["name_zh"], nodes[n]["name_en"]) for n in dict.fromkeys(node_ids) if n in nodes}

    def ordered(self, label: str) -> list[str]:
        return self.graph.ordered(label)

    def sources(self, keys: Iterable[str] | None = None) -> dict[str, dict]:
        if keys is None:
            return {k: dict(v) for k, v in self.graph.sources.items()}
        return {k: dict(self.graph.sources[k]) for k in dict.fromkeys(keys) if k in self.graph.sources}

    def search(self, text: str, labels: Iterable[str] | None = None, limit: int | None = 20) -> list[SearchHit]:
        return self.graph.search(text, labels, limit)

    def filter_nodes(self, labels=None, stages=None, domains=None, levels=None) -> list[str]:
        return self.graph.filter_nodes(labels, stages, domains, levels)

    def neighbourhood(self, node_id: str, hops: int = 1, labels: Iterable[str] | None = None) -> dict[str, int]:
        return self.graph.neighbourhood(node_id, hops, labels)

    def shortest_path(self, src: str, dst: str, avoid_labels: Iterable[str] = ()) -> list[str] | None:
        return self.graph.shortest_path(src, dst, avoid_labels)

    def subgraph(self, node_ids: Iterable[str]) -> ScenarioGraph:
        return self.graph.subgraph(node_ids)

    def matrix(self, scenarios: Iterable[str] | None = None) -> Matrix:
        return self.graph.matrix(scenarios)

    def factory_share(self, matrix: Matrix) -> list[list[float | None]]:
        return self.graph.factory_share(matrix)

    def policy_lens(self, target: str | None = None) -> list[LensTarget]:
        return self.graph.policy_lens(target)

    def prerequisites(self, scenario: str, hard_only: bool = False) -> list[str]:
        return self.graph.prerequisites(scenario, hard_only)

    def release(self) -> dict | None:
        return self.graph.release

    # ------------------------------------------------------------ assessments (access rules enforced here)

    def save_assessment(self, principal: Principal, assessment: Assessment) -> Assessment:
        visible_enterprises(principal, assessment.enterprise_id)
        missing = [sc for sc in assessment.answers if sc not in self.graph]
        if missing:
            raise StoreError(f"{len(missing)} of the {len(assessment.answers)} assessed scenarios are not in "
                             "the graph")
        # the observatory's summary of the save is written with it (scenegraph.observatory.summary)
        return self.archive.save(assessment, summariser_of(self.graph))

    def assessments(self, principal: Principal, enterprise_id: str | None = None) -> list[SavedAssessment]:
        return self.archive.list(visible_enterprises(principal, enterprise_id))

    def load_assessment(self, principal: Principal, enterprise_id: str, at: datetime) -> Assessment:
        visible_enterprises(principal, enterprise_id)
        return self.archive.load(enterprise_id, at)

    # ------------------------------------------------------------ load

    def load(self, graph: ScenarioGraph, replace: bool = False, progress: Progress | None = None) -> LoadReport:
        """Replace the graph, or merge into it (what is new is added, what is there stays)."""
        started = time.perf_counter()
        before_nodes, before_edges = self.graph.g.number_of_nodes(), self.graph.relationship_count
        loaded = graph.relationship_count
        merged = graph.g.copy() if replace else nx.compose(self.graph.g, graph.g)
        # compose() of two MultiDiGraphs is a MultiDiGraph (it builds G's class); types-networkx says DiGraph
        self.graph = ScenarioGraph(merged, {**({} if replace else self.graph.sources),  # type: ignore[arg-type]
                                            **graph.sources})
        if progress:
            progress(loaded, loaded, "relationships")
        after_nodes, after_edges = merged.number_of_nodes(), self.graph.relationship_count
        return LoadReport(
            nodes=graph.g.number_of_nodes(),
            relationships=loaded,
            nodes_created=max(0, after_nodes - before_nodes) if not replace else after_nodes,
            relationships_created=max(0, after_edges - before_edges) if not replace else after_edges,
            seconds=time.perf_counter() - started,
            method="memory",
        )
