"""Policy lens: each 2027 target with its number and the 2024 figure, the KPIs tracking it and the scenarios
that move them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ..i18n import t
from .state import backend_status, graph_or_stop, language


def _target_text(node: dict) -> str:
    unit = f" {node['unit']}" if node.get("unit") else ""
    comp = node["comparator"]
    if comp == "range":
        return f"{node['value']:g}–{node['value_max']:g}{unit}"
    if comp == "encouraged":
        return "encouraged"
    return f"{comp} {node['value']:g}{unit}" if node.get("value") is not None else comp


def page() -> None:
    lang = language()
    graph = graph_or_stop(lang)
    store = backend_status(lang).store
    st.title(t("policy_lens", lang))
    lens = store.policy_lens()
    counts = {x.target: len(x.scenario_ids()) for x in lens}
    fig = go.Figure(go.Bar(x=[counts[x.target] for x in lens], y=[graph.name(x.target, lang) for x in lens],
                           orientation="h", marker_color="#2ca02c"))
    fig.update_layout(title=t("scenarios_moving", lang), yaxis={"autorange": "reversed"},
                      height=max(300, 40 * len(lens)), margin={"l": 10, "r": 10, "t": 50, "b": 10})
    st.plotly_chart(fig, width="stretch", key="lens_bars")
    for item in lens:
        node = store.node(item.target)
        baseline = (f"{node['baseline_value']:g} ({node['baseline_year']})"
                    if node.get("baseline_value") is not None else "—")
        with st.expander(f"{graph.name(item.target, lang)} · {t('target_value', lang)}: {_target_text(node)} · "
                         f"{t('baseline', lang)}: {baseline}", expanded=False):
            if not item.kpis:
                st.write(t("none", lang))
            for k in item.kpis:
                st.markdown(f"**{graph.name(k.kpi, lang)}** (`{k.kpi}`)")
                rows = [{t("scenarios", lang): graph.name(s.scenario, lang), t("col_id", lang): s.scenario,
                         t("stages", lang): ", ".join(graph.name(x, lang) for x in s.stages)} for s in k.scenarios]
                if rows:
                    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                                 key=f"lens_{k.kpi}_{item.target}")
