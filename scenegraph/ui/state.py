"""What every page shares: the loaded graph (cached once per process) and the language (in the URL)."""

from __future__ import annotations

import streamlit as st

from ..data import load_graph
from ..graph import ScenarioGraph
from ..i18n import LANGS, Lang, t
from ..problems import DataError


@st.cache_resource(show_spinner="Loading the scenario graph…")
def _graph() -> ScenarioGraph:
    return load_graph()


def graph_or_stop(lang: Lang) -> ScenarioGraph:
    """The embedded graph; on bad data one clear message listing the problems, never a traceback."""
    try:
        return _graph()
    except DataError as e:
        st.error(t("data_error", lang))
        st.code("\n".join(map(str, e.problems)), language=None)
        st.stop()
        raise  # unreachable: st.stop() ends the run


def language() -> Lang:
    """The interface language: ?lang=zh|en in the URL, switchable in the sidebar."""
    current = st.query_params.get("lang", "zh")
    if current not in LANGS:
        current = "zh"
    chosen = st.sidebar.radio(
        "语言 / Language", LANGS, index=LANGS.index(current), format_func={"zh": "中文", "en": "English"}.get,
        horizontal=True, key="lang",
    )
    if chosen != st.query_params.get("lang"):
        st.query_params["lang"] = chosen
    return chosen
