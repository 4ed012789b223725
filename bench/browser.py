"""What a user waits for in the browser, on the shipped data: Debian's Chromium (Playwright) against `streamlit run
app.py`, one server and one browser for the whole run. Not a timed test: it prints a table.

Each figure runs from the user's act (a click, a key, a URL typed) until the view shows the new thing the user
asked for (a title, a header, a list, a drawn network) and Streamlit has finished the run.

    python bench/browser.py [--repeat 10] [--lang zh] [--out bench/out/browser.json]

Targets (issue 15): p95 < 1 s for navigation, search, map cell, node detail and lens; < 2 s to open any page by
URL; < 1 s from navigation to a drawn and still network for up to 400 nodes; bytes per network view reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scenegraph.data import load_graph  # noqa: E402
from scenegraph.i18n import t  # noqa: E402
from tests.browser_support import CHROMIUM_ARGS, chromium_path, network_frame, serve_app  # noqa: E402

TITLES = {"overview": "app_title", "network": "network", "node": "node_detail", "paths": "path_finder",
          "lens": "policy_lens", "assessment": "assessment", "export": "export"}
ALL_LABELS = "Stage,Process,Scenario,ReferenceScenario,Domain,AIModel,Technology,KPI,Target,Requirement,Factory"


def idle(page, timeout_ms: float = 60_000) -> None:
    """Streamlit has finished the run (the app root says so)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)


#: counts finished Streamlit runs in every document (window.__runs), so "the view is updated" needs no guess
COUNT_RUNS = """
window.__runs = 0;
new MutationObserver(ms => { for (const m of ms) if (m.target.getAttribute('data-test-script-state') === 'notRunning'
  && m.oldValue !== 'notRunning') window.__runs++; })
  .observe(document, {attributes: true, subtree: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""


def runs(page) -> int:
    return page.evaluate("window.__runs")


def next_run(page, before: int, timeout_ms: float = 60_000) -> None:
    """Wait until a run that started after `before` has finished."""
    page.wait_for_function("n => window.__runs > n", arg=before, timeout=timeout_ms)


def heading(page, text: str, timeout_ms: float = 60_000) -> None:
    page.locator("h1, h2, h3").filter(has_text=text).first.wait_for(state="visible", timeout=timeout_ms)


def click_node(page, frame, node_id: str) -> None:
    """Click a node where the canvas draws it (vis-network's own coordinates, mapped to the page)."""
    frame.evaluate("id => network.focus(id, {scale: Math.max(network.getScale(), 0.75), animation: false})", node_id)
    box = frame.evaluate("""id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
        const r = document.querySelector('#net').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top}; }""", node_id)
    at = page.locator("iframe[src*='scenegraph_network']").bounding_box()
    page.mouse.click(at["x"] + box["x"], at["y"] + box["y"])


def timed(act: Callable[[], None], done: Callable[[], None]) -> float:
    t0 = time.perf_counter()
    act()
    done()
    return (time.perf_counter() - t0) * 1000


def summary(name: str, samples: list[float], target_ms: float | None, extra: str = "") -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return {"measure": name, "n": len(samples), "p50_ms": round(statistics.median(samples)),
            "p95_ms": round(p95), "max_ms": round(max(samples)), "target_ms": target_ms,
            "ok": None if target_ms is None else p95 < target_ms, "note": extra}


class Bytes:
    """Bytes the page receives over the network (Chrome's own count: a file from the cache counts ~0), HTTP and
    websocket frames (Streamlit sends each view over its socket)."""

    def __init__(self, context, page):
        self.total = 0
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", lambda e: self._add(e.get("encodedDataLength", 0)))
        cdp.on("Network.webSocketFrameReceived", lambda e: self._add(len(e["response"].get("payloadData", ""))))

    def _add(self, n: float) -> None:
        self.total += int(n)

    def mark(self) -> int:
        return self.total


def run(repeat: int, lang: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    graph = load_graph()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp, serve_app(Path(tmp) / "home", Path(tmp) / "server.log") as url, \
            sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=chromium_path(), headless=True,
            viewport={"width": 1440, "height": 900}, args=CHROMIUM_ARGS)
        context.add_init_script(COUNT_RUNS)
        page = context.new_page()
        counter = Bytes(context, page)
        base = f"{url}/{{}}?lang={lang}"  # the map is the default page: its URL is the root

        def title(name: str) -> str:
            return t(TITLES[name], lang)

        # warm the server's caches once (first load of the graph), as any user after the first sees it
        page.goto(base.format(""), wait_until="domcontentloaded")
        heading(page, title("overview"))
        idle(page)

        # opening each page by URL (a fresh document each time)
        for name in TITLES:
            samples = []
            path = "" if name == "overview" else name
            for _ in range(repeat):
                samples.append(timed(lambda p=path: page.goto(base.format(p), wait_until="commit"),
                                     lambda n=name: (heading(page, title(n)), idle(page),
                                                     network_frame(page) if n == "network" else None)))
            rows.append(summary(f"open by URL: {name}", samples, 2000))

        # sidebar navigation: click a page's entry, until its title shows and the run ends
        cycle = ["node", "network", "lens", "paths", "export", "assessment"]
        page.goto(base.format("node"), wait_until="domcontentloaded")
        heading(page, title("node"))
        idle(page)
        samples = []
        for i in range(repeat):
            name = cycle[(i % (len(cycle) - 1)) + 1] if i % 2 == 0 else "node"
            link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{name}']").first
            samples.append(timed(link.click, lambda n=name: (heading(page, title(n)), idle(page))))
        rows.append(summary("navigation (sidebar click)", samples, 1000))

        # network: navigation to the default view, drawn and still; bytes per view, first and later
        samples, sizes = [], []
        for _ in range(repeat):
            page.locator("[data-testid='stSidebarNav'] a[href$='/node']").first.click()
            heading(page, title("node"))
            idle(page)
            before = counter.mark()
            link = page.locator("[data-testid='stSidebarNav'] a[href$='/network']").first
            samples.append(timed(link.click, lambda: (network_frame(page), idle(page))))
            time.sleep(0.3)  # late frames of the same view
            sizes.append(counter.mark() - before)
        nodes = int(network_frame(page).evaluate("document.body.getAttribute('data-settled')"))
        later = int(statistics.median(sizes[1:] or sizes))
        rows.append(summary(f"network: navigation to drawn, default view ({nodes} nodes)", samples, 1000,
                            f"bytes per view: first {sizes[0]:,}, later median {later:,}"))
        # the whole shipped graph (every label; 365 nodes, 1,608 relationships), by URL and by a widget change
        big = base.format("network") + f"&labels={ALL_LABELS}&cap=400"
        samples = []
        for _ in range(repeat):
            samples.append(timed(lambda: page.goto(big, wait_until="commit"),
                                 lambda: (network_frame(page), idle(page))))
        nodes = int(network_frame(page).evaluate("document.body.getAttribute('data-settled')"))
        rows.append(summary(f"network: open by URL, whole graph ({nodes} nodes)", samples, 2000))
        samples = []
        frame = network_frame(page)
        ids = frame.evaluate("network.body.nodeIndices.filter(id => !id.startsWith('~')).slice(0, 40)")
        for i in range(repeat):  # a click on a node, until the page names it as selected
            node_id = ids[(i * 7) % len(ids)]
            samples.append(timed(lambda n=node_id: click_node(page, frame, n),
                                 lambda n=node_id: (page.get_by_text(n, exact=False).last.wait_for(timeout=60_000),
                                                    idle(page))))
        rows.append(summary("network: node click to selection shown", samples, 1000))

        # search: a query typed in the node picker, until the best hit's detail shows
        queries = ["阳极效应", "赤泥", "熔铸", "轧制", "挤压", "物流"]  # best hits far apart: the detail changes
        page.goto(base.format("node"), wait_until="domcontentloaded")
        heading(page, title("node"))
        idle(page)
        searched, detailed = [], []
        try:
            for i in range(repeat):
                q = queries[i % len(queries)]
                hits = graph.search(q, limit=30)
                box = page.locator("[data-testid='stMain'] input[type='text'], section.main input[type='text']").first
                box.fill(q)
                before = runs(page)
                searched.append(timed(lambda b=box: b.press("Enter"), lambda n=before: next_run(page, n)))
                # node detail: the best hit chosen in the list, until its detail shows
                page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first.click()
                shown = " ".join(page.locator("h1, h2").all_inner_texts())
                hit = next(h.id for h in hits if graph.name(h.id, lang) not in shown)
                want = graph.name(hit, lang)
                option = page.get_by_role("option").filter(has_text=f"{want} · ").first
                before = runs(page)
                detailed.append(timed(option.click, lambda w=want, n=before: (next_run(page, n), page.locator(
                    "h1, h2").filter(has_text=w).first.wait_for(timeout=60_000))))
        except Exception as e:  # the page changed under the bench: report what was measured
            rows.append({"measure": "node detail", "n": 0, "note": f"stopped: {type(e).__name__}"})
        if searched:
            rows.append(summary("search (Enter to results listed)", searched, 1000))
        if detailed:
            rows.append(summary("node detail (pick a hit to its detail)", detailed, 1000))

        # map cell: the cell chooser below the scenario map
        page.goto(base.format(""), wait_until="domcontentloaded")
        heading(page, title("overview"))
        idle(page)
        stages = graph.ordered("Stage")
        samples = []
        try:
            for i in range(repeat):
                stage = stages[(i * 5) % len(stages)]
                select = page.locator("[data-testid='stSelectbox']").filter(has_text=t("stage", lang)).first
                select.click()
                option = page.locator("[role='option']").filter(has_text=graph.name(stage, lang)).first
                before = runs(page)
                samples.append(timed(option.click, lambda s=stage, n=before: (next_run(page, n), page.wait_for_function(
                    "s => location.search.includes('stage=' + s)", arg=s, timeout=60_000))))
            rows.append(summary("map cell (choose a cell)", samples, 1000))
        except Exception as e:  # the map's cell controls are being reworked (clickable cells)
            rows.append({"measure": "map cell", "n": 0, "note": f"not measured: {type(e).__name__}"})

        # lens: navigation to the lens, until its chart is drawn
        samples = []
        for _ in range(repeat):
            page.locator("[data-testid='stSidebarNav'] a[href$='/node']").first.click()
            heading(page, title("node"))
            idle(page)
            link = page.locator("[data-testid='stSidebarNav'] a[href$='/lens']").first
            samples.append(timed(link.click, lambda: (heading(page, title("lens")),
                                                      page.locator(".js-plotly-plot").first.wait_for(timeout=60_000),
                                                      idle(page))))
        rows.append(summary("lens (navigation to drawn chart)", samples, 1000))
        context.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--lang", choices=["zh", "en"], default="zh")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "browser.json")
    args = ap.parse_args(argv)
    if chromium_path() is None:
        print("no Chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    rows = run(args.repeat, args.lang)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    print("| measure | n | p50 ms | p95 ms | max ms | target | met | note |\n|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['measure']} | {r['n']} | {r.get('p50_ms', '')} | {r.get('p95_ms', '')} | {r.get('max_ms', '')} | "
              f"{'< ' + str(r['target_ms']) if r.get('target_ms') else ''} | "
              f"{'' if r.get('ok') is None else 'yes' if r['ok'] else 'NO'} | {r.get('note', '')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
