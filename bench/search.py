"""Search at scale: the memory store's indexed search against Neo4j's, and against the scan it replaced, on a
synthetic graph of about 1M relationships, side by side in one run (one server started here, the online loader).

The queries are what a user types: the number of a name ("4711", as bench/neo4j_load.py asks), a whole name in
either language ("Scenario 4711", "场景4711"), an id ("sc_04711"), a short prefix ("kpi") and two words. Every
answer of the memory store is checked against the scan's (same hits, same order, same scores) and against Neo4j's.

    python bench/search.py [--scenarios 100000] [--queries 30] [--no-neo4j]

Prints medians (ms) and the ratios memory / Neo4j (target <= 3) and scan / index, with the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "neo4j"))

import server as neo4j_server  # noqa: E402

from scenegraph.base.settings import load_settings  # noqa: E402
from scenegraph.curation.synth import SynthSpec, write_synth  # noqa: E402
from scenegraph.dataset.loader import load_graph  # noqa: E402
from scenegraph.graph.search import Query, order  # noqa: E402
from scenegraph.stores import MemoryStore  # noqa: E402
from scenegraph.stores.neo4j import Neo4jStore  # noqa: E402
from scenegraph.stores.neo4j.bulk import bulk_load  # noqa: E402


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def median_ms(fn, queries) -> float:
    times = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def scan(index, text: str, limit: int = 20) -> list:
    """What the memory store did before its index: match and score every node."""
    query = Query.parse(text)
    return order(query, ((n, k) for n, _, k in index.rows), index.corpus(query), limit) if query else []


def queries(graph, n: int, seed: int = 5) -> dict[str, list[str]]:
    rng = random.Random(seed)
    scen = rng.sample(graph.ids("Scenario"), n)
    # a whole name is held in part by every node of its label ("Scenario", "场景"): the rest match as text and are
    # all scored (by either store), so those kinds take seconds at 1M: fewer of them
    few = scen[:3]
    return {"number of a name": [graph.name(s, "en").split()[-1] for s in scen],
            "whole name (en)": [graph.name(s, "en") for s in few],
            "whole name (zh)": [graph.name(s, "zh") for s in few],
            "id": scen,
            "two words": [f"{rng.choice(['KPI', 'Technology', 'Requirement'])} {rng.randint(0, 99)}" for _ in scen],
            "short prefix": [rng.choice(["kpi", "tec", "req"]) for _ in scen]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", type=int, default=100_000)  # about 1M relationships
    ap.add_argument("--queries", type=int, default=30)
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--no-neo4j", action="store_true")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a timeout's SIGTERM still stops the server (finally)

    tmp = Path(tempfile.mkdtemp(prefix="scenegraph-search-"))
    write_synth(SynthSpec(args.scenarios, seed=1), tmp / "data")
    graph = load_graph(tmp / "data")
    mem = MemoryStore(graph)
    t = time.perf_counter()
    mem.search("warm")  # builds the index once per graph
    build = time.perf_counter() - t
    index = graph._search
    print(f"{len(graph):,} nodes, {graph.relationship_count:,} relationships; index built in {build:.1f} s "
          f"(load {load_average()})", flush=True)
    qs = queries(graph, args.queries)
    for texts in qs.values():  # the index answers what the scan answers
        for text in texts[:3]:
            assert [(h.id, h.match, h.name_score, h.text_score) for h in mem.search(text)] == scan(index, text), text

    rows = []
    store = server = None
    home = tmp / "neo4j"
    try:
        if not args.no_neo4j:
            server = neo4j_server.start_detached(home, heap=args.heap)
            t = time.perf_counter()
            # neo4j-admin import (`scenegraph load --bulk`): the same keys and indexes as the online loader's, sooner
            settings = bulk_load(graph, home, load_settings(server.env()).neo4j).settings
            store = Neo4jStore.connect(settings)
            print(f"loaded into Neo4j (bulk) in {time.perf_counter() - t:.0f} s", flush=True)
        for kind, texts in qs.items():
            if store is not None:
                # untimed: warm the server's JIT and page cache (one query of the slow kinds); the same answers
                for text in texts if len(texts) > 3 else texts[:1]:
                    assert store.search(text) == mem.search(text), text
            # interleaved by query kind, so a burst of load on the shared machine hits every side alike
            neo = median_ms(store.search, texts) if store is not None else float("nan")
            memory = median_ms(mem.search, texts)
            old = median_ms(lambda x: scan(index, x), texts)
            rows.append((kind, neo, memory, old, load_average()))
            print(f"{kind}: Neo4j {neo:.1f} ms, memory {memory:.2f} ms, scan {old:.1f} ms", file=sys.stderr,
                  flush=True)  # progress; the table follows
    finally:
        if store is not None:
            store.close()
        if server is not None:
            neo4j_server.stop_detached(home)

    print(f"\nsearch medians (ms), {len(graph):,} nodes, {graph.relationship_count:,} relationships, one run")
    print(f"{'query':18s} {'neo4j':>8s} {'memory':>8s} {'scan':>8s} {'memory/neo4j':>13s} {'scan/memory':>12s}  "
          "load average")
    for kind, neo, memory, old, load in rows:
        print(f"{kind:18s} {neo:8.1f} {memory:8.2f} {old:8.1f} {memory / neo:13.2f} {old / memory:12.0f}  {load}")
    neo_all = statistics.median(r[1] for r in rows)
    mem_all = statistics.median(r[2] for r in rows)
    print(f"\nratio memory / Neo4j (median of the kinds): {mem_all / neo_all:.2f} (target <= 3); "
          f"index build {build:.1f} s once per graph")


if __name__ == "__main__":
    main()
