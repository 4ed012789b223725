from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.dataset.loader import load_graph
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.stores import MemoryStore
from scenegraph.stores.files.assessments import AssessmentArchive

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(ROOT / "tools" / "neo4j"))

import server as neo4j_server  # noqa: E402  (tools/neo4j/server.py)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What a reader sees of Markdown made inert by scenegraph.base.inert.md: its escapes and invisible joiners
    gone (AppTest gives an element's Markdown source, not the page)."""
    return _ESCAPED.sub(r"\1", markdown).replace("\u2060", "").replace("\u00a0", " ").replace("  \n", "\n")


def pytest_collection_modifyitems(config, items) -> None:
    """A browser journey that times out waiting for the page is run once more (pytest-rerunfailures): on a loaded
    2-core machine a Streamlit rerun can land on a click and Chromium waits out its timeout. Only timeouts, only
    browser tests, once: a journey that fails twice, or fails on an assertion, fails."""
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=["TimeoutError"]))


#: what a test reaches Neo4j or a browser through: such a test must carry the mark, so that the fast lane
#: (`pytest -m "not neo4j and not browser"`, README "Testing") never starts a server or Chromium
_NEEDS_MARK = {"neo4j": {"neo4j_settings", "neo4j_store", "neo4j_import_dir"},
               "browser": {"served", "browser", "context", "fresh_page"}}


@pytest.fixture(autouse=True)
def _marked_for_what_it_uses(request):
    """After each test: a test that used Neo4j or a browser (dynamically requested fixtures included, as the store
    parameters do) without the neo4j or browser mark is an error, naming the mark to add."""
    yield
    used = set(request.fixturenames)
    for mark, fixtures in _NEEDS_MARK.items():
        if used & fixtures and request.node.get_closest_marker(mark) is None:
            pytest.fail(f"{request.node.nodeid} uses {', '.join(sorted(used & fixtures))} without "
                        f"@pytest.mark.{mark} (a store parameter: pytest.param(..., marks=pytest.mark.{mark}))",
                        pytrace=False)


def skip_or_fail(reason: str) -> None:
    """Locally a missing Neo4j skips its tests; in CI a skipped Neo4j test is a failure."""
    if IN_CI:
        pytest.fail(f"Neo4j test could not run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _private_user_data(tmp_path, monkeypatch):
    """Saved assessments go to a folder of the test's own, never the user's data folder."""
    monkeypatch.setenv("SCENEGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NEO4J_HOME", raising=False)  # a developer's own Neo4j home is never bulk-imported into


def app_test(monkeypatch, secrets: dict[str, str] | None = None, settings=None):
    """The Streamlit app under AppTest: the embedded default unless Neo4j settings (or raw secrets) are given,
    which reach it as Streamlit secrets, never as committed files."""
    from streamlit.testing.v1 import AppTest

    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if settings is not None:
        secrets = {"NEO4J_URI": settings.uri, "NEO4J_USER": settings.user,
                   "NEO4J_PASSWORD": settings.password.get_secret_value()}
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    return at


# ---------------------------------------------------------------- graphs


@pytest.fixture(scope="session")
def small_graph() -> ScenarioGraph:
    """A hand-made graph small enough that every query answer is computed by hand in the tests."""
    return load_graph(FIXTURES / "small")


@pytest.fixture(scope="session")
def shipped() -> ScenarioGraph:
    return load_graph()


@pytest.fixture(scope="session")
def synth_graph(tmp_path_factory) -> ScenarioGraph:
    out = tmp_path_factory.mktemp("synth")
    write_synth(SynthSpec(scenarios=1500, seed=11), out)
    return load_graph(out)


@pytest.fixture
def small_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture, for breaking files on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(FIXTURES / "small", dst)
    return dst


# ---------------------------------------------------------------- Neo4j


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory):
    """NEO4J_URI if set (a user's own Neo4j); otherwise a real Neo4j 5.26 started here for the session."""
    from scenegraph.base.settings import load_settings

    settings = load_settings().neo4j
    if settings is not None:
        yield settings
        return
    try:
        server = neo4j_server.Neo4jServer(tmp_path_factory.mktemp("neo4j-session")).start()
    except (neo4j_server.ServerError, OSError) as e:
        skip_or_fail(f"no Neo4j: {e}")
    _Loaded.import_dir = server.import_dir
    try:
        yield load_settings(server.env()).neo4j
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_store(neo4j_settings) -> Iterator:
    from scenegraph.stores.neo4j import Neo4jStore

    store = Neo4jStore.connect(neo4j_settings)
    store.apply_schema()
    yield store
    store.close()


class _Loaded:
    """Which graph the shared Neo4j database holds now, so tests reload only when they need other data."""

    current: int | None = None
    #: the server's LOAD CSV folder (known when this session started the server, or from NEO4J_IMPORT_DIR)
    import_dir: Path | None = None


@pytest.fixture(scope="session")
def neo4j_import_dir(neo4j_settings) -> Path:
    folder = _Loaded.import_dir or (Path(os.environ["NEO4J_IMPORT_DIR"]) if os.environ.get("NEO4J_IMPORT_DIR")
                                    else None)
    if folder is None:
        skip_or_fail("LOAD CSV needs the server's import folder: set NEO4J_IMPORT_DIR")
    return folder


def load_into_neo4j(store, graph: ScenarioGraph):
    if _Loaded.current != id(graph):
        store.clear()
        store.load(graph)
        _Loaded.current = id(graph)
    return store


def owner_rows(store, text: str, **params) -> list[list]:
    """The test's own Cypher, run as the database owner (SHOW ..., untyped scans): what a test checks about the
    database, never what a user may run (the console, `run_readonly`, is for graph reads only)."""
    records = store.execute(text, params).records
    return [list(r.values()) for r in records]


def forget_neo4j_contents() -> None:
    _Loaded.current = None


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def shipped_store(request, shipped, tmp_path):
    """The shipped graph in each store with no saves yet: the saves a test makes are forgotten after it (the next
    test reloads a clean graph into Neo4j)."""
    if request.param == "memory":
        yield MemoryStore(shipped, AssessmentArchive(tmp_path / "assessments.json"))
        return
    forget_neo4j_contents()
    try:
        yield load_into_neo4j(request.getfixturevalue("neo4j_store"), shipped)
    finally:
        forget_neo4j_contents()


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def small(request, small_graph):
    """The small fixture in each store: the same hand-computed answers must come from both."""
    if request.param == "memory":
        return MemoryStore(small_graph)
    return load_into_neo4j(request.getfixturevalue("neo4j_store"), small_graph)


def private_downloads(at) -> dict[str, dict]:
    """The private download buttons on the page (ui/private_download): label -> what the button was given."""
    return {json.loads(e.proto.json)["label"]: json.loads(e.proto.json)
            for e in at.get("bidi_component") if e.proto.component_name == "scenegraph_private_download"}


def chart_data(at) -> dict:
    """What the clickable chart (the map's heatmap, the lens's bars) was asked to draw."""
    charts = [e for e in at.get("bidi_component") if e.proto.component_name == "scenegraph_chart"]
    assert charts, "no chart on the page"
    return json.loads(charts[0].proto.json)


# ---------------------------------------------------------------- browser (tests/test_browser*.py, test_signin_browser)
# One set of fixtures for every browser test module; a module that needs another server (sign-in on, Neo4j, its
# own data) overrides `server`, and one whose tests each need fresh cookies asks for `fresh_page`.


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app as a user runs it (streamlit run app.py) on the embedded graph, one per module: its URL, its home
    (drafts) and its log."""
    from tests.browser_support import AppFailed, serve_app

    home = tmp_path_factory.mktemp("home")
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    try:
        with serve_app(home, log) as url:
            yield url, home, log
    except AppFailed as e:
        pytest.fail(str(e))


@pytest.fixture(scope="module")
def server(served) -> str:
    return served[0]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per module (skipped locally, failed in CI, when it cannot run)."""
    from tests.browser_support import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def context(browser):
    """One browser context for the module's tests: they share cookies and history, as one user's tab would."""
    from tests.browser_support import browser_context

    with browser_context(browser) as ctx:
        yield ctx


@pytest.fixture
def page(context, request):
    """A new tab in the module's context; a screenshot of where the test ended, pass or fail."""
    from tests.browser_support import end_shot

    pg = context.new_page()
    yield pg
    end_shot(pg, request.node.name)
    pg.close()


@pytest.fixture
def fresh_page(browser, request):
    """A tab in a context of its own (its own cookies, history and session: each test signs in itself)."""
    from tests.browser_support import browser_context, end_shot

    with browser_context(browser) as ctx:
        pg = ctx.new_page()
        yield pg
        end_shot(pg, request.node.name)
