"""Export page: build a selection (live counts and a small preview), then download it in any format."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..assess import AssessmentError, parse_assessment
from ..export import FORMATS, export
from ..export.selection import Selection, SelectionError, select
from ..graph import ScenarioGraph
from ..i18n import Lang, t
from ..model import LABELS
from ..render import network_html, select_view
from ..results import UnknownNode
from ..stores.base import StoreError
from .state import backend_status, graph_or_stop, language, scorer
from .widgets import node_picker

PREVIEW_CAP = 60


def download_buttons(sub: ScenarioGraph, lang: Lang, stem: str, key: str) -> None:
    """One button per format; each file is built only when its button is pressed."""
    cols = st.columns(4)
    for i, (name, spec) in enumerate(FORMATS.items()):
        cols[i % 4].download_button(f"⬇ {name.upper()}", lambda n=name: export(sub, n, lang), f"{stem}{spec.suffix}",
                                    spec.mime, key=f"{key}_{name}", help=spec.what, width="stretch")


def _assessment_from_form(graph: ScenarioGraph):
    form = st.session_state.get("assess_form")
    if not form or not form.get("stages"):
        return None
    try:
        return parse_assessment({"enterprise_id": form["enterprise_id"], "name": form["name"] or "-",
                                 "stages": form["stages"], "answers": form["answers"]}, graph)
    except AssessmentError:
        return None


def page() -> None:
    lang = language()
    graph = graph_or_stop(lang)
    backend = backend_status(lang)
    store = backend.store
    st.title(t("export", lang))
    c1, c2 = st.columns(2)
    with c1:
        labels = st.multiselect(t("labels", lang), list(LABELS), key="ex_labels")
        stages = st.multiselect(t("stages", lang), graph.ordered("Stage"), key="ex_stages",
                                format_func=lambda s: graph.name(s, lang))
        domains = st.multiselect(t("domain", lang), graph.ordered("Domain"), key="ex_domains",
                                 format_func=lambda s: graph.name(s, lang))
        levels = st.multiselect(t("levels", lang), [1, 2, 3, 4, 5], key="ex_levels")
    with c2:
        focus = node_picker(store, lang, "ex_node", t("focus", lang))
        hops = st.slider(t("hops", lang), 0, 3, 1, key="ex_hops")
        factories = sorted(graph.ids("Factory"))
        factory = st.selectbox(t("factory", lang), [None, *factories], key="ex_factory",
                               format_func=lambda f: "—" if f is None else graph.name(f, lang))
        assessment = _assessment_from_form(graph)
        use_roadmap = st.checkbox(t("use_roadmap", lang), key="ex_roadmap", disabled=assessment is None)
        cypher = None
        if backend.neo4j is not None and backend.problem is None:
            cypher = st.text_area(t("cypher_selection", lang), "", key="ex_cypher", height=80) or None
    sel = Selection(labels=tuple(labels), stages=tuple(stages), domains=tuple(domains), levels=tuple(levels),
                    ids=(focus,) if focus else (), hops=hops, factory=factory, cypher=cypher,
                    roadmap=assessment if use_roadmap else None)
    try:
        sub = select(store, sel, scorer(graph) if use_roadmap else None)
    except SelectionError as e:
        st.info(str(e))
        return
    except (StoreError, UnknownNode) as e:
        st.error(str(e))
        return
    m1, m2 = st.columns(2)
    m1.metric(t("nodes", lang), len(sub))
    m2.metric(t("relationships", lang), sub.g.number_of_edges())
    view = select_view(sub, sub.ids(), PREVIEW_CAP, focus)
    preview = sub.subgraph(view.ids)
    note = t("hidden_note", lang).format(shown=len(view.ids), hidden=view.hidden)
    st.iframe(network_html(preview, lang, height=380, hidden=view.hidden, hidden_note=note), height=420)
    st.dataframe(pd.DataFrame([{t("col_id", lang): n, t("col_label", lang): sub.label(n),
                                t("col_name", lang): sub.name(n, lang)} for n in sub.ids()[:200]]),
                 hide_index=True, width="stretch", height=200, key="ex_table")
    download_buttons(sub, lang, "scenegraph-selection", "ex_dl")
