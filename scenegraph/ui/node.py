"""Node detail: every property, relationships grouped by type, cited sources, the prerequisite chain and the
benchmark factories running a scenario."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..graph import ScenarioGraph
from ..i18n import Lang, t
from .state import backend_status, graph_or_stop, language
from .widgets import node_picker, set_params


def _citation(graph: ScenarioGraph, key: str) -> str:
    src = graph.sources.get(key)
    if not src:
        return key
    parts = [f"**{src['title']}**", src.get("publisher"), str(src["year"]) if src.get("year") else None]
    text = " · ".join(p for p in parts if p)
    return f"{text} · [{src['url']}]({src['url']})" if src.get("url") else text


def _relationship_tables(sub: ScenarioGraph, node_id: str, lang: Lang) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for u, v, rel, props in sorted(sub.edges(), key=lambda e: (e[2], e[0], e[1])):
        if node_id not in (u, v):
            continue
        other = v if u == node_id else u
        direction = "→" if u == node_id else "←"
        row = {"": direction, t("col_id", lang): other, t("col_label", lang): sub.label(other),
               t("col_name", lang): sub.name(other, lang)}
        row.update({k: str(val) for k, val in props.items() if val not in (None, False)})
        groups.setdefault(rel, []).append(row)
    return groups


def page() -> None:
    lang = language()
    graph = graph_or_stop(lang)
    store = backend_status(lang).store
    st.title(t("node_detail", lang))
    node_id = node_picker(store, lang, "node", t("find_node", lang), st.query_params.get("id"))
    set_params(id=node_id)
    if not node_id:
        return
    node = store.node(node_id)
    st.header(f"{node['name_zh']} · {node['name_en']}")
    st.caption(f"{node['label']} · {node_id}" + (f" · {t('illustrative_note', lang)}" if node.get("illustrative")
                                                  else ""))
    for field in ("description_zh", "description_en"):
        if node.get(field):
            st.write(node[field])
    st.subheader(t("properties", lang))
    st.dataframe(pd.DataFrame([{"property": k, "value": str(v)} for k, v in node.items()
                               if k not in ("description_zh", "description_en")]),
                 hide_index=True, width="stretch", key="props")

    sub = store.subgraph(store.neighbourhood(node_id, 1))
    for rel, rows in _relationship_tables(sub, node_id, lang).items():
        st.subheader(rel)
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"rel_{rel}")

    keys = {node.get("source")} | {p.get("source") for u, v, _, p in sub.edges() if node_id in (u, v)}
    keys.discard(None)
    st.subheader(t("citations", lang))
    if keys:
        for key in sorted(keys):
            st.markdown(f"- `{key}` {_citation(graph, key)}")
    else:
        st.write(t("illustrative_note", lang) if node.get("illustrative") else t("none", lang))

    if node["label"] == "Scenario":
        st.subheader(t("prerequisite_chain", lang))
        chain = store.prerequisites(node_id)
        st.write(" → ".join(f"{sub.name(p, lang) if p in sub else store.node(p)['name_' + lang]} (`{p}`)"
                            for p in [*chain, node_id]) if chain else t("none", lang))
        st.subheader(t("factories_running", lang))
        rows = [{t("col_id", lang): u, t("col_name", lang): sub.name(u, lang), t("level", lang): p["level"],
                 "year": p.get("year"), "source": p.get("source") or (t("illustrative_note", lang)
                                                                      if p.get("illustrative") else "")}
                for u, v, rel, p in sub.edges("IMPLEMENTS") if v == node_id]
        if rows:
            st.dataframe(pd.DataFrame(rows).sort_values(t("level", lang), ascending=False), hide_index=True,
                         width="stretch", key="factories")
        else:
            st.write(t("none", lang))
