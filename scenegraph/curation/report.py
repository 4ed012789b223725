"""The curation report of `scenegraph validate --report`: where the graph is thin, what is not sourced, which
sources are not yet sources of record, which factories break the app's rules, and what nothing uses.
`clean` is what `--strict` requires."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scenegraph.curation.rules import (
    factory_problems,
    language_problems,
    lever_counts,
    lever_problems,
    measurement_problems,
    source_problems,
    unused,
)
from scenegraph.dataset.release import HostEntry
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import EVIDENCE_GRADES, EVIDENCE_KINDS, SOURCE_KINDS, cited_keys

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
    #: scenarios per evidence grade (A-D, computed from their sources), and per stage and grade
    by_grade: dict[str, int] = field(default_factory=dict)
    grade_by_stage: dict[str, dict[str, int]] = field(default_factory=dict)
    #: sources per evidence kind (named Chinese plant, plant abroad, vendor case, research ...; "none" untagged)
    sources_by_evidence: dict[str, int] = field(default_factory=dict)
    #: IMPROVES relationships carrying a sourced, quantified effect; and per target, those reaching it (the lens)
    quantified_effects: int = 0
    effects_by_target: dict[str, int] = field(default_factory=dict)
    #: scenarios that measure a KPI (MEASURES), and measurement counted as a lever (see rules.measurement_problems)
    measuring: int = 0
    measurement_problems: list[str] = field(default_factory=list)
    #: KPIs, targets and facts described in one language only (see rules.language_problems)
    language_problems: list[str] = field(default_factory=list)
    #: levers per target and answers per requirement (rules.lever_counts), and those short of rules.MIN_LEVERS
    #: without a stated reason (rules.lever_problems)
    levers: dict[str, int] = field(default_factory=dict)
    lever_problems: list[str] = field(default_factory=list)

    @property
    def unused_without_reason(self) -> list[str]:
        return [n for n, why in self.unused.items() if not why]

    @property
    def clean(self) -> bool:
        return not (self.orphans or self.unsourced or self.source_problems or self.factory_problems
                    or self.unused_without_reason or self.measurement_problems or self.language_problems
                    or self.lever_problems)


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
        measurement_problems=measurement_problems(graph),
        language_problems=language_problems(graph),
        levers=lever_counts(graph),
    )
    report.lever_problems = lever_problems(graph, report.levers)
    _evidence(graph, report)
    for node_id in graph.ids():
        attrs = graph.node(node_id)
        if graph.g.degree(node_id) == 0:
            report.orphans.append(node_id)
        if cited_keys(attrs):
            report.sourced_nodes += 1
        elif attrs.get("illustrative"):
            report.illustrative_nodes += 1
        else:
            report.unsourced.append(node_id)
    for sc in graph.ids("Scenario"):
        if not graph.out_ids(sc, "IMPROVES") and not graph.out_ids(sc, "MEASURES"):
            report.without_kpis.append(sc)
        if not graph.out_ids(sc, "DEPENDS_ON"):
            report.without_prerequisites.append(sc)
    for u, v, t, props in graph.edges():
        factual = (t == "IMPROVES" and props.get("effect")) or t == "IMPLEMENTS"
        if factual and not _is_sourced(props):
            report.unsourced.append(f"{u} -{t}-> {v}")
    return report



def _quantified(props: dict) -> bool:
    return props.get("value") is not None or props.get("low") is not None


def _evidence(graph: ScenarioGraph, report: CurationReport) -> None:
    """Evidence grades by stage, sources by evidence kind, quantified effects by target, measuring scenarios."""
    by_grade: Counter[str] = Counter()
    by_stage: dict[str, Counter[str]] = {s: Counter() for s in report.stages}
    for sc in graph.ids("Scenario"):
        grade = graph.node(sc).get("evidence_grade", "D")
        by_grade[grade] += 1
        for stage in graph.stages_of(sc):
            by_stage.setdefault(stage, Counter())[grade] += 1
        if graph.out_ids(sc, "MEASURES"):
            report.measuring += 1
    report.by_grade = {g: by_grade[g] for g in EVIDENCE_GRADES}
    report.grade_by_stage = {s: {g: c[g] for g in EVIDENCE_GRADES} for s, c in by_stage.items()}
    kinds = Counter(s.get("evidence", "none") for s in graph.sources.values())
    report.sources_by_evidence = {k: kinds[k] for k in [*EVIDENCE_KINDS, "none"] if kinds[k]}
    quantified = {(u, v) for u, v, _, p in graph.edges("IMPROVES") if _quantified(p)}
    report.quantified_effects = len(quantified)
    for lens in graph.policy_lens():
        pairs = {(s.scenario, k.kpi) for k in lens.kpis for s in k.scenarios}
        report.effects_by_target[lens.target] = len(pairs & quantified)
