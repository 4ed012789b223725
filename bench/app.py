"""The explorer's costs, side by side in one run: server time of a page rerun (AppTest, in process), bytes sent
per network view, and time until the network settles in Debian's Chromium.

    python bench/app.py [--reruns 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from scenegraph.dataset.loader import load_graph
from scenegraph.present.network_page import network_html, select_view

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
MAX_CAP = 400


def rerun_ms(page: str, params: dict[str, str], reruns: int) -> tuple[float, float]:
    """(first run, median of later reruns) in ms for one page with the given URL parameters."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    for k, v in params.items():
        at.query_params[k] = v
    t0 = time.perf_counter()
    at.switch_page(f"views/{page}.py").run()
    first = (time.perf_counter() - t0) * 1000
    assert not at.exception, at.exception
    times = []
    for _ in range(reruns):
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
    return first, statistics.median(times)


def settle_ms(html_paths: dict[str, Path]) -> dict[str, tuple[float, float]]:
    """Per page: (load to settled wall time, vis stabilisation time) in ms, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for name, path in html_paths.items():
            walls, stabs = [], []
            for _ in range(3):
                page = b.new_page(viewport={"width": 1400, "height": 900})
                t0 = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function("() => window.scenegraphSettled !== undefined", timeout=120_000)
                walls.append((time.perf_counter() - t0) * 1000)
                stabs.append(page.evaluate("window.scenegraphSettled"))
                page.close()
            out[name] = (statistics.median(walls), statistics.median(stabs))
        b.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reruns", type=int, default=5)
    args = ap.parse_args()
    os.environ.pop("NEO4J_URI", None)
    os.environ.setdefault("SCENEGRAPH_HOME", tempfile.mkdtemp())
    graph = load_graph()
    every = list(graph.g.nodes)
    views = {
        "default (stages + scenarios)": {},
        "focus, 2 hops": {"focus": "sc_elec_alumina_feed_control", "hops": "2"},
        f"largest allowed (all labels, cap {MAX_CAP})": {"labels": ",".join(sorted({graph.label(n) for n in every})),
                                                       "cap": str(MAX_CAP)},
    }
    print("server time per rerun (AppTest, ms: first run / median rerun)")
    for name, params in {"overview": {}, "node": {"id": "sc_elec_alumina_feed_control"}, "lens": {},
                         "assessment": {}}.items():
        first, again = rerun_ms(name, params, args.reruns)
        print(f"  {name:28} {first:8.0f} / {again:6.0f}")
    for name, params in views.items():
        first, again = rerun_ms("network", params, args.reruns)
        print(f"  network: {name:19} {first:8.0f} / {again:6.0f}")

    pages: dict[str, Path] = {}
    tmp = Path(tempfile.mkdtemp())
    focus_ids = list(graph.neighbourhood("sc_elec_alumina_feed_control", 2))
    for name, ids in {"default": graph.filter_nodes(["Stage", "Scenario"]), "focus, 2 hops": focus_ids,
                      "largest": every}.items():
        view = select_view(graph.subgraph(ids), ids, MAX_CAP)
        sub = graph.subgraph(view.ids)
        t0 = time.perf_counter()
        html = network_html(sub, "zh")
        build = (time.perf_counter() - t0) * 1000
        pages[name] = tmp / f"{name.replace(' ', '_').replace(',', '')}.html"
        pages[name].write_text(html, encoding="utf-8")
        print(f"view {name:14} {len(sub):4} nodes {sub.g.number_of_edges():5} rels: {len(html.encode()):,} bytes "
              f"({len(html.encode()) - 700_000:,} beyond ~700 KB of inlined vis-network), built in {build:.0f} ms")
    print("time until the network settles in Chromium (median of 3; ms: load to settled / stabilisation)")
    for name, (wall, stab) in settle_ms(pages).items():
        print(f"  {name:14} {wall:7.0f} / {stab:7.0f}")


if __name__ == "__main__":
    main()
