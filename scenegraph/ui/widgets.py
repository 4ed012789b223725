"""Widgets several pages share: a node picker that searches both languages, and URL (query-param) helpers
so that a copied link reopens the same view."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from ..i18n import Lang, t
from ..results import UnknownNode
from ..stores.base import GraphStore


def param_list(name: str) -> list[str]:
    raw = st.query_params.get(name, "")
    return [x for x in raw.split(",") if x]


def param_int(name: str, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(st.query_params.get(name, default))))
    except ValueError:
        return default


def set_params(**values: str | int | Iterable[str] | None) -> None:
    """Write the view into the URL; empty values are dropped (and only changes are written)."""
    for key, value in values.items():
        text = value if isinstance(value, str) else str(value) if isinstance(value, int) else ",".join(value or [])
        if text:
            if st.query_params.get(key) != text:
                st.query_params[key] = text
        elif key in st.query_params:
            del st.query_params[key]


def label_of(store: GraphStore, node_id: str, lang: Lang) -> str:
    node = store.node(node_id)
    return f"{node['name_zh'] if lang == 'zh' else node['name_en']} · {node_id}"


def node_picker(store: GraphStore, lang: Lang, key: str, label: str, default: str | None = None) -> str | None:
    """Search box plus a choice among the hits. A `default` from the URL is kept until the user searches."""
    if default:
        try:
            store.node(default)
        except UnknownNode:
            st.warning(f"{t('unknown_id', lang)} {default}")
            default = None
    query = st.text_input(label, key=f"{key}_q", placeholder=t("find_node", lang))
    options: list[str] = []
    names: dict[str, str] = {}
    if query.strip():
        for h in store.search(query, limit=30):
            options.append(h.id)
            names[h.id] = f"{h.name_zh if lang == 'zh' else h.name_en} · {h.id} ({h.label})"
        if not options:
            st.caption(t("no_match", lang))
    if default and default not in options:
        options.append(default)
        names[default] = label_of(store, default, lang)
    if not options:
        return None
    return st.selectbox(t("pick_node", lang), options, format_func=names.get, key=f"{key}_pick")
