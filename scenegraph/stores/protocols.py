"""What the stores offer, split by who needs it: the pages and exports read (GraphReader), `scenegraph load`
writes (GraphLoader), self-assessment keeps its history (AssessmentRepository, owned by scenegraph.assess).

Both stores (MemoryStore, Neo4jStore) implement all three and give the same answers; tests/graph/test_queries.py is
the contract, run once per store. A store is closed with `close()` or used as a context manager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, Self, runtime_checkable

from scenegraph.assess.repository import AssessmentRepository
from scenegraph.graph.results import LensTarget, Matrix, SearchHit, Stats
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["GraphLoader", "GraphReader", "GraphStore", "LoadReport", "Progress"]

#: progress(done, total, what): called as a load advances
Progress = Callable[[int, int, str], None]


@dataclass
class LoadReport:
    nodes: int = 0
    relationships: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    seconds: float = 0.0
    counters: dict[str, int] = field(default_factory=dict)
    #: how the graph went in: "online" (batched transactions), "bulk" (neo4j-admin import), "memory"
    method: str = "online"


@runtime_checkable
class Closable(Protocol):
    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


@runtime_checkable
class GraphReader(Closable, Protocol):
    """Read queries; they mirror ScenarioGraph's and must give the same answers on every store."""

    name: str

    def stats(self) -> Stats: ...

    def node(self, node_id: str) -> dict: ...

    def names(self, node_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """(name_zh, name_en) of each id that exists; unknown ids are left out."""
        ...

    def ordered(self, label: str) -> list[str]:
        """Ids of a label: stages and domains in their `order`, others by id."""
        ...

    def sources(self, keys: Iterable[str] | None = None) -> dict[str, dict]:
        """The bibliographic records (data/sources.yaml) by key; all of them without `keys`."""
        ...

    def search(self, text: str, labels: Iterable[str] | None = None, limit: int | None = 20) -> list[SearchHit]: ...

    def filter_nodes(
        self,
        labels: Iterable[str] | None = None,
        stages: Iterable[str] | None = None,
        domains: Iterable[str] | None = None,
        levels: Iterable[int] | None = None,
    ) -> list[str]: ...

    def neighbourhood(self, node_id: str, hops: int = 1, labels: Iterable[str] | None = None) -> dict[str, int]: ...

    def shortest_path(self, src: str, dst: str, avoid_labels: Iterable[str] = ()) -> list[str] | None: ...

    def subgraph(self, node_ids: Iterable[str]) -> ScenarioGraph: ...

    def matrix(self, scenarios: Iterable[str] | None = None) -> Matrix: ...

    def factory_share(self, matrix: Matrix) -> list[list[float | None]]:
        """Per map cell, the share of factories operating the stage that run one of its scenarios (None: no
        factory operates the stage)."""
        ...

    def policy_lens(self, target: str | None = None) -> list[LensTarget]: ...

    def prerequisites(self, scenario: str, hard_only: bool = False) -> list[str]: ...

    def release(self) -> dict | None:
        """The data release the store holds ({version, date, ...} of data/release.yaml), or None."""
        ...


@runtime_checkable
class GraphLoader(Closable, Protocol):
    def load(self, graph: ScenarioGraph, replace: bool = False, progress: Progress | None = None) -> LoadReport:
        """Put a validated graph in the store; running it twice changes nothing; `replace` also removes what
        the graph no longer has."""
        ...


@runtime_checkable
class GraphStore(GraphReader, GraphLoader, AssessmentRepository, Protocol):
    """A whole store: what the app and the CLI hold."""
