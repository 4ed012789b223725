"""Schema words in Chinese and English: labels, relationships (from either end), properties and enumerated
values, so no page shows a raw key. Beside the schema (scenegraph.graph.schema) they translate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenegraph.base.i18n import pick, t
from scenegraph.graph.schema import AI_CATEGORIES, EVIDENCE_GRADES, EVIDENCE_KINDS, MATURITY_LEVELS

__all__ = ["effect_text", "effect_tier_text", "label_count", "label_name", "prop_name", "rel_phrase",
           "target_text", "value_text"]

_LABELS: dict[str, tuple[str, str]] = {
    "Stage": ("生产环节", "Stage"),
    "Process": ("工序", "Process"),
    "Domain": ("业务领域", "Business domain"),
    "ReferenceScenario": ("典型场景", "National typical scenario"),
    "Scenario": ("数字化场景", "Scenario"),
    "AIModel": ("AI 模型", "AI model"),
    "Technology": ("使能技术", "Enabling technology"),
    "KPI": ("指标", "KPI"),
    "Target": ("政策目标", "Policy target"),
    "Requirement": ("政策要求", "Policy requirement"),
    "Factory": ("标杆工厂", "Benchmark factory"),
    "Fact": ("基线事实", "Baseline fact"),
}

#: relationship type -> (outgoing phrase, incoming phrase), each (zh, en): what the relationship means seen
#: from the node at its start and from the node at its end
_RELS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "FEEDS": (("向下游供料", "feeds"), ("来料来自", "is fed by")),
    "PART_OF": (("所属环节", "part of"), ("包含的工序", "its processes")),
    "AT": (("应用于", "applies at"), ("在此应用的场景", "scenarios applying here")),
    "IN_DOMAIN": (("所属业务领域", "business domain"), ("该领域的场景", "scenarios in this domain")),
    "INSTANCE_OF": (("对应的国家典型场景", "instance of the national typical scenario"),
                    ("具体场景", "its instances")),
    "USES_MODEL": (("使用的 AI 模型", "uses the AI models"), ("使用它的场景", "used by the scenarios")),
    "REQUIRES": (("需要的使能技术", "needs the technologies"), ("需要它的场景", "needed by the scenarios")),
    "DEPENDS_ON": (("需要先具备", "needs first"), ("以它为前提的场景", "unlocks")),
    "IMPROVES": (("改善的指标", "improves"), ("改善它的场景", "improved by")),
    "MEASURES": (("计量、核算或核证的指标", "measures or reports"),
                 ("计量、核算或核证它的场景", "measured or reported by")),
    "TRACKS": (("推动的政策目标", "moves the targets"), ("跟踪它的指标", "tracked by the KPIs")),
    "ADDRESSES": (("响应的政策要求", "answers the policy requirements"), ("响应它的", "answered by")),
    "OPERATES": (("运营的生产环节", "operates the stages"), ("运营该环节的工厂和企业", "operated by")),
    "IMPLEMENTS": (("已应用的场景", "runs the scenarios"), ("已在这些工厂应用", "running at these factories")),
    "CONTRIBUTES_TO": (("贡献于指标", "contributes to the KPIs"), ("受这些指标影响", "moved by the KPIs")),
    "HAS_FACT": (("基线事实", "baseline facts"), ("所属指标", "fact of the KPI")),
}

_PROPS: dict[str, tuple[str, str]] = {
    "id": ("编号", "Id"), "label": ("类型", "Type"), "name_zh": ("中文名", "Chinese name"),
    "name_en": ("英文名", "English name"), "description_zh": ("说明", "Description"),
    "description_en": ("说明", "Description"), "source": ("来源", "Source"),
    "illustrative": ("示例数据", "Illustrative"),
    "level": ("成熟度等级", "Maturity level"), "importance": ("重要度", "Importance"),
    "level_basis": ("等级依据", "Level basis"),
    "data_zh": ("所需数据", "Data needed"), "data_en": ("所需数据", "Data needed"), "unit": ("单位", "Unit"),
    "direction": ("改善方向", "Better when"), "order": ("顺序", "Order"), "segment": ("产业链区段", "Segment"),
    "group": ("分组", "Group"), "model_type": ("模型类型", "Model type"),
    "categories": ("AI 模型类别", "AI model categories"),
    "region": ("地区", "Region"), "year": ("年份", "Year"), "comparator": ("比较方式", "Comparator"),
    "value": ("数值", "Value"), "value_max": ("上限", "Upper value"), "baseline_year": ("基线年份", "Baseline year"),
    "baseline_value": ("基线数值", "Baseline value"), "quote_zh": ("原文", "The plan's words"),
    "strength": ("依赖强度", "Dependency"), "note": ("备注", "Note"), "effect": ("效果", "Effect"),
    "effect_zh": ("效果", "Effect"),
    "material_zh": ("物料", "Material"), "material_en": ("物料", "Material"), "at": ("时间", "Time"),
    "aliases": ("别名", "Also called"), "year_inferred": ("年份为推断", "Year inferred"),
    "note_zh": ("说明", "Note"), "note_en": ("说明", "Note"),
    "sources": ("其他来源", "Further sources"), "evidence_grade": ("证据等级", "Evidence grade"),
    "evidence": ("证据类型", "Evidence"), "metric": ("效果指标", "Metric"), "low": ("下限", "Low"),
    "high": ("上限", "High"), "baseline": ("对比基准", "Measured against"), "plant": ("工厂", "Plant"),
    "country": ("国家", "Country"), "unused_reason": ("未被使用的原因", "Why nothing uses it"),
    "locator": ("出处位置", "Where the source says it"),
    "stages": ("适用环节", "Applies at the stages"),
    "digital_limit_zh": ("数字化场景的局限", "What digital scenarios cannot do"),
    "digital_limit_en": ("数字化场景的局限", "What digital scenarios cannot do"),
}

_VALUES: dict[tuple[str, str], tuple[str, str]] = {
    ("direction", "lower"): ("越低越好", "lower is better"),
    ("direction", "higher"): ("越高越好", "higher is better"),
    ("level_basis", "judgement"): ("编者判断：该做法通常出现的成熟度等级，并非对中国工厂的调查结果",
                                   "curators' judgement: the level at which the practice typically appears, not a "
                                   "survey of Chinese plants"),
    ("level_basis", "distribution"): ("已发布的中国工厂等级分布（见来源）",
                                      "a published distribution of Chinese plants (see the sources)"),
    ("strength", "hard"): ("必需", "required"),
    ("strength", "soft"): ("建议", "recommended"),
    ("comparator", ">="): ("不低于", "at least"),
    ("comparator", "<="): ("不高于", "at most"),
    ("comparator", "range"): ("区间", "between"),
    ("comparator", "approx"): ("约", "about"),
    ("comparator", "encouraged"): ("鼓励", "encouraged"),
    ("comparator", "meets"): ("达到", "meets"),
    ("segment", "upstream"): ("上游", "upstream"),
    ("segment", "midstream"): ("中游", "midstream"),
    ("segment", "downstream"): ("下游", "downstream"),
    ("segment", "recycling"): ("再生", "recycling"),
    ("segment", "cross_cutting"): ("跨环节", "cross-cutting"),
    ("group", "miit"): ("工信部场景指南环节", "MIIT scenario guide"),
    ("group", "aluminium"): ("铝行业专有", "aluminium-specific"),
    ("model_type", "soft_sensor"): ("软测量", "soft sensor"),
    ("model_type", "anomaly_detection"): ("异常检测", "anomaly detection"),
    ("model_type", "predictive_maintenance"): ("预测性维护", "predictive maintenance"),
    ("model_type", "computer_vision"): ("机器视觉", "computer vision"),
    ("model_type", "apc_mpc"): ("先进过程控制", "advanced process control"),
    ("model_type", "rl"): ("强化学习", "reinforcement learning"),
    ("model_type", "digital_twin"): ("数字孪生", "digital twin"),
    ("model_type", "mechanistic_sim"): ("机理仿真", "mechanistic simulation"),
    ("model_type", "optimisation_scheduling"): ("优化排产", "optimisation and scheduling"),
    ("model_type", "classification_regression"): ("分类与回归", "classification and regression"),
    ("model_type", "geostat_ml"): ("地质统计与机器学习", "geostatistics and machine learning"),
    ("model_type", "forecasting"): ("预测", "forecasting"),
    ("model_type", "llm_assistant"): ("大模型助手", "LLM assistant"),
    ("model_type", "knowledge_graph"): ("知识图谱", "knowledge graph"),
}



def target_text(node: dict[str, Any], lang: str) -> str:
    """A target's (or fact's) comparator, value and unit in words: 'at most 13000 kWh/t', '不高于 13000 kWh/t'."""
    unit = f" {node['unit']}" if node.get("unit") else ""
    comp, value = node.get("comparator"), node.get("value")
    if comp == "range" and value is not None and node.get("value_max") is not None:
        return f"{value:g}–{node['value_max']:g}{unit}"
    if value is None and comp in ("meets", "encouraged"):  # a requirement without a figure: say so in words
        return t(f"target_{comp}_no_figure", lang)
    words = value_text("comparator", comp, lang) if comp else ""
    if value is None:
        return words or "—"
    return f"{words} {value:g}{unit}".strip()


def effect_text(props: Mapping[str, Any], lang: str) -> str | None:
    """An IMPROVES relationship's effect in `lang`: `effect_zh` on the Chinese page when the data has it, `effect`
    (the sourced English text) on the English page; a text the data has in the other language only is shown as
    it stands, marked as the original (a sourced figure is quoted, never machine-translated)."""
    zh, en = props.get("effect_zh"), props.get("effect")
    own, foreign = pick(lang, (zh, en), (en, zh))
    if own:
        return str(own)
    if foreign:
        return t(pick(lang, "effect_in_en", "effect_in_zh"), lang).format(text=foreign)
    return None


def effect_tier_text(tier: int, lang: str) -> str:
    """How well a scenario's effect is backed (graph.effects tier) in words: 'quantified, sourced', 'sourced, in
    words' or 'no sourced effect' (nothing is estimated in its place)."""
    return t(("effect_quantified", "effect_words", "no_sourced_effect")[min(max(tier, 0), 2)], lang)


def label_name(label: str, lang: str) -> str:
    """A node label in words ('Scenario' -> 数字化场景)."""
    zh, en = _LABELS.get(label, (label, label))
    return pick(lang, zh, en)


def label_count(label: str, n: int, lang: str) -> str:
    """A number of nodes of a label in words: "2 个 AI 模型", "24 个指标"; "2 AI models", "24 KPIs", "1 KPI"."""
    zh, en = _LABELS.get(label, (label, label))
    if en[1:2].islower():  # a common noun inside a phrase: "2 processes"; "KPI", "AI model" keep their capitals
        en = en[:1].lower() + en[1:]
    if n != 1:
        en = en[:-1] + "ies" if en.endswith("y") else en + "es" if en.endswith("s") else en + "s"
    return pick(lang, f"{n} 个{' ' if zh[:1].isascii() else ''}{zh}", f"{n} {en}")


def rel_phrase(rel: str, outgoing: bool, lang: str) -> str:
    """What a relationship means from one end: IMPROVES outgoing 'improves', incoming 'improved by'."""
    if rel not in _RELS:
        return rel.replace("_", " ").lower()
    zh, en = _RELS[rel][0 if outgoing else 1]
    return pick(lang, zh, en)


def prop_name(key: str, lang: str) -> str:
    zh, en = _PROPS.get(key, (key, key))
    return pick(lang, zh, en)


def value_text(key: str, value: Any, lang: str) -> str:
    """A property value in words: enumerations translated, levels named, booleans as yes/no, lists joined."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return pick(lang, "是", "yes") if value else pick(lang, "否", "no")
    if isinstance(value, list | tuple):
        return t("list_sep", lang).join(value_text(key, v, lang) for v in value)
    if key == "level" and isinstance(value, int) and value in MATURITY_LEVELS:
        return f"{value} {pick(lang, *MATURITY_LEVELS[value])}"
    if key == "categories" and value in AI_CATEGORIES:
        return pick(lang, *AI_CATEGORIES[value])
    if key == "evidence_grade" and value in EVIDENCE_GRADES:
        return pick(lang, *EVIDENCE_GRADES[value])
    if key == "evidence" and value in EVIDENCE_KINDS:
        return pick(lang, *EVIDENCE_KINDS[value][1:])
    if (key, str(value)) in _VALUES:
        return pick(lang, *_VALUES[(key, str(value))])
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
