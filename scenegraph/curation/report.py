"""The curation report of `scenegraph validate --report`: where the graph is thin, what is not sourced, which
sources are not yet sources of record, which factories break the app's rules, and what nothing uses.
`clean` is what `--strict` requires."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scenegraph.curation.rules import factory_problems, source_problems, unused
from scenegraph.dataset.release import HostEntry
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import SOURCE_KINDS

__all__ = ["CurationReport", "curation_report"]

#: which Requirement node stands for each of the plan's four AI model categories
AI_CATEGORY_REQUIREMENTS = {
    "fault_resolution": "pr_ai_fault_resolution",
    "process_control": "pr_ai_process_control",
    "safety_environment": "pr_ai_safety_env",
    "quality_monitoring": "pr_ai_quality",
}


@dataclass
class CurationReport:
    stages: list[str]
    domains: list[str]
    #: scenarios per (stage, domain) and per stage
    cells: dict[tuple[str, str], int]
    per_stage: dict[str, int]
    per_domain: dict[str, int]
    scenarios: int
    #: scenarios serving each of the plan's four AI categories (ADDRESSES the category's requirement)
    ai_categories: dict[str, int]
    orphans: list[str] = field(default_factory=list)
    without_kpis: list[str] = field(default_factory=list)
    without_prerequisites: list[str] = field(default_factory=list)
    #: facts that neither cite a source nor say they are illustrative: node ids and "SRC -TYPE-> DST"
    unsourced: list[str] = field(default_factory=list)
    illustrative_nodes: int = 0
    sourced_nodes: int = 0
    #: sources missing kind, publisher or date, cited by nothing, or with a URL on a non-authoritative host
    source_problems: list[str] = field(default_factory=list)
    #: sources per kind (policy, standard, peer-reviewed ...)
    sources_by_kind: dict[str, int] = field(default_factory=dict)
    #: factories breaking a rule the app relies on (stages, hard prerequisites, real plants' sources)
    factory_problems: list[str] = field(default_factory=list)
    #: processes, reference scenarios and KPIs nothing uses: id -> the reason given in data (None: no reason)
    unused: dict[str, str | None] = field(default_factory=dict)

    @property
    def unused_without_reason(self) -> list[str]:
        return [n for n, why in self.unused.items() if not why]

    @property
    def clean(self) -> bool:
        return not (self.orphans or self.unsourced or self.source_problems or self.factory_problems
                    or self.unused_without_reason)


def _is_sourced(props: dict) -> bool:
    return bool(props.get("source")) or bool(props.get("illustrative"))


def curation_report(graph: ScenarioGraph, hosts: list[HostEntry] | None = None) -> CurationReport:
    """The report; `hosts` are the non-authoritative hosts source URLs are checked against (none: no check)."""
    matrix = graph.matrix()
    cells = {k: len(v) for k, v in matrix.cells.items()}
    per_stage: Counter[str] = Counter()
    per_domain: Counter[str] = Counter()
    for sc in graph.ids("Scenario"):
        per_stage.update(graph.stages_of(sc))
        per_domain.update(graph.domains_of(sc))
    ai = {cat: len(graph.in_ids(req, "ADDRESSES")) if req in graph else 0
          for cat, req in AI_CATEGORY_REQUIREMENTS.items()}
    report = CurationReport(
        stages=list(matrix.stages),
        domains=list(matrix.domains),
        cells=cells,
        per_stage={s: per_stage[s] for s in matrix.stages},
        per_domain={d: per_domain[d] for d in matrix.domains},
        scenarios=len(graph.ids("Scenario")),
        ai_categories=ai,
        source_problems=source_problems(graph, hosts or []),
        sources_by_kind={k: n for k in SOURCE_KINDS
                         if (n := sum(1 for s in graph.sources.values() if s.get("kind") == k))},
        factory_problems=factory_problems(graph),
        unused=dict(unused(graph)),
    )
    for node_id in graph.ids():
        attrs = graph.node(node_id)
        if graph.g.degree(node_id) == 0:
            report.orphans.append(node_id)
        if attrs.get("source"):
            report.sourced_nodes += 1
        elif attrs.get("illustrative"):
            report.illustrative_nodes += 1
        else:
            report.unsourced.append(node_id)
    for sc in graph.ids("Scenario"):
        if not graph.out_ids(sc, "IMPROVES"):
            report.without_kpis.append(sc)
        if not graph.out_ids(sc, "DEPENDS_ON"):
            report.without_prerequisites.append(sc)
    for u, v, t, props in graph.edges():
        factual = (t == "IMPROVES" and props.get("effect")) or t == "IMPLEMENTS"
        if factual and not _is_sourced(props):
            report.unsourced.append(f"{u} -{t}-> {v}")
    return report

