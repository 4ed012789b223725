"""What each step is worth to this plant a year, in kWh, t CO2e and yuan, as P10/P50/P90, and what the plan as a
whole is worth without counting one saving twice. Nothing is estimated: only an effect a source states with a
number (graph.effects EFFECT_QUANTIFIED), on a KPI and unit the conversion table below turns into the plant's
electricity honestly, counts; every other step says "not quantified" and why.

Conversion table (CONVERSIONS): an effect on the potline's electricity per tonne of aluminium, stated
- in kWh/t Al (an absolute change per tonne, e.g. -338): kWh a year = -change x electrolysis capacity (t Al/a);
- in % (a relative change, e.g. -2.5): kWh a year = -change/100 x the plant's current value of that KPI (kWh/t)
  x electrolysis capacity; without the plant's current value the step is not quantified (it needs it).
A DC saving is counted as the same number of AC kWh (the rectifier's losses would add a little: a lower bound).
Then t CO2e = kWh / 1000 x the emission factor of the power used (t/MWh), and yuan = kWh x the electricity
price + t CO2e x the carbon price.

Sampling: every range is sampled uniformly (an effect's low-high, each uncertain input of the profile) with
numpy's default_rng(SEED), SAMPLES draws; P10/P50/P90 are the draws' percentiles, the mean their mean.

Combination (plan_value): the steps acting on the potline's electricity combine as relative reductions applied
one after another, never summed: with E0 the plant's current AC kWh/t (else DC) and r_i = each step's saving per
tonne / E0, the plan saves E0 x (1 - prod(1 - r_i)) per tonne, capped at E0 - FLOOR_KWH_T (no plan goes below the
physical floor). Without a current value the plan total is not quantified (the steps still are, one by one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from scenegraph.assess.profile import PlantProfile, Span
from scenegraph.base.i18n import Bilingual
from scenegraph.base.limits import LIMITS
from scenegraph.graph.effects import EFFECT_QUANTIFIED, effect_tier
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["CONVERSIONS", "FLOOR_KWH_T", "PLANT_LEVEL_KPIS", "SAMPLES", "SEED", "Band", "Conversion", "Distance",
           "EffectUsed", "Line", "PlanValue", "StepValue", "by_id", "combine_relative", "cumulative", "plan_value",
           "policy_distance", "step_value", "step_values"]

SEED = 20251207
#: draws per sampled quantity (LIMITS.value_samples)
SAMPLES = LIMITS.value_samples
#: the theoretical minimum electricity of the carbon-anode Hall-Heroult cell, about 6.3 kWh/kg Al as the
#: literature states it (e.g. US DOE, "U.S. Energy Requirements for Aluminum Production", 2007, "Theoretical
#: limits"): no plan's combined saving takes a potline below it
FLOOR_KWH_T = 6340.0

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Conversion:
    """How an effect on `kpi` stated in `unit` becomes kWh a year at this plant."""

    kpi: str
    unit: str
    kind: Literal["absolute", "relative"]
    #: whose capacity the per-tonne figure is per
    stage: str
    #: the plant's current value needed (relative effects), and the one the combination starts from
    current_kpi: str


CONVERSIONS: dict[tuple[str, str], Conversion] = {
    ("kpi_dc_kwh_t", "kWh/t Al"): Conversion("kpi_dc_kwh_t", "kWh/t Al", "absolute", "electrolysis", "kpi_dc_kwh_t"),
    ("kpi_dc_kwh_t", "%"): Conversion("kpi_dc_kwh_t", "%", "relative", "electrolysis", "kpi_dc_kwh_t"),
    ("kpi_ac_kwh_t", "kWh/t Al"): Conversion("kpi_ac_kwh_t", "kWh/t Al", "absolute", "electrolysis", "kpi_ac_kwh_t"),
    ("kpi_ac_kwh_t", "%"): Conversion("kpi_ac_kwh_t", "%", "relative", "electrolysis", "kpi_ac_kwh_t"),
}
#: the KPIs whose current value the potline's combination starts from, in order of preference
BASE_KPIS = ("kpi_ac_kwh_t", "kpi_dc_kwh_t")


@dataclass(frozen=True)
class Band:
    """P10, P50, P90 and the mean of a sampled quantity."""

    p10: float
    p50: float
    p90: float
    mean: float

    @classmethod
    def of(cls, draws: Floats) -> Band:
        p10, p50, p90 = (float(x) for x in np.percentile(draws, [10, 50, 90]))
        return cls(p10, p50, p90, float(np.mean(draws)))


@dataclass(frozen=True)
class EffectUsed:
    """One sourced effect the value rests on, as the source states it."""

    kpi: str
    metric: str
    unit: str
    low: float
    high: float
    source: str
    locator: str


@dataclass(frozen=True)
class StepValue:
    """A step's annual value at this plant, or why it has none (`reason`, in both languages)."""

    step: str
    kwh: Band | None = None
    t_co2e: Band | None = None
    cny: Band | None = None
    #: saving per tonne of aluminium (kWh/t), the figure the combination and the policy-line distance use
    kwh_per_t: Band | None = None
    grade: str | None = None
    effects: tuple[EffectUsed, ...] = ()
    reason: Bilingual | None = None

    @property
    def quantified(self) -> bool:
        return self.kwh is not None

    @property
    def expected_cny(self) -> float:
        """The mean yuan a year (0 when not quantified): what the optimiser maximises."""
        return self.cny.mean if self.cny is not None else 0.0


@dataclass(frozen=True)
class PlanValue:
    """The plan's combined annual value (combination rule above) and the inputs it used."""

    kwh: Band | None
    t_co2e: Band | None
    cny: Band | None
    kwh_per_t: Band | None
    #: the KPI whose current value the combination started from, and that value
    base_kpi: str | None
    steps: tuple[str, ...]
    reason: Bilingual | None = None


NOT_QUANTIFIED = Bilingual("未量化：没有来源给出的量化效果", "not quantified: no sourced quantified effect")


def _draw(span: Span, rng: np.random.Generator, n: int) -> Floats:
    if span.low == span.high:
        return np.full(n, span.low, dtype=np.float64)
    return rng.uniform(span.low, span.high, n)


def _effects(graph: ScenarioGraph, scenario: str) -> tuple[list[tuple[Conversion, dict[str, Any]]], list[str]]:
    """The step's sourced quantified effects the table converts, and the KPIs of those it cannot."""
    usable: list[tuple[Conversion, dict[str, Any]]] = []
    other: list[str] = []
    if scenario not in graph or graph.label(scenario) != "Scenario":
        return usable, other
    for kpi in graph.out_ids(scenario, "IMPROVES"):
        props = graph.edge_props(scenario, kpi, "IMPROVES") or {}
        if effect_tier(props) != EFFECT_QUANTIFIED:
            continue
        conv = CONVERSIONS.get((kpi, str(props.get("unit") or "")))
        if conv is None:
            other.append(kpi)
        else:
            usable.append((conv, props))
    return usable, other


@dataclass(frozen=True)
class _Inputs:
    price: Floats
    factor: Floats
    carbon: Floats
    current: dict[str, Floats]


def _inputs(profile: PlantProfile, rng: np.random.Generator, n: int) -> _Inputs:
    return _Inputs(_draw(profile.input("electricity_price_cny_kwh")[0], rng, n),
                   _draw(profile.input("emission_factor_t_mwh")[0], rng, n),
                   _draw(profile.input("carbon_price_cny_t")[0], rng, n),
                   {k: _draw(v, rng, n) for k, v in sorted(profile.kpis.items())})


def _per_tonne(graph: ScenarioGraph, scenario: str, profile: PlantProfile, inputs: _Inputs,
               rng: np.random.Generator, n: int) -> tuple[Floats | None, tuple[EffectUsed, ...], Bilingual | None]:
    """Draws of the step's electricity saved per tonne (kWh/t), its effects, or why there are none. Several
    effects of one step on the potline's electricity (on DC and on AC) are the same saving seen twice: the
    largest of them counts, never their sum."""
    usable, other = _effects(graph, scenario)
    if not usable:
        if other:
            names_en = ", ".join(other)
            return None, (), Bilingual(f"未量化：来源给出的效果（{names_en}）无法换算为本厂的电量",
                                       f"not quantified: the sourced effect(s) on {names_en} cannot be converted to "
                                       "this plant's electricity")
        return None, (), NOT_QUANTIFIED
    if "electrolysis" not in profile.capacity_t:
        return None, (), Bilingual("未量化：效果按电解槽每吨铝计，需要电解环节的产能（吨铝/年）；"
                                   "没有电解系列的工厂无此产能",
                                   "not quantified: the effect is per tonne of potline aluminium and needs the "
                                   "electrolysis capacity (t Al/a), which a plant without potlines does not have")
    draws: list[Floats] = []
    used: list[EffectUsed] = []
    missing: list[str] = []
    for conv, props in usable:
        value = props.get("value")
        low = float(props["low"] if value is None else value)
        high = float(props["high"] if value is None else value)
        change = _draw(Span(low=low, high=high), rng, n)
        if conv.kind == "absolute":
            saving = -change
        elif conv.current_kpi in inputs.current:
            saving = -change / 100.0 * inputs.current[conv.current_kpi]
        else:
            missing.append(conv.current_kpi)
            continue
        draws.append(saving)
        used.append(EffectUsed(conv.kpi, str(props.get("metric") or ""), conv.unit, low, high,
                               str(props.get("source") or ""), str(props.get("locator") or "")))
    if not draws:
        k = ", ".join(sorted(set(missing)))
        return None, (), Bilingual(f"未量化：需要本厂当前的 {k}", f"not quantified: needs the plant's current {k}")
    return np.max(np.vstack(draws), axis=0), tuple(used), None


def step_values(graph: ScenarioGraph, steps: Sequence[str], profile: PlantProfile | None,
                samples: int = SAMPLES, seed: int = SEED) -> dict[str, StepValue]:
    """Each step's value on its own (as if it were the only step): a step id -> StepValue."""
    profile = profile or PlantProfile()
    rng = np.random.default_rng(seed)
    inputs = _inputs(profile, rng, samples)
    out: dict[str, StepValue] = {}
    for sc in steps:
        grade = graph.node(sc).get("evidence_grade") if sc in graph else None
        if sc in graph and graph.label(sc) != "Scenario":
            out[sc] = StepValue(sc, reason=Bilingual("技术步骤：其价值体现在它所支撑的场景中",
                                                     "a technology step: its value is in the scenarios it unlocks"))
            continue
        per_t, used, reason = _per_tonne(graph, sc, profile, inputs, rng, samples)
        if per_t is None:
            out[sc] = StepValue(sc, grade=grade, reason=reason)
            continue
        out[sc] = _valued(sc, per_t, profile, inputs, grade, used)
    return out


def step_value(graph: ScenarioGraph, step: str, profile: PlantProfile | None) -> StepValue:
    return step_values(graph, [step], profile)[step]


def _valued(step: str, per_t: Floats, profile: PlantProfile, inputs: _Inputs, grade: str | None,
            used: tuple[EffectUsed, ...]) -> StepValue:
    kwh = per_t * profile.capacity_t["electrolysis"]
    t_co2e = kwh / 1000.0 * inputs.factor
    cny = kwh * inputs.price + t_co2e * inputs.carbon
    return StepValue(step, Band.of(kwh), Band.of(t_co2e), Band.of(cny), Band.of(per_t), grade, used)


def combine_relative(reductions: Iterable[float], floor_share: float | None = None) -> float:
    """The combined relative reduction of several relative reductions applied one after another:
    1 - prod(1 - r_i), capped at `floor_share` (the largest reduction the physical floor allows) when given."""
    keep = 1.0
    for r in reductions:
        keep *= 1.0 - r
    total = 1.0 - keep
    return min(total, floor_share) if floor_share is not None else total


def plan_value(graph: ScenarioGraph, steps: Sequence[str], profile: PlantProfile | None,
               samples: int = SAMPLES, seed: int = SEED) -> PlanValue:
    """The combined value of doing all `steps` (combination rule in the module's docstring)."""
    profile = profile or PlantProfile()
    rng = np.random.default_rng(seed)
    inputs = _inputs(profile, rng, samples)
    per_step: list[Floats] = []
    counted: list[str] = []
    for sc in steps:
        if sc not in graph or graph.label(sc) != "Scenario":
            continue
        per_t, _, _ = _per_tonne(graph, sc, profile, inputs, rng, samples)
        if per_t is not None:
            per_step.append(per_t)
            counted.append(sc)
    base = next((k for k in BASE_KPIS if k in inputs.current), None)
    if not per_step:
        return PlanValue(None, None, None, None, base, (), NOT_QUANTIFIED)
    if base is None:
        return PlanValue(None, None, None, None, None, tuple(counted), Bilingual(
            "计划合计未量化：需要本厂当前的交流或直流电耗（kWh/t）才能不重复计算地合并各步",
            "plan total not quantified: combining the steps without double counting needs the plant's current AC "
            "or DC kWh/t"))
    e0 = inputs.current[base]
    keep = np.ones(samples, dtype=np.float64)
    for per_t in per_step:
        keep *= 1.0 - np.clip(per_t / e0, None, 1.0)
    per_t_total = np.minimum(e0 * (1.0 - keep), np.maximum(e0 - FLOOR_KWH_T, 0.0))
    kwh = per_t_total * profile.capacity_t["electrolysis"]
    t_co2e = kwh / 1000.0 * inputs.factor
    cny = kwh * inputs.price + t_co2e * inputs.carbon
    return PlanValue(Band.of(kwh), Band.of(t_co2e), Band.of(cny), Band.of(per_t_total), base, tuple(counted))


def cumulative(graph: ScenarioGraph, waves: Sequence[Sequence[str]], profile: PlantProfile | None,
               samples: int = SAMPLES, seed: int = SEED) -> list[PlanValue]:
    """The plan's combined value once each wave is done (the cumulative curve): one PlanValue per wave."""
    done: list[str] = []
    out: list[PlanValue] = []
    for wave in waves:
        done.extend(wave)
        out.append(plan_value(graph, done, profile, samples, seed))
    return out


def by_id(values: Mapping[str, StepValue]) -> dict[str, float]:
    """The expected yuan a year of each step (0 when not quantified): the optimiser's weights."""
    return {k: v.expected_cny for k, v in values.items()}


#: the KPIs a plant holds itself that a policy line is drawn on (sector totals such as recycled output are not)
PLANT_LEVEL_KPIS = ("kpi_ac_kwh_t", "kpi_red_mud_utilisation_new", "kpi_recycled_content", "kpi_clean_energy_share")


@dataclass(frozen=True)
class Line:
    """One policy line on a plant-level KPI: a target or a recorded level (fact) in the KPI's own unit."""

    id: str
    comparator: str
    value: float
    unit: str


@dataclass(frozen=True)
class Distance:
    """How far the plant stands from the lines on one KPI, and how much of the gap the plan's sourced effects could
    close (None: no sourced effect on this KPI is quantified, or no current value is given)."""

    kpi: str
    current: Span | None
    lines: tuple[Line, ...]
    #: per line id: the gap (in the KPI's unit, > 0 when short of the line, <= 0 when the plant meets it)
    gaps: dict[str, float]
    #: the plan's sourced reduction of this KPI (its unit), P10/P50/P90
    closable: Band | None
    reason: Bilingual | None = None
    #: what the data says digital steps cannot do about the line (Target.digital_limit), per line id
    limits: dict[str, Bilingual] | None = None


def _lines(graph: ScenarioGraph, kpi: str) -> tuple[Line, ...]:
    unit = graph.node(kpi).get("unit")
    found = []
    for node in [*graph.out_ids(kpi, "TRACKS"), *graph.out_ids(kpi, "HAS_FACT")]:
        props = graph.node(node)
        value, comparator = props.get("value"), props.get("comparator")
        if value is not None and comparator in ("<=", ">=", "approx") and props.get("unit") == unit:
            found.append(Line(node, str(comparator), float(value), str(unit)))
    return tuple(found)


def policy_distance(graph: ScenarioGraph, profile: PlantProfile | None, plan: PlanValue | None,
                    stages: Sequence[str]) -> list[Distance]:
    """For each plant-level KPI with a line in the data at a stage operated: the current value, the gap to each
    line and the share of it the plan's sourced effects could close."""
    profile = profile or PlantProfile()
    operated = set(stages)
    out: list[Distance] = []
    for kpi in PLANT_LEVEL_KPIS:
        if kpi not in graph:
            continue
        lines = tuple(ln for ln in _lines(graph, kpi)
                      if not (graph.node(ln.id).get("stages") or ()) or operated & set(graph.node(ln.id)["stages"]))
        # a KPI is shown when a target on it binds the plant (a fact alone, e.g. a sector's share, does not)
        if not any(graph.label(ln.id) == "Target" for ln in lines):
            continue
        current = profile.kpis.get(kpi)
        gaps: dict[str, float] = {}
        if current is not None:
            lower = graph.node(kpi).get("direction") == "lower"
            for ln in lines:
                gaps[ln.id] = current.mid - ln.value if lower else ln.value - current.mid
        closable = None
        reason: Bilingual | None = None
        if current is None:
            reason = Bilingual("需要本厂当前值", "needs the plant's current value")
        elif plan is not None and plan.kwh_per_t is not None and plan.base_kpi == kpi:
            closable = plan.kwh_per_t
        else:
            reason = Bilingual("计划中没有可换算到此指标的、来源给出的量化效果",
                               "no sourced quantified effect in the plan converts to this KPI")
        limits = {}
        for ln in lines:
            en = graph.node(ln.id).get("digital_limit_en")
            if en:
                limits[ln.id] = Bilingual(str(graph.node(ln.id).get("digital_limit_zh") or en), str(en))
        out.append(Distance(kpi, current, lines, gaps, closable, reason, limits or None))
    return out
