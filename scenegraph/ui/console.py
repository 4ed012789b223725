"""Cypher console (Neo4j only), for curators and admins: graph-only reads with a timeout and a row cap; refusals
and errors in one line, in the interface language."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scenegraph.auth.access import may_run_cypher
from scenegraph.auth.redact import redact
from scenegraph.base.i18n import Lang, t
from scenegraph.base.inert import md
from scenegraph.base.limits import LIMITS
from scenegraph.stores import StoreError
from scenegraph.stores.neo4j import Neo4jStore
from scenegraph.ui.state import backend_status, language, principal

TIMEOUT_S = 10.0
ROW_CAP = 1000


def error_line(e: StoreError, lang: Lang) -> str:
    """A refusal or an error in the interface language (the console's carry both languages)."""
    return e.in_(lang)


def page() -> None:
    lang = language()
    st.title(t("console", lang))
    if not may_run_cypher(principal()):  # the navigation hides the page too; this holds for a page run directly
        st.error(t("cypher_curators_only", lang))
        return
    backend = backend_status(lang)
    if backend.neo4j is None or backend.problem is not None or not isinstance(backend.store, Neo4jStore):
        st.info(t("console_needs_neo4j", lang))
        return
    st.caption(t("console_help", lang).format(timeout=int(TIMEOUT_S), rows=ROW_CAP))
    text = st.text_area("Cypher", "MATCH (s:Scenario)-[:AT]->(st:Stage) RETURN st.id AS stage, count(s) AS n "
                        "ORDER BY n DESC", height=140, key="cypher", max_chars=LIMITS.max_cypher_chars)
    if not st.button(t("run", lang), type="primary", key="run"):
        return
    try:
        result = backend.store.run_readonly(text, timeout=TIMEOUT_S, row_cap=ROW_CAP)
    except StoreError as e:
        st.error(md(error_line(e, lang)))
        return
    st.caption(t("console_rows", lang).format(n=len(result.rows), ms=f"{result.seconds * 1000:.0f}")
               + (f" · {t('rows_capped', lang)}" if result.truncated else ""))
    st.dataframe(pd.DataFrame([[str(v) for v in redact(row)] for row in result.rows], columns=result.columns),
                 hide_index=True, width="stretch", key="console_rows")
