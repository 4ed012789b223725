"""Bulk or online: what `scenegraph load` should do with an empty database whose home is on this machine.

Per graph size, side by side on one server in one run: the online loader into the empty database (nodes,
relationships, indexes; after an untimed warm-up load so it does not pay for a cold server), then the whole bulk
path into the same home (the server stopped, the neo4j-admin CSV written, neo4j-admin import, the server started
again, schema and indexes). The ratio bulk / online per size is the figure behind LIMITS.bulk_min_relationships
(the rule `scenegraph load` picks by). The load average is printed beside each row: the machine may be shared.

    python bench/neo4j_choice.py [--scenarios 0,5000,20000,60000,90000]      # 0: the shipped data

(90,000 scenarios is about 1M relationships; larger graphs need SCENEGRAPH_LIMIT_MAX_FILE_BYTES raised.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from scenegraph.base.resources import tools_dir

sys.path.insert(0, str(tools_dir() / "neo4j"))

import server as neo4j_server  # noqa: E402

from scenegraph.base.settings import load_settings  # noqa: E402
from scenegraph.curation.synth import SynthSpec, write_synth  # noqa: E402
from scenegraph.dataset.loader import load_graph  # noqa: E402
from scenegraph.stores.neo4j import Neo4jStore  # noqa: E402
from scenegraph.stores.neo4j.bulk import bulk_load  # noqa: E402


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", default="0,5000,20000,60000,90000",
                    help="comma-separated sizes; 0 is the shipped data")
    ap.add_argument("--heap", default="2g")
    args = ap.parse_args()
    sizes = [int(x) for x in args.scenarios.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="scenegraph-choice-"))
    write_synth(SynthSpec(500, seed=2), tmp / "warm")
    warm = load_graph(tmp / "warm")
    home = tmp / "neo4j"
    server = neo4j_server.start_detached(home, heap=args.heap)
    settings = load_settings(server.env()).neo4j
    rows = []
    try:
        for size in sizes:
            if size:
                write_synth(SynthSpec(size, seed=1), tmp / f"s{size}")
                graph = load_graph(tmp / f"s{size}")
            else:
                graph = load_graph(None)
            with Neo4jStore.connect(settings) as store:
                store.clear()
                store.load(warm)  # untimed: JIT and page cache warm, as a server in use would be
                store.clear()
                t = time.perf_counter()
                store.load(graph)
                online = time.perf_counter() - t
            t = time.perf_counter()
            report = bulk_load(graph, home, settings)
            bulk = time.perf_counter() - t
            settings = report.settings
            row = (size or "shipped", len(graph), graph.relationship_count, online, bulk,
                   getattr(report, "stop_seconds", float("nan")), report.import_seconds, report.start_seconds,
                   report.schema_seconds, load_average())
            rows.append(row)
            print(row, flush=True)
    finally:
        neo4j_server.stop_detached(home)

    print(f"\nonline loader vs whole bulk path into an empty local database; one server, one run "
          f"(code: {Path(neo4j_server.__file__).resolve().parents[2]})\n")
    print(f"{'scenarios':>9s} {'nodes':>8s} {'rels':>9s} {'online s':>9s} {'bulk s':>8s} {'bulk/online':>11s}   "
          f"{'bulk: stop / import / start / schema s':38s} load average")
    for size, nodes, rels, online, bulk, stop, imp, start, schema, load in rows:
        print(f"{size!s:>9s} {nodes:8,d} {rels:9,d} {online:9.1f} {bulk:8.1f} {bulk / online:11.2f}   "
              f"{f'{stop:.1f} / {imp:.1f} / {start:.1f} / {schema:.1f}':38s} {load}")


if __name__ == "__main__":
    main()
