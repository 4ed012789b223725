"""Answers to graph queries: plain frozen values that every store returns alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import NotFound

__all__ = ["LensKpi", "LensScenario", "LensTarget", "Matrix", "SearchHit", "Stats", "UnknownNode"]


class UnknownNode(NotFound):
    """A query named an id that is not in the graph."""

    def __init__(self, node_id: str):
        self.node_id = node_id
        super().__init__(node_id)

    def __str__(self) -> str:
        return f"unknown id '{self.node_id}'"


@dataclass(frozen=True)
class SearchHit:
    id: str
    label: str
    name_zh: str
    name_en: str
    #: see scenegraph.search: 0 exact id/name/alias, 1 prefix, 2 substring, 3 every word, 4 description
    rank: int


@dataclass(frozen=True)
class Matrix:
    """Stage x domain scenario map; `cells[(stage, domain)]` holds scenario ids, sorted."""

    stages: tuple[str, ...]
    domains: tuple[str, ...]
    cells: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def count(self, stage: str, domain: str) -> int:
        return len(self.cells.get((stage, domain), ()))

    def counts(self) -> list[list[int]]:
        return [[self.count(s, d) for d in self.domains] for s in self.stages]


@dataclass(frozen=True)
class LensScenario:
    scenario: str
    stages: tuple[str, ...]


@dataclass(frozen=True)
class LensKpi:
    kpi: str
    scenarios: tuple[LensScenario, ...]


@dataclass(frozen=True)
class LensTarget:
    """Policy lens: a target, the KPIs that track it, the scenarios that move them and where they apply."""

    target: str
    kpis: tuple[LensKpi, ...]

    def scenario_ids(self) -> set[str]:
        return {s.scenario for k in self.kpis for s in k.scenarios}


@dataclass(frozen=True)
class Stats:
    nodes_by_label: dict[str, int]
    relationships_by_type: dict[str, int]

    @property
    def nodes(self) -> int:
        return sum(self.nodes_by_label.values())

    @property
    def relationships(self) -> int:
        return sum(self.relationships_by_type.values())
