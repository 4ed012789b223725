"""Network explorer: a pyvis view of a selection (focus and hops, filters), capped so the browser never
freezes; every choice lives in the URL."""

from __future__ import annotations

import streamlit as st

from ..graph import ScenarioGraph
from ..i18n import Lang, t
from ..model import LABELS
from ..render import network_html, select_view
from ..stores.base import GraphStore
from .export import download_buttons
from .state import backend_status, graph_or_stop, language
from .widgets import node_picker, param_int, param_list, set_params

MAX_CAP = 400
DEFAULT_LABELS = ["Stage", "Scenario"]


@st.cache_data(max_entries=32, show_spinner=False)
def _html(_sub: ScenarioGraph, key: tuple, lang: Lang, size_by: str, focus: str | None, hidden: int,
          note: str) -> str:
    """The page for one view (cached: a rerun that changes nothing else does not rebuild 700 KB)."""
    return network_html(_sub, lang, size_by, focus, height=640, hidden=hidden, hidden_note=note)


def selection(store: GraphStore, focus: str | None, hops: int, labels: list[str], stages: list[str],
              domains: list[str], levels: list[int]) -> tuple[list[str], dict[str, int] | None]:
    """The ids the filters select (around the focus when there is one), with hop distances."""
    filtered = bool(labels or stages or domains or levels)
    if focus:
        dist = store.neighbourhood(focus, hops)
        if filtered:
            keep = set(store.filter_nodes(labels or None, stages or None, domains or None, levels or None))
            dist = {n: d for n, d in dist.items() if n in keep or n == focus}
        return list(dist), dist
    return store.filter_nodes(labels or DEFAULT_LABELS, stages or None, domains or None, levels or None), None


def page() -> None:
    lang = language()
    graph = graph_or_stop(lang)
    store = backend_status(lang).store
    st.title(t("network", lang))
    side = st.sidebar
    with side:
        focus = node_picker(store, lang, "focus", t("focus", lang), st.query_params.get("focus"))
        hops = st.slider(t("hops", lang), 0, 3, param_int("hops", 1, 0, 3), key="hops")
        labels = st.multiselect(t("labels", lang), list(LABELS), default=[x for x in param_list("labels")
                                                                          if x in LABELS], key="labels")
        stage_ids = graph.ordered("Stage")
        stages = st.multiselect(t("stages", lang), stage_ids, format_func=lambda s: graph.name(s, lang),
                                default=[x for x in param_list("stages") if x in stage_ids], key="stages")
        domain_ids = graph.ordered("Domain")
        domains = st.multiselect(t("domain", lang), domain_ids, format_func=lambda s: graph.name(s, lang),
                                 default=[x for x in param_list("domains") if x in domain_ids], key="domains")
        levels = st.multiselect(t("levels", lang), [1, 2, 3, 4, 5],
                                default=[int(x) for x in param_list("levels") if x in "12345"], key="levels")
        size_by = st.radio(t("size_by", lang), ["importance", "degree"], horizontal=True, key="size_by",
                           index=1 if st.query_params.get("size") == "degree" else 0,
                           format_func=lambda x: t(f"size_{x}", lang))
        cap = st.slider(t("node_cap", lang), 20, MAX_CAP, param_int("cap", 150, 20, MAX_CAP), step=10, key="cap")
    set_params(focus=focus, hops=str(hops), labels=labels, stages=stages, domains=domains,
               levels=[str(x) for x in levels], size=size_by if size_by != "importance" else "", cap=str(cap))

    ids, dist = selection(store, focus, hops, labels, stages, domains, levels)
    if not ids:
        st.info(t("no_match", lang))
        return
    whole = store.subgraph(ids)
    view = select_view(whole, ids, cap, focus, dist)
    sub = whole.subgraph(view.ids) if view.hidden else whole
    st.caption(t("view_counts", lang).format(nodes=len(sub), rels=sub.g.number_of_edges()))
    note = t("hidden_note", lang).format(shown=len(view.ids), hidden=view.hidden)
    if view.hidden:
        st.warning(note)
    st.iframe(_html(sub, tuple(sorted(view.ids)) + (store.name,), lang, size_by, focus, view.hidden, note),
              height=700)
    with st.expander(t("export_view", lang)):
        download_buttons(sub, lang, "scenegraph-view", "net_dl")
