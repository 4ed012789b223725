"""Scenario map: counts, the stage x domain matrix (scenario count or share of benchmark factories running
them), a clicked cell's scenarios as links, and search with results that open their detail. Everything is read
from the configured store."""

from __future__ import annotations

import streamlit as st

from ..charts import matrix_heatmap
from ..i18n import t
from .params import OverviewParams
from .state import backend_status, language
from .widgets import hits_table, node_link


def page() -> None:
    lang = language()
    store = backend_status(lang).store
    p = OverviewParams.read()
    st.title(t("app_title", lang))
    stats = store.stats()
    cols = st.columns(4)
    cols[0].metric(t("scenarios", lang), stats.nodes_by_label.get("Scenario", 0))
    cols[1].metric(t("stages", lang), stats.nodes_by_label.get("Stage", 0))
    cols[2].metric(t("targets", lang), stats.nodes_by_label.get("Target", 0))
    cols[3].metric(t("relationships", lang), stats.relationships)

    modes = ["count", "share"]
    mode = st.radio(t("matrix_mode", lang), modes, horizontal=True, key="map_mode", index=modes.index(p.map),
                    format_func=lambda m: t("count", lang) if m == "count" else t("factory_share", lang))
    matrix = store.matrix()
    shown = {*matrix.stages, *matrix.domains, *(sc for cell in matrix.cells.values() for sc in cell)}
    if mode == "share":  # factories, what they operate and run, and where scenarios apply: one read
        sub = store.subgraph([*shown, *store.filter_nodes(labels=["Factory", "Process"])])
        share = sub.factory_share(matrix)
    else:
        sub, share = store.subgraph(shown), None
    names = {n: sub.name(n, lang) for n in sub.ids()}

    chosen = (p.stage, p.domain)
    if chosen[0] not in matrix.stages or chosen[1] not in matrix.domains:  # no valid cell: the fullest one
        chosen = max(matrix.cells, key=lambda c: (len(matrix.cells[c]), c)) if matrix.cells else (None, None)
    st.caption(t("click_cell", lang))
    event = st.plotly_chart(matrix_heatmap(names, matrix, lang, share, chosen), width="stretch", key="matrix",
                            on_select="rerun", selection_mode="points")
    points = event.selection.points if event is not None else []
    if points and points[0].get("customdata"):
        chosen = tuple(points[0]["customdata"][:2])
        if (p.stage, p.domain) != chosen:  # redraw with the clicked cell outlined
            OverviewParams(map=mode, stage=chosen[0], domain=chosen[1], q=p.q).write()
            st.rerun()

    if chosen[0] is not None:
        scenarios = matrix.cells.get(chosen, ())
        st.subheader(t("cell_title", lang).format(stage=names[chosen[0]], domain=names[chosen[1]], n=len(scenarios)))
        if not scenarios:
            st.caption(t("cell_empty", lang))
        cols = st.columns(2)
        for i, sc in enumerate(scenarios):
            with cols[i % 2]:
                node_link(sc, names.get(sc, sc), lang)
    query = st.text_input(t("search", lang), key="q", value=p.q)
    OverviewParams(map=mode, stage=chosen[0], domain=chosen[1], q=query.strip()[:200]).write()
    if query.strip():
        st.subheader(t("search_results", lang))
        if not hits_table(store, query, lang, "hits"):
            st.info(t("no_match", lang))
