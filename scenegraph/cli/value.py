"""`scenegraph assess ... --profile F --optimise`: what each step is worth to the plant, the plan total, today's
order beside the optimised one, and the distance to the policy lines, as tables in the chosen language."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from scenegraph.assess.evaluate import Evaluation
from scenegraph.assess.optimise import wave_capacities
from scenegraph.assess.profile import PlantProfile, profile_from_bytes
from scenegraph.assess.valuation import Valuation, band_text, inputs_rows, paired_curves, valuate, value_csv
from scenegraph.base.bounded import read_bytes
from scenegraph.base.i18n import Lang, t
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["read_profile", "show_value"]


def read_profile(path: Path, graph: ScenarioGraph, operated: list[str]) -> PlantProfile:
    return profile_from_bytes(read_bytes(path, "max_upload_bytes"), graph, path.suffix.lower() == ".json", operated)


def show_value(out: Console, graph: ScenarioGraph, ev: Evaluation, profile: PlantProfile | None, stages: list[str],
               lang: Lang, capacity: float | None, optimise: bool, csv_path: Path | None,
               per_year: float | None = None) -> Valuation:
    caps = wave_capacities([w.months for w in ev.roadmap.waves], capacity, per_year)
    v = valuate(graph, ev.roadmap, profile, stages, caps, optimise_plan=optimise)
    table = Table(title=f"{t('val_sheet', lang)} (P50 (P10–P90))", title_justify="left")
    for col in (t("wave", lang), *((t("val_optimised_wave", lang),) if v.optimised else ()), t("step", lang),
                t("val_kwh", lang), t("val_co2", lang), t("val_cny", lang), t("grade", lang)):
        table.add_column(col, overflow="fold")
    opt_wave = {s: i for i, ids in enumerate(v.optimised.waves, start=1) for s in ids} if v.optimised else {}
    unvalued: list[str] = []
    for w in ev.roadmap.waves:
        for s in w.steps:
            sv = v.steps[s.id]
            where = f"{w.index}" + (f" → {opt_wave.get(s.id, '')}" if v.optimised else "")
            if not sv.quantified:  # one line each after the table, with the reason
                unvalued.append(f"  [{where}] {graph.name(s.id, lang)}: "
                                f"{t('val_not_quantified', lang) if sv.reason is None else sv.reason.in_(lang)}")
                continue
            table.add_row(str(w.index), *((str(opt_wave.get(s.id, "")),) if v.optimised else ()),
                          graph.name(s.id, lang), band_text(sv.kwh, lang), band_text(sv.t_co2e, lang),
                          band_text(sv.cny, lang), sv.grade or "")
    if table.row_count:
        out.print(table)
    if unvalued:
        out.print(f"{t('val_not_quantified', lang)} ({len(unvalued)}):", markup=False)
        for text in unvalued:
            out.print(text, markup=False)
    if v.plan.kwh is None:
        out.print(f"{t('val_plan_total', lang)}: "
                  f"{t('val_not_quantified', lang) if v.plan.reason is None else v.plan.reason.in_(lang)}",
                  markup=False)
    else:
        out.print(f"{t('val_plan_total', lang)}: {band_text(v.plan.kwh, lang)} kWh, "
                  f"{band_text(v.plan.t_co2e, lang)} t CO2e, {band_text(v.plan.cny, lang)} CNY", markup=False)
    out.print(t("val_rule", lang), markup=False)
    curve = Table(title=t("val_cumulative", lang), title_justify="left")
    for col in (t("wave", lang), t("val_today", lang), *((t("val_optimised", lang),) if v.optimised else ())):
        curve.add_column(col, overflow="fold")
    last: tuple[str, ...] = ()
    pairs = paired_curves(v)
    for i, (today, opt) in enumerate(pairs):  # a wave that changes neither curve is not repeated
        row = (band_text(today.cny, lang), *((band_text(opt.cny, lang),) if opt is not None else ()))
        if row != last or i == len(pairs) - 1:
            curve.add_row(str(i + 1), *row)
        last = row
    if v.plan.kwh is not None:
        out.print(curve)
    if v.optimised:
        gain = v.optimised.objective / v.optimised.today_objective - 1 if v.optimised.today_objective > 0 else 0.0
        out.print(f"{t('val_objective', lang)}: {t('val_today', lang)} {v.optimised.today_objective:,} → "
                  f"{t('val_optimised', lang)} {v.optimised.objective:,} ({gain:+.1%}; {v.optimised.status}, "
                  f"{v.optimised.seconds:.2f} s)", markup=False)
    if v.distances:
        dist = Table(title=t("val_policy", lang), title_justify="left")
        for col in ("KPI", t("val_line", lang), t("val_current", lang), t("val_gap", lang), t("val_closable", lang)):
            dist.add_column(col, overflow="fold")
        for d in v.distances:
            for line in d.lines:
                gap = d.gaps.get(line.id)
                dist.add_row(graph.name(d.kpi, lang), f"{graph.name(line.id, lang)} ({line.comparator} "
                             f"{line.value:,g} {line.unit})", "—" if d.current is None else d.current.text(),
                             "—" if gap is None else f"{gap:,.0f}",
                             band_text(d.closable, lang) if d.closable else
                             ("—" if d.reason is None else d.reason.in_(lang)))
        out.print(dist)
        for d in v.distances:
            for line_id, words in (d.limits or {}).items():
                out.print(f"{graph.name(line_id, lang)}: {words.in_(lang)}", markup=False)
    inputs = Table(title=t("val_inputs", lang), title_justify="left")
    for col in (t("val_input", lang), t("val_value", lang), t("val_default", lang), t("val_source", lang)):
        inputs.add_column(col, overflow="fold")
    for cells in inputs_rows(v.profile, lang):
        inputs.add_row(*cells)
    out.print(inputs)
    if csv_path is not None:
        csv_path.write_text(value_csv(graph, ev.roadmap, v, lang), encoding="utf-8")
        out.print(f"value table written to {csv_path}", markup=False)
    return v
