"""Export page: build a selection (live counts and a small preview), then download it in any format. The
selection lives in the URL, so a copied link rebuilds it."""

from __future__ import annotations

from functools import partial

import streamlit as st

from scenegraph.assess import Assessment, AssessmentError, parse_assessment
from scenegraph.auth.access import may_run_cypher
from scenegraph.base.errors import AccessDenied, InputRejected
from scenegraph.base.i18n import Lang, t
from scenegraph.base.inert import md
from scenegraph.base.limits import LIMITS
from scenegraph.export import FORMATS, export, writable
from scenegraph.export.selection import Selection, SelectionError, select
from scenegraph.graph.results import UnknownNode
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import LABELS
from scenegraph.graph.words import label_name
from scenegraph.present import release_stem
from scenegraph.present.network_page import select_view
from scenegraph.stores import StoreError
from scenegraph.ui.assessment import sheet_in_session
from scenegraph.ui.console import error_line
from scenegraph.ui.params import ExportParams
from scenegraph.ui.private_download import private_download
from scenegraph.ui.state import backend_status, language, principal, store_graph, store_scorer
from scenegraph.ui.widgets import lang_key, linked_table, linked_view, names_of, node_picker, store_places

PREVIEW_CAP = 60


def download_buttons(sub: ScenarioGraph, lang: Lang, stem: str, key: str, private: bool = False) -> None:
    """One button per format; each file is built only when its button is pressed (after one check that every
    format can carry the selection's texts, so a refusal is a message, not a failed download). A press reruns
    nothing (on_click="ignore"): a rerun racing the deferred file left the button disabled and no download.
    `private` (a selection made from the assessment being edited): the file goes to this session only, never to
    a /media URL (ui/private_download)."""
    try:
        writable(sub)
    except InputRejected as e:
        st.error(md(e))
        return
    cols = st.columns(4)
    stem = release_stem(stem, sub.release)
    for i, (name, spec) in enumerate(FORMATS.items()):
        if private:
            with cols[i % 4]:
                private_download(name.upper(), partial(export, sub, name, lang), f"{stem}{spec.suffix}", spec.mime,
                                 key=f"{key}_{name}_private", help=t(f"fmt_{name}", lang))
            continue
        cols[i % 4].download_button(f"⬇ {name.upper()}", partial(export, sub, name, lang), f"{stem}{spec.suffix}",
                                    spec.mime, key=f"{key}_{name}", help=t(f"fmt_{name}", lang), width="stretch",
                                    on_click="ignore")


def _assessment_from_form(graph: ScenarioGraph) -> Assessment | None:
    """The self-assessment page's answer sheet as an assessment (for the roadmap), if it holds a valid one."""
    form = sheet_in_session()
    if form is None or not form.stages:
        return None
    try:
        return parse_assessment({"enterprise_id": form.enterprise_id, "name": form.name or "-",
                                 "stages": form.stages, "answers": form.answers}, graph)
    except AssessmentError:
        return None


def page() -> None:
    lang = language()
    backend = backend_status(lang)
    store = backend.store
    p = ExportParams.read()
    st.title(t("export", lang))
    stage_ids = store.filter_nodes(labels=["Stage"])
    domain_ids = store.filter_nodes(labels=["Domain"])
    factories = store.filter_nodes(labels=["Factory"])
    names = names_of(store, [*stage_ids, *domain_ids, *factories], lang)
    order = store.subgraph([*stage_ids, *domain_ids])
    stage_ids, domain_ids = order.ordered("Stage"), order.ordered("Domain")
    choose = t("choose", lang)
    c1, c2 = st.columns(2)
    with c1:
        labels = st.multiselect(t("labels", lang), list(LABELS), key=lang_key("ex_labels", lang), placeholder=choose,
                                default=p.labels, format_func=lambda x: label_name(x, lang))
        stages = st.multiselect(t("stages", lang), stage_ids, key=lang_key("ex_stages", lang),
                                format_func=lambda x: names.get(x, x),
                                default=[x for x in p.stages if x in stage_ids], placeholder=choose)
        domains = st.multiselect(t("domain", lang), domain_ids, key=lang_key("ex_domains", lang),
                                 format_func=lambda x: names.get(x, x),
                                 default=[x for x in p.domains if x in domain_ids], placeholder=choose)
        levels = st.multiselect(t("levels", lang), [1, 2, 3, 4, 5], key="ex_levels", default=p.levels,
                                placeholder=choose)
    with c2:
        focus = node_picker(store, lang, "ex_node", t("focus", lang), p.id)
        hops = st.slider(t("hops", lang), 0, 3, p.hops, key="ex_hops")
        factory = st.selectbox(t("factory", lang), [None, *factories], key=lang_key("ex_factory", lang),
                               index=([None, *factories].index(p.factory) if p.factory in factories else 0),
                               format_func=lambda f: "—" if f is None else names.get(f, f), placeholder=choose)
        graph = store_graph(store) if sheet_in_session() is not None else None
        assessment = _assessment_from_form(graph) if graph is not None else None
        use_roadmap = st.checkbox(t("use_roadmap", lang), key="ex_roadmap", disabled=assessment is None)
        cypher = None
        who = principal()
        if backend.neo4j is not None and backend.problem is None and may_run_cypher(who):  # curators, admins
            cypher = st.text_area(t("cypher_selection", lang), "", key="ex_cypher", height=80,
                                  max_chars=LIMITS.max_cypher_chars) or None
    ExportParams(labels=labels, stages=stages, domains=domains, levels=levels, id=focus, hops=hops,
                 factory=factory).write()
    sel = Selection(labels=tuple(labels), stages=tuple(stages), domains=tuple(domains), levels=tuple(levels),
                    ids=(focus,) if focus else (), hops=hops, factory=factory, cypher=cypher,
                    roadmap=assessment if use_roadmap else None)
    if not (sel.filtered or sel.ids or factory or cypher or sel.roadmap):
        st.info(t("nothing_selected", lang))
        return
    try:
        sub = select(store, sel, store_scorer(store) if use_roadmap and graph is not None else None, who)
    except SelectionError as e:
        st.info(f"{t('selection_failed', lang)} {md(e.in_(lang))}")
        return
    except AccessDenied:
        st.error(t("cypher_curators_only", lang))
        return
    except StoreError as e:
        st.error(md(error_line(e, lang)))
        return
    except UnknownNode as e:
        st.error(md(e))
        return
    m1, m2 = st.columns(2)
    m1.metric(t("nodes", lang), len(sub))
    m2.metric(t("relationships", lang), sub.g.number_of_edges())
    view = select_view(sub, sub.ids(), PREVIEW_CAP, focus)
    preview = sub.subgraph(view.ids)
    if view.hidden:
        st.caption(t("hidden_note", lang).format(shown=len(view.ids), hidden=view.hidden))
    linked_view(preview, lang, "ex_preview", focus=focus, places=store_places(store.name, store), height=380,
                min_scale=0.3)
    listed = sub.ids()[:200]
    linked_table([{t("col_name", lang): sub.name(n, lang), t("col_label", lang): label_name(sub.label(n), lang),
                   t("col_id", lang): n} for n in listed], listed, "ex_table", lang, height=200)
    download_buttons(sub, lang, "scenegraph-selection", "ex_dl", private=sel.roadmap is not None)
