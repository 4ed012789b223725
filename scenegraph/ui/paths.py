"""Path finder: the shortest chain of relationships between any two nodes, drawn and listed."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from ..model import LABELS
from ..render import network_html
from .state import backend_status, graph_or_stop, language
from .widgets import node_picker, param_list, set_params


def page() -> None:
    lang = language()
    graph_or_stop(lang)
    store = backend_status(lang).store
    st.title(t("path_finder", lang))
    left, right = st.columns(2)
    with left:
        src = node_picker(store, lang, "from", t("path_from", lang), st.query_params.get("from"))
    with right:
        dst = node_picker(store, lang, "to", t("path_to", lang), st.query_params.get("to"))
    avoid = st.multiselect(t("avoid", lang), list(LABELS), key="avoid",
                           default=[x for x in param_list("avoid") if x in LABELS] if "avoid" in st.query_params
                           else ["Domain"])
    set_params(**{"from": src, "to": dst, "avoid": avoid or ["none"]})
    if not (src and dst):
        return
    path = store.shortest_path(src, dst, avoid_labels=avoid)
    if path is None:
        st.info(t("no_path", lang))
        return
    sub = store.subgraph(path)
    st.success(t("path_len", lang).format(n=len(path) - 1))
    steps = sub.path_edges(path)
    lines = [f"1. **{sub.name(path[0], lang)}** (`{path[0]}`, {sub.label(path[0])})"]
    for (_, v, rel, _), node in zip(steps, path[1:], strict=True):
        arrow = f"—[{rel}]→" if v == node else f"←[{rel}]—"
        lines.append(f"1. {arrow} **{sub.name(node, lang)}** (`{node}`, {sub.label(node)})")
    st.markdown("\n".join(lines))
    st.iframe(network_html(sub, lang, focus=src, height=420), height=480)
