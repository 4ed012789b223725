"""The observatory at scale: every view over N enterprises x S saves, in memory and on Neo4j, beside a naive
per-enterprise loop (read each enterprise's latest save, score it in Python, count). Views read only the save
summaries written at save time (memory: numpy over the archive's summaries file; Neo4j: Cypher over :SaveSummary
nodes, and the aggregates kept up to date at save time: dated deltas + weekly snapshots, observatory/deltas.py).
Side by side in one run; quote the table.

    python bench/observatory.py [--enterprises 10000] [--saves 3] [--stages 4,8] [--stores memory,neo4j]
                                [--naive 500] [--answers N]

Memory: the saves are written by the archive's bulk path (archive.extend, summaries with them). Neo4j: a fresh
server home per run, filled by Neo4j's offline importer (neo4j-admin `database import full`, from the harness
classpath) with the shipped graph, the synthetic saves (one ASSESSED per answer) and one :SaveSummary per save
(computed as a save computes it), streamed to CSV; set-up times are shown. The aggregates are then built by the
observatory's first use (the same backfill an existing database gets), timed. --answers N writes the per-answer
ASSESSED rows of the first N enterprises only (the views never read them; the naive loop does), to shorten the
100,000-enterprise set-up; the output says so.
The naive loop runs over the first --naive enterprises and is scaled to N (labelled so).
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "neo4j"))

import server as neo4j_server  # noqa: E402

from scenegraph.assess.model import Assessment  # noqa: E402
from scenegraph.assess.scoring import Scorer  # noqa: E402
from scenegraph.auth.access import LOCAL  # noqa: E402
from scenegraph.curation.synth import synth_histories  # noqa: E402
from scenegraph.dataset.loader import load_graph  # noqa: E402
from scenegraph.formats.writers import csv_pair  # noqa: E402
from scenegraph.observatory import brief, change  # noqa: E402
from scenegraph.observatory.deltas import NOW, cells, day_of, monday, weeks  # noqa: E402
from scenegraph.observatory.summary import ScoringFacts, Summariser, summarise  # noqa: E402
from scenegraph.stores.files.assessments import AssessmentArchive  # noqa: E402
from scenegraph.stores.memory.observatory import archive_observatory  # noqa: E402
from scenegraph.stores.neo4j.assessments import AGGREGATES_VERSION, OPEN  # noqa: E402

MID = datetime(2025, 6, 1, tzinfo=UTC)
#: the page's default: as of the end of today
TODAY = datetime.now(UTC).replace(hour=23, minute=59, second=59, microsecond=999999)


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def views(repo, facts) -> dict[str, float]:
    """Each view as the page computes it: counts (pushed down on Neo4j) then the pure aggregation."""
    def page():
        now = repo.level_counts(LOCAL)
        brief(now, facts)
        change(repo.level_counts(LOCAL, MID, scenarios=False), now, "stage", facts=facts)

    return {
        "latest: distribution + lagging + goal": timed(lambda: brief(repo.level_counts(LOCAL), facts)),
        "as of today (the page's default): distribution + lagging + goal":
            timed(lambda: brief(repo.level_counts(LOCAL, TODAY), facts)),
        "as of a date: distribution + lagging + goal": timed(lambda: brief(repo.level_counts(LOCAL, MID), facts)),
        "change between two dates": timed(lambda: change(repo.level_counts(LOCAL, MID, scenarios=False),
                                                         repo.level_counts(LOCAL, scenarios=False), "stage",
                                                         facts=facts)),
        "whole page (brief + change)": timed(page),
    }


def naive(ids: list[str], scorer: Scorer, latest_of) -> float:
    """Per enterprise: fetch its saves, take the latest, score it whole in Python, count. Seconds per enterprise."""
    t = time.perf_counter()
    counts: dict[tuple[str, int], int] = {}
    for ent in ids:
        a = latest_of(ent)
        s = scorer.score(a)
        counts[("all", s.overall.level)] = counts.get(("all", s.overall.level), 0) + 1
        for st, sc in s.by_stage.items():
            counts[(st, sc.level)] = counts.get((st, sc.level), 0) + 1
    return (time.perf_counter() - t) / max(1, len(ids))


def _array(values) -> str:
    return ";".join(str(v) for v in values)


def write_import_csv(graph, saves: Iterable[Assessment], csv_dir: Path, answers_for: int | None = None,
                     aggregates: bool = True) -> tuple[int, int]:
    """Shipped graph + enterprises + one ASSESSED per answer (with `at`) + one :SaveSummary per save (computed
    here, as a save computes it, with `until` = the enterprise's next save), streamed: 100,000 x 3 saves never
    sit in memory. Returns (saves, answers)."""
    facts = ScoringFacts.from_graph(graph)
    nodes, rels = csv_pair(graph)
    (csv_dir / "nodes.csv").write_text(nodes, encoding="utf-8")
    (csv_dir / "relationships.csv").write_text(rels, encoding="utf-8")
    n_saves = n_answers = 0
    # the aggregates' deltas, as +cells per day of a save and -cells per day a later save ends it
    plus: dict | None = {} if aggregates else None
    minus: dict = {}
    files = {name: (csv_dir / f"{name}.csv").open("w", encoding="utf-8", newline="")
             for name in ("assessed", "enterprises", "operates", "summaries")}
    w = {name: csv.writer(f) for name, f in files.items()}
    w["assessed"].writerow([":START_ID", ":END_ID", ":TYPE", "level:int", "at:datetime"])
    w["enterprises"].writerow(["id:ID", ":LABEL", "name_zh", "name_en", "region"])
    w["operates"].writerow([":START_ID", ":END_ID", ":TYPE"])
    w["summaries"].writerow([":ID(SaveSummary)", ":LABEL", "enterprise_id", "at:datetime", "until:datetime", "region",
                             "level:int", "stages:string[]", "stage_levels:int[]", "segments:string[]",
                             "segment_levels:int[]", "scenarios:string[]", "scenario_levels:int[]", "facts"])

    def flush(history: list[Assessment]) -> None:
        if not history:
            return
        last = history[-1]
        w["enterprises"].writerow([last.enterprise_id, "Enterprise;Entity", last.name, last.name, last.region or ""])
        for st in last.stages:
            w["operates"].writerow([last.enterprise_id, st, "OPERATES"])
        for i, a in enumerate(history):
            s = summarise(facts, a)
            until = history[i + 1].at if i + 1 < len(history) else OPEN
            if plus is not None:
                mine = list(cells(s))
                plus.setdefault(day_of(a.at), Counter()).update(mine)  # Counter.update of a list: C speed
                if until < OPEN:
                    minus.setdefault(day_of(until), Counter()).update(mine)
            w["summaries"].writerow([f"{a.enterprise_id}@{a.at.isoformat()}", "SaveSummary", a.enterprise_id,
                                     a.at.isoformat(), until.isoformat(), s.region, s.level, _array(s.stages),
                                     _array(s.stages.values()), _array(s.segments), _array(s.segments.values()),
                                     _array(s.scenarios), _array(s.scenarios.values()), facts.key])

    history: list[Assessment] = []
    for a in saves:  # synth yields each enterprise's saves together, oldest first
        if history and history[-1].enterprise_id != a.enterprise_id:
            flush(history)
            history = []
        history.append(a)
        at = a.at.isoformat()
        if answers_for is None or int(a.enterprise_id.rsplit("_", 1)[1]) < answers_for:
            for sc, level in a.answers.items():
                w["assessed"].writerow([a.enterprise_id, sc, "ASSESSED", level, at])
        n_saves += 1
        n_answers += len(a.answers)
    flush(history)
    for f in files.values():
        f.close()
    if plus is not None:
        deltas: Counter = Counter()
        for sign, by_day in ((1, plus), (-1, minus)):
            for day, counted in by_day.items():
                for cell, n in counted.items():
                    deltas[(day, *cell)] += sign * n
        write_aggregates(deltas, facts.key, csv_dir)
    return n_saves, n_answers


def write_aggregates(deltas: Counter, facts_key: str, csv_dir: Path) -> None:
    """The observatory's aggregates as a save keeps them (observatory/deltas.py): the deltas, the weekly
    cumulative snapshots up to this week, the "now" snapshot and the marker saying they are built."""
    deltas = Counter({k: v for k, v in deltas.items() if v})
    with (csv_dir / "deltas.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([":ID(ObsDelta)", ":LABEL", "day:date", "dim", "key", "level:long", "n:long"])
        for i, ((day, dim, key, level), n) in enumerate(deltas.items()):
            w.writerow([i, "ObsDelta", day.isoformat(), dim, key, level, n])
    by_day = sorted(deltas.items())
    first = monday(by_day[0][0][0])
    last = monday(datetime.now(UTC).date())
    running: Counter = Counter()
    i = 0
    with (csv_dir / "snapshots.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([":ID(ObsSnapshot)", ":LABEL", "before:date", "dim", "key", "level:long", "n:long"])
        n_rows = 0
        for before in [*weeks(first, last), NOW]:
            while i < len(by_day) and by_day[i][0][0] < before:
                (_, dim, key, level), n = by_day[i]
                running[(dim, key, level)] += n
                i += 1
            for (dim, key, level), n in running.items():
                if n:
                    w.writerow([n_rows, "ObsSnapshot", before.isoformat(), dim, key, level, n])
                    n_rows += 1
    with (csv_dir / "marker.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([":ID(ObsAggregate)", ":LABEL", "id", "state", "version:long", "facts", "weeks_from:date",
                    "weeks_to:date", "now:boolean", "lock:long"])
        w.writerow(["observatory", "ObsAggregate", "observatory", "ready", AGGREGATES_VERSION, facts_key,
                    first.isoformat(), last.isoformat(), "true", 0])


def import_into_neo4j(csv_dir: Path, home: Path) -> tuple[neo4j_server.Neo4jServer, float]:
    server = neo4j_server.Neo4jServer(home / "db")
    server._write_conf()
    conf = home / "db" / "conf"
    conf.mkdir(exist_ok=True)
    (conf / "neo4j.conf").write_text(f"server.directories.data={home / 'db' / 'data'}\n")
    t = time.perf_counter()
    done = subprocess.run(
        [neo4j_server.java_bin(), "-Xmx2g", "-cp", neo4j_server.classpath(), "org.neo4j.cli.AdminTool", "database",
         "import", "full", f"--nodes={csv_dir / 'nodes.csv'}", f"--nodes={csv_dir / 'enterprises.csv'}",
         f"--nodes={csv_dir / 'summaries.csv'}",
         *[f"--nodes={csv_dir / name}" for name in ("deltas.csv", "snapshots.csv", "marker.csv")
           if (csv_dir / name).exists()],
         f"--relationships={csv_dir / 'relationships.csv'}", f"--relationships={csv_dir / 'assessed.csv'}",
         f"--relationships={csv_dir / 'operates.csv'}", "--overwrite-destination=true", "neo4j"],
        env={**os.environ, "NEO4J_HOME": str(home / "db"), "NEO4J_CONF": str(conf)}, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"neo4j-admin import failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    seconds = time.perf_counter() - t
    shutil.rmtree(csv_dir)
    return server.start(), seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--enterprises", type=int, default=10_000)
    ap.add_argument("--saves", type=int, default=3)
    ap.add_argument("--stages", default="4,8", help="stages per enterprise, min,max (answers per save follow)")
    ap.add_argument("--stores", default="memory,neo4j")
    ap.add_argument("--naive", type=int, default=500, help="enterprises the naive loop runs over (scaled to N)")
    ap.add_argument("--naive-neo4j", type=int, default=20, help="the same on Neo4j (two queries per enterprise)")
    ap.add_argument("--build-online", action="store_true",
                    help="Neo4j: import the summaries only; the observatory's first use builds the aggregates "
                         "(the backfill an existing database gets), timed")
    ap.add_argument("--answers", type=int, default=None,
                    help="Neo4j: per-answer ASSESSED rows for the first N enterprises only (default: all)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="  %(asctime)s %(name)s: %(message)s")
    lo, hi = (int(x) for x in args.stages.split(","))
    graph = load_graph()
    scorer = Scorer(graph)

    def generate():
        return synth_histories(graph, args.enterprises, args.saves, seed=1, stages_per_enterprise=(lo, hi))

    class Rows(list):
        """Each figure printed as it is measured (a long run cut short still shows what it measured)."""

        def append(self, row: tuple[str, str, float]) -> None:
            print(f"  {row[0]}: {row[1]}: {row[2]:.3f} s", flush=True)
            super().append(row)

        def __iadd__(self, more):
            for row in more:
                self.append(row)
            return self

    rows: list[tuple[str, str, float]] = Rows()
    stores = args.stores.split(",")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(), flush=True)
    if "memory" in stores:
        t = time.perf_counter()
        saves = list(generate())
        n_answers = sum(len(a.answers) for a in saves)
        print(f"{args.enterprises:,} enterprises x {args.saves} saves, {n_answers:,} answers "
              f"({n_answers / len(saves):.0f} per save), generated in {time.perf_counter() - t:.1f} s", flush=True)
        with tempfile.TemporaryDirectory(prefix="obs-bench-") as tmp:
            archive = AssessmentArchive(Path(tmp) / "assessments.json")
            t = time.perf_counter()
            archive.extend(saves, Summariser(ScoringFacts.from_graph(graph)))
            rows.append(("memory", f"setup: bulk write of {len(saves):,} saves + their summaries (archive.extend)",
                         time.perf_counter() - t))
            obs = archive_observatory(graph, archive)
            t = time.perf_counter()
            obs.level_counts(LOCAL)
            rows.append(("memory", "first view after start: read the summaries file, build the columns",
                         time.perf_counter() - t))
            facts = obs.graph_facts(LOCAL)
            rows += [("memory", k, v) for k, v in views(obs, facts).items()]
        by_ent: dict[str, list] = {}
        for a in saves:
            by_ent.setdefault(a.enterprise_id, []).append(a)
        ids = list(by_ent)[:args.naive]
        per = naive(ids, scorer, lambda e: max(by_ent[e], key=lambda a: a.at))
        rows.append(("memory", f"naive per-enterprise loop (x{args.enterprises:,}, measured over {len(ids)})",
                     per * args.enterprises))
        del saves, by_ent
    if "neo4j" in stores:
        from scenegraph.base.settings import load_settings
        from scenegraph.stores.neo4j import Neo4jStore
        from scenegraph.stores.neo4j import observatory as neo_observatory
        from scenegraph.stores.neo4j.observatory import Neo4jObservatory

        home = Path(tempfile.mkdtemp(prefix="obs-bench-"))
        server = None
        try:
            csv_dir = home / "csv"
            csv_dir.mkdir(parents=True)
            t = time.perf_counter()
            n_saves, answers = write_import_csv(graph, generate(), csv_dir, args.answers, not args.build_online)
            how = "the observatory's first use builds the aggregates" if args.build_online else \
                "+ the aggregates (deltas, weekly snapshots, marker) computed from them"
            rows.append(("neo4j", f"setup: generate + summarise {n_saves:,} saves, write import CSV ({how})",
                         time.perf_counter() - t))
            print(f"CSV for {n_saves:,} saves, {answers:,} answers in {rows[-1][2]:.1f} s; importing…", flush=True)
            server, seconds = import_into_neo4j(csv_dir, home)
            print(f"imported in {seconds:.1f} s; server up", flush=True)
            held = f"{answers:,} answers" if args.answers is None else \
                f"the answers of the first {args.answers:,} enterprises only (of {answers:,})"
            rows.append(("neo4j", f"setup: neo4j-admin import of {held} + {n_saves:,} summaries", seconds))
            with Neo4jStore.connect(load_settings(server.env()).neo4j) as store:
                t = time.perf_counter()
                store.apply_schema()
                store.summary_indexes()
                Neo4jObservatory(store).schema()
                store.await_indexes()
                rows.append(("neo4j", "setup: indexes (schema + summaries), populated", time.perf_counter() - t))
                neo = Neo4jObservatory(store)
                t = time.perf_counter()
                neo.prepare()
                rows.append(("neo4j", "first use of an existing database: stale-summary check + build the "
                             "aggregates (once)" if args.build_online else
                             "first use: marker + scoring-facts check (aggregates imported)", time.perf_counter() - t))
                neo_observatory.forget_checked()
                t = time.perf_counter()
                Neo4jObservatory(store).prepare()
                rows.append(("neo4j", "a later process start: marker + scoring-facts check", time.perf_counter() - t))
                neo.level_counts(LOCAL)  # warm the page cache and the query plans
                facts = neo.graph_facts(LOCAL)
                rows += [("neo4j", k, v) for k, v in views(neo, facts).items()]
                for when in (None, MID):  # the aggregates give what a scan of the summaries gives
                    agree = neo.level_counts(LOCAL, when) == neo.scan_counts(LOCAL, when)
                    print(f"  aggregates == summary scan as of {when or 'latest'}: {agree}", flush=True)
                    if not agree:
                        raise SystemExit("the aggregates disagree with the summaries")

                rows.append(("neo4j", "summary scan (the previous path, one summary per enterprise read): latest, once",
                             timed(lambda: brief(neo.scan_counts(LOCAL), facts), repeat=1)))

                def latest_of(ent: str):
                    last = store.assessments(LOCAL, ent)[-1]
                    return store.load_assessment(LOCAL, ent, last.at)

                width = max(2, len(str(max(args.enterprises - 1, 1))))
                ids = [f"ent_synth_{n:0{width}d}" for n in range(min(args.naive_neo4j, args.enterprises))]
                per = naive(ids, scorer, latest_of)
                rows.append(("neo4j", f"naive per-enterprise loop (x{args.enterprises:,}, measured over {len(ids)})",
                             per * args.enterprises))
        finally:
            if server:
                server.stop()
            shutil.rmtree(home, ignore_errors=True)
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"\n| store | view ({args.enterprises:,} enterprises x {args.saves} saves) | seconds |")
    print("|---|---|---|")
    for store, what, secs in rows:
        print(f"| {store} | {what} | {secs:.3f} |")


if __name__ == "__main__":
    main()
