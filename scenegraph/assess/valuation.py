"""Everything a user sees about value in one object, computed once for every view (page, report, Excel, CSV, CLI):
each step's value, the plan's combined value, today's order and the optimised one with their cumulative curves,
and the distance to the policy lines."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scenegraph.assess.optimise import OptimisedPlan, optimise
from scenegraph.assess.profile import DEFAULTS, PlantProfile
from scenegraph.assess.roadmap import Roadmap
from scenegraph.assess.value import (
    Band,
    Distance,
    PlanValue,
    StepValue,
    cumulative,
    plan_value,
    policy_distance,
    step_values,
)
from scenegraph.base.i18n import Lang, t
from scenegraph.base.spreadsheet import safe_cell
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["Valuation", "band_text", "inputs_rows", "paired_curves", "valuate", "value_csv", "value_header",
           "value_rows"]


@dataclass(frozen=True)
class Valuation:
    profile: PlantProfile
    steps: dict[str, StepValue]
    plan: PlanValue
    #: the plan's combined value once each wave of today's order is done, and of the optimised order
    today_curve: tuple[PlanValue, ...]
    optimised: OptimisedPlan | None
    optimised_curve: tuple[PlanValue, ...]
    distances: tuple[Distance, ...]


def valuate(graph: ScenarioGraph, rm: Roadmap, profile: PlantProfile | None, stages: Sequence[str],
            capacity: float | Sequence[float] | None = None, effort: Mapping[str, float] | None = None,
            optimise_plan: bool = False, time_limit_s: float | None = None) -> Valuation:
    """The value of the roadmap `rm` for a plant with `profile`; with `optimise_plan`, also the order that gets the
    most expected value within the same waves and `capacity` (per wave; effort per step as the roadmap counts)."""
    profile = profile or PlantProfile()
    ids = [s.id for s in rm.steps]
    values = step_values(graph, ids, profile)
    today_waves = [[s.id for s in w.steps] for w in rm.waves]
    opt: OptimisedPlan | None = None
    opt_curve: tuple[PlanValue, ...] = ()
    if optimise_plan and rm.waves:
        opt = optimise(rm, {k: v.expected_cny for k, v in values.items()}, capacity, effort, time_limit_s)
        opt_curve = tuple(cumulative(graph, [list(w) for w in opt.waves], profile))
    plan = plan_value(graph, ids, profile)
    return Valuation(profile, values, plan, tuple(cumulative(graph, today_waves, profile)), opt, opt_curve,
                     tuple(policy_distance(graph, profile, plan, stages)))


def paired_curves(v: Valuation) -> list[tuple[PlanValue, PlanValue | None]]:
    """Today's and the optimised cumulative value wave by wave; the shorter plan keeps its final value."""
    n = max(len(v.today_curve), len(v.optimised_curve))
    out: list[tuple[PlanValue, PlanValue | None]] = []
    for i in range(n):
        today = v.today_curve[min(i, len(v.today_curve) - 1)]
        opt = v.optimised_curve[min(i, len(v.optimised_curve) - 1)] if v.optimised_curve else None
        out.append((today, opt))
    return out


def band_text(band: Band | None, lang: Lang, digits: int = 3) -> str:
    """P50 (P10–P90), or the words for "not quantified"."""
    if band is None:
        return t("val_not_quantified", lang)

    def n(x: float) -> str:
        return f"{x:,.{digits}g}" if abs(x) < 1000 else f"{x:,.0f}"

    return n(band.p50) if band.p10 == band.p90 else f"{n(band.p50)} ({n(band.p10)}–{n(band.p90)})"


def value_rows(graph: ScenarioGraph, rm: Roadmap, v: Valuation, lang: Lang) -> list[list[object]]:
    """One row per step, in today's order: wave, optimised wave, step, kWh, t CO2e and yuan a year (P10, P50, P90
    as numbers), evidence grade, sources, and why a step is not quantified. Values, never formulas."""
    opt_wave = ({s: i for i, ids in enumerate(v.optimised.waves, start=1) for s in ids} if v.optimised else {})
    rows: list[list[object]] = []
    for w in rm.waves:
        for s in w.steps:
            sv = v.steps[s.id]
            nums: list[object] = []
            for band in (sv.kwh, sv.t_co2e, sv.cny):
                nums += [round(band.p10, 1), round(band.p50, 1), round(band.p90, 1)] if band else ["", "", ""]
            rows.append([w.index, opt_wave.get(s.id, ""), graph.name(s.id, lang), *nums, sv.grade or "",
                         "; ".join(sorted({e.source for e in sv.effects})),
                         "" if sv.reason is None else sv.reason.in_(lang)])
    return rows


def value_header(lang: Lang) -> list[str]:
    cols = [t("wave", lang), t("val_optimised_wave", lang), t("step", lang)]
    for key in ("val_kwh", "val_co2", "val_cny"):
        cols += [f"{t(key, lang)} P10", f"{t(key, lang)} P50", f"{t(key, lang)} P90"]
    return [*cols, t("grade", lang), t("val_sources", lang), t("val_reason", lang)]


def value_csv(graph: ScenarioGraph, rm: Roadmap, v: Valuation, lang: Lang) -> str:
    """The value table as CSV (spreadsheet-safe cells)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(value_header(lang))
    for row in value_rows(graph, rm, v, lang):
        w.writerow([safe_cell(c) if isinstance(c, str) else c for c in row])
    return buf.getvalue()


def inputs_rows(profile: PlantProfile, lang: Lang) -> list[list[str]]:
    """The profile's inputs as used: each value, and for a default its source (or that it is illustrative)."""
    rows = []
    for name, d in DEFAULTS.items():
        span, is_default = profile.input(name)
        where = (d.source_zh if lang == "zh" else d.source_en) if is_default else t("val_given", lang)
        rows.append([t(f"val_in_{name}", lang), f"{span.text()} {d.unit}",
                     t("val_default", lang) if is_default else "", where])
    return rows
