"""Plotly figures built from query results: pure functions, no Streamlit."""

from __future__ import annotations

import plotly.graph_objects as go

from .graph import ScenarioGraph
from .i18n import Lang, t
from .results import Matrix

__all__ = ["matrix_heatmap"]


def matrix_heatmap(graph: ScenarioGraph, matrix: Matrix, lang: Lang) -> go.Figure:
    """Stage x domain heatmap; the hover lists the scenarios of each cell."""
    stages = [graph.name(s, lang) for s in matrix.stages]
    domains = [graph.name(d, lang) for d in matrix.domains]
    hover = [
        [
            "<br>".join(graph.name(sc, lang) for sc in matrix.cells.get((s, d), ())[:12]) or "—"
            for d in matrix.domains
        ]
        for s in matrix.stages
    ]
    fig = go.Figure(
        go.Heatmap(
            z=matrix.counts(),
            x=domains,
            y=stages,
            customdata=hover,
            colorscale="Blues",
            hovertemplate=f"%{{y}} × %{{x}}<br>{t('count', lang)}: %{{z}}<br>%{{customdata}}<extra></extra>",
            texttemplate="%{z}",
            colorbar={"title": t("count", lang)},
        )
    )
    fig.update_layout(
        title=t("matrix_title", lang),
        yaxis={"autorange": "reversed"},
        height=max(420, 34 * len(stages)),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig
