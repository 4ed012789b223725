"""What every store answers, so the app, the CLI and the contract tests never care which one they hold."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from ..assess.archive import SavedAssessment
from ..assess.model import Assessment
from ..errors import ScenegraphError
from ..graph import ScenarioGraph
from ..results import LensTarget, Matrix, SearchHit, Stats

__all__ = ["GraphStore", "LoadReport", "Progress", "QueryRefused", "StoreAuthError", "StoreError",
           "StoreUnavailable"]

#: progress(done, total, what): called as a load advances
Progress = Callable[[int, int, str], None]


class StoreError(ScenegraphError):
    """A store could not answer; the message is one clear line and never holds a password."""


class StoreUnavailable(StoreError):
    """The server cannot be reached (down, wrong address, connection lost)."""


class StoreAuthError(StoreError):
    """The server refused the credentials."""


class QueryRefused(StoreError):
    """A console query was refused before it ran (it would write, administer, or read files)."""


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


@runtime_checkable
class GraphStore(Protocol):
    """Read queries mirror ScenarioGraph's and must give the same answers; see tests/test_store_contract.py."""

    name: str

    def stats(self) -> Stats: ...

    def node(self, node_id: str) -> dict: ...

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

    def policy_lens(self, target: str | None = None) -> list[LensTarget]: ...

    def prerequisites(self, scenario: str, hard_only: bool = False) -> list[str]: ...

    def save_assessment(self, assessment: Assessment) -> Assessment:
        """Keeps every save (history); returns the assessment as saved, its time unique for its enterprise."""
        ...

    def assessments(self, enterprise_id: str | None = None) -> list[SavedAssessment]: ...

    def load_assessment(self, enterprise_id: str, at: datetime) -> Assessment: ...

    def load(self, graph: ScenarioGraph, replace: bool = False, progress: Progress | None = None) -> LoadReport: ...
