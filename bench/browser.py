"""What a user waits for in the browser, on the shipped data: Debian's Chromium (Playwright) against `streamlit run
serve.py` (as scripts/app serves the app), one server and one browser for the whole run, each language in turn. Not
a timed test: it prints a table.

Each figure runs from the user's act (a click, a key, a URL typed) until the view shows the new thing the user
asked for (a title, a header, a list, a drawn network, an outlined map cell) and Streamlit has finished the run.
A step that fails is reported with its reason; the run goes on.

    python bench/browser.py [--repeat 10] [--lang zh en] [--out bench/out/browser.json]

Targets (issue 15): p95 < 1 s for navigation, search, map cell, node detail and lens; < 2 s to open any page by
URL; < 1 s from navigation to a drawn and still network for up to 400 nodes; bytes per network view reported.

The floor (issue 26): a trivial Streamlit page (FLOOR: a title, nothing else) served by a second server of the same
Streamlit, options and folder, started beside the app. Each repetition of "open by URL" opens the floor, then the
page, in the same browser, so every run reports each page's p50 as a ratio to the floor's p50 measured alongside
(target <= 1.5), and each page's first open after the start as a ratio to the floor's first open (target <= 2).
The app's server is warmed once it answers, as scripts/app does (scenegraph/ui/warm.py); --cold leaves it cold
(what a server without the warm-up gave its first user).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scenegraph.base.i18n import t  # noqa: E402
from scenegraph.dataset.loader import load_graph  # noqa: E402
from tests.browser_support import CHROMIUM_ARGS, chromium_path, serve_app  # noqa: E402

TITLES = {"overview": "app_title", "network": "network", "node": "node_detail", "paths": "path_finder",
          "lens": "policy_lens", "assessment": "assessment", "export": "export"}
ALL_LABELS = "Stage,Process,Scenario,ReferenceScenario,Domain,AIModel,Technology,KPI,Target,Requirement,Factory"
WAIT_MS = 30_000  # one wait; longer means the step failed
DOUBLE_CLICK_S = 0.6  # more than vis-network's double-tap interval (hammer.js: 300 ms)
NET = "[data-testid='stMain'] .sgn"  # the network view's root (ui/vis_network: drawn in the page, no iframe)
CHART = "[data-testid='stMain'] .sgc"  # the map's and the lens's clickable chart (ui/clickable_chart)


def idle(page, timeout_ms: float = WAIT_MS) -> None:
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


def next_run(page, before: int, timeout_ms: float = WAIT_MS) -> None:
    """Wait until a run that started after `before` has finished."""
    page.wait_for_function("n => window.__runs > n", arg=before, timeout=timeout_ms)


#: true once a heading holding the text is shown and Streamlit has finished the run (checked every frame)
SHOWN = """t => { const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  return [...document.querySelectorAll('h1, h2, h3')]
    .some(h => h.textContent.includes(t) && h.getClientRects().length); }"""


def shown(page, text: str, timeout_ms: float = WAIT_MS) -> None:
    """The page shows the heading and its run has finished, seen at the frame it happens: wait_for_function polls
    every animation frame, where a locator's wait_for polls at 0, 20, 50, 100, 100 ms and then every 500 ms, so
    a view could be counted up to 0.5 s late, the floor's as much as a page's (one run each, load 6-7: the floor's
    p50 430 ms by the locator's polling, 358 ms by frames; the pages' p50 about the same either way)."""
    page.wait_for_function(SHOWN, arg=text, timeout=timeout_ms, polling="raf")


def heading(page, text: str, timeout_ms: float = WAIT_MS) -> None:
    page.locator("h1, h2, h3").filter(has_text=text).first.wait_for(state="visible", timeout=timeout_ms)


def drawn(page, at_least: int = 1, timeout_ms: float = WAIT_MS):
    """The frame holding the network view once it has drawn at least `at_least` nodes (its root's data-settled
    holds the count drawn; vis-network's physics is off, so drawn is still)."""
    page.wait_for_function("([sel, n]) => { const r = document.querySelector(sel);"
                           " return r && Number(r.getAttribute('data-settled')) >= n; }", arg=[NET, at_least],
                           timeout=timeout_ms)
    return page.main_frame


def click_node(page, frame, node_id: str) -> None:
    """Click a node where the canvas draws it (vis-network's own coordinates, mapped to the page)."""
    frame.evaluate("id => network.focus(id, {scale: Math.max(network.getScale(), 0.75), animation: false})", node_id)
    box = frame.evaluate("""id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
        const r = document.querySelector('.sgn .net').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top}; }""", node_id)
    page.mouse.click(box["x"], box["y"])


def click_chart(page, item: str, index: int) -> None:
    """A real mouse click at the centre of the clickable chart's `index`-th cell or bar (`item`: td.cell, .bar-row)."""
    target = page.locator(f"{CHART} {item}").nth(index)
    target.scroll_into_view_if_needed(timeout=WAIT_MS)
    box = target.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def load() -> str:
    """The machine's load averages (1, 5, 15 min), as `uptime` prints them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Bench:
    """One language's rows. `measure` never raises: a failed repetition is counted with its reason, a failed step
    is a row that says why."""

    def __init__(self, lang: str, repeat: int, only: list[str] | None = None,
                 on_failure: Callable[[str], None] = lambda name: None):
        self.lang, self.repeat, self.rows, self.only, self.on_failure = lang, repeat, [], only, on_failure

    def measure(self, name: str, target_ms: float | None, one: Callable[[int], float | None],
                note: Callable[[], str] | str = "", n: int | None = None) -> list[float]:
        if self.only and not any(o in name for o in self.only):
            return []
        samples, failures = [], []
        for i in range(n or self.repeat):
            try:
                got = one(i)
                if got is not None:
                    samples.append(got)
            except Exception as e:  # a failed repetition: counted, and the next one starts afresh
                failures.append(f"{type(e).__name__}: {str(e).strip().splitlines()[0][:140] if str(e) else ''}")
                if len(failures) == 1:
                    self.on_failure(name)  # what the page showed when the step failed, to look at
                if len(failures) >= 3 and not samples:
                    break  # the step does not work at all; say so and go on with the next
        try:
            extra = note() if callable(note) else note
        except Exception as e:
            extra = f"note failed: {type(e).__name__}"
        if failures:
            extra = (extra + "; " if extra else "") + f"{len(failures)} failed ({failures[0]})"
        row = {"lang": self.lang, "measure": name, "n": len(samples), "target_ms": target_ms, "note": extra,
               "load": load()}
        if samples:
            ordered = sorted(samples)
            row.update(p50_ms=round(statistics.median(samples)), p95_ms=round(percentile(ordered, 0.95)),
                       max_ms=round(ordered[-1]), ok=None if target_ms is None else percentile(ordered, 0.95)
                       < target_ms)
        else:
            row.update(ok=False if target_ms else None)
        self.rows.append(row)
        print(f"[{self.lang}] {name}: n={row['n']} p50={row.get('p50_ms')} p95={row.get('p95_ms')} {extra}",
              file=sys.stderr, flush=True)
        return samples


def timed(act: Callable[[], None], done: Callable[[], None]) -> float:
    t0 = time.perf_counter()
    act()
    done()
    return (time.perf_counter() - t0) * 1000


class Bytes:
    """Bytes the page receives over the network (Chrome's own count: a file from the cache counts ~0), HTTP and
    websocket frames (Streamlit sends each view over its socket). It listens only between on() and off(): while
    it listens, Chrome copies every websocket frame to this process, which no user's browser does, so the opens
    by URL are timed with it off (it made no difference beyond the runs' noise here: p50 / the floor's 1.67-2.34
    listening, 1.66-2.58 off)."""

    def __init__(self, context, page):
        self.total = 0
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Network.loadingFinished", lambda e: self._add(e.get("encodedDataLength", 0)))
        self.cdp.on("Network.webSocketFrameReceived",
                    lambda e: self._add(len(e["response"].get("payloadData", ""))))

    def on(self) -> None:
        self.cdp.send("Network.enable")

    def off(self) -> None:
        self.cdp.send("Network.disable")

    def _add(self, n: float) -> None:
        self.total += int(n)

    def mark(self) -> int:
        return self.total


#: the floor: what Streamlit itself needs to open a page by URL (same version, options and folder as the app)
FLOOR = 'import streamlit as st\n\nst.title("floor")\n'


def open_floor(page, floor_url: str) -> float:
    """Open the trivial page by URL until its title shows and the run ends (ms)."""
    return timed(lambda: page.goto(floor_url, wait_until="commit"), lambda: shown(page, "floor"))


def run_lang(page, counter: Bytes, url: str, graph, lang: str, repeat: int, only: list[str] | None,
             shots: Path, floor_url: str | None = None, floor_first: float | None = None) -> list[dict]:
    def shot(name: str) -> None:
        """What the last repetition left on screen, to look at: speed work must not break the view."""
        try:
            page.screenshot(path=str(shots / f"browser-{lang}-{name}.png"))
        except Exception as e:
            print(f"screenshot {name}: {type(e).__name__}", file=sys.stderr)

    def failed(measure: str) -> None:
        shot("failed-" + "".join(c if c.isalnum() else "-" for c in measure).strip("-"))
        print(f"[{lang}] {measure}: failed at {page.url}", file=sys.stderr, flush=True)

    bench = Bench(lang, repeat, only, failed)
    base = f"{url}/{{}}?lang={lang}"

    def title(name: str) -> str:
        return t(TITLES[name], lang)

    def goto(path: str, name: str) -> None:
        page.goto(base.format(path), wait_until="domcontentloaded")
        heading(page, title(name))
        idle(page)

    def nav(name: str) -> None:
        page.locator(f"[data-testid='stSidebarNav'] a[href*='/{name}']").first.click()

    # each page once, untimed in the rows below: the server's caches (the graph, each page's first view) are
    # filled once per server for every user, so the rows measure what any user after the first sees; the first
    # opens are one row of their own; timed as a user's browser opens them, like the opens by URL (see Bytes)
    counter.off()
    first = {n: timed(lambda n=n: page.goto(base.format(n), wait_until="commit"),
                      lambda n=n: (shown(page, title(n)), drawn(page) if n == "network" else None))
             for n in TITLES}
    def first_note() -> str:
        note = ", ".join(f"{k} {v:.0f}" for k, v in first.items())
        if floor_first:
            note += (f"; floor's first open {floor_first:.0f} ms; worst page / floor "
                     f"{max(first.values()) / floor_first:.2f} (target <= 2)")
        return note

    bench.measure("first open by URL after the server started (each page once)", None,
                  lambda i: list(first.values())[i], first_note, n=len(first))
    if floor_first:
        bench.rows[-1]["first_ratio"] = {k: round(v / floor_first, 2) for k, v in first.items()}

    # opening each page by URL (a fresh document each time), each repetition after one open of the floor
    floor: list[float] = []

    def open_page(i: int, n: str) -> float:
        if floor_url:
            floor.append(open_floor(page, floor_url))
        # shown() has seen the run finished; a further idle() (a selector wait) cost the app's pages and not the
        # floor's Playwright's own script, set up in each new document on its first selector (80-100 ms here)
        return timed(lambda: page.goto(base.format(n), wait_until="commit"),
                     lambda: (shown(page, title(n)), drawn(page) if n == "network" else None))

    opened = {}
    for name in TITLES:
        opened[name] = bench.measure(f"open by URL: {name}", 2000, lambda i, n=name: open_page(i, n))
    counter.on()
    if floor:
        floor_p50 = statistics.median(floor)
        bench.measure("open by URL: floor (a trivial Streamlit page, between the pages)", None,
                      lambda i: floor[i], n=len(floor))
        for row in bench.rows:
            name = row["measure"].removeprefix("open by URL: ")
            if name in opened and opened[name]:
                row["floor_ratio"] = round(statistics.median(opened[name]) / floor_p50, 2)
                row["note"] = (row["note"] + "; " if row["note"] else "") + \
                    f"p50 / floor p50 {row['floor_ratio']:.2f} (target <= 1.5)"

    # sidebar navigation: click a page's entry, until its title shows and the run ends
    cycle = ["network", "lens", "paths", "export", "assessment", "overview"]

    def navigate(i: int) -> float:
        if i == 0:
            goto("node", "node")
        name = cycle[(i // 2) % len(cycle)] if i % 2 == 0 else "node"
        return timed(lambda: nav(name), lambda: (heading(page, title(name)), idle(page)))

    bench.measure("navigation (sidebar click)", 1000, navigate)

    # network: navigation to the default view, drawn and still; bytes per view, first and later
    sizes: list[int] = []

    def network_nav(i: int) -> float:
        goto("node", "node")
        before = counter.mark()
        ms = timed(lambda: nav("network"), lambda: (drawn(page), idle(page)))
        time.sleep(0.3)  # late frames of the same view
        sizes.append(counter.mark() - before)
        return ms

    def view_bytes() -> str:
        later = int(statistics.median(sizes[1:] or sizes))
        return f"bytes per view: first {sizes[0]:,}, later median {later:,}" if sizes else ""

    nodes = []

    def default_nodes() -> str:
        nodes.append(int(drawn(page).evaluate(f"document.querySelector(\"{NET}\").getAttribute('data-settled')")))
        return f"{nodes[-1]} nodes; {view_bytes()}"

    bench.measure("network: navigation to drawn (default view)", 1000, network_nav, default_nodes)

    # the whole shipped graph (every label, cap 400), by URL; then the cap slider moved by a key (End: 400,
    # Home: 20), until the new view is drawn
    big = base.format("network") + f"&labels={ALL_LABELS}&cap=400"
    big_sizes: list[int] = []

    def open_big(i: int) -> float:
        before = counter.mark()
        ms = timed(lambda: page.goto(big, wait_until="commit"), lambda: (drawn(page, 300), idle(page)))
        time.sleep(0.3)
        big_sizes.append(counter.mark() - before)
        return ms

    def big_note() -> str:
        n = int(drawn(page).evaluate(f"document.querySelector(\"{NET}\").getAttribute('data-settled')"))
        return f"{n} nodes; bytes per view (page included) median {int(statistics.median(big_sizes)):,}"

    bench.measure("network: open by URL, whole graph", 2000, open_big, big_note)

    def cap_key(i: int) -> float | None:
        if i == 0:
            page.goto(big.replace("cap=400", "cap=20"), wait_until="domcontentloaded")
            drawn(page)
            idle(page)
        thumb = page.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']").last
        thumb.focus()
        before_runs, before = runs(page), counter.mark()
        if thumb.input_value() == "400":
            thumb.press("Home")
            next_run(page, before_runs)
            drawn(page)
            idle(page)
            before_runs, before = runs(page), counter.mark()
        ms = timed(lambda: thumb.press("End"), lambda: (next_run(page, before_runs), drawn(page, 300), idle(page)))
        time.sleep(0.3)
        big_sizes.append(counter.mark() - before)
        return ms

    bench.measure("network: cap slider key to whole graph drawn", 1000, cap_key,
                  lambda: f"bytes per 400-cap view median {int(statistics.median(big_sizes)):,}")

    def node_click(i: int) -> float:
        if i == 0:
            page.goto(big, wait_until="domcontentloaded")
            drawn(page, 300)
            idle(page)
        frame = drawn(page)
        ids = frame.evaluate("network.body.nodeIndices.filter(id => !id.startsWith('~'))")
        node_id = ids[(i * 7) % len(ids)]
        # click_node brings each node to the same spot: two clicks there within vis-network's double-tap window
        # are a double click, which opens the node's page (as it should); a user's next click comes later
        time.sleep(DOUBLE_CLICK_S)
        # the selected node's id, new in the page, is the sign the click's run has drawn (a fragment run may
        # finish before the run counter sees the app's state change)
        return timed(lambda: click_node(page, frame, node_id),
                     lambda: (page.locator("code").filter(has_text=node_id).first.wait_for(timeout=WAIT_MS),
                              idle(page)))

    if bench.measure("network: node click to selection shown", 1000, node_click):
        shot("network")

    # search: a query typed in the map's search box, until the result list shows the best hit
    queries = ["阳极效应", "anode effect", "赤泥", "red mud", "熔铸", "rolling", "挤压", "logistics", "AE", "电解槽"]

    def search(i: int) -> float:
        if i == 0:
            goto("overview", "overview")
        q = queries[i % len(queries)]
        box = page.locator("[data-testid='stMain'] [data-testid='stTextInput'] input").last
        box.fill(q)
        before = runs(page)
        return timed(lambda: box.press("Enter"), lambda: (next_run(page, before), page.locator(
            "[data-testid='stDataFrame']").first.wait_for(timeout=WAIT_MS), idle(page)))

    bench.measure("search (Enter to results listed)", 1000, search)

    # node detail: a link on a node's card (a relationship), until the linked node's card shows
    def links() -> list[str]:
        hrefs = page.locator("[data-testid='stMain'] a[href*='node?id=']").evaluate_all(
            "as => as.map(a => a.getAttribute('href'))")
        current = page.evaluate("new URLSearchParams(location.search).get('id')")
        return [h for h in hrefs if f"id={current}&" not in h and not h.endswith(f"id={current}")]

    def node_detail(i: int) -> float:
        others = [] if i == 0 else links()
        if not others:  # the first time, or a card whose links all lead back: start again from a scenario
            page.goto(base.format("node") + f"&id={graph.ordered('Scenario')[i % 7]}", wait_until="domcontentloaded")
            idle(page)
            heading(page, graph.name(graph.ordered("Scenario")[i % 7], lang))
            page.locator("[data-testid='stMain'] a[href*='node?id=']").first.wait_for(timeout=WAIT_MS)
            others = links()
        choice = others[(i * 3) % len(others)]
        node_id = choice.split("id=")[1].split("&")[0]
        want = graph.name(node_id, lang)
        link = page.locator(f"[data-testid='stMain'] a[href='{choice}']").first
        link.scroll_into_view_if_needed(timeout=WAIT_MS)
        return timed(link.click, lambda: (page.locator("h1, h2").filter(has_text=want).first.wait_for(
            timeout=WAIT_MS), idle(page)))

    if bench.measure("node detail (link click to card)", 1000, node_detail):
        shot("node")

    # map cell: a real mouse click on a cell of the scenario map, until the cell is outlined and listed
    matrix = graph.matrix()
    cells = [(s, d) for s in matrix.stages for d in matrix.domains]
    filled = [k for k, c in enumerate(cells) if matrix.cells.get(c)]

    def map_cell(i: int) -> float:
        if i == 0:
            goto("overview", "overview")
            page.locator(f"{CHART} td.cell").first.wait_for(timeout=WAIT_MS)
        k = filled[(i * 5) % len(filled)]
        stage, domain = cells[k]
        if page.evaluate("() => location.search").find(f"stage={stage}&domain={domain}") >= 0:
            k = filled[(i * 5 + 1) % len(filled)]
            stage, domain = cells[k]
        want = t("cell_title", lang).format(stage=graph.name(stage, lang), domain=graph.name(domain, lang),
                                            n=len(matrix.cells[(stage, domain)]))
        return timed(lambda: click_chart(page, "td.cell", k),
                     lambda: (page.locator("h3").filter(has_text=want).first.wait_for(timeout=WAIT_MS), idle(page)))

    if bench.measure("map cell (click a cell to its scenarios)", 1000, map_cell):
        shot("map-cell")

    # lens: navigation to the lens until its chart is drawn; a click on a target's bar until its header shows
    def lens_nav(i: int) -> float:
        goto("node", "node")
        return timed(lambda: nav("lens"), lambda: (heading(page, title("lens")), page.locator(
            f"{CHART} .bar-row").first.wait_for(timeout=WAIT_MS), idle(page)))

    bench.measure("lens (navigation to drawn chart)", 1000, lens_nav)
    lens = graph.policy_lens()

    def lens_bar(i: int) -> float:
        if i == 0:
            goto("lens", "lens")
        current = page.evaluate("new URLSearchParams(location.search).get('target')")
        others = [k for k, x in enumerate(lens) if x.target != current]
        k = others[(i * 3) % len(others)]
        want = graph.name(lens[k].target, lang)
        return timed(lambda: click_chart(page, ".bar-row", k),
                     lambda: (page.locator("h2").filter(has_text=want).first.wait_for(timeout=WAIT_MS), idle(page)))

    if bench.measure("lens (click a target's bar to its answer)", 1000, lens_bar):
        shot("lens")
    return bench.rows


def server_times(log: Path) -> list[dict]:
    """Server time per page run (app.py logs one line per run with SCENEGRAPH_TIMING=1): what the browser waits
    for beyond it is transfer, Streamlit's frontend and drawing."""
    per: dict[str, list[float]] = {}
    for line in log.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "scenegraph-timing":
            per.setdefault(parts[1], []).append(float(parts[2]))
    return [{"page": k, "runs": len(v), "p50_ms": round(statistics.median(v)),
             "p95_ms": round(percentile(sorted(v), 0.95))} for k, v in sorted(per.items())]


def run(repeat: int, langs: list[str], only: list[str] | None = None,
        shots: Path = ROOT / "bench" / "out", warm_start: bool = True) -> tuple[list[dict], list[dict]]:
    from playwright.sync_api import sync_playwright

    graph = load_graph()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        (Path(tmp) / "floor.py").write_text(FLOOR)
        context = p.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=chromium_path(), headless=True,
            viewport={"width": 1440, "height": 900}, args=CHROMIUM_ARGS)
        context.add_init_script(COUNT_RUNS)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        counter = Bytes(context, page)
        with serve_app(Path(tmp) / "floor-home", Path(tmp) / "floor.log", script=Path(tmp) / "floor.py") as floor_url:
            floor_first = open_floor(page, floor_url)  # its first open after its start
            with serve_app(Path(tmp) / "home", Path(tmp) / "server.log", env_extra={"SCENEGRAPH_TIMING": "1"}) as url:
                if warm_start:  # what scripts/app and scripts/serve-many do once the server answers
                    t0 = time.perf_counter()
                    subprocess.run([sys.executable, "-m", "scenegraph.ui.warm", url], cwd=ROOT, check=False,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)})
                    print(f"warm-up: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
                for lang in langs:
                    try:
                        rows += run_lang(page, counter, url, graph, lang, repeat, only, shots, floor_url,
                                         floor_first if lang == langs[0] else None)
                    except Exception as e:  # never lose the rows measured so far
                        rows.append({"lang": lang, "measure": "run", "n": 0, "ok": False, "load": load(),
                                     "note": f"stopped: {type(e).__name__}: {str(e).splitlines()[0][:200]}"})
        context.close()
        server = server_times(Path(tmp) / "server.log")
    return rows, server


def table(rows: list[dict]) -> str:
    out = ["| lang | measure | n | p50 ms | p95 ms | max ms | target | met | note |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        met = "" if r.get("ok") is None else "yes" if r["ok"] else "NO"
        out.append(f"| {r['lang']} | {r['measure']} | {r['n']} | {r.get('p50_ms', '')} | {r.get('p95_ms', '')} | "
                   f"{r.get('max_ms', '')} | {'< ' + str(r['target_ms']) if r.get('target_ms') else ''} | {met} | "
                   f"{r.get('note', '')} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--lang", nargs="+", choices=["zh", "en"], default=["zh", "en"])
    ap.add_argument("--only", nargs="*", help="measure only the steps whose name holds one of these words")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "browser.json")
    ap.add_argument("--cold", action="store_true",
                    help="no warm-up after the start (scripts/app warms the server; this shows what it saves)")
    args = ap.parse_args(argv)
    if chromium_path() is None:
        print("no Chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    start = load()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows, server = run(args.repeat, args.lang, args.only, args.out.parent, not args.cold)
    end = load()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"load_start": start, "load_end": end, "cpus": os.cpu_count(), "rows": rows,
                                    "server": server}, indent=2, ensure_ascii=False))
    print(table(rows))
    print("\nserver time per page run (both languages): " + "; ".join(
        f"{s['page']} {s['p50_ms']}/{s['p95_ms']} ms (p50/p95 of {s['runs']})" for s in server))
    ratios = [f"{r['lang']} {r['measure'].removeprefix('open by URL: ')} {r['floor_ratio']:.2f}"
              for r in rows if "floor_ratio" in r]
    if ratios:
        print("\nopen by URL, p50 / the floor's p50 in the same run (target <= 1.5): " + "; ".join(ratios))
    for r in rows:
        if "first_ratio" in r:
            print("first open after the start / the floor's first open (target <= 2): " + "; ".join(
                f"{k} {v:.2f}" for k, v in r["first_ratio"].items()))
    print(f"\nload average (1/5/15 min) at start {start}, at end {end}; {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
