"""End to end in a real browser (Debian's Chromium driven by Playwright): the app opens, switches language,
searches a scenario, draws the network view, and never asks anything of the internet."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser_support import ARTIFACTS, network_frame

pytestmark = pytest.mark.browser
LOCAL = {"127.0.0.1", "localhost", ""}


def test_language_search_network_offline(server, context):
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
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
    # the network component draws, still (positions from Python, no physics)
    handle = network_frame(page)
    drawn = handle.evaluate("""() => {
        const c = document.querySelector('.sgn canvas');
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


def test_exported_html_works_offline_and_runs_no_injected_script(context, small_graph, tmp_path):
    """Names holding markup are shown as text: the page draws, and the script in the name never runs."""
    from scenegraph.export import export
    from scenegraph.graph.scenario_graph import ScenarioGraph

    evil = "</script><script>window.__pwned = 1</script><img src=x onerror='window.__pwned=2'>"
    rows = [{**a, "name_zh": a["name_zh"] + evil, "name_en": evil} for _, a in small_graph.g.nodes(data=True)]
    graph = ScenarioGraph.from_rows(rows, small_graph.edges(), small_graph.sources)
    path = tmp_path / "export.html"
    path.write_bytes(export(graph, "html"))
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.scenegraphSettled !== undefined", timeout=60_000)
    assert page.evaluate("network.body.nodeIndices.length") == len(graph)
    assert page.evaluate("window.__pwned") is None
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in requests), requests[:5]
