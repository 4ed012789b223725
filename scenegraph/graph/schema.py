"""The graph schema in one place: node labels, their properties, and which relationship may join which labels.

Everything that reads or writes the graph (loader, stores, exports) asks this module, so the schema is
changed here and nowhere else. It is also the one place that says what the graph is (GRAPH_LABELS,
GRAPH_RELATIONSHIPS) and what it never holds: tenant data (TENANT_LABELS, TENANT_RELATIONSHIPS), the accounts,
saved assessments, their summaries and the observatory's aggregates, which live under labels of their own,
refer to graph nodes by id only and are joined to no graph node, so no graph read or traversal reaches them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "ACYCLIC_RELATIONSHIPS",
    "AI_CATEGORIES",
    "COMPUTED_PROPS",
    "EFFECT_FIELDS",
    "EVIDENCE_GRADES",
    "EVIDENCE_KINDS",
    "ENTITY_LABEL",
    "GRAPH_LABELS",
    "GRAPH_RELATIONSHIPS",
    "LABELS",
    "LABEL_FILES",
    "MATURITY_LEVELS",
    "MODEL_TYPES",
    "RELATIONSHIPS",
    "RECORD_LABELS",
    "SOURCE_KINDS",
    "TENANT_LABELS",
    "TENANT_RELATIONSHIPS",
    "Node",
    "RelType",
    "Source",
    "cited_keys",
    "evidence_grade",
    "label_of_file",
    "rel_type",
    "tenant_refusal",
]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=120)]
Alias = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^;]*$")]
SourceKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$")]

#: GB/T 39116-2020 maturity levels; 0 means "not started" and is only valid for self-assessment answers.
MATURITY_LEVELS: dict[int, tuple[str, str]] = {
    0: ("未开展", "not started"),
    1: ("规划级", "planning"),
    2: ("规范级", "standardised"),
    3: ("集成级", "integrated"),
    4: ("优化级", "optimised"),
    5: ("引领级", "leading"),
}

#: The plan's four AI model categories (《铝产业高质量发展实施方案（2025—2027年）》, section 9 of the interpretation).
AI_CATEGORIES: dict[str, tuple[str, str]] = {
    "fault_resolution": ("关键设备故障解决", "key-equipment fault resolution"),
    "process_control": ("生产过程控制", "production process control"),
    "safety_environment": ("安全环保智能管理", "safety and environment management"),
    "quality_monitoring": ("质量监测", "quality monitoring"),
}

MODEL_TYPES = (
    "soft_sensor",
    "anomaly_detection",
    "predictive_maintenance",
    "computer_vision",
    "apc_mpc",
    "rl",
    "digital_twin",
    "mechanistic_sim",
    "optimisation_scheduling",
    "classification_regression",
    "geostat_ml",
    "forecasting",
    "llm_assistant",
    "knowledge_graph",
)


AICategory = Literal["fault_resolution", "process_control", "safety_environment", "quality_monitoring"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


#: What a source of record is. `policy` is cited only for what it asks; a scenario's source is evidence that
#: the practice exists (a peer-reviewed paper, a patent, the company's own report, a reputable press report).
SOURCE_KINDS: dict[str, tuple[str, str]] = {
    "policy": ("政策文件", "policy"),
    "standard": ("标准", "standard"),
    "peer-reviewed": ("同行评审文献", "peer-reviewed"),
    "patent": ("专利", "patent"),
    "company": ("企业发布", "company"),
    "press": ("新闻报道", "press"),
    "dataset": ("数据集", "dataset"),
}
SourceKind = Literal["policy", "standard", "peer-reviewed", "patent", "company", "press", "dataset"]
#: What a source shows about a practice, and the evidence grade it gives a scenario citing it:
#: A, a named Chinese plant in a source of record (MIIT lists, company reports, CNIA, 中国有色金属报, a national news
#: agency, the plant's engineers in a journal); B, a named plant abroad, a named Chinese plant seen only in a
#: secondary report, or a vendor's case on the vendor's own site; C, research, a patent, or guidance of an agency or
#: industry body describing the practice; none for what evidences no practice (a policy asks, a standard defines,
#: statistics count).
EVIDENCE_KINDS: dict[str, tuple[str | None, str, str]] = {
    "named_plant_cn": ("A", "中国具名工厂（权威来源）", "named Chinese plant, source of record"),
    "named_plant_cn_secondary": ("B", "中国具名工厂（二手报道）", "named Chinese plant, secondary report"),
    "named_plant_abroad": ("B", "境外具名工厂", "named plant abroad"),
    "vendor_case": ("B", "供应商案例", "vendor case"),
    "research": ("C", "研究文献", "research"),
    "patent": ("C", "专利", "patent"),
    "guidance": ("C", "行业或政府指南", "agency or industry guidance"),
    "policy": (None, "政策要求", "policy ask"),
    "standard": (None, "标准定义", "standard"),
    "statistics": (None, "统计数据", "statistics"),
}
EvidenceKind = Literal["named_plant_cn", "named_plant_cn_secondary", "named_plant_abroad", "vendor_case", "research",
                       "patent", "guidance", "policy", "standard", "statistics"]
#: evidence grades, best first; D: no source shows the practice (illustrative)
EVIDENCE_GRADES: dict[str, tuple[str, str]] = {
    "A": ("A 中国具名工厂", "A named Chinese plant"),
    "B": ("B 境外工厂或供应商案例", "B plant abroad or vendor case"),
    "C": ("C 研究或专利", "C research or patent"),
    "D": ("D 无来源（示例）", "D none (illustrative)"),
}
EvidenceGrade = Literal["A", "B", "C", "D"]


def evidence_grade(sources: Iterable[dict[str, Any] | None]) -> str:
    """The best grade the cited sources give (their `evidence`), D when none shows the practice. Computed, never
    typed: `validate` writes it on every scenario."""
    grades = [EVIDENCE_KINDS[src["evidence"]][0] for src in sources if src and src.get("evidence") in EVIDENCE_KINDS]
    return min((g for g in grades if g), default="D")


def cited_keys(props: Mapping[str, Any]) -> set[str]:
    """The source keys a node or relationship cites: its `source` and, on a scenario, its further `sources`."""
    keys = {props.get("source"), *(props.get("sources") or ())}
    keys.discard(None)
    return {k for k in keys if isinstance(k, str)}


#: A publication date as precise as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD.
SourceDate = Annotated[str, StringConstraints(pattern=r"^(19|20|21)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]


class Source(_Strict):
    """A source of record that facts in data/ point to by key: who published what, when, under which number.
    `publisher` and `date` may be missing in a draft; `validate --strict` refuses that."""

    key: SourceKey
    kind: SourceKind
    title: Text
    publisher: str | None = None
    date: SourceDate | None = None
    #: document number (工信部联原〔2025〕62号), standard number (GB/T 39116-2020), DOI or patent number
    identifier: str | None = None
    #: only the publisher's own page or a reputable outlet; never a repost (see non_authoritative_hosts.yaml)
    url: str | None = None
    note: str | None = None
    #: what it shows about a practice (see EVIDENCE_KINDS); gives the evidence grade of the scenarios citing it
    evidence: EvidenceKind | None = None


class Node(_Strict):
    """Properties every node carries. Subclasses set LABEL, FILE and the id PREFIX."""

    LABEL: ClassVar[str] = ""
    FILE: ClassVar[str] = ""
    PREFIX: ClassVar[str] = ""
    NAME_ZH: ClassVar[str] = ""

    id: NodeId
    name_zh: Text
    name_en: Text
    description_zh: str | None = None
    description_en: str | None = None
    source: SourceKey | None = None
    illustrative: bool = False
    #: other words, in either language, a user may search for (e.g. [AE, anode effect]); no ';' (the list
    #: delimiter of the neo4j-admin CSV)
    aliases: list[Alias] = []
    #: why nothing uses this node yet (a process no scenario applies at, a KPI no scenario moves ...): shown by
    #: `validate --report`, which otherwise fails --strict on an unused process, reference scenario or KPI
    unused_reason: str | None = None

    @model_validator(mode="after")
    def _id_prefix(self) -> Node:
        problem = id_problem(type(self), self.id)
        if problem:
            raise ValueError(problem)
        return self


class Stage(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "Stage", "stages", "", "生产环节"
    order: int = Field(ge=0)
    segment: Literal["upstream", "midstream", "downstream", "recycling", "cross_cutting"]


class Process(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "Process", "processes", "__", "工序"


class Domain(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "Domain", "domains", "dom_", "业务领域"
    order: int = Field(ge=0)
    group: Literal["miit", "aluminium"]


class ReferenceScenario(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "ReferenceScenario", "reference_scenarios", "ref_", "典型场景"


class Scenario(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "Scenario", "scenarios", "sc_", "数字化场景"
    level: int = Field(ge=1, le=5, strict=True, description="GB/T 39116 level at which the scenario typically appears")
    #: what `level` stands on: the curators' judgement of the level at which the practice appears (every scenario
    #: today: no published distribution per scenario was found), or a published distribution of Chinese plants,
    #: which then must be among the scenario's sources (a source with evidence `statistics`; see LEVEL_BASES)
    level_basis: Literal["judgement", "distribution"] = "judgement"
    importance: int = Field(ge=1, le=5, strict=True, description="weight in scoring and ranking, 5 = most important")
    data_zh: str | None = None
    data_en: str | None = None
    #: further sources beside `source`, when one source does not carry the whole practice
    sources: list[SourceKey] = []
    #: computed at load from the sources (EVIDENCE_KINDS), never typed in data/: `validate` refuses it there
    evidence_grade: EvidenceGrade | None = None


#: properties the loader computes; a data directory may not state them (an export carries them, recomputed on import)
COMPUTED_PROPS: dict[str, tuple[str, ...]] = {"Scenario": ("evidence_grade",)}


class AIModel(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "AIModel", "ai_models", "mt_", "AI 模型"
    model_type: Literal[MODEL_TYPES]  # type: ignore[valid-type]
    categories: list[AICategory] = []


class Technology(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "Technology", "technologies", "en_", "使能技术"


class KPI(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "KPI", "kpis", "kpi_", "指标"
    unit: Text
    #: which way is better; None for an indicator the plan does not ask to move either way (output under the
    #: capacity cap, 产能总量约束: more primary aluminium is not "better")
    direction: Literal["lower", "higher"] | None = None


def _check_value(comparator: str, value: float | None, value_max: float | None) -> None:
    if comparator in (">=", "<=", "approx") and value is None:
        raise ValueError(f"comparator '{comparator}' needs a value")
    if comparator == "range" and (value is None or value_max is None):
        raise ValueError("comparator 'range' needs value and value_max")
    if value is not None and value_max is not None and value_max < value:
        raise ValueError(f"value_max {value_max:g} is below value {value:g}")


class Fact(Node):
    """A figure the record states for a year (a 2024 baseline), shown as a fact, never as a target."""

    LABEL, FILE, PREFIX, NAME_ZH = "Fact", "facts", "fact_", "基线事实"
    year: int = Field(ge=1900, le=2100)
    comparator: Literal["approx", ">=", "<=", "range"]
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    #: the year is read from context, not written in the source's text
    year_inferred: bool = False

    @model_validator(mode="after")
    def _value_fits_comparator(self) -> Fact:
        _check_value(self.comparator, self.value, self.value_max)
        return self


class Target(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "Target", "targets", "tgt_", "政策目标"
    year: int = Field(ge=2000, le=2100)
    #: `meets` for a condition with no number (a grade, a standard's advanced value); `encouraged` for a direction
    comparator: Literal[">=", "<=", "range", "approx", "meets", "encouraged"]
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    #: the year is read from context (e.g. the plan period), not written next to the number
    year_inferred: bool = False
    #: the stages whose plants the target binds (the 13,000 kWh/t requirement: electrolysis); empty: every
    #: enterprise. A roadmap step claims a target only for an enterprise operating one of them
    stages: list[NodeId] = []
    #: why digital scenarios do not reach the target, where they do not (an investment or retrofit decision):
    #: the policy lens says so beside its levers
    digital_limit_zh: str | None = None
    digital_limit_en: str | None = None

    @model_validator(mode="after")
    def _value_fits_comparator(self) -> Target:
        _check_value(self.comparator, self.value, self.value_max)
        return self


class Requirement(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "Requirement", "requirements", "pr_", "政策要求"
    #: the plan's own words
    quote_zh: str | None = None
    year: int | None = Field(default=None, ge=2000, le=2100)
    year_inferred: bool = False


class Factory(Node):
    LABEL, FILE, PREFIX, NAME_ZH = "Factory", "factories", "bm_", "标杆工厂"
    region: Text


NODE_CLASSES: tuple[type[Node], ...] = (
    Stage,
    Process,
    Domain,
    ReferenceScenario,
    Scenario,
    AIModel,
    Technology,
    KPI,
    Fact,
    Target,
    Requirement,
    Factory,
)
LABELS: dict[str, type[Node]] = {cls.LABEL: cls for cls in NODE_CLASSES}
LABEL_FILES: dict[str, type[Node]] = {cls.FILE: cls for cls in NODE_CLASSES}
_PREFIXES = tuple(cls.PREFIX for cls in NODE_CLASSES if cls.PREFIX.endswith("_"))


def id_problem(cls: type[Node], node_id: str) -> str | None:
    """Why `node_id` is not a valid id for label `cls`, or None. Prefixes keep labels apart in URLs."""
    if cls is Stage:
        if "__" in node_id or node_id.startswith(_PREFIXES):
            return f"Stage id '{node_id}' must be bare (no '__' and none of the prefixes {', '.join(_PREFIXES)})"
        return None
    if cls is Process:
        if not re.fullmatch(r"[a-z][a-z0-9_]*?__[a-z0-9_]+", node_id):
            return f"Process id '{node_id}' must look like '<stage>__<step>'"
        return None
    if not node_id.startswith(cls.PREFIX):
        return f"{cls.LABEL} id '{node_id}' must start with '{cls.PREFIX}'"
    return None


def label_of_file(stem: str) -> type[Node] | None:
    return LABEL_FILES.get(stem)


# ---------------------------------------------------------------- relationships


class NoProps(_Strict):
    pass


class FeedsProps(_Strict):
    material_zh: str | None = None
    material_en: str | None = None


class DependsOnProps(_Strict):
    strength: Literal["hard", "soft"] = "hard"
    note: str | None = None


class ContributesProps(_Strict):
    """How one KPI moves another (e.g. AC energy = DC energy / rectifier efficiency)."""

    note_zh: str | None = None
    note_en: str | None = None


#: the fields of a quantified effect on IMPROVES (what a source states, where it states it)
EFFECT_FIELDS = ("metric", "unit", "value", "low", "high", "baseline", "plant", "country", "year", "locator")


class ImprovesProps(_Strict):
    """`effect` as the source states it (English in the shipped data); `effect_zh` where a Chinese source or a
    curator gives the Chinese wording (never a machine translation).

    A quantified effect, beside the words: `metric` moved by `value` (or by `low`-`high`) `unit`, measured
    against `baseline`, at `plant` in `country` in `year`, as `source` states it at `locator` (page, table or
    the sentence). Every number is one a source states: a value needs its unit, metric, source and locator."""

    effect: str | None = None
    effect_zh: str | None = None
    source: SourceKey | None = None
    illustrative: bool = False
    metric: str | None = None
    unit: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    baseline: str | None = None
    plant: str | None = None
    country: str | None = None
    year: int | None = Field(default=None, ge=1950, le=2100)
    locator: str | None = None

    @model_validator(mode="after")
    def _quantified(self) -> ImprovesProps:
        ranged = self.low is not None or self.high is not None
        if ranged and (self.low is None or self.high is None):
            raise ValueError("a range needs both low and high")
        if ranged and self.high < self.low:  # type: ignore[operator]
            raise ValueError(f"range low {self.low:g} is above high {self.high:g}")
        if ranged and self.value is not None:
            raise ValueError("give either value or low-high, not both")
        if self.value is not None or ranged:
            missing = [f for f in ("metric", "unit", "source", "locator") if not getattr(self, f)]
            if missing:
                raise ValueError(f"a quantified effect needs {', '.join(missing)} (every number is what a "
                                 "source states, and where)")
            if self.illustrative:
                raise ValueError("a quantified effect cannot be illustrative: it is what a source states")
        elif any(getattr(self, f) is not None for f in EFFECT_FIELDS):
            raise ValueError("metric, unit, baseline, plant, country, year and locator describe a number: give "
                             "value or low-high")
        return self

    def quantified(self) -> bool:
        return self.value is not None or self.low is not None


class MeasuresProps(_Strict):
    """A scenario that measures, reports, verifies or certifies a KPI (a ledger, MRV, a footprint, a diagnosis):
    it gives the KPI's value, it does not move it, so it is never counted as a lever."""

    note_zh: str | None = None
    note_en: str | None = None
    source: SourceKey | None = None


class ImplementsProps(_Strict):
    """A factory runs a scenario. `level` only where the source gives one (a real plant's source rarely does);
    an illustrative archetype always has one."""

    level: int | None = Field(default=None, ge=1, le=5, strict=True)
    year: int | None = Field(default=None, ge=1990, le=2100)
    source: SourceKey | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class RelType:
    """A relationship type: the labels it may join and the properties it may carry."""

    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    props: type[_Strict] = NoProps

    def joins(self, src_label: str, dst_label: str) -> bool:
        return src_label in self.sources and dst_label in self.targets

    def describe(self) -> str:
        return f"({'|'.join(sorted(self.sources))})-[:{self.name}]->({'|'.join(sorted(self.targets))})"


def _rel(name: str, sources: str, targets: str, props: type[_Strict] = NoProps) -> RelType:
    return RelType(name, frozenset(sources.split("|")), frozenset(targets.split("|")), props)


RELATIONSHIPS: dict[str, RelType] = {
    r.name: r
    for r in (
        _rel("FEEDS", "Stage", "Stage", FeedsProps),
        _rel("PART_OF", "Process", "Stage"),
        _rel("AT", "Scenario", "Stage|Process"),
        _rel("IN_DOMAIN", "Scenario|ReferenceScenario", "Domain"),
        _rel("INSTANCE_OF", "Scenario", "ReferenceScenario"),
        _rel("USES_MODEL", "Scenario", "AIModel"),
        _rel("REQUIRES", "Scenario", "Technology"),
        _rel("DEPENDS_ON", "Scenario", "Scenario", DependsOnProps),
        _rel("IMPROVES", "Scenario", "KPI", ImprovesProps),
        _rel("MEASURES", "Scenario", "KPI", MeasuresProps),
        _rel("TRACKS", "KPI", "Target"),
        _rel("CONTRIBUTES_TO", "KPI", "KPI", ContributesProps),
        _rel("HAS_FACT", "KPI", "Fact"),
        _rel("ADDRESSES", "Scenario|Factory", "Requirement"),
        _rel("OPERATES", "Factory", "Stage"),
        _rel("IMPLEMENTS", "Factory", "Scenario", ImplementsProps),
    )
}


#: relationship types that must never form a cycle (a prerequisite of itself; a KPI contributing to itself)
ACYCLIC_RELATIONSHIPS = ("DEPENDS_ON", "CONTRIBUTES_TO")


def rel_type(name: str) -> RelType | None:
    return RELATIONSHIPS.get(name)


#: What the graph is: the labels (every graph node also carries :Entity in Neo4j) and relationship types that
#: every graph read walks, on both stores, and the only ones a load or an import writes.
GRAPH_LABELS: frozenset[str] = frozenset(LABELS)
GRAPH_RELATIONSHIPS: frozenset[str] = frozenset(RELATIONSHIPS)

#: Tenant data, never part of the graph: users, saved assessments (:Save, one node per save, scenarios by id),
#: their observatory summaries and aggregates, and the locks that queue an enterprise's saves. `Enterprise` and
#: `ASSESSED` are how release 2 stored saves inside the graph; they are refused by every load and import and
#: moved out of the graph when a Neo4j database of that release is opened.
TENANT_LABELS: frozenset[str] = frozenset({"User", "Save", "SaveLock", "SaveSummary", "ObsAggregate", "ObsDelta",
                                           "ObsSnapshot", "Enterprise"})
TENANT_RELATIONSHIPS: frozenset[str] = frozenset({"ASSESSED"})
#: the data files release 2 read enterprises from
TENANT_FILES: frozenset[str] = frozenset({"enterprises"})


def tenant_refusal(name: str) -> str | None:
    """The one line that refuses tenant data offered as graph data (a label, a relationship type or a data file
    stem), or None when `name` is not tenant data."""
    if name in TENANT_LABELS or name in TENANT_RELATIONSHIPS or name in TENANT_FILES:
        return (f"'{name}' is tenant data (enterprises, their saved assessments, accounts), never part of the graph: "
                "save an assessment with `scenegraph assess FILE --save` or on the self-assessment page")
    return None
#: Neo4j: the label every node of LABELS also carries (the id constraint and the search indexes are on it)
ENTITY_LABEL = "Entity"
#: Neo4j: records kept beside the graph that are as public as it (the bibliographic sources of data/sources.yaml)
RECORD_LABELS: frozenset[str] = frozenset({"Source"})
