"""Overview page: counts, the stage x domain scenario map, and search."""

from __future__ import annotations

import streamlit as st

from ..charts import matrix_heatmap
from ..i18n import t
from .state import graph_or_stop, language


def page() -> None:
    lang = language()
    graph = graph_or_stop(lang)
    st.title(t("app_title", lang))
    stats = graph.stats()
    cols = st.columns(4)
    cols[0].metric(t("scenarios", lang), stats.nodes_by_label["Scenario"])
    cols[1].metric(t("stages", lang), stats.nodes_by_label["Stage"])
    cols[2].metric(t("targets", lang), stats.nodes_by_label["Target"])
    cols[3].metric(t("relationships", lang), stats.relationships)

    st.plotly_chart(matrix_heatmap(graph, graph.matrix(), lang), width="stretch", key="matrix")

    query = st.text_input(t("search", lang), key="q", value=st.query_params.get("q", ""))
    if query != st.query_params.get("q", ""):
        st.query_params["q"] = query
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
