"""The self-assessment page's value parts: the plant profile form (beside the assessment, saved with it), what each
roadmap step is worth to the plant, the optimised ordering beside today's, and the distance to the policy line.
Widgets only: the numbers are assess.value's and assess.optimise's, the tables and figures present.value's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

import pandas as pd
import streamlit as st

from scenegraph.assess.evaluate import Evaluation
from scenegraph.assess.form import AnswerSheet
from scenegraph.assess.optimise import as_roadmap, wave_capacities
from scenegraph.assess.profile import (
    DEFAULTS,
    INPUT_BOUNDS,
    MAX_CAPACITY_T,
    MAX_KPI_VALUE,
    PlantProfile,
    PowerSource,
    ProfileError,
    parse_profile,
)
from scenegraph.assess.roadmap import Roadmap
from scenegraph.assess.scoring import Scorer
from scenegraph.assess.valuation import Valuation, valuate
from scenegraph.assess.value import BASE_KPIS, CONVERSIONS, policy_distance
from scenegraph.base.errors import InvalidRequest
from scenegraph.base.i18n import Lang, pick, t
from scenegraph.base.inert import md
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.present.assessment_report import bold_runs
from scenegraph.present.value import (
    cumulative_figure,
    distance_header,
    distance_notes,
    distance_rows,
    total_line,
    value_header,
    value_rows,
    value_widths,
    wave_figure,
    wave_rows,
    wave_values,
)
from scenegraph.ui.widgets import lang_key, linked_table

__all__ = ["plan_section", "profile_form"]

#: the step of each input's number boxes (their bounds are the profile model's: assess.profile.INPUT_BOUNDS)
_STEPS = {"electricity_price_cny_kwh": 0.01, "emission_factor_t_mwh": 0.01, "carbon_price_cny_t": 10.0}
_INPUT_LABELS = {"electricity_price_cny_kwh": "profile_price", "emission_factor_t_mwh": "profile_factor",
                 "carbon_price_cny_t": "profile_carbon"}
POWER_SOURCES: tuple[str, ...] = get_args(PowerSource)


def _pair(value: Any) -> tuple[float | None, float | None]:
    """A span as the form holds it (a number, [low, high] or {low, high}) -> (low, high)."""
    if value is None:
        return None, None
    if isinstance(value, int | float):
        return float(value), float(value)
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    if isinstance(value, dict):
        return value.get("low"), value.get("high")
    return None, None


def _span(low: float | None, high: float | None) -> list[float] | None:
    """Two boxes -> the profile's span: none given is the default, one given is that number."""
    if low is None and high is None:
        return None
    if low is None or high is None:
        v = low if low is not None else high
        return [float(v), float(v)]  # type: ignore[arg-type]
    return [float(low), float(high)]


def _default_text(name: str, lang: Lang) -> str:
    d = DEFAULTS[name]
    text = t("profile_default", lang).format(value=d.span.text(), unit=d.unit,
                                             source=pick(lang, d.source_zh, d.source_en))
    return f"{text} ({t('profile_default_illustrative', lang)})" if d.illustrative else text


def _kpis_at(graph: ScenarioGraph, scorer: Scorer, stages: Sequence[str]) -> list[str]:
    """The KPIs the scenarios of the operated stages improve: the ones a plant may give its current value of."""
    found = {k for s in stages for sc in scorer.scenarios_at(s) for k in graph.out_ids(sc, "IMPROVES")}
    return sorted(found, key=lambda k: graph.name(k, "en"))


def profile_form(graph: ScenarioGraph, scorer: Scorer, form: AnswerSheet, lang: Lang) -> PlantProfile | None:
    """The plant profile beside the assessment, kept in the form (so in the draft, and saved with the assessment).
    Returns the checked profile, None when nothing is given; a problem is shown and the profile left out."""
    data = form.profile
    v = form.version
    with st.expander(t("profile", lang), expanded=bool(data)):
        st.caption(t("profile_help", lang))
        caps = data.get("capacity_t") or {}
        cols = st.columns(max(1, min(3, len(form.stages))))
        new_caps = {}
        for i, stage in enumerate(form.stages):
            got = cols[i % len(cols)].number_input(
                t("profile_capacity", lang).format(stage=md(graph.name(stage, lang))), min_value=0.0,
                max_value=MAX_CAPACITY_T, value=caps.get(stage), step=1000.0, format="%.0f",
                key=f"prof_cap_{v}_{stage}", placeholder="—")
            if got:
                new_caps[stage] = float(got)
        data["capacity_t"] = new_caps
        source = data.get("power_source") or "grid"
        data["power_source"] = st.radio(t("profile_power_source", lang), POWER_SOURCES, horizontal=True,
                                        index=POWER_SOURCES.index(source) if source in POWER_SOURCES else 0,
                                        format_func=lambda s: t(f"profile_power_{s}", lang),
                                        key=lang_key(f"prof_power_{v}", lang))
        for name in ("electricity_price_cny_kwh", "emission_factor_t_mwh", "carbon_price_cny_t"):
            (lo, hi), step = INPUT_BOUNDS[name], _STEPS[name]
            low, high = _pair(data.get(name))
            c1, c2, c3 = st.columns([1, 1, 2])
            label = t(_INPUT_LABELS[name], lang)
            a = c1.number_input(f"{label} · {t('profile_low', lang)}", lo, hi, low, step, key=f"prof_{name}_lo_{v}",
                                placeholder="—", format="%.4g")
            b = c2.number_input(f"{label} · {t('profile_high', lang)}", lo, hi, high, step,
                                key=f"prof_{name}_hi_{v}", placeholder="—", format="%.4g")
            c3.caption(md(_default_text(name, lang)))
            data[name] = _span(a, b)
        _kpi_editor(graph, scorer, form, data, lang)
    clean = {k: val for k, val in data.items() if val not in (None, {}, [])}
    if not clean or clean == {"power_source": "grid"}:
        return None
    try:
        return parse_profile(clean, graph, form.stages)
    except ProfileError as e:
        st.error(t("profile_invalid", lang) + "\n\n" + "\n".join(f"- {md(p)}" for p in e.lines(lang)))
        return None


def _key_kpis(graph: ScenarioGraph, stages: Sequence[str]) -> list[str]:
    """The KPIs the value and the policy line start from at the operated stages (the potline's AC/DC kWh/t, a
    refinery's red-mud utilisation ...): asked first, each in its own boxes."""
    wanted = {c.stage for c in CONVERSIONS.values()} & set(stages)
    base = [k for c in CONVERSIONS.values() if c.stage in wanted for k in (c.current_kpi,)]
    lines = [d.kpi for d in policy_distance(graph, None, None, stages)]
    return [k for k in dict.fromkeys([*BASE_KPIS, *base, *lines]) if k in graph and (k in base or k in lines)]


def _kpi_editor(graph: ScenarioGraph, scorer: Scorer, form: AnswerSheet, data: dict[str, Any], lang: Lang) -> None:
    """The plant's current KPI values where known: the key ones in their own boxes, the others of the operated
    stages one row each in a table; low and high bounded."""
    held = data.get("kpis") or {}
    out: dict[str, list[float]] = {}
    key = _key_kpis(graph, form.stages)
    if key:
        st.markdown(f"**{t('profile_kpis', lang)}**")
    for kpi in key:
        low, high = _pair(held.get(kpi))
        unit = str(graph.node(kpi).get("unit") or "")
        label = md(f"{graph.name(kpi, lang)} ({unit})" if unit else graph.name(kpi, lang))  # a label is Markdown
        c1, c2, _ = st.columns([1, 1, 2])
        a = c1.number_input(f"{label} · {t('profile_low', lang)}", -MAX_KPI_VALUE, MAX_KPI_VALUE, low, 1.0,
                            key=f"prof_kpi_{kpi}_lo_{form.version}", placeholder="—", format="%.6g")
        b = c2.number_input(f"{label} · {t('profile_high', lang)}", -MAX_KPI_VALUE, MAX_KPI_VALUE, high, 1.0,
                            key=f"prof_kpi_{kpi}_hi_{form.version}", placeholder="—", format="%.6g")
        span = _span(a, b)
        if span is not None:
            out[kpi] = sorted(span)
    kpis = [k for k in _kpis_at(graph, scorer, form.stages) if k not in key]
    if not kpis:
        data["kpis"] = out
        return
    st.caption(t("profile_more_kpis", lang))
    low_col, high_col = t("profile_low", lang), t("profile_high", lang)
    df = pd.DataFrame({"id": kpis, t("dist_kpi", lang): [graph.name(k, lang) for k in kpis],
                       t("unit", lang): [str(graph.node(k).get("unit") or "") for k in kpis],
                       low_col: [_pair(held.get(k))[0] for k in kpis],
                       high_col: [_pair(held.get(k))[1] for k in kpis]})
    number: dict[str, Any] = {"min_value": -MAX_KPI_VALUE, "max_value": MAX_KPI_VALUE, "format": "%.6g"}
    edited = st.data_editor(df, hide_index=True, width="stretch", key=f"prof_kpis_{form.version}_{lang}",
                            disabled=["id", t("dist_kpi", lang), t("unit", lang)],
                            column_config={"id": None, low_col: st.column_config.NumberColumn(**number),
                                           high_col: st.column_config.NumberColumn(**number)})
    for kpi, low, high in zip(edited["id"], edited[low_col], edited[high_col], strict=True):
        span = _span(None if pd.isna(low) else float(low), None if pd.isna(high) else float(high))
        if span is not None:
            out[kpi] = sorted(span)
    data["kpis"] = out


def plan_section(graph: ScenarioGraph, ev: Evaluation, profile: PlantProfile | None, capacity: list[float] | None,
                 effort: dict[str, float], lang: Lang) -> Valuation:
    """The value table, the whole plan's value, the distance to the policy line, and the optimised ordering beside
    today's: one Valuation (assess.valuation), computed once and handed to the downloads too."""
    rm = ev.roadmap
    # the optimise control is drawn below the tables; its values of this run are in the session already
    on = bool(st.session_state.get("val_optimise"))
    budget = st.session_state.get("val_budget")
    caps = wave_capacities([w.months for w in rm.waves], capacity, budget)
    problem = None
    try:
        v = valuate(graph, rm, profile, ev.assessment.stages, caps, effort, optimise_plan=on)
    except InvalidRequest as e:  # no plan within the waves respects the capacities asked
        problem = e
        v = valuate(graph, rm, profile, ev.assessment.stages, caps, effort)
    st.header(t("val_title", lang))
    st.caption(t("val_help", lang))
    rows, ids = value_rows(graph, rm, v.steps, lang)
    linked_table([dict(zip(value_header(lang), r, strict=True)) for r in rows], ids, "value_table", lang,
                 widths=value_widths(lang))
    st.markdown("".join(f"**{md(part)}**" if bold else md(part) for bold, part in bold_runs(total_line(v.plan,
                                                                                                     lang))))
    _distance(graph, v, lang)
    _optimise(graph, rm, v, problem, lang)
    return v


def _distance(graph: ScenarioGraph, v: Valuation, lang: Lang) -> None:
    """Where the plant stands against the policy lines the data holds (13,000 kWh/t AC, benchmark, baseline ...)."""
    if not v.distances:
        return
    st.subheader(t("dist_title", lang))
    rows, ids = distance_rows(graph, v.distances, lang)
    if not any(d.current is not None for d in v.distances):
        st.caption(t("dist_none", lang))
    linked_table([dict(zip(distance_header(lang), r, strict=True)) for r in rows], ids, "distance_table", lang)
    for note in distance_notes(graph, v.distances, lang):
        st.caption(md(note))


def _optimise(graph: ScenarioGraph, rm: Roadmap, v: Valuation, problem: Exception | None, lang: Lang) -> None:
    """The optimise control, and today's ordering beside the optimised one: value by wave, the cumulative curve."""
    if not rm.waves:
        return
    c1, c2 = st.columns([1, 2])
    c1.toggle(t("val_optimise", lang), key="val_optimise", help=t("val_optimise_help", lang))
    c2.number_input(t("val_budget", lang), min_value=0.0, max_value=1e6, value=None, step=1.0, key="val_budget",
                    placeholder="—")
    today = wave_values([w.months for w in rm.waves], v.today_curve)
    opt_waves = None
    plan = v.optimised
    if problem is not None:
        st.error(md(problem))
    elif st.session_state.get("val_optimise") and not any(s.quantified for s in v.steps.values()):
        st.info(t("val_no_value", lang))
    if plan is not None and plan.waves:
        st.caption(t("val_optimised_note", lang).format(status=plan.status, s=plan.seconds, best=plan.objective,
                                                        today=plan.today_objective))
        if plan.objective == plan.today_objective:
            st.info(t("val_same", lang))
        opt_waves = wave_values(list(plan.months[:len(plan.waves)]), v.optimised_curve)
    header, rows = wave_rows(today, opt_waves, lang)
    st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True, width="stretch", key="val_waves")
    left, right = st.columns(2)
    left.plotly_chart(wave_figure(today, opt_waves, lang), width="stretch", key="val_wave_chart")
    right.plotly_chart(cumulative_figure(today, opt_waves, lang), width="stretch", key="val_cumulative_chart")
    if plan is not None and plan.waves:
        better = as_roadmap(rm, plan)
        rows, ids = value_rows(graph, better, v.steps, lang)
        st.subheader(t("val_optimised", lang))
        linked_table([dict(zip(value_header(lang), r, strict=True)) for r in rows], ids, "value_table_optimised",
                     lang, widths=value_widths(lang))
