"""Scenario map: counts, the stage x domain matrix (scenario count or share of benchmark factories running
them), a chosen cell's scenarios, and search."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ..charts import matrix_heatmap
from ..graph import ScenarioGraph
from ..i18n import Lang, t
from .state import backend_status, graph_or_stop, language
from .widgets import set_params


def node_link(graph: ScenarioGraph, node_id: str, lang: Lang) -> str:
    """A Markdown link to the node's detail page, keeping the language."""
    return f"[{graph.name(node_id, lang)}](node?{urlencode({'id': node_id, 'lang': lang})}) `{node_id}`"


def _cell(graph: ScenarioGraph, matrix, lang: Lang) -> None:
    st.subheader(t("cell", lang))
    left, right = st.columns(2)
    stages, domains = list(matrix.stages), list(matrix.domains)
    qs, qd = st.query_params.get("stage"), st.query_params.get("domain")
    if qs not in stages or qd not in domains:  # no (valid) cell in the URL: open the fullest one
        qs, qd = max(matrix.cells, key=lambda c: (len(matrix.cells[c]), c)) if matrix.cells else (None, None)
    stage = left.selectbox(t("stage", lang), stages, index=stages.index(qs) if qs in stages else 0,
                           format_func=lambda s: graph.name(s, lang), key="cell_stage")
    domain = right.selectbox(t("domain", lang), domains, index=domains.index(qd) if qd in domains else 0,
                             format_func=lambda d: graph.name(d, lang), key="cell_domain")
    set_params(stage=stage, domain=domain)
    scenarios = matrix.cells.get((stage, domain), ())
    if not scenarios:
        st.caption(t("cell_empty", lang))
    st.markdown("\n".join(f"- {node_link(graph, sc, lang)}" for sc in scenarios))


def page() -> None:
    lang = language()
    graph = graph_or_stop(lang)
    backend_status(lang)
    st.title(t("app_title", lang))
    stats = graph.stats()
    cols = st.columns(4)
    cols[0].metric(t("scenarios", lang), stats.nodes_by_label["Scenario"])
    cols[1].metric(t("stages", lang), stats.nodes_by_label["Stage"])
    cols[2].metric(t("targets", lang), stats.nodes_by_label["Target"])
    cols[3].metric(t("relationships", lang), stats.relationships)

    modes = ["count", "share"]
    mode = st.radio(t("matrix_mode", lang), modes, horizontal=True, key="map_mode",
                    index=1 if st.query_params.get("map") == "share" else 0,
                    format_func=lambda m: t("count", lang) if m == "count" else t("factory_share", lang))
    set_params(map="share" if mode == "share" else "")
    matrix = graph.matrix()
    share = graph.factory_share(matrix) if mode == "share" else None
    st.plotly_chart(matrix_heatmap(graph, matrix, lang, share), width="stretch", key="matrix")
    _cell(graph, matrix, lang)

    query = st.text_input(t("search", lang), key="q", value=st.query_params.get("q", ""))
    set_params(q=query.strip())
    if query.strip():
        hits = graph.search(query, limit=50)
        if not hits:
            st.info(t("no_match", lang))
        else:
            other = "name_en" if lang == "zh" else "name_zh"
            st.dataframe(
                [
                    {
                        t("col_id", lang): h.id,
                        t("col_label", lang): h.label,
                        t("col_name", lang): h.name_zh if lang == "zh" else h.name_en,
                        t("col_other", lang): getattr(h, other),
                    }
                    for h in hits
                ],
                hide_index=True,
                width="stretch",
                key="hits",
            )
