"""Observatory page (planners): pooled maturity levels, lagging scenarios, the national goal, change over time;
a printable brief and a CSV. Reads only aggregates, through the observatory repository of the store in use."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from scenegraph.auth.access import Principal, Role
from scenegraph.base.errors import AccessDenied
from scenegraph.base.i18n import Lang, pick, t
from scenegraph.base.inert import md
from scenegraph.observatory import Observatory
from scenegraph.observatory.potential import POTENTIAL_DIMENSIONS
from scenegraph.observatory.publish import Pooled
from scenegraph.present import release_stem
from scenegraph.present.observatory import (
    brief_csv,
    brief_html,
    change_figure,
    change_table,
    distribution_figure,
    distribution_table,
    goal_figure,
    goal_table,
    lag_figure,
    lag_table,
    potential_figure,
    potential_table,
    potential_targets_table,
    target_limits,
)
from scenegraph.stores import MemoryStore
from scenegraph.stores.compose import observatory_of
from scenegraph.ui.private_download import private_download
from scenegraph.ui.signin import current_principal
from scenegraph.ui.state import backend_status, language, store_graph

DIMENSIONS = ("stage", "region", "segment", "overall")


def principal() -> Principal:
    """The caller. Sign-in (when configured) provides it; the embedded single-user default runs as LOCAL."""
    return current_principal()


@st.cache_resource
def _memory_observatory(_store: MemoryStore, path: str, graph: int) -> Observatory:
    """One per archive file and process: it reads the summaries stored with the saves, parsed once per change."""
    return observatory_of(_store)


def repository(store) -> Observatory:
    if isinstance(store, MemoryStore):
        return _memory_observatory(store, str(store.archive.path), id(store.graph))
    return observatory_of(store)


def _day(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def _table(header: list[str], rows: list[list[str]], key: str) -> None:
    st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True, width="stretch", key=key)


def _potential(store, pooled: Pooled, lang: Lang) -> None:
    """The pooled potential of saved plans by stage and region, and against the 2027 targets (sums only, under
    the period's disclosure decision: observatory/potential.py)."""
    st.caption(t("pot_intro", lang).format(k=pooled.k))
    overall = pooled.rows.get("overall", [])
    if not any(r.valued for r in overall) and not pooled.targets:
        st.info(t("pot_none", lang))
    dim = st.radio(t("obs_dimension", lang), POTENTIAL_DIMENSIONS, horizontal=True, key="pot_dim",
                   format_func=lambda d: t(f"obs_dim_{d}", lang))
    if any(r.totals is not None for r in pooled.rows.get(dim, [])):
        st.plotly_chart(potential_figure(pooled, dim, lang), width="stretch", key="pot_chart")
    _table(*potential_table(pooled, dim, lang), key="pot_table")
    if any(r.totals is None for r in pooled.rows.get(dim, [])):
        st.caption(t("pot_hidden_note", lang).format(k=pooled.k))
    if pooled.targets:
        graph = store_graph(store)
        st.subheader(t("pot_targets", lang))
        _table(*potential_targets_table(pooled, lambda x: graph.name(x, lang) if x in graph else x, lang),
               key="pot_targets")
        for note in target_limits(graph, [r.target for r in pooled.targets], lang):
            st.caption(md(note))


def page() -> None:
    lang: Lang = language()
    store = backend_status(lang).store
    st.title(t("observatory", lang))
    who = principal()
    if not who.has(Role.PLANNER):
        st.warning(t("obs_planner_only", lang))
        return
    repo = repository(store)
    k = repo.k  # the server's minimum: the page never asks for less
    st.caption(t("obs_intro", lang).format(k=k))
    try:
        periods = repo.periods(who)[::-1]  # newest first: the publication calendar, month ends only
    except AccessDenied:
        st.warning(t("obs_planner_only", lang))
        return
    if not periods:
        st.info(t("obs_empty", lang))
        return
    c1, c2 = st.columns([1, 1])
    period: date = c1.selectbox(t("obs_as_of", lang), periods, key="obs_as_of", format_func=_day,
                                help=t("obs_calendar_help", lang))
    target = c2.slider(t("target_level", lang), 1, 5, 3, key="obs_target")
    head = st.container()
    tabs = st.tabs([t("obs_distribution", lang), t("obs_tab_lagging", lang), t("obs_tab_goal", lang),
                    t("obs_tab_change", lang), t("obs_tab_potential", lang)])
    with tabs[3]:
        d1, d2 = st.columns(2)
        earlier = [p for p in periods if p < period] or [period]
        before: date = d1.selectbox(t("obs_before", lang), earlier, index=min(11, len(earlier) - 1),
                                    key="obs_before", format_func=_day)
        cdim = d2.selectbox(t("obs_dimension", lang), DIMENSIONS, key="obs_change_dim",
                            format_func=lambda d: t(f"obs_dim_{d}", lang), placeholder=t("choose", lang))
    b, crows = repo.report(who, period, k, target, since=before, dimension=cdim)
    facts = b.facts
    overall = b.distributions["overall"][0] if b.distributions["overall"] else None
    m1, m2, m3 = head.columns(3)
    m1.metric(t("obs_enterprises", lang), f"{b.enterprises:,}")
    m2.metric(t("obs_share_goal", lang), "—" if overall is None or overall.share_at_goal is None
              else f"{100 * overall.share_at_goal:.1f}%")
    m3.metric(t("obs_goal", lang), f"> {100 * b.goal.share:.0f}%", help=md(b.goal.citation(lang)))
    if b.enterprises == 0:
        head.info(t("obs_empty", lang))
        return
    with tabs[0]:
        dim = st.radio(t("obs_dimension", lang), DIMENSIONS, horizontal=True, key="obs_dim",
                       format_func=lambda d: t(f"obs_dim_{d}", lang))
        rows = b.distributions[dim]
        st.plotly_chart(distribution_figure(rows, dim, facts, lang), width="stretch", key="obs_dist_chart")
        _table(*distribution_table(b, dim, lang), key="obs_dist_table")
        hidden = sum(r.suppressed for r in rows)
        if hidden:
            st.caption(t("obs_suppressed_note", lang).format(n=hidden, k=k))
    with tabs[1]:
        st.caption(t("obs_lag_help", lang))
        if b.lagging:
            st.plotly_chart(lag_figure(b, lang), width="stretch", key="obs_lag_chart")
            _table(*lag_table(b, lang), key="obs_lag_table")
        if b.lagging_suppressed:
            st.caption(t("obs_lag_hidden", lang).format(n=b.lagging_suppressed, k=k))
    with tabs[2]:
        st.plotly_chart(goal_figure(b, lang), width="stretch", key="obs_goal_chart")
        _table(*goal_table(b, lang), key="obs_goal_table")
        st.caption(f"{t('obs_goal', lang)}{t('colon', lang)}{md(pick(lang, b.goal.text_zh, b.goal.text_en))} · "
                   f"{t('obs_source', lang)}{t('colon', lang)}{md(b.goal.citation(lang))}")
    with tabs[3]:
        crows = crows or []
        st.plotly_chart(change_figure(crows, cdim, facts, lang), width="stretch", key="obs_change_chart")
        _table(*change_table(crows, cdim, facts, k, lang), key="obs_change_table")
        st.caption(t("obs_change_help", lang).format(k=k))
    with tabs[4]:
        _potential(store, repo.potential(who, period, k), lang)
    changed = (cdim, crows)
    e1, e2 = st.columns(2)
    stem = release_stem(f"observatory-{period:%Y%m%d}-{lang}", store.release())
    # built when pressed, sent to this session only (ui/private_download): never at a /media URL
    with e1:
        private_download(t("obs_download_csv", lang), lambda: brief_csv(b, lang, changed).encode("utf-8-sig"),
                         f"{stem}.csv", "text/csv", key="obs_dl_csv")
    with e2:
        private_download(t("obs_download_brief", lang), lambda: brief_html(b, lang, changed), f"{stem}.html",
                         "text/html", key="obs_dl_html")
