"""Answers to graph queries: plain frozen values that every store returns alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from scenegraph.base.errors import NotFound
from scenegraph.graph.search import Match

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
    #: how it matches (scenegraph.graph.search.Match: exact, prefix, name, text), the first key of the order
    match: Match
    #: BM25 relevance of the best name or alias, then of the descriptions (scenegraph.graph.search.scores): the
    #: second and third keys of the order
    name_score: float
    text_score: float


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
    """A KPI that moves the target, and the scenarios that improve it (sorted by id)."""

    kpi: str
    scenarios: tuple[LensScenario, ...]
    #: the KPIs its effect passes through to reach the target, ending at the KPI that TRACKS the target; empty
    #: when this KPI tracks the target itself (e.g. current efficiency: (kpi_dc_kwh_t, kpi_ac_kwh_t))
    via: tuple[str, ...] = ()
    #: the scenarios that MEASURE it (a ledger, MRV, a diagnosis): what the target's follow-up needs, never a lever
    measured_by: tuple[LensScenario, ...] = ()


@dataclass(frozen=True)
class LensTarget:
    """Policy lens: a target, the KPIs that move it (those tracking it first, then those contributing to them,
    nearest first, ties by id), the scenarios that improve each and where they apply; and, apart, the baseline
    facts (Fact ids, e.g. the 2024 figure) of the tracking KPIs: a fact is what was, never what is asked."""

    target: str
    kpis: tuple[LensKpi, ...]
    facts: tuple[str, ...] = ()

    def scenario_ids(self) -> set[str]:
        """The levers: scenarios that IMPROVE one of its KPIs (measuring ones are not counted)."""
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
