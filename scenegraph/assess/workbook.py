"""The roadmap as an Excel workbook (openpyxl): one sheet of steps a planner can sort, filter and fill in (owner,
dates), one of gaps. Cells are written as values, never formulas: a name starting with '=' stays text."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scenegraph.assess.evaluate import Evaluation
from scenegraph.assess.valuation import Valuation, band_text, inputs_rows, paired_curves, value_header, value_rows
from scenegraph.base.i18n import Lang, t
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.words import effect_tier_text

__all__ = ["roadmap_xlsx"]


def _months_after(start: date, months: int) -> date:
    y, m = divmod(start.month - 1 + months, 12)
    return date(start.year + y, m + 1, 1)


def _names(graph: ScenarioGraph, ids, lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(graph.name(i, lang) for i in ids)


def _sheet(ws, header: list[str], rows: list[list], widths: list[int]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def roadmap_xlsx(graph: ScenarioGraph, ev: Evaluation, lang: Lang = "zh", start: date | None = None,
                 valuation: Valuation | None = None) -> bytes:
    """Steps with wave, start and end month (from `start`, default the first of next month), effort, what each
    moves (KPIs, policy targets), what it waits for and unlocks; empty owner and note columns to fill in. With a
    `valuation`, a value sheet too (assess.valuation: numbers, never formulas)."""
    today = date.today()
    start = start or _months_after(date(today.year, today.month, 1), 1)
    wb = Workbook()
    ws = wb.active
    ws.title = t("roadmap", lang)[:31]
    header = [t("wave", lang), t("xl_start", lang), t("xl_end", lang), t("xl_kind", lang), t("step", lang),
              t("current", lang), t("target_level", lang), t("xl_effort", lang), t("sourced_effect", lang),
              t("grade", lang), t("kpis", lang), t("measures", lang), t("policy_targets", lang),
              t("waits_for", lang), t("other_stage_prereq", lang), t("unlocks", lang), t("xl_owner", lang),
              t("xl_note", lang)]
    rows, begin = [], 0
    for w in ev.roadmap.waves:
        for s in w.steps:
            scenario = s.kind == "scenario"
            rows.append([w.index, _months_after(start, begin), _months_after(start, w.months),
                         t("scenarios", lang) if scenario else t("technology_step", lang),
                         graph.name(s.id, lang), s.from_level, s.to_level, s.effort,
                         effect_tier_text(s.effect, lang) if scenario else "", s.grade or "",
                         _names(graph, s.kpis, lang), _names(graph, s.measures, lang), _names(graph, s.targets, lang),
                         _names(graph, s.after, lang), _names(graph, s.external, lang), _names(graph, s.unlocks, lang),
                         "", ""])
        begin = w.months
    _sheet(ws, header, rows, [6, 11, 11, 14, 40, 7, 7, 8, 16, 6, 36, 24, 36, 30, 30, 30, 14, 24])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "yyyy-mm"
    gaps = wb.create_sheet(t("gaps", lang)[:31])
    _sheet(gaps, [t("scenarios", lang), t("current", lang), t("target_level", lang), t("sourced_effect", lang),
                  t("grade", lang), t("importance", lang), t("kpis", lang), t("measures", lang),
                  t("policy_targets", lang)],
           [[graph.name(g.scenario, lang), g.current, g.target, effect_tier_text(g.effect, lang), g.grade or "",
             g.importance, _names(graph, g.kpis, lang), _names(graph, g.measures, lang),
             _names(graph, g.targets, lang)] for g in ev.gaps], [40, 7, 7, 16, 6, 7, 36, 24, 36])
    if valuation is not None:
        _value_sheet(wb.create_sheet(t("val_sheet", lang)[:31]), graph, ev, valuation, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _value_sheet(ws, graph: ScenarioGraph, ev: Evaluation, v: Valuation, lang: Lang) -> None:
    """Each step's value (P10/P50/P90 as numbers), then the plan total, the cumulative value of today's and the
    optimised order, the distance to the policy lines and the profile's inputs with their sources."""
    _sheet(ws, value_header(lang), value_rows(graph, ev.roadmap, v, lang), [6, 8, 40] + [12] * 9 + [8, 30, 40])
    extra: list[list] = [[], [t("val_plan_total", lang), "", "", band_text(v.plan.kwh, lang), "", "",
                              band_text(v.plan.t_co2e, lang), "", "", band_text(v.plan.cny, lang), "", "", "", "",
                              "" if v.plan.reason is None else v.plan.reason.in_(lang)],
                         [t("val_rule", lang)], [],
                         [t("val_cumulative", lang), t("val_today", lang), t("val_optimised", lang)]]
    for i, (today, opt) in enumerate(paired_curves(v), start=1):
        extra.append([i, band_text(today.cny, lang), "" if opt is None else band_text(opt.cny, lang)])
    extra += [[], [t("val_policy", lang), t("val_line", lang), t("val_current", lang), t("val_gap", lang),
                   t("val_closable", lang)]]
    for d in v.distances:
        for line in d.lines:
            gap = d.gaps.get(line.id)
            extra.append([graph.name(d.kpi, lang), f"{graph.name(line.id, lang)} ({line.comparator} {line.value:g} "
                          f"{line.unit})", "" if d.current is None else d.current.text(),
                          "" if gap is None else round(gap, 1),
                          band_text(d.closable, lang) if d.closable else ("" if d.reason is None
                                                                            else d.reason.in_(lang))])
    extra += [[], [t("val_inputs", lang), t("val_value", lang), t("val_default", lang), t("val_source", lang)],
              *inputs_rows(v.profile, lang)]
    for row in extra:
        ws.append(row)
    for row in ws.iter_rows(min_row=ws.max_row - len(extra) + 1):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
