"""Plotly figures built from query results: pure functions, no Streamlit."""

from __future__ import annotations

import plotly.graph_objects as go

from .graph import ScenarioGraph
from .i18n import Lang, t
from .results import Matrix

__all__ = ["benchmark_bars", "matrix_heatmap", "roadmap_timeline", "score_radar"]


def matrix_heatmap(graph: ScenarioGraph, matrix: Matrix, lang: Lang,
                   share: list[list[float | None]] | None = None) -> go.Figure:
    """Stage x domain heatmap of scenario counts (or, with `share`, of the share of benchmark factories running
    them); the hover lists the scenarios of each cell."""
    stages = [graph.name(s, lang) for s in matrix.stages]
    domains = [graph.name(d, lang) for d in matrix.domains]
    hover = [
        [
            "<br>".join(graph.name(sc, lang) for sc in matrix.cells.get((s, d), ())[:12]) or "—"
            for d in matrix.domains
        ]
        for s in matrix.stages
    ]
    what = t("count", lang) if share is None else t("factory_share", lang)
    fig = go.Figure(
        go.Heatmap(
            z=matrix.counts() if share is None else share,
            x=domains,
            y=stages,
            customdata=hover,
            colorscale="Blues" if share is None else "Greens",
            hovertemplate=f"%{{y}} × %{{x}}<br>{what}: %{{z}}<br>%{{customdata}}<extra></extra>",
            texttemplate="%{z}" if share is None else "%{z:.0%}",
            colorbar={"title": what},
        )
    )
    fig.update_layout(
        title=t("matrix_title", lang) if share is None else t("matrix_share_title", lang),
        yaxis={"autorange": "reversed"},
        height=max(420, 34 * len(stages)),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig


# ---------------------------------------------------------------- self-assessment


def _closed(values: list) -> list:
    return [*values, values[0]] if values else values


def score_radar(graph: ScenarioGraph, scores: dict[str, float], lang: Lang, title: str,
                peers: dict[str, float | None] | None = None) -> go.Figure:
    """Scores (0-5) around a circle: one axis per stage or domain, the peers' median beside them."""
    axes = [graph.name(k, lang) for k in scores]
    fig = go.Figure()
    if peers:
        fig.add_trace(go.Scatterpolar(r=_closed([peers.get(k) or 0 for k in scores]), theta=_closed(axes),
                                      name=t("peer_median", lang), line={"dash": "dot", "color": "#999"}))
    fig.add_trace(go.Scatterpolar(r=_closed(list(scores.values())), theta=_closed(axes), fill="toself",
                                  name=t("you", lang), line={"color": "#1f77b4"}))
    fig.update_layout(title=title, polar={"radialaxis": {"range": [0, 5], "dtick": 1}}, height=420,
                      margin={"l": 40, "r": 40, "t": 60, "b": 30}, showlegend=bool(peers))
    return fig


def benchmark_bars(graph: ScenarioGraph, rows: list[tuple[str, float, float | None, float | None]],
                   lang: Lang) -> go.Figure:
    """Per stage: the enterprise's score, the peers' median and best. rows = (stage, score, median, best)."""
    names = [graph.name(r[0], lang) for r in rows]
    fig = go.Figure([
        go.Bar(name=t("you", lang), x=names, y=[r[1] for r in rows], marker_color="#1f77b4"),
        go.Bar(name=t("peer_median", lang), x=names, y=[r[2] for r in rows], marker_color="#aaaaaa"),
        go.Bar(name=t("peer_best", lang), x=names, y=[r[3] for r in rows], marker_color="#2ca02c"),
    ])
    fig.update_layout(barmode="group", title=t("benchmark_title", lang), yaxis={"range": [0, 5]}, height=380,
                      margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig


def roadmap_timeline(graph: ScenarioGraph, waves: list[tuple[int, int, list[tuple[str, str]]]],
                     lang: Lang) -> go.Figure:
    """Steps as bars from the start to the end of their wave (months). waves = (start, end, [(id, kind)])."""
    ys, bases, widths, colours, hovers = [], [], [], [], []
    for start, end, steps in waves:
        for node_id, kind in steps:
            ys.append(graph.name(node_id, lang))
            bases.append(start)
            widths.append(end - start)
            colours.append("#ff7f0e" if kind == "technology" else "#1f77b4")
            hovers.append(f"{node_id}: {start}-{end} {t('months', lang)}")
    fig = go.Figure(go.Bar(y=ys, x=widths, base=bases, orientation="h", marker_color=colours, hovertext=hovers,
                           hoverinfo="text"))
    fig.update_layout(title=t("roadmap_title", lang), xaxis={"title": t("months", lang)},
                      yaxis={"autorange": "reversed"}, height=max(300, 22 * len(ys) + 100),
                      margin={"l": 10, "r": 10, "t": 60, "b": 40})
    return fig
