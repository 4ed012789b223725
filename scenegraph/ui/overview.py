"""Scenario map: counts, the stage x domain matrix (scenario count, share of benchmark factories running them, or
share of scenarios a source backs: evidence grade A-C), filtered by evidence grade, a clicked cell's scenarios as
links with their grade, and search with results that open their detail. Everything is read from the configured
store."""

from __future__ import annotations

import streamlit as st

from scenegraph.base.i18n import Lang, t
from scenegraph.base.inert import md
from scenegraph.base.limits import LIMITS
from scenegraph.graph.results import Matrix
from scenegraph.graph.schema import EVIDENCE_GRADES
from scenegraph.graph.words import value_text
from scenegraph.stores import GraphStore
from scenegraph.ui.changes import what_changed
from scenegraph.ui.clickable_chart import clickable_chart, clicked, heat_data
from scenegraph.ui.params import OverviewParams
from scenegraph.ui.state import backend_status, language, per_release
from scenegraph.ui.widgets import bounded_text, hits_table, lang_key, node_link, url_changed

#: grades counted as backed by a source on the map's grade colour (D: illustrative, no source)
SOURCED_GRADES = frozenset("ABC")


def _map_data(store: GraphStore, mode: str, grades: tuple[str, ...], lang: Lang
              ) -> tuple[Matrix, dict[str, str], dict[str, str | None], dict]:
    """The matrix (only scenarios of the chosen evidence grades, all when none is chosen), the names of what it
    shows, the scenarios' grades and the heatmap drawn from it (no cell chosen): computed once per embedded graph,
    mode, grades and language by `per_release` (~60 ms a run otherwise)."""
    matrix = store.matrix()
    shown = {*matrix.stages, *matrix.domains, *(sc for cell in matrix.cells.values() for sc in cell)}
    extra = store.filter_nodes(labels=["Factory", "Process"]) if mode == "share" else []
    sub = store.subgraph([*shown, *extra])  # factories, what they operate and run: one read
    grade = {n: sub.node(n).get("evidence_grade") for n in sub.ids("Scenario")}
    if grades:
        matrix = Matrix(matrix.stages, matrix.domains, {
            k: kept for k, v in matrix.cells.items() if (kept := tuple(sc for sc in v if grade.get(sc) in grades))})
    if mode == "share":
        values = sub.factory_share(matrix)
    elif mode == "grade":
        values = [[None if not matrix.count(s, d) else round(sum(
            grade.get(sc) in SOURCED_GRADES for sc in matrix.cells[(s, d)]) / matrix.count(s, d), 3)
            for d in matrix.domains] for s in matrix.stages]
    else:
        values = None
    names = {n: sub.name(n, lang) for n in sub.ids()}
    return matrix, names, grade, _heat(names, matrix, lang, mode, values)


_MODE_WORDS = {"count": ("count", "matrix_title", "blues"), "share": ("factory_share", "matrix_share_title", "greens"),
               "grade": ("grade_share", "matrix_grade_title", "oranges")}


def _heat(names: dict[str, str], matrix: Matrix, lang: Lang, mode: str, share: list[list[float | None]] | None
          ) -> dict:
    """The map as the clickable chart's heatmap: scenario counts (or shares of benchmark factories, or of sourced
    scenarios), the cell's scenarios in its hover (the chosen cell is set by the caller)."""
    what_key, title_key, scale = _MODE_WORDS[mode]
    z = matrix.counts() if share is None else share
    what = t(what_key, lang)
    text = [["" if v is None else f"{v:.0%}" if share is not None else str(v) for v in row] for row in z]
    hover = [[f"{names[s]} × {names[d]}\n{what}{t('colon', lang)}{text[i][j] or '—'}\n" + (
        "\n".join(names.get(sc, sc) for sc in matrix.cells.get((s, d), ())[:12]) or "—")
        for j, d in enumerate(matrix.domains)] for i, s in enumerate(matrix.stages)]
    return heat_data(t(title_key, lang), [(s, names[s]) for s in matrix.stages],
                     [(d, names[d]) for d in matrix.domains], z, text, hover, None, scale)


@st.fragment
def _map(store: GraphStore, lang: Lang) -> tuple[str, tuple[str | None, str | None], tuple[str, ...]]:
    """The map and the chosen cell's scenarios: a fragment, so a click on a cell reruns only this part."""
    p = OverviewParams.read()  # read here: on a fragment rerun the URL holds the latest choices
    modes = ["count", "share", "grade"]
    left, right = st.columns([3, 2])
    mode = left.radio(t("matrix_mode", lang), modes, horizontal=True, key=lang_key("map_mode", lang),
                      index=modes.index(p.map), format_func=lambda m: t(_MODE_WORDS[m][0], lang))
    grades_key = lang_key("map_grades", lang)
    if url_changed("map_grades", list(p.grades)) or grades_key not in st.session_state:
        st.session_state[grades_key] = list(p.grades)  # a link's grades win over the remembered choice
    picked = right.multiselect(t("grade_filter", lang), list(EVIDENCE_GRADES), key=grades_key,
                               format_func=lambda g: value_text("evidence_grade", g, lang),
                               placeholder=t("all_grades", lang))
    grades = tuple(sorted(picked))
    matrix, names, grade, heat = per_release(_map_data, store, mode, grades, lang)

    click = clicked("matrix")  # a click on a cell, read before the map is drawn: one run per click
    chosen: tuple[str | None, str | None] = ((str(click[0]), str(click[1])) if isinstance(click, list)
                                             and len(click) == 2 else (p.stage, p.domain))
    if chosen[0] not in matrix.stages or chosen[1] not in matrix.domains:  # no valid cell: the fullest one
        chosen = max(matrix.cells, key=lambda c: (len(matrix.cells[c]), c)) if matrix.cells else (None, None)
    OverviewParams(map=mode, stage=chosen[0], domain=chosen[1], q=p.q, grades=list(grades)).write()
    st.caption(t("click_cell", lang))
    clickable_chart({**heat, "chosen": list(chosen) if chosen[0] is not None else None}, key="matrix")

    stage, domain = chosen
    if stage is not None and domain is not None:
        scenarios = matrix.cells.get((stage, domain), ())
        st.subheader(t("cell_title", lang).format(stage=md(names[stage]), domain=md(names[domain]),
                                                  n=len(scenarios)))
        if not scenarios:
            st.caption(t("cell_empty", lang))
        cols = st.columns(2)
        for i, sc in enumerate(scenarios):
            with cols[i % 2]:
                node_link(sc, f"{names.get(sc, sc)} · {grade.get(sc) or '—'}", lang,
                          help=value_text("evidence_grade", grade.get(sc), lang))
    return mode, chosen, grades


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
    what_changed(lang)

    mode, chosen, grades = _map(store, lang)
    query = bounded_text(st, t("search", lang), p.q, "q", LIMITS.max_query_chars, lang)
    OverviewParams(map=mode, stage=chosen[0], domain=chosen[1], q=query.strip()[:LIMITS.max_query_chars],
                   grades=list(grades)).write()
    if query.strip():
        st.subheader(t("search_results", lang))
        if not hits_table(store, query, lang, "hits"):
            st.info(t("no_match", lang))
