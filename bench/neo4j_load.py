"""Neo4j load and query benchmark on a synthetic graph of ~1,000,000 relationships, side by side in one run on
one server started here (tools/neo4j/server.py):

- the online loader (`Neo4jStore.load` into an empty database: CREATE, sorted batches on --workers sessions,
  indexes at the end), whole and its relationship phase: first into the new store (on --compare-workers N
  sessions if given), reported on its own rows, then, cleared, the timed load, so that it and LOAD CSV both write
  into a store that has held the whole graph once (a first load also grows the store's files);
- Neo4j's own server-side LOAD CSV of the same relationships (their ends only: the online loader also writes the
  properties some types carry), as CREATE into a database without relationships (the online loader's case) and
  as MERGE;
- the bulk import (`scenegraph load --bulk`: the neo4j-admin CSV files written, neo4j-admin import, server
  restart, schema) and neo4j-admin import alone;
- a naive loader (one MERGE per relationship, one round trip each), timed on a sample;
- median latency of search, 2-hop neighbourhood and shortest path on Neo4j and in memory, on the same samples.

    python bench/neo4j_load.py [--scenarios 100000] [--naive-sample 3000] [--queries 30] [--workers 2]
                               [--batch-size 20000] [--online-only]

--online-only stops after the online loader and LOAD CSV (their ratio, issue 26 item 2), without the naive loader,
the bulk import and the queries.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
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
from scenegraph.graph.cypher import query  # noqa: E402
from scenegraph.graph.schema import RELATIONSHIPS  # noqa: E402
from scenegraph.stores import MemoryStore  # noqa: E402
from scenegraph.stores.neo4j import Neo4jStore  # noqa: E402
from scenegraph.stores.neo4j.bulk import bulk_load  # noqa: E402


def load() -> str:
    """The machine's load averages (1, 5, 15 min)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def median_ms(fn, args_list) -> float:
    times = []
    for args in args_list:
        t = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def write_load_csv(graph, rel_types: list[str], import_dir: Path, prefix: str = "") -> dict[str, Path]:
    """One CSV (src, dst) per relationship type, sorted by start node as the online loader sends them."""
    files = {}
    for rel in rel_types:
        path = import_dir / f"{prefix}{rel}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["src", "dst"])
            w.writerows(sorted((u, v) for u, v, t in graph.g.edges(data="type") if t == rel))
        files[rel] = path
    return files


def load_csv(store: Neo4jStore, files: dict[str, Path], name: str) -> float:
    """Neo4j's LOAD CSV of the files, as Neo4j documents it (CALL {} IN TRANSACTIONS OF N ROWS); seconds."""
    t = time.perf_counter()
    with store.session() as s:
        for rel, path in files.items():
            s.run(query(name, rel_type=rel), url=f"file:///{path.name}").consume()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", type=int, default=100_000)  # about 1M relationships
    ap.add_argument("--naive-sample", type=int, default=3_000)
    ap.add_argument("--queries", type=int, default=30)
    ap.add_argument("--heap", default="4g")
    ap.add_argument("--workers", type=int, default=2, help="the online loader's concurrent sessions")
    ap.add_argument("--batch-size", type=int, default=20_000, help="the online loader's rows per batch")
    ap.add_argument("--compare-workers", type=int, default=0,
                    help="the first load, into the new store, on this many sessions (default: --workers)")
    ap.add_argument("--online-only", action="store_true", help="only the online loader and LOAD CSV")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="scenegraph-bench-"))
    write_synth(SynthSpec(args.scenarios, seed=1), tmp / "data")
    graph = load_graph(tmp / "data")
    n_nodes, n_rels = len(graph), graph.relationship_count
    plain_types = list(RELATIONSHIPS)  # every type: ASSESSED (saves) left the graph in release 3
    n_plain = sum(1 for _, _, t in graph.g.edges(data="type") if t in plain_types)
    print(f"synthetic graph: {n_nodes:,} nodes, {n_rels:,} relationships", flush=True)
    rows: list[tuple[str, str, str]] = []

    home = tmp / "neo4j"
    server = neo4j_server.start_detached(home, heap=args.heap)
    settings = load_settings(server.env()).neo4j
    try:
        with Neo4jStore.connect(settings, load_workers=args.workers, batch_size=args.batch_size) as store:
            store.clear()
            store.run_readonly("RETURN 1")
            # 0. warm-up, untimed: the same code paths on a small graph, so neither side pays for a cold server
            # (JIT, page cache); the online loader ran first on a fresh server before, LOAD CSV after it
            write_synth(SynthSpec(2000, seed=2), tmp / "warm")
            warm = load_graph(tmp / "warm")
            store.load(warm)
            store.autocommit("delete_all_relationships")
            load_csv(store, write_load_csv(warm, plain_types, server.import_dir, "warm_"),
                     "load_csv_relationships_create")
            store.clear()
            # 1. the online loader into an empty database; seconds per relationship type from its progress calls
            per_type: dict[str, float] = {}
            last = {"t": time.perf_counter()}

            def progress(done: int, total: int, what: str) -> None:
                now = time.perf_counter()
                per_type[what] = per_type.get(what, 0.0) + now - last["t"]
                last["t"] = now

            # 1a. the first load into the new store (--compare-workers sessions, else --workers), then cleared: the
            # store's files grow as it writes. The timed load below and LOAD CSV both write into a store that has
            # held the whole graph once, so neither pays for growing its files (LOAD CSV always ran after a load)
            first_workers = args.compare_workers or args.workers
            store.load_workers = first_workers
            first = store.load(graph, progress=progress)
            other = sum(per_type.get(t, 0.0) for t in plain_types)
            rows.append((f"online loader, first load into the new store ({first_workers} session(s)), whole",
                         f"{first.seconds:.1f} s", f"{n_rels / first.seconds:,.0f} rel/s"))
            rows.append((f"online loader, first load, relationships ({first_workers} session(s))", f"{other:.1f} s",
                         f"{n_plain / other:,.0f} rel/s"))
            print(rows[-2], rows[-1], flush=True)
            store.clear()
            store.load_workers = args.workers
            per_type.clear()
            last["t"] = time.perf_counter()
            report = store.load(graph, progress=progress)
            online_plain = sum(per_type.get(t, 0.0) for t in plain_types)
            online_rate = n_plain / online_plain
            rows.append(("online loader, whole load (nodes, relationships, indexes)", f"{report.seconds:.1f} s",
                         f"{n_rels / report.seconds:,.0f} rel/s"))
            rows.append(("online loader, relationships", f"{online_plain:.1f} s",
                         f"{online_rate:,.0f} rel/s"))
            print(rows[-2], rows[-1], flush=True)

            # 2. LOAD CSV of the same relationships, CREATE then MERGE, into the same nodes
            files = write_load_csv(graph, plain_types, server.import_dir)
            csv_rates = {}
            for kind, name in (("CREATE", "load_csv_relationships_create"), ("MERGE", "load_csv_relationships")):
                store.autocommit("delete_all_relationships")
                seconds = load_csv(store, files, name)
                csv_rates[kind] = n_plain / seconds
                rows.append((f"LOAD CSV ({kind}), same relationships", f"{seconds:.1f} s",
                             f"{csv_rates[kind]:,.0f} rel/s"))
                print(rows[-1], flush=True)

            if args.online_only:
                print(f"\nonline loader ({args.workers} sessions, batches of {args.batch_size:,}) / LOAD CSV "
                      f"(CREATE): {online_rate / csv_rates['CREATE']:.2f}   / LOAD CSV (MERGE): "
                      f"{online_rate / csv_rates['MERGE']:.2f}   (target >= 1.2); load {load()}")
                if args.compare_workers:
                    print(f"online loader, first load into the new store ({args.compare_workers} sessions) / LOAD "
                          "CSV (CREATE): "
                          f"{n_plain / other / csv_rates['CREATE']:.2f}")
                return
            # 3. the naive loader on a sample: every row a round trip
            store.autocommit("delete_all_relationships")
            rng = random.Random(3)
            edges = [(u, v, t, p) for u, v, t, p in graph.edges() if t in plain_types]
            sample = rng.sample(edges, min(args.naive_sample, len(edges)))
            t = time.perf_counter()
            for u, v, typ, props in sample:
                store.execute(query("load_naive_relationship", rel_type=typ), {"src": u, "dst": v, "props": props})
            naive = len(sample) / (time.perf_counter() - t)
            rows.append(("naive loader (one MERGE per round trip), sample", f"{len(sample):,} rows",
                         f"{naive:,.0f} rel/s"))
            print(rows[-1], flush=True)

        # 4. bulk import: the whole path, and neo4j-admin import alone
        report = bulk_load(graph, home, settings)
        settings = report.settings
        rows.append(("bulk import, whole path (CSV + import + restart + schema)", f"{report.seconds:.1f} s",
                     f"{n_rels / report.seconds:,.0f} rel/s"))
        csv_import = report.csv_seconds + report.import_seconds
        rows.append(("  of which CSV writing + neo4j-admin import", f"{csv_import:.1f} s",
                     f"{n_rels / csv_import:,.0f} rel/s"))
        rows.append(("  of which neo4j-admin import alone (JVM start included)", f"{report.import_seconds:.1f} s",
                     f"{n_rels / report.import_seconds:,.0f} rel/s"))
        rows.append(("  of which server restart / schema + indexes",
                     f"{report.start_seconds:.1f} / {report.schema_seconds:.1f} s", ""))
        print(*rows[-4:], sep="\n", flush=True)

        # 5. query latency, Neo4j (as bulk-imported) and memory, on the same samples
        with Neo4jStore.connect(settings) as store:
            assert store.stats() == graph.stats()
            mem = MemoryStore(graph)
            scen = rng.sample(graph.ids("Scenario"), args.queries)
            words = [graph.name(s, "en").split()[-1] for s in scen]
            pairs = [(rng.choice(graph.ids("Scenario")), rng.choice(graph.ids("KPI"))) for _ in range(args.queries)]
            mem.search(words[0])  # builds the memory store's search rows once
            medians = {}
            for name, method, fn_args in (("search", "search", [(w,) for w in words]),
                                          ("neighbourhood 2 hops", "neighbourhood", [(s, 2) for s in scen]),
                                          ("shortest path", "shortest_path", pairs)):
                # the server was just restarted by the bulk import: one untimed pass warms its JIT and page cache
                # (a few calls left the first timed ones several times slower than the rest)
                for a in fn_args:
                    getattr(store, method)(*a)
                medians[name] = (median_ms(getattr(store, method), fn_args), median_ms(getattr(mem, method), fn_args))
            # what any query pays on this machine now: one round trip to the server (RETURN 1)
            floor = median_ms(lambda: store.read_once("ping"), [()] * args.queries)
    finally:
        neo4j_server.stop_detached(home)

    print(f"\n{n_nodes:,} nodes, {n_rels:,} relationships; one server, one run\n")
    print(f"{'load':60s} {'time':>12s} {'rate':>14s}")
    for what, a, b in rows:
        print(f"{what:60s} {a:>12s} {b:>14s}")
    print(f"\n{'median latency (ms)':28s} {'neo4j':>8s} {'memory':>8s} {'ratio':>7s}")
    for name, (neo_ms, mem_ms) in medians.items():
        print(f"{name:28s} {neo_ms:8.1f} {mem_ms:8.2f} {neo_ms / max(mem_ms, 1e-9):6.1f}x")
    print(f"{'(one round trip, RETURN 1)':28s} {floor:8.1f}")
    print("\nratios (same run, same server)")
    print(f"  online loader / LOAD CSV (CREATE): {online_rate / csv_rates['CREATE']:.2f}   "
          f"/ LOAD CSV (MERGE): {online_rate / csv_rates['MERGE']:.2f}   (target >= 1.2; {args.workers} sessions, "
          f"batches of {args.batch_size:,}); load {load()}")
    whole = report.csv_seconds + report.import_seconds
    print(f"  bulk (CSV writing + import) / neo4j-admin import alone: {whole / report.import_seconds:.2f}   "
          "(target <= 2)")
    print(f"  bulk, whole path / (neo4j-admin import + one server start): "
          f"{report.seconds / (report.import_seconds + report.start_seconds):.2f}   (target <= 1.5, issue 26 item 1)")
    print(f"  online loader / naive loader: {online_rate / naive:,.0f}x")
    print(f"  search median on Neo4j: {medians['search'][0]:.1f} ms (target < 20 ms; each median within 3x of "
          "memory)")


if __name__ == "__main__":
    main()
