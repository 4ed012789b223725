"""The observatory at scale: every view over N enterprises x S saves, in memory and on Neo4j (counting pushed down
to Cypher), beside a naive per-enterprise loop (read each enterprise's latest save, score it in Python, count).
Side by side in one run; quote the table.

    python bench/observatory.py [--enterprises 10000] [--saves 3] [--stages 4,8] [--stores memory,neo4j]
                                [--naive 500]

Neo4j: a fresh server home per run, filled by Neo4j's offline importer (neo4j-admin `database import full`, from
the harness classpath) with the shipped graph plus the synthetic saves, then started; the import time is shown.
The naive loop runs over the first --naive enterprises and is scaled to N (labelled so).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "neo4j"))

import server as neo4j_server  # noqa: E402

from scenegraph.access import LOCAL  # noqa: E402
from scenegraph.assess.scoring import Scorer  # noqa: E402
from scenegraph.data import load_graph  # noqa: E402
from scenegraph.export.writers import csv_pair  # noqa: E402
from scenegraph.observatory import brief, change  # noqa: E402
from scenegraph.observatory.memory import MemoryObservatory  # noqa: E402
from scenegraph.synth import synth_histories  # noqa: E402

MID = datetime(2025, 6, 1, tzinfo=UTC)


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def views(repo, facts) -> dict[str, float]:
    """Each view as the page computes it: counts (pushed down on Neo4j) then the pure aggregation."""
    return {
        "latest: distribution + lagging + goal": timed(lambda: brief(repo.level_counts(LOCAL), facts)),
        "as of a date": timed(lambda: brief(repo.level_counts(LOCAL, MID), facts)),
        "change between two dates": timed(lambda: change(repo.level_counts(LOCAL, MID), repo.level_counts(LOCAL),
                                                         "stage", facts=facts)),
    }


def naive(saves_by_ent: dict, scorer: Scorer, limit: int, latest_of) -> float:
    """Per enterprise: fetch its saves, take the latest, score it whole in Python, count. Seconds per enterprise."""
    ids = list(saves_by_ent)[:limit]
    t = time.perf_counter()
    counts: dict[tuple[str, int], int] = {}
    for ent in ids:
        a = latest_of(ent)
        s = scorer.score(a)
        counts[("all", s.overall.level)] = counts.get(("all", s.overall.level), 0) + 1
        for st, sc in s.by_stage.items():
            counts[(st, sc.level)] = counts.get((st, sc.level), 0) + 1
    return (time.perf_counter() - t) / max(1, len(ids))


def import_into_neo4j(graph, saves, home: Path) -> tuple[neo4j_server.Neo4jServer, float, int]:
    """Shipped graph + enterprises + one ASSESSED per answer (with `at`), through neo4j-admin import."""
    csv_dir = home / "csv"
    csv_dir.mkdir(parents=True)
    nodes, rels = csv_pair(graph)
    (csv_dir / "nodes.csv").write_text(nodes, encoding="utf-8")
    (csv_dir / "relationships.csv").write_text(rels, encoding="utf-8")
    answers = 0
    ents: dict[str, tuple[str, str, list[str]]] = {}
    with (csv_dir / "assessed.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([":START_ID", ":END_ID", ":TYPE", "level:int", "at:datetime"])
        for a in saves:
            ents[a.enterprise_id] = (a.name, a.region or "", a.stages)
            at = a.at.isoformat()
            for sc, level in a.answers.items():
                w.writerow([a.enterprise_id, sc, "ASSESSED", level, at])
                answers += 1
    with (csv_dir / "enterprises.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id:ID", ":LABEL", "name_zh", "name_en", "region"])
        for e, (name, region, _) in ents.items():
            w.writerow([e, "Enterprise;Entity", name, name, region])
    with (csv_dir / "operates.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([":START_ID", ":END_ID", ":TYPE"])
        for e, (_, _, stages) in ents.items():
            for st in stages:
                w.writerow([e, st, "OPERATES"])
    server = neo4j_server.Neo4jServer(home / "db")
    server._write_conf()
    conf = home / "db" / "conf"
    conf.mkdir(exist_ok=True)
    (conf / "neo4j.conf").write_text(f"server.directories.data={home / 'db' / 'data'}\n")
    t = time.perf_counter()
    done = subprocess.run(
        [neo4j_server.java_bin(), "-Xmx2g", "-cp", neo4j_server.classpath(), "org.neo4j.cli.AdminTool", "database",
         "import", "full", f"--nodes={csv_dir / 'nodes.csv'}", f"--nodes={csv_dir / 'enterprises.csv'}",
         f"--relationships={csv_dir / 'relationships.csv'}", f"--relationships={csv_dir / 'assessed.csv'}",
         f"--relationships={csv_dir / 'operates.csv'}", "--overwrite-destination=true", "neo4j"],
        env={**os.environ, "NEO4J_HOME": str(home / "db"), "NEO4J_CONF": str(conf)}, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"neo4j-admin import failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    seconds = time.perf_counter() - t
    shutil.rmtree(csv_dir)
    return server.start(), seconds, answers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--enterprises", type=int, default=10_000)
    ap.add_argument("--saves", type=int, default=3)
    ap.add_argument("--stages", default="4,8", help="stages per enterprise, min,max (answers per save follow)")
    ap.add_argument("--stores", default="memory,neo4j")
    ap.add_argument("--naive", type=int, default=500, help="enterprises the naive loop runs over (scaled to N)")
    args = ap.parse_args()
    lo, hi = (int(x) for x in args.stages.split(","))
    graph = load_graph()
    scorer = Scorer(graph)
    t = time.perf_counter()
    saves = list(synth_histories(graph, args.enterprises, args.saves, seed=1, stages_per_enterprise=(lo, hi)))
    n_answers = sum(len(a.answers) for a in saves)
    print(f"{args.enterprises:,} enterprises x {args.saves} saves, {n_answers:,} answers "
          f"({n_answers / len(saves):.0f} per save), generated in {time.perf_counter() - t:.1f} s")
    by_ent: dict[str, list] = {}
    for a in saves:
        by_ent.setdefault(a.enterprise_id, []).append(a)
    rows: list[tuple[str, str, float]] = []
    stores = args.stores.split(",")
    if "memory" in stores:
        obs = MemoryObservatory(graph, lambda: saves, scorer)
        t = time.perf_counter()
        obs.summaries()
        rows.append(("memory", "first call: summarise every save (once, then cached)", time.perf_counter() - t))
        facts = obs.graph_facts(LOCAL)
        rows += [("memory", k, v) for k, v in views(obs, facts).items()]
        per = naive(by_ent, scorer, args.naive, lambda e: max(by_ent[e], key=lambda a: a.at))
        rows.append(("memory", f"naive per-enterprise loop (x{args.enterprises:,}, from {args.naive})",
                     per * args.enterprises))
    if "neo4j" in stores:
        from scenegraph.settings import load_settings
        from scenegraph.stores.neo4j import Neo4jStore
        from scenegraph.stores.neo4j.observatory import Neo4jObservatory

        home = Path(tempfile.mkdtemp(prefix="obs-bench-"))
        server = None
        try:
            print("importing into Neo4j…", flush=True)
            server, seconds, answers = import_into_neo4j(graph, saves, home)
            print(f"imported {answers:,} answers in {seconds:.1f} s; server up", flush=True)
            rows.append(("neo4j", f"neo4j-admin import of {answers:,} answers (setup)", seconds))
            with Neo4jStore.connect(load_settings(server.env()).neo4j) as store:
                store.apply_schema()
                neo = Neo4jObservatory(store)
                neo.level_counts(LOCAL)  # warm the page cache and the query plans
                facts = neo.graph_facts(LOCAL)
                rows += [("neo4j", k, v) for k, v in views(neo, facts).items()]

                def latest_of(ent: str):
                    last = store.assessments(LOCAL, ent)[-1]
                    return store.load_assessment(LOCAL, ent, last.at)

                per = naive(by_ent, scorer, min(args.naive, 200), latest_of)
                rows.append(("neo4j", f"naive per-enterprise loop (x{args.enterprises:,}, from "
                             f"{min(args.naive, 200)})", per * args.enterprises))
        finally:
            if server:
                server.stop()
            shutil.rmtree(home, ignore_errors=True)
    print(f"\n| store | view ({args.enterprises:,} enterprises x {args.saves} saves) | seconds |")
    print("|---|---|---|")
    for store, what, secs in rows:
        print(f"| {store} | {what} | {secs:.3f} |")


if __name__ == "__main__":
    main()
