"""Cypher console (Neo4j only): read-only, with a timeout and a row cap; refusals and errors in one line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scenegraph.auth.redact import redact
from scenegraph.base.i18n import t
from scenegraph.base.inert import md
from scenegraph.base.limits import LIMITS
from scenegraph.stores import StoreError
from scenegraph.ui.state import backend_status, language

TIMEOUT_S = 10.0
ROW_CAP = 1000


def page() -> None:
    lang = language()
    backend = backend_status(lang)
    st.title(t("console", lang))
    if backend.neo4j is None or backend.problem is not None:
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
        st.error(md(e))
        return
    st.caption(f"{len(result.rows)} rows · {result.seconds * 1000:.0f} ms"
               + (f" · {t('rows_capped', lang)}" if result.truncated else ""))
    st.dataframe(pd.DataFrame([[str(v) for v in redact(row)] for row in result.rows], columns=result.columns),
                 hide_index=True, width="stretch", key="console_rows")
