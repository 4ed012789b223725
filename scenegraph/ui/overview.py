"""Scenario map: counts, the stage x domain matrix (scenario count or share of benchmark factories running
them), a clicked cell's scenarios as links, and search with results that open their detail. Everything is read
from the configured store."""

from __future__ import annotations

import streamlit as st

from scenegraph.base.i18n import Lang, t
from scenegraph.graph.results import Matrix
from scenegraph.stores import GraphStore
from scenegraph.ui.clickable_chart import clickable_chart, clicked, heat_data
from scenegraph.ui.params import OverviewParams
from scenegraph.ui.state import backend_status, language, per_release
from scenegraph.ui.widgets import hits_table, lang_key, node_link


def _map_data(store: GraphStore, mode: str, lang: Lang) -> tuple[Matrix, dict[str, str], dict]:
    """The matrix, the names of what it shows and the heatmap drawn from it (no cell chosen): computed once per
    embedded graph, mode and language by `per_release` (~60 ms a run otherwise)."""
    matrix = store.matrix()
    shown = {*matrix.stages, *matrix.domains, *(sc for cell in matrix.cells.values() for sc in cell)}
    if mode == "share":  # factories, what they operate and run, and where scenarios apply: one read
        sub = store.subgraph([*shown, *store.filter_nodes(labels=["Factory", "Process"])])
        share = sub.factory_share(matrix)
    else:
        sub, share = store.subgraph(shown), None
    names = {n: sub.name(n, lang) for n in sub.ids()}
    return matrix, names, _heat(names, matrix, lang, share)


def _heat(names: dict[str, str], matrix: Matrix, lang: Lang, share: list[list[float | None]] | None) -> dict:
    """The map as the clickable chart's heatmap: scenario counts (or shares of benchmark factories), the cell's
    scenarios in its hover (the chosen cell is set by the caller)."""
    z = matrix.counts() if share is None else share
    what = t("count", lang) if share is None else t("factory_share", lang)
    text = [["" if v is None else f"{v:.0%}" if share is not None else str(v) for v in row] for row in z]
    hover = [[f"{names[s]} × {names[d]}\n{what}: {text[i][j] or '—'}\n" + (
        "\n".join(names.get(sc, sc) for sc in matrix.cells.get((s, d), ())[:12]) or "—")
        for j, d in enumerate(matrix.domains)] for i, s in enumerate(matrix.stages)]
    return heat_data(t("matrix_title", lang) if share is None else t("matrix_share_title", lang),
                     [(s, names[s]) for s in matrix.stages], [(d, names[d]) for d in matrix.domains], z, text,
                     hover, None, "blues" if share is None else "greens")


@st.fragment
def _map(store: GraphStore, lang: Lang) -> tuple[str, tuple[str | None, str | None]]:
    """The map and the chosen cell's scenarios: a fragment, so a click on a cell reruns only this part."""
    p = OverviewParams.read()  # read here: on a fragment rerun the URL holds the latest choices
    modes = ["count", "share"]
    mode = st.radio(t("matrix_mode", lang), modes, horizontal=True, key=lang_key("map_mode", lang),
                    index=modes.index(p.map),
                    format_func=lambda m: t("count", lang) if m == "count" else t("factory_share", lang))
    matrix, names, heat = per_release(_map_data, store, mode, lang)

    click = clicked("matrix")  # a click on a cell, read before the map is drawn: one run per click
    chosen = tuple(click) if isinstance(click, list) and len(click) == 2 else (p.stage, p.domain)
    if chosen[0] not in matrix.stages or chosen[1] not in matrix.domains:  # no valid cell: the fullest one
        chosen = max(matrix.cells, key=lambda c: (len(matrix.cells[c]), c)) if matrix.cells else (None, None)
    OverviewParams(map=mode, stage=chosen[0], domain=chosen[1], q=p.q).write()
    st.caption(t("click_cell", lang))
    clickable_chart({**heat, "chosen": list(chosen) if chosen[0] is not None else None}, key="matrix")

    if chosen[0] is not None:
        scenarios = matrix.cells.get(chosen, ())
        st.subheader(t("cell_title", lang).format(stage=names[chosen[0]], domain=names[chosen[1]], n=len(scenarios)))
        if not scenarios:
            st.caption(t("cell_empty", lang))
        cols = st.columns(2)
        for i, sc in enumerate(scenarios):
            with cols[i % 2]:
                node_link(sc, names.get(sc, sc), lang)
    return mode, chosen


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

    mode, chosen = _map(store, lang)
    query = st.text_input(t("search", lang), key="q", value=p.q)
    OverviewParams(map=mode, stage=chosen[0], domain=chosen[1], q=query.strip()[:200]).write()
    if query.strip():
        st.subheader(t("search_results", lang))
        if not hits_table(store, query, lang, "hits"):
            st.info(t("no_match", lang))
