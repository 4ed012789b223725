"""Path finder: the shortest chain of relationships between any two nodes, each step a link to the node's
detail and each relationship in words, drawn below."""

from __future__ import annotations

import streamlit as st

from scenegraph.base.i18n import t
from scenegraph.graph.schema import LABELS
from scenegraph.graph.words import label_name, rel_phrase
from scenegraph.ui.params import PathsParams
from scenegraph.ui.state import backend_status, language
from scenegraph.ui.widgets import lang_key, linked_view, node_link, node_picker


def page() -> None:
    lang = language()
    store = backend_status(lang).store
    p = PathsParams.read()
    st.title(t("path_finder", lang))
    left, right = st.columns(2)
    with left:
        src = node_picker(store, lang, "from", t("path_from", lang), p.src)
    with right:
        dst = node_picker(store, lang, "to", t("path_to", lang), p.to)
    avoid = st.multiselect(t("avoid", lang), list(LABELS), key=lang_key("avoid", lang), default=p.avoid_labels,
                           placeholder=t("choose", lang), format_func=lambda x: label_name(x, lang))
    PathsParams(src=src, to=dst, avoid=avoid or ["none"]).write()
    if not (src and dst):
        return
    path = store.shortest_path(src, dst, avoid_labels=avoid)
    if path is None:
        st.info(t("no_path", lang))
        return
    sub = store.subgraph(path)
    st.success(t("path_len", lang).format(n=len(path) - 1))
    steps = sub.path_edges(path)
    node_link(path[0], f"① {sub.name(path[0], lang)} · {label_name(sub.label(path[0]), lang)}", lang)
    for i, ((_, v, rel, _), node) in enumerate(zip(steps, path[1:], strict=True), start=2):
        forward = v == node  # the relationship points along the path
        st.caption(f"　↓ {rel_phrase(rel, forward, lang)}")
        node_link(node, f"{chr(0x2460 + i - 1) if i <= 20 else i} {sub.name(node, lang)} · "
                        f"{label_name(sub.label(node), lang)}", lang)
    # the path drawn left to right, each step a link to its detail
    linked_view(sub, lang, "path_view", focus=src, where={n: (i * 200.0, 45.0 * (i % 2)) for i, n in enumerate(path)},
                height=260, min_scale=0.5)
