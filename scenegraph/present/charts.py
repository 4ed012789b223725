"""Plotly figures built from query results: pure functions, no Streamlit. Every name is data and plotly reads
HTML in its texts (`<a href>` in a tick label is a live link): each goes through scenegraph.base.inert.plotly."""

from __future__ import annotations

import plotly.graph_objects as go

from scenegraph.base.i18n import Lang, pick, short_lines, t
from scenegraph.base.inert import plotly
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["benchmark_bars", "history_chart", "roadmap_timeline", "score_radar"]

_DAY_MS = 86_400_000


def _closed(values: list) -> list:
    return [*values, values[0]] if values else values


def score_radar(graph: ScenarioGraph, scores: dict[str, float], lang: Lang, title: str,
                peers: dict[str, float | None] | None = None) -> go.Figure:
    """Scores (0-5) around a circle: one axis per stage or domain, the peers' median beside them."""
    # plotly leaves no room for long labels around a polar chart and cuts them at its edge: short lines
    axes = ["<br>".join(plotly(x) for x in short_lines(graph.name(k, lang), 14)) for k in scores]
    fig = go.Figure()
    if peers:
        fig.add_trace(go.Scatterpolar(r=_closed([peers.get(k) or 0 for k in scores]), theta=_closed(axes),
                                      name=t("peer_median", lang), line={"dash": "dot", "color": "#999"}))
    fig.add_trace(go.Scatterpolar(r=_closed(list(scores.values())), theta=_closed(axes), fill="toself",
                                  name=t("you", lang), line={"color": "#1f77b4"}))
    # the legend below the circle, not beside it: beside, it took the width the axis labels need, and a label
    # at the left edge ("轧制（板带箔）") was cut to "l（板带箔）"
    # side margins wider than the longest label line (7 CJK or 14 Latin characters, ~95 px at 12 px)
    fig.update_layout(title=plotly(title), polar={"radialaxis": {"range": [0, 5], "dtick": 1}}, height=440,
                      margin={"l": 110, "r": 110, "t": 70, "b": 40}, showlegend=bool(peers),
                      legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.08, "yanchor": "top"})
    return fig


def benchmark_bars(graph: ScenarioGraph, rows: list[tuple[str, float, float | None, float | None]],
                   lang: Lang) -> go.Figure:
    """Per stage: the enterprise's score, the peers' median and best. rows = (stage, score, median, best)."""
    names = [plotly(graph.name(r[0], lang)) for r in rows]
    fig = go.Figure([
        go.Bar(name=t("you", lang), x=names, y=[r[1] for r in rows], marker_color="#1f77b4"),
        go.Bar(name=t("peer_median", lang), x=names, y=[r[2] for r in rows], marker_color="#aaaaaa"),
        go.Bar(name=t("peer_best", lang), x=names, y=[r[3] for r in rows], marker_color="#2ca02c"),
    ])
    fig.update_layout(barmode="group", title=t("benchmark_title", lang), yaxis={"range": [0, 5]}, height=380,
                      margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def roadmap_timeline(graph: ScenarioGraph, waves: list[tuple[int, int, list[tuple[str, str]]]],
                     lang: Lang) -> go.Figure:
    """A Gantt chart of the roadmap: one row per step from the start to the end of its wave (months), labelled
    with the wave and the step's name (shortened; the full name in the hover), technologies in their own colour.
    waves = (start, end, [(id, kind)])."""
    ys: list[str] = []
    bars: dict[str, tuple[list, list, list, list]] = {"scenario": ([], [], [], []), "technology": ([], [], [], [])}
    for i, (start, end, steps) in enumerate(waves, start=1):
        for node_id, kind in steps:
            name = graph.name(node_id, lang)
            y = f"{i} · {plotly(_short(name, pick(lang, 30, 44)))}"
            ys.append(y)
            what = t("technology_step", lang) if kind == "technology" else t("scenarios", lang)
            col = bars["technology" if kind == "technology" else "scenario"]
            col[0].append(y)
            col[1].append(start)
            col[2].append(end - start)
            col[3].append(f"{plotly(name)}<br>{what} · {t('wave', lang)} {i}{t('colon', lang)}{start}–{end} "
                          f"{t('months', lang)}")
    # one trace per kind, so the legend says what the orange bars are; rows keep the roadmap's order
    fig = go.Figure([go.Bar(y=y, x=w, base=b, orientation="h", marker_color=_KIND_COLOURS[kind], hovertext=h,
                            hoverinfo="text", name=t("technology_step" if kind == "technology" else "scenarios", lang))
                     for kind, (y, b, w, h) in bars.items() if y])
    ends = sorted({end for _, end, _ in waves})
    # the months are in the tick labels ("6 个月" / "6 months"), not in an axis title: at the top of the chart an
    # axis title printed over the chart's own title
    fig.update_layout(title={"text": t("roadmap_title", lang), "y": 1, "yanchor": "top", "pad": {"t": 12}},
                      xaxis={"tickvals": [0, *ends], "ticktext": [f"{m} {t('months', lang)}" for m in [0, *ends]],
                             "side": "top", "showgrid": True},
                      yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 12},
                             "categoryorder": "array", "categoryarray": ys},
                      height=max(300, 24 * len(ys) + 150), bargap=0.25, barmode="overlay",
                      legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "top"},
                      margin={"l": 10, "r": 20, "t": 90, "b": 50})
    return fig


_KIND_COLOURS = {"scenario": "#1f77b4", "technology": "#ff7f0e"}


def history_chart(rows: list[tuple], lang: Lang) -> go.Figure:
    """Saved scores over time, rows = (saved at, score). The ticks show the time of day when the saves are
    hours or seconds apart (a fixed date format labelled every tick of one day "2026-12-07"); the hover the
    exact second."""
    # ISO text on a date axis (tz-aware datetimes reached the browser as epoch milliseconds)
    fig = go.Figure(go.Scatter(x=[f"{r[0]:%Y-%m-%d %H:%M:%S}" for r in rows], y=[r[1] for r in rows],
                               mode="lines+markers", hovertemplate="%{x|%Y-%m-%d %H:%M:%S} · %{y:.2f}<extra></extra>"))
    stops = [{"dtickrange": [None, 60_000], "value": "%H:%M:%S\n%Y-%m-%d"},
             {"dtickrange": [60_000, _DAY_MS], "value": "%H:%M\n%Y-%m-%d"},
             {"dtickrange": [_DAY_MS, None], "value": "%Y-%m-%d"}]
    fig.update_layout(yaxis={"range": [0, 5], "title": t("score", lang)}, height=260,
                      xaxis={"type": "date", "tickformatstops": stops, "title": t("assessed_at", lang)},
                      margin={"l": 10, "r": 10, "t": 20, "b": 10})
    return fig
