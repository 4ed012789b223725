"""What each roadmap step is worth to the plant, in the UI language: the value table (P10/P50/P90 of kWh, t CO2e and
CNY a year, the evidence grade, or "not quantified" and why), the plan value per wave of today's ordering and of the
optimised one, and their figures. Pure: the numbers are assess.value's; no Streamlit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from scenegraph.assess.roadmap import Roadmap
from scenegraph.assess.value import Band, Distance, Line, PlanValue, StepValue
from scenegraph.base.i18n import Lang, t
from scenegraph.base.inert import plotly
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["WaveValue", "band_cell", "band_text", "cumulative_figure", "distance_header", "distance_notes",
           "distance_rows", "total_line", "value_header", "value_rows", "value_widths", "wave_figure", "wave_rows",
           "wave_values"]


def _fig(x: float) -> str:
    """A value rounded to 3 significant digits (a P10-P90 band is not known closer than that)."""
    if x == 0:
        return "0"
    return f"{float(f'{x:.3g}'):,.0f}" if abs(x) >= 100 else f"{float(f'{x:.3g}'):,.3g}"


def band_text(band: Band | None) -> tuple[str, str, str]:
    """(P10, P50, P90) as text; dashes when not quantified."""
    if band is None:
        return ("—", "—", "—")
    return (_fig(band.p10), _fig(band.p50), _fig(band.p90))


def total_line(total: PlanValue, lang: Lang) -> str:
    """The whole plan's value a year in one line (its bold as Markdown), or why it is not quantified."""
    head = f"**{t('val_plan_total', lang)}**{t('colon', lang)}"
    if total.cny is None:
        return head + (total.reason.in_(lang) if total.reason is not None else t("val_not_quantified", lang))
    return head + " · ".join(f"{t(unit, lang)} **{band_cell(b)}**" for unit, b in
                             (("val_kwh", total.kwh), ("val_co2", total.t_co2e), ("val_cny", total.cny)))


#: the value table's column widths (px): the step's name and the note read whole
def value_widths(lang: Lang) -> dict[str, int]:
    head = value_header(lang)
    return {head[1]: 300, head[2]: 210, head[3]: 170, head[4]: 230, head[6]: 520}


def value_header(lang: Lang) -> list[str]:
    return [t("wave", lang), t("step", lang), *(f"{t(unit, lang)} P50 (P10–P90)"
                                                for unit in ("val_kwh", "val_co2", "val_cny")),
            t("grade", lang), t("val_note", lang)]


def band_cell(band: Band | None) -> str:
    """P50 (P10–P90), or the one number when the three are equal; a dash when not quantified."""
    if band is None:
        return "—"
    p10, p50, p90 = band_text(band)
    return p50 if p10 == p90 else f"{p50} ({p10}–{p90})"


def value_rows(graph: ScenarioGraph, rm: Roadmap, values: Mapping[str, StepValue],
               lang: Lang) -> tuple[list[list[str]], list[str]]:
    """One row per scenario step of the roadmap (and the ids the rows are about): each step's own value at this
    plant, a year, or why it has none. Technology steps are left out: their value is in the scenarios they
    unlock."""
    rows, ids = [], []
    for w in rm.waves:
        for s in w.steps:
            if s.kind != "scenario":
                continue
            v = values.get(s.id)
            if v is None or not v.quantified:
                note = v.reason.in_(lang) if v is not None and v.reason is not None else t("val_not_quantified",
                                                                                          lang)
            else:
                note = t("list_sep", lang).join(f"{e.source}" + (f" ({e.locator})" if e.locator else "")
                                                for e in v.effects)
            rows.append([str(w.index), graph.name(s.id, lang), band_cell(v.kwh if v else None),
                         band_cell(v.t_co2e if v else None), band_cell(v.cny if v else None),
                         (v.grade if v else None) or "—", note])
            ids.append(s.id)
    return rows, ids


@dataclass(frozen=True)
class WaveValue:
    """The plan's combined yuan a year once a wave is done (cumulative: P10, P50, P90; None when the plan's total
    is not quantified), and what the wave itself added (P50)."""

    wave: int
    months: int
    cny: tuple[float, float, float] | None
    added_cny: float | None


def wave_values(months: Sequence[int], cumulative: Sequence[PlanValue]) -> list[WaveValue]:
    """Per wave: the cumulative plan value and the P50 yuan the wave adds to the one before. Before the first
    quantified step is done the plan is worth 0 (not "not quantified") when a later wave's total is quantified."""
    quantified = any(pv.cny is not None for pv in cumulative)
    out, before = [], 0.0
    for i, (m, pv) in enumerate(zip(months, cumulative, strict=True), start=1):
        if pv.cny is not None:
            cny: tuple[float, float, float] | None = (pv.cny.p10, pv.cny.p50, pv.cny.p90)
        else:
            cny = (0.0, 0.0, 0.0) if quantified and not pv.steps else None
        out.append(WaveValue(i, m, cny, None if cny is None else cny[1] - before))
        before = cny[1] if cny is not None else before
    return out


def wave_rows(today: Sequence[WaveValue], optimised: Sequence[WaveValue] | None,
              lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Today's ordering and the optimised one side by side, per wave: the yuan a year the wave adds (P50) and the
    plan's combined value once it is done (P10-P90)."""
    header = [t("wave", lang), t("months", lang), f"{t('val_today', lang)} · {t('val_added', lang)}",
              f"{t('val_today', lang)} · {t('val_cumulative_band', lang)}"]
    if optimised is not None:
        header += [f"{t('val_optimised', lang)} · {t('val_added', lang)}",
                   f"{t('val_optimised', lang)} · {t('val_cumulative_band', lang)}"]

    def cells(w: WaveValue | None) -> list[str]:
        if w is None or w.cny is None:
            return ["—", "—"]
        p10, p50, p90 = (_fig(x) for x in w.cny)
        return [_fig(w.added_cny or 0.0), p50 if p10 == p90 else f"{p50} ({p10}–{p90})"]

    rows = []
    for i in range(max(len(today), len(optimised or ()))):
        w = today[i] if i < len(today) else None
        o = optimised[i] if optimised is not None and i < len(optimised) else None
        first = w or o
        row = [str(first.wave), str(first.months), *cells(w)]  # type: ignore[union-attr]
        if optimised is not None:
            row += cells(o)
        rows.append(row)
    return header, rows


def wave_figure(today: Sequence[WaveValue], optimised: Sequence[WaveValue] | None, lang: Lang) -> go.Figure:
    """Value by wave: the yuan a year each wave adds (P50), today's ordering beside the optimised one."""
    longest = today if len(today) >= len(optimised or ()) else optimised
    names = [str(w.wave) for w in longest]  # type: ignore[union-attr]
    bars = [go.Bar(name=t("val_today", lang), x=names[:len(today)], y=[w.added_cny or 0.0 for w in today],
                   marker_color="#aaaaaa")]
    if optimised is not None:
        bars.append(go.Bar(name=t("val_optimised", lang), x=names[:len(optimised)],
                           y=[w.added_cny or 0.0 for w in optimised], marker_color="#1f77b4"))
    fig = go.Figure(bars)
    fig.update_layout(barmode="group", title=t("val_by_wave", lang), yaxis={"title": t("val_cny_year", lang)},
                      xaxis={"title": t("wave", lang), "tickangle": 0, "type": "category"},
                      height=340, margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"})
    return fig


_FILL = {"#888888": "rgba(136,136,136,0.18)", "#1f77b4": "rgba(31,119,180,0.18)"}


def cumulative_figure(today: Sequence[WaveValue], optimised: Sequence[WaveValue] | None,
                      lang: Lang) -> go.Figure:
    """The cumulative curve: the plan's combined yuan a year (P50, with its P10-P90 band) as the months pass,
    today's ordering and the optimised one."""
    fig = go.Figure()
    series = [(t("val_today", lang), today, "#888888")]
    if optimised is not None:
        series.append((t("val_optimised", lang), optimised, "#1f77b4"))
    for name, waves, colour in series:
        shown = [w for w in waves if w.cny is not None]
        xs = [0, *(w.months for w in shown)]
        p10, p50, p90 = ([0.0, *(w.cny[i] for w in shown)] for i in range(3))  # type: ignore[index]
        # the P10-P90 band: the P10 step line, then the P90 one filled down to it
        fig.add_trace(go.Scatter(x=xs, y=p10, mode="lines", line={"width": 0, "shape": "hv"}, hoverinfo="skip",
                                 showlegend=False))
        fig.add_trace(go.Scatter(x=xs, y=p90, mode="lines", line={"width": 0, "shape": "hv"}, fill="tonexty",
                                 fillcolor=_FILL[colour], hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(x=xs, y=p50, name=plotly(name), mode="lines+markers",
                                 line={"color": colour, "shape": "hv"}))
    fig.update_layout(title=t("val_cumulative_title", lang), height=340,
                      xaxis={"title": t("months", lang)}, yaxis={"title": t("val_cny_year", lang)},
                      margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"})
    return fig


def _line_text(graph: ScenarioGraph, line: Line, lang: Lang) -> str:
    name = graph.name(line.id, lang) if line.id in graph else line.id
    return f"{name} ({line.comparator} {line.value:,.6g} {line.unit})"


def distance_header(lang: Lang) -> list[str]:
    return [t("dist_kpi", lang), t("dist_current", lang), t("dist_line", lang), t("dist_gap", lang),
            t("dist_closed", lang), t("dist_after", lang)]


def distance_rows(graph: ScenarioGraph, distances: Sequence[Distance],
                  lang: Lang) -> tuple[list[list[str]], list[str]]:
    """One row per plant-level KPI and line: where the plant stands, the gap (> 0: short of the line), what the
    plan's sourced effects could close (P10-P90) and where the plan leaves it (P50); or why not."""
    rows, ids = [], []
    for d in distances:
        lower = graph.node(d.kpi).get("direction") == "lower" if d.kpi in graph else True
        for ln in d.lines:
            gap = d.gaps.get(ln.id)
            if d.closable is not None:
                closed = _fig(d.closable.p10) if d.closable.p10 == d.closable.p90 else \
                    f"{_fig(d.closable.p10)}–{_fig(d.closable.p90)}"
                mid = d.current.mid if d.current is not None else 0.0
                after = mid - d.closable.p50 if lower else mid + d.closable.p50
                after_text = _fig(after)
            else:
                closed = d.reason.in_(lang) if d.reason is not None else "—"
                after_text = "—"
            current = "—" if d.current is None else (_fig(d.current.low) if d.current.low == d.current.high
                                                      else f"{_fig(d.current.low)}–{_fig(d.current.high)}")
            rows.append([graph.name(d.kpi, lang), current,
                         _line_text(graph, ln, lang),
                         "—" if gap is None else ("+" if gap > 0 else "") + _fig(gap), closed, after_text])
            ids.append(d.kpi)
    return rows, ids


def distance_notes(graph: ScenarioGraph, distances: Sequence[Distance], lang: Lang) -> list[str]:
    """What the data says a line's digital levers cannot do (a target's digital limit), once per line shown."""
    seen: dict[str, str] = {}
    for d in distances:
        for ln in d.lines:
            note = graph.node(ln.id).get(f"digital_limit_{lang}") if ln.id in graph else None
            if note and ln.id not in seen:
                seen[ln.id] = f"{graph.name(ln.id, lang)}{t('colon', lang)}{note}"
    return list(seen.values())
