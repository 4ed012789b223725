"""Network explorer: the selection (focus and hops, filters; the export's rule) drawn by the two-way vis-network
component in a layered layout that follows the chain. Above the cap the rest is folded into summary nodes per
stage, domain or label. A click selects a node (open its detail, or centre the view on it); a double click opens
its detail; a click on a summary narrows the filters to it. Every choice lives in the URL."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from scenegraph.base.i18n import Lang, name, t
from scenegraph.base.inert import md
from scenegraph.base.limits import LIMITS
from scenegraph.export.selection import Selection, SelectionError, selected_ids
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import LABELS
from scenegraph.graph.words import label_name
from scenegraph.present.network_view import LAYOUTS, SUMMARY_PREFIX, Folded, fold, positions, view_data
from scenegraph.stores import GraphStore
from scenegraph.ui.export import download_buttons
from scenegraph.ui.params import NetworkParams
from scenegraph.ui.state import backend_status, language, per_release
from scenegraph.ui.vis_network import network_component, view_key
from scenegraph.ui.widgets import drawn_when_open, lang_key, names_of, node_picker, store_places

MAX_CAP = LIMITS.network_node_cap
DEFAULT_LABELS = ("Stage", "Scenario")

def selection(store: GraphStore, focus: str | None, hops: int, labels: list[str], stages: list[str],
              domains: list[str], levels: list[int]) -> list[str]:
    """The ids the filters select, by the export's rule (so an exported view holds what was drawn); the focus is
    always drawn. Without a focus or a filter: stages and scenarios."""
    sel = Selection(labels=tuple(labels) or (() if focus or stages or domains or levels else DEFAULT_LABELS),
                    stages=tuple(stages), domains=tuple(domains), levels=tuple(levels),
                    ids=(focus,) if focus else (), hops=hops)
    try:
        ids = selected_ids(store, sel)
    except SelectionError:
        return [focus] if focus else []
    if focus and focus not in ids:
        ids.insert(0, focus)
    return ids


@dataclass(frozen=True)
class View:
    """One network view, everything a run needs to show it: the ids selected, their graph, what is drawn (data,
    and its digest: the browser redraws only when it changes), the folded view and the graph shown (exported)."""

    ids: tuple[str, ...]
    whole: ScenarioGraph
    data: dict
    digest: str
    folded: Folded
    shown: ScenarioGraph


def _view(store: GraphStore, focus: str | None, hops: int, labels: tuple[str, ...], stages: tuple[str, ...],
          domains: tuple[str, ...], levels: tuple[int, ...], cap: int, layout: str, lang: Lang,
          size_by: str) -> View | None:
    """Select, fold, lay out and serialise one view: computed once per embedded graph and choice of filters by
    `per_release` (a rerun that keeps the view costs a lookup by these few small arguments; the force layout
    costs a second at 400 nodes)."""
    ids = selection(store, focus, hops, list(labels), list(stages), list(domains), list(levels))
    if not ids:
        return None
    whole = store.subgraph(ids)
    distance = store.neighbourhood(focus, hops) if focus and (len(ids) > cap or layout == "ego") else {}
    places = store_places(store.name, store)
    folded = fold(whole, ids, cap, focus, distance, places)
    pos = positions(whole, folded, layout, focus, places)
    data = view_data(whole, folded, lang, layout, focus, size_by, pos=pos)
    shown = whole.subgraph(folded.ids) if folded.summaries else whole
    return View(tuple(ids), whole, data, view_key(data), folded, shown)


def _handle(event: dict | None, store: GraphStore, lang: Lang) -> None:
    """A click from the browser, once: select a node, open it, or expand a summary into filters."""
    if not event or event.get("n") == st.session_state.get("net_event_n"):
        return
    st.session_state["net_event_n"] = event.get("n")
    node_id = str(event.get("id", ""))
    if node_id.startswith(SUMMARY_PREFIX):
        label, _, place = node_id[len(SUMMARY_PREFIX):].partition("@")
        pending = {"labels": [label] if label in LABELS else []}
        kind = store.node(place)["label"] if place else ""
        if kind == "Stage":
            pending["stages"] = [place]
        elif kind == "Domain":
            pending["domains"] = [place]
        st.session_state["net_pending"] = pending
        st.rerun()
    if event.get("event") == "open":
        st.switch_page("views/node.py", query_params={"id": node_id, "lang": lang})
    st.session_state["net_selected"] = node_id


def _apply_pending(lang: Lang) -> None:
    """Widget values a click asked for, set before the widgets exist (Streamlit allows it only then; the widgets
    are then drawn without a default, which Streamlit would log as a stack trace)."""
    pending = st.session_state.pop("net_pending", None)
    if not pending:
        return
    if "focus" in pending:
        for key in ("focus_q", "focus_pick"):  # the picker forgets its search so the URL's focus wins
            st.session_state.pop(key, None)
        st.query_params["focus"] = pending.pop("focus")
    st.session_state.update({lang_key(k, lang): v for k, v in pending.items()})


def _default(key: str, value):
    """A widget's default, unless its value is already set in the session (by a click on a folded group)."""
    return None if key in st.session_state else value


@st.fragment
def _drawn(view: View, store: GraphStore, lang: Lang, focus: str | None) -> None:
    """The network and the selected node's line: a fragment, so a click on a node reruns only this part (the
    filters, the selection and the layout are not read again). Expanding a group, centring or opening a node
    still reruns the page."""
    event = network_component(view.data, {"fit": t("net_fit", lang), "hint": t("net_hint", lang)}, height=640,
                              key="net", digest=view.digest)
    whole = view.whole
    _handle(event, store, lang)
    chosen = st.session_state.get("net_selected")
    if chosen and chosen in whole:
        node = whole.node(chosen)
        cols = st.columns([4, 1, 1])
        cols[0].markdown(f"**{t('net_selected', lang)}:** {md(name(node, lang))} · {label_name(node['label'], lang)} "
                         f"· {md(chosen)}")
        cols[1].page_link("views/node.py", label=t("open_detail", lang), query_params={"id": chosen, "lang": lang})
        if cols[2].button(t("net_centre", lang), key="net_centre", disabled=chosen == focus):
            st.session_state["net_pending"] = {"focus": chosen}
            st.rerun()


def page() -> None:
    lang = language()
    store = backend_status(lang).store
    st.title(t("network", lang))
    _apply_pending(lang)  # a click's request first: it may set the focus in the URL
    p = NetworkParams.read()  # the URL parsed once (a bad ?levels= is dropped before any widget sees it)
    side = st.sidebar
    with side:
        focus = node_picker(store, lang, "focus", t("focus", lang), p.focus)
        hops = st.slider(t("hops", lang), 0, 3, p.hops, key="hops")
        layout = st.radio(t("net_layout", lang), LAYOUTS, horizontal=False, key=lang_key("layout", lang),
                          index=LAYOUTS.index(p.layout), format_func=lambda x: t(f"net_{x}", lang))
        choose = t("choose", lang)
        keys = {k: lang_key(k, lang) for k in ("labels", "stages", "domains")}
        labels = st.multiselect(t("labels", lang), list(LABELS), placeholder=choose, key=keys["labels"],
                                default=_default(keys["labels"], [x for x in p.labels if x in LABELS]),
                                format_func=lambda x: label_name(x, lang))
        stage_ids, domain_ids = store.ordered("Stage"), store.ordered("Domain")
        names = names_of(store, [*stage_ids, *domain_ids], lang)
        stages = st.multiselect(t("stages", lang), stage_ids, format_func=lambda x: names.get(x, x), key=keys["stages"],
                                default=_default(keys["stages"], [x for x in p.stages if x in stage_ids]),
                                placeholder=choose)
        domains = st.multiselect(t("domain", lang), domain_ids, format_func=lambda x: names.get(x, x),
                                 key=keys["domains"],
                                 default=_default(keys["domains"], [x for x in p.domains if x in domain_ids]),
                                 placeholder=choose)
        levels = st.multiselect(t("levels", lang), [1, 2, 3, 4, 5],
                                default=p.levels, key="levels", placeholder=choose)
        size_by = st.radio(t("size_by", lang), ["importance", "degree"], horizontal=True,
                           key=lang_key("size_by", lang), index=1 if p.size == "degree" else 0,
                           format_func=lambda x: t(f"size_{x}", lang))
        cap = st.slider(t("node_cap", lang), 20, MAX_CAP, p.cap, step=10, key="cap")
    # into the URL and remembered for the session: a reload, a copied link or the sidebar's link reopens it
    NetworkParams(focus=focus, hops=hops, labels=labels, stages=stages, domains=domains, levels=levels,
                  size=size_by, cap=cap, layout=layout).write()

    if layout == "ego" and not focus:
        st.caption(t("net_ego_needs_focus", lang))
        layout = "layered"
    view = per_release(_view, store, focus, hops, tuple(labels), tuple(stages), tuple(domains), tuple(levels), cap,
                       layout, lang, size_by)
    if view is None:
        st.info(t("no_match", lang))
        return
    st.caption(t("view_counts", lang).format(nodes=len(view.ids), rels=view.whole.g.number_of_edges()))
    if view.folded.summaries:
        st.info(t("net_folded", lang).format(shown=len(view.folded.ids), hidden=view.folded.hidden,
                                             groups=len(view.folded.summaries)))
    _drawn(view, store, lang, focus)
    box = drawn_when_open(t("export_view", lang), "net_export_open")
    if box is not None:
        with box:
            download_buttons(view.shown, lang, "scenegraph-view", "net_dl")
