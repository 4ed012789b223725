"""A plant profile beside the assessment: what a step's effect is worth at this plant needs its size, its power
price and carbon, and where it stands today.

Every number is either the enterprise's own or a default shown as a default with its source (DEFAULTS); a default
without a source of record is marked illustrative and shown so. A number may be a range (`[low, high]`): the value
model samples it (scenegraph.assess.value). Bounded like the assessment: every field has a range it must lie in,
unknown fields are refused, and a KPI or stage must be one of the graph's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from scenegraph.base.bounded import Rejected, check_yaml_events, decode_text, load_json
from scenegraph.base.errors import InputRejected
from scenegraph.base.i18n import Bilingual
from scenegraph.base.limits import LIMITS
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["DEFAULTS", "Default", "PlantProfile", "ProfileError", "Span", "parse_profile", "profile_from_bytes",
           "profile_problems"]

NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=120)]

#: the largest capacity a stage may be given (t/a): above the world's output of anything in the chain
MAX_CAPACITY_T = 1e9


class Span(BaseModel):
    """A number or a range [low, high] (sampled uniformly by the value model). Written as a number, [low, high] or
    {low: .., high: ..}."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _from_number_or_pair(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("a number or [low, high] is expected, not true/false")
        if isinstance(data, str):
            raise ValueError("a number or [low, high] is expected, not text")
        if isinstance(data, int | float):
            return {"low": data, "high": data}
        if isinstance(data, list | tuple):
            if len(data) != 2:
                raise ValueError("a range is [low, high]")
            return {"low": data[0], "high": data[1]}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.high < self.low:
            raise ValueError(f"range low {self.low:g} is above high {self.high:g}")
        return self

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def text(self) -> str:
        def n(x: float) -> str:
            return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"

        return n(self.low) if self.low == self.high else f"{n(self.low)}–{n(self.high)}"


@dataclass(frozen=True)
class Default:
    """A default the profile falls back on, with where it comes from (or `illustrative`: no source of record)."""

    span: Span
    unit: str
    source_zh: str
    source_en: str
    url: str | None = None
    illustrative: bool = False


#: the defaults of the profile's inputs, each with its source. Only the grid's emission factor has a source of
#: record; the prices are illustrative (shown so) until the enterprise gives its own.
DEFAULTS: dict[str, Default] = {
    "emission_factor_t_mwh": Default(
        Span(low=0.5366, high=0.5366), "t CO2/MWh",
        "生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》（2024年12月20日）：2022年全国电力平均二氧化碳"
        "排放因子 0.5366 kgCO2/kWh（电网购电；绿电直供或绿证须填本企业的数值）",
        "Ministry of Ecology and Environment and National Bureau of Statistics, announcement of the 2022 electricity "
        "CO2 emission factors (20 Dec 2024): national average 0.5366 kg CO2/kWh (grid power; for a PPA or green "
        "certificates give your own factor)",
        "https://www.mee.gov.cn/"),
    "electricity_price_cny_kwh": Default(
        Span(low=0.30, high=0.50), "CNY/kWh",
        "示意值（无权威来源）：请填写本企业的到厂电价", "Illustrative (no source of record): give your own delivered "
        "power price", illustrative=True),
    "carbon_price_cny_t": Default(
        Span(low=0.0, high=0.0), "CNY/t CO2e",
        "默认不计碳价：纳入全国碳市场或受欧盟碳边境调节机制（CBAM）影响时请填写本企业面对的碳价",
        "No carbon price unless given: give the price you face (China's national ETS, the EU's CBAM)",
        illustrative=True),
}

PowerSource = Literal["grid", "ppa", "green_certificates"]
#: the range of each input a profile may hold (the model checks it; the page's number boxes hold the same)
INPUT_BOUNDS: dict[str, tuple[float, float]] = {"electricity_price_cny_kwh": (0.0, 10.0),
                                                "emission_factor_t_mwh": (0.0, 2.0),
                                                "carbon_price_cny_t": (0.0, 10_000.0)}
#: the largest size of a KPI value (either sign) a profile may hold
MAX_KPI_VALUE = 1e12


class PlantProfile(BaseModel):
    """What the value model needs to know about the plant. Every field is optional: a missing input falls back on
    its default (DEFAULTS, shown as such) or, for a plant's own KPI value or capacity, leaves the steps that need it
    'not quantified' with the reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: output per operated stage, t/a (electrolysis: t Al/a; alumina_refining: t alumina/a ...)
    capacity_t: dict[NodeId, Annotated[float, Field(gt=0, le=MAX_CAPACITY_T, allow_inf_nan=False)]] = {}
    electricity_price_cny_kwh: Span | None = None
    power_source: PowerSource = "grid"
    #: t CO2e per MWh of the power used (the grid's default; a PPA's or green certificates' own factor)
    emission_factor_t_mwh: Span | None = None
    carbon_price_cny_t: Span | None = None
    #: the plant's current KPI values in the KPI's own unit (kpi_ac_kwh_t: kWh/t Al ...), where known
    kpis: dict[NodeId, Span] = {}

    @field_validator("electricity_price_cny_kwh")
    @classmethod
    def _price(cls, v: Span | None) -> Span | None:
        return _within(v, *INPUT_BOUNDS["electricity_price_cny_kwh"], "electricity price (CNY/kWh)")

    @field_validator("emission_factor_t_mwh")
    @classmethod
    def _factor(cls, v: Span | None) -> Span | None:
        return _within(v, *INPUT_BOUNDS["emission_factor_t_mwh"], "emission factor (t CO2e/MWh)")

    @field_validator("carbon_price_cny_t")
    @classmethod
    def _carbon(cls, v: Span | None) -> Span | None:
        return _within(v, *INPUT_BOUNDS["carbon_price_cny_t"], "carbon price (CNY/t CO2e)")

    @field_validator("capacity_t", "kpis")
    @classmethod
    def _count(cls, v: dict[str, Any]) -> dict[str, Any]:
        if len(v) > LIMITS.max_profile_entries:
            raise ValueError(f"at most {LIMITS.max_profile_entries} entries (limit max_profile_entries)")
        return v

    @field_validator("kpis")
    @classmethod
    def _kpi_values(cls, v: dict[str, Span]) -> dict[str, Span]:
        for k, span in v.items():
            if not (-MAX_KPI_VALUE <= span.low and span.high <= MAX_KPI_VALUE):
                raise ValueError(f"{k}: value out of range")
        return v

    def input(self, name: str) -> tuple[Span, bool]:
        """The value of an input and whether it is the default (DEFAULTS)."""
        given: Span | None = getattr(self, name)
        if given is not None:
            return given, False
        # a PPA or green certificates without the plant's own factor: the grid's stays the (shown) default, since
        # 0 t/MWh would be a claim no source makes for this plant
        return DEFAULTS[name].span, True


def _within(v: Span | None, low: float, high: float, what: str) -> Span | None:
    if v is not None and (v.low < low or v.high > high):
        raise ValueError(f"{what} must lie within {low:g}-{high:g}")
    return v


class ProfileError(InputRejected, ValueError):
    """A profile that cannot be used: every problem, in both languages."""

    def __init__(self, problems: list[Bilingual]):
        self.said = problems
        self.problems = [p.en for p in problems]
        super().__init__("; ".join(self.problems))

    def lines(self, lang: str) -> list[str]:
        return [p.in_(lang) for p in self.said]


def parse_profile(data: Any, graph: ScenarioGraph, operated: Sequence[str] | None = None) -> PlantProfile:
    """A PlantProfile from plain data (a YAML/JSON object), its stages and KPIs checked against the graph (and its
    capacities against the stages operated, when given)."""
    if data is None:
        return PlantProfile()
    if not isinstance(data, Mapping):
        raise ProfileError([Bilingual("工厂概况应为一个对象", f"a plant profile must be an object, got "
                                      f"{type(data).__name__}")])
    try:
        profile = PlantProfile.model_validate(dict(data))
    except ValidationError as e:
        raise ProfileError([Bilingual(f"工厂概况：{'.'.join(str(p) for p in err['loc'])}：{err['msg']}",
                                      f"profile: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}")
                            for err in e.errors()]) from None
    problems = profile_problems(profile, graph, operated)
    if problems:
        raise ProfileError(problems)
    return profile


def profile_problems(profile: PlantProfile, graph: ScenarioGraph,
                     operated: Sequence[str] | None = None) -> list[Bilingual]:
    """What in a valid profile does not fit the graph (or the stages operated, when given): a capacity of an
    unknown or unoperated stage, a value of an unknown KPI."""
    problems: list[Bilingual] = []
    for stage in profile.capacity_t:
        if stage not in graph or graph.label(stage) != "Stage":
            problems.append(Bilingual(f"工厂概况：未知的生产环节 '{stage}'", f"profile: unknown stage '{stage}'"))
        elif operated is not None and stage not in operated:
            problems.append(Bilingual(f"工厂概况：给出了未运营环节 '{stage}' 的产能",
                                      f"profile: a capacity for '{stage}', a stage not operated"))
    for kpi in profile.kpis:
        if kpi not in graph or graph.label(kpi) != "KPI":
            problems.append(Bilingual(f"工厂概况：未知的指标 '{kpi}'", f"profile: unknown KPI '{kpi}'"))
    return problems


def profile_from_bytes(raw: bytes, graph: ScenarioGraph, json_file: bool = False,
                       operated: Sequence[str] | None = None) -> PlantProfile:
    """A profile file (YAML, or JSON when `json_file`), read within the upload bounds: size, encoding, no YAML
    aliases, nesting depth."""
    if len(raw) > LIMITS.max_upload_bytes:
        raise ProfileError([Bilingual(f"工厂概况文件超过上限（max_upload_bytes = {LIMITS.max_upload_bytes:,}）",
                                      f"the profile file is over the limit (max_upload_bytes = "
                                      f"{LIMITS.max_upload_bytes:,})")])
    try:
        text = decode_text(raw, "the profile file")
        if json_file:
            data = load_json(text, "the profile file")
        else:
            check_yaml_events(text, "the profile file")
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
    except Rejected as e:
        raise ProfileError([Bilingual(f"工厂概况文件无法读取：{e}", str(e))]) from None
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        raise ProfileError([Bilingual("工厂概况文件不是有效的 YAML/JSON", f"the profile file is not valid YAML/JSON: "
                                      f"{str(e).splitlines()[0] if str(e) else type(e).__name__}")]) from None
    return parse_profile(data, graph, operated)
