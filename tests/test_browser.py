"""End to end in a real browser (Debian's Chromium driven by Playwright): the app opens, switches language,
searches a scenario, draws the network view, and never asks anything of the internet."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import IN_CI, ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / ".artifacts" / "browser"
LOCAL = {"127.0.0.1", "localhost", ""}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def need(condition: bool, reason: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"browser test could not run in CI: {reason}")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app as a user runs it (streamlit run app.py), on the embedded graph."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["SCENEGRAPH_HOME"] = str(tmp_path_factory.mktemp("home"))
    # the server's output goes to a file: an undrained pipe fills up and blocks the server (and its shutdown)
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + log.read_text(errors="replace")[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    need(path is not None, "no Chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright is not installed")
    with sync_playwright() as p, __import__("tempfile").TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=path, headless=True, viewport={"width": 1400, "height": 1000},
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"])
        yield context
        context.close()


def test_language_search_network_offline(server, browser):
    requests: list[str] = []
    browser.on("request", lambda r: requests.append(r.url))
    page = browser.new_page()
    page.goto(server + "/", wait_until="domcontentloaded")
    page.get_by_text("铝产业链数字化转型场景图谱").first.wait_for(timeout=60_000)

    # language switch in the sidebar
    page.get_by_text("English", exact=True).first.click()
    page.get_by_text("Aluminium-chain digital-transformation scenario graph").first.wait_for(timeout=30_000)
    assert "lang=en" in page.url

    # network view: search a scenario in the sidebar and focus on it
    page.goto(server + "/network?lang=en", wait_until="domcontentloaded")
    box = page.get_by_placeholder("Find a node (Chinese, English or id)")
    box.wait_for(timeout=60_000)
    box.fill("Anode-effect prediction")
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('focus=sc_elec_anode_effect_prediction')",
                           timeout=30_000)
    # the network draws (in the page's one iframe) and its physics settles
    page.locator("iframe").first.content_frame.locator("canvas").first.wait_for(timeout=30_000)
    handle = next(f for f in page.frames if f != page.main_frame)
    handle.wait_for_function("() => window.scenegraphSettled !== undefined", timeout=60_000)
    drawn = handle.evaluate("""() => {
        const c = document.querySelector('canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
        return {nodes: network.body.nodeIndices.length, painted: painted, settled: window.scenegraphSettled,
                focus: network.body.nodes['sc_elec_anode_effect_prediction'] !== undefined};
    }""")
    assert drawn["nodes"] >= 5 and drawn["focus"] and drawn["painted"] > 5000, drawn

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "network.png"), full_page=False)
    outside = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
               and urlsplit(u).hostname not in LOCAL]
    assert not outside, f"requests left localhost: {outside[:5]}"
    assert (ARTIFACTS / "network.png").stat().st_size > 10_000


def test_exported_html_works_offline_and_runs_no_injected_script(browser, small_graph, tmp_path):
    """Names holding markup are shown as text: the page draws, and the script in the name never runs."""
    from scenegraph.export import export
    from scenegraph.graph import ScenarioGraph

    evil = "</script><script>window.__pwned = 1</script><img src=x onerror='window.__pwned=2'>"
    rows = [{**a, "name_zh": a["name_zh"] + evil, "name_en": evil} for _, a in small_graph.g.nodes(data=True)]
    graph = ScenarioGraph.from_rows(rows, small_graph.edges(), small_graph.sources)
    path = tmp_path / "export.html"
    path.write_bytes(export(graph, "html"))
    requests: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.scenegraphSettled !== undefined", timeout=60_000)
    assert page.evaluate("network.body.nodeIndices.length") == len(graph)
    assert page.evaluate("window.__pwned") is None
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in requests), requests[:5]
