"""What every UI module reads from the Streamlit session, below all of them: the settings (secrets over the
environment) and the interface language. Kept apart from ui/state.py so that sign-in and the URL parameters can
read them without importing the page state that imports them (no file circles)."""

from __future__ import annotations

import streamlit as st

from scenegraph.base.i18n import Lang, as_lang
from scenegraph.base.settings import Neo4jSettings, Settings, load_settings

__all__ = ["LANG_KEY", "language", "neo4j_settings", "settings"]

LANG_KEY = "lang"


def settings() -> Settings:
    """The settings (scenegraph.base.settings), Streamlit secrets taking precedence over the environment."""
    try:
        secrets = dict(st.secrets)
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        secrets = {}
    return load_settings(secrets)


def neo4j_settings() -> Neo4jSettings | None:
    """Streamlit secrets first, then the environment. Never shown: only safe_uri is."""
    return settings().neo4j


def language() -> Lang:
    """The interface language, kept in the session. It reaches the URL with the rest of the view
    (params.show_in_url, by each page's parameters and once more at the end of every run: sidebar navigation
    drops the URL's parameters), so a copied link or a reload keeps the language."""
    return as_lang(st.session_state.get(LANG_KEY) or st.query_params.get("lang"))
