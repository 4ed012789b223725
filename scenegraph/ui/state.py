"""What every page shares: the loaded graph (cached once per process), the language (in the URL) and the
store: embedded by default, Neo4j when configured; an unreachable Neo4j shows a banner and the embedded graph
keeps working."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import streamlit as st

from scenegraph.assess import Scorer
from scenegraph.auth.access import Principal
from scenegraph.base.errors import ScenegraphError
from scenegraph.base.i18n import LANGS, Lang, as_lang, t
from scenegraph.base.inert import md
from scenegraph.base.settings import Neo4jSettings
from scenegraph.dataset.loader import load_graph
from scenegraph.dataset.problems import DataError
from scenegraph.graph.results import UnknownNode
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.stores import GraphStore, MemoryStore, StoreError
from scenegraph.ui.context import LANG_KEY, language, neo4j_settings, settings
from scenegraph.ui.params import show_in_url
from scenegraph.ui.signin import current_principal, require_session

__all__ = ["Backend", "LANG_KEY", "backend", "backend_status", "guarded", "language", "language_switch",
           "neo4j_settings", "per_release", "principal", "release_key", "scorer", "settings", "store_graph",
           "store_scorer"]

if TYPE_CHECKING:  # the driver is imported when a Neo4j is configured, not by every page on the embedded store
    from scenegraph.stores.neo4j import Neo4jStore

T = TypeVar("T")


def principal() -> Principal:
    """Who is using the app: access.LOCAL with sign-in off, else the signed-in user (ui/signin.py decides)."""
    return current_principal()


@st.cache_resource(show_spinner="Loading the scenario graph…")
def _graph(data_dir: Path | None) -> ScenarioGraph:
    """The embedded graph of a data directory, loaded once per process (keyed by the directory: a server reads one,
    a test process several)."""
    return load_graph(data_dir)


@st.cache_resource
def scorer(_graph: ScenarioGraph) -> Scorer:
    """The self-assessment scorer of the embedded graph, built once per process."""
    return Scorer(_graph)


def release_key(store: GraphStore) -> tuple[str, int, str]:
    """Which graph a store holds now: its name, the connection, and the data release loaded into it (a cache key
    for what is computed from the store)."""
    return store.name, id(store), json.dumps(store.release(), sort_keys=True, default=str)


@st.cache_resource(ttl=300, max_entries=4, show_spinner=False)
def _whole(key: tuple, _store: GraphStore) -> ScenarioGraph:
    return _store.subgraph(_store.filter_nodes())


@st.cache_resource(ttl=300, max_entries=4, show_spinner=False)
def _whole_scorer(key: tuple, _store: GraphStore) -> Scorer:
    return Scorer(_whole(key, _store))


def per_release(compute: Callable[..., T], store: GraphStore, *args: Hashable) -> T:
    """`compute(store, *args)`, computed once per graph and arguments (small ones: they are the cache key) and kept
    as is, not copied (callers only read it): a rerun that shows the same thing costs a lookup. The embedded
    graph never changes in a process; a Neo4j store's answer is kept 30 s (its data may change under the same
    release)."""
    name = f"{compute.__module__}.{compute.__qualname__}"
    if isinstance(store, MemoryStore):
        return _per_release(name, release_key(store), args, compute, store)
    return _per_release_server(name, release_key(store), args, compute, store)


@st.cache_resource(max_entries=128, show_spinner=False)
def _per_release(name: str, release: tuple, args: tuple, _compute: Callable, _store: GraphStore):
    return _compute(_store, *args)


@st.cache_resource(max_entries=64, ttl=30, show_spinner=False)
def _per_release_server(name: str, release: tuple, args: tuple, _compute: Callable, _store: GraphStore):
    return _compute(_store, *args)


def store_graph(store: GraphStore) -> ScenarioGraph:
    """The whole graph of the store in use (Neo4j's read once per data release and 5 minutes), for the pages that
    work on all of it (self-assessment, the roadmap export): they never fall back to the embedded files."""
    if isinstance(store, MemoryStore):
        return store.graph
    return _whole(release_key(store), store)


def store_scorer(store: GraphStore) -> Scorer:
    """The self-assessment scorer of the store in use."""
    if isinstance(store, MemoryStore):
        return scorer(store.graph)
    return _whole_scorer(release_key(store), store)


_SWITCHED = "_lang_switched"


def _switched() -> None:
    st.session_state[_SWITCHED] = True


def language_switch() -> Lang:
    """The language radio in the sidebar, drawn once per run by the entry point (app.py) before navigation, so
    its state survives every page change. The URL's ?lang= decides on the first run (a reload or a copied link)
    and whenever it names the other language without the radio having been used: Back or Forward across a
    switch returns to that view in its language."""
    url = st.query_params.get("lang")
    switched = st.session_state.pop(_SWITCHED, False)
    if LANG_KEY not in st.session_state or (url in LANGS and url != st.session_state[LANG_KEY] and not switched):
        st.session_state[LANG_KEY] = as_lang(url)
    st.sidebar.radio("语言 / Language", LANGS, format_func={"zh": "中文", "en": "English"}.get, horizontal=True,
                     key=LANG_KEY, on_change=_switched)
    lang = language()
    if switched or url not in (None, lang):  # a switch: its own history entry (a missing one is added by the page)
        show_in_url()
    return lang


# ---------------------------------------------------------------- backend


@dataclass(frozen=True)
class Backend:
    store: GraphStore
    #: None when the store in use is the one asked for; else why the embedded graph stands in
    problem: str | None = None
    neo4j: Neo4jSettings | None = None


@st.cache_resource(show_spinner="Connecting to Neo4j…", ttl=30)
def _neo4j(settings: Neo4jSettings) -> Neo4jStore | str:
    """A connected store, or why not (cached 30 s, so a dead server costs one timeout, not one per click)."""
    try:
        from scenegraph.stores.neo4j import Neo4jStore

        return Neo4jStore.connect(settings)
    except StoreError as e:
        return str(e)


@st.cache_resource
def _memory(data_dir: Path | None) -> MemoryStore:
    return MemoryStore(_graph(data_dir))


def backend() -> Backend:
    neo = neo4j_settings()
    if neo is None:
        return Backend(_memory(settings().data_dir))
    got = _neo4j(neo)
    if isinstance(got, str):
        return Backend(_memory(settings().data_dir), got, neo)
    return Backend(got, None, neo)


def backend_status(lang: Lang) -> Backend:
    """The backend, with its status in the sidebar and a banner when Neo4j is configured but unreachable; on bad
    embedded data (when the embedded graph is the store) the problems are listed and the run ends."""
    try:
        b = backend()
    except DataError as e:
        st.error(t("data_error", lang))
        st.code("\n".join(map(str, e.problems)), language=None)
        st.stop()
        raise  # unreachable: st.stop() ends the run
    if b.neo4j is None:
        st.sidebar.caption(t("backend_embedded", lang))
    elif b.problem is None:
        st.sidebar.caption(f"{t('backend_neo4j', lang)}{t('colon', lang)}{md(b.neo4j.safe_uri)} ✅")
    else:
        st.sidebar.caption(f"{t('backend_neo4j', lang)}{t('colon', lang)}{md(b.neo4j.safe_uri)} ❌")
        st.warning(f"{t('neo4j_down', lang)} {md(b.problem)}", icon="⚠️")
    release = b.store.release()
    if release:
        st.sidebar.caption(t("data_release", lang).format(version=md(release.get("version", "?")),
                                                          date=md(release.get("date", "?"))))
    return b


def guarded(page: Callable[[], None]) -> None:
    """Run a page; errors a user can meet (Neo4j lost mid-session, an id that vanished) end in one line.
    With sign-in on, a page whose file runs without the entry point (AppTest, a stale tab) still needs a session."""
    require_session()
    try:
        page()
    except UnknownNode as e:
        st.warning(md(e))
    except ScenegraphError as e:
        st.error(md(e))
