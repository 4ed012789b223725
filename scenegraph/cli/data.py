"""`scenegraph validate|diff|stats|load|export|import|synth`: the data directory, its releases, Neo4j loading and
the exchange formats."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rich import box
from rich.table import Table

from scenegraph.auth.access import Role
from scenegraph.base.bounded import read_bytes
from scenegraph.base.errors import InvalidRequest, ScenegraphError
from scenegraph.base.limits import LIMITS
from scenegraph.base.resources import data_dir
from scenegraph.base.settings import load_settings
from scenegraph.cli.common import (
    Parents,
    counts_table,
    err,
    graph_of,
    load_graph,
    neo4j_store,
    out,
    positive,
    print_problems,
    writing,
)
from scenegraph.cli.users import caller
from scenegraph.curation.report import curation_report
from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.dataset.loader import check_dir
from scenegraph.dataset.release import HostEntry
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import AI_CATEGORIES, EVIDENCE_GRADES, LABELS, RELATIONSHIPS
from scenegraph.stores import MemoryStore

__all__ = ["add_parsers"]


def cmd_validate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    checked = check_dir(args.data_dir if args.data_dir is not None else load_settings().data_dir)
    elapsed = time.perf_counter() - started
    if checked.problems:
        print_problems(checked.problems)
        return 1
    by_label = dict.fromkeys(LABELS, 0)
    for row in checked.nodes:
        by_label[row["label"]] += 1
    by_type = dict.fromkeys(RELATIONSHIPS, 0)
    for _, _, t, _ in checked.edges:
        by_type[t] += 1
    out.print(counts_table("Nodes per label", by_label))
    out.print(counts_table("Relationships per type", by_type))
    out.print(f"[green]valid[/green]: {sum(by_label.values())} nodes, {sum(by_type.values())} relationships, "
              f"{len(checked.sources)} sources, checked in {elapsed:.2f} s")
    if args.report or args.strict:
        graph = ScenarioGraph.from_rows(checked.nodes, checked.edges, checked.sources, checked.release)
        report = curation_report(graph, [HostEntry(**h) for h in checked.hosts])
        _print_report(graph, report)
        if args.strict and not report.clean:
            err.print("[red]--strict: the report found orphans, unsourced facts, sources not of record, measurement "
                      "counted as a lever, targets short of levers without a reason, factories breaking a rule, "
                      "descriptions in one language only or unused "
                      "nodes without a reason[/red]")
            return 1
    return 0


def _print_report(graph: ScenarioGraph, report) -> None:
    table = Table(title=f"Coverage: {report.scenarios} scenarios per stage and domain (D1-D{len(report.domains)} "
                        "below)", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False,
                  show_edge=False)
    table.add_column("stage", no_wrap=True)
    for i, _ in enumerate(report.domains, start=1):
        table.add_column(f" D{i}", justify="right", no_wrap=True)
    table.add_column(" all", justify="right", no_wrap=True)
    for s in report.stages:
        cells = [str(report.cells.get((s, d), "·")) for d in report.domains]
        table.add_row(s, *cells, f"[bold]{report.per_stage[s]}[/bold]")
    table.add_row("[bold]all[/bold]", *(f"[bold]{report.per_domain[d]}[/bold]" for d in report.domains), "")
    out.print(table)
    out.print("  ".join(f"D{i} {graph.name(d, 'zh')} ({graph.name(d, 'en')})"
                        for i, d in enumerate(report.domains, start=1)))
    ai = Table(title="The plan's four AI model categories: scenarios serving each", title_justify="left")
    ai.add_column("category")
    ai.add_column("scenarios", justify="right")
    for cat, n in report.ai_categories.items():
        ai.add_row(f"{AI_CATEGORIES[cat][0]} {AI_CATEGORIES[cat][1]}", str(n))
    out.print(ai)
    out.print(f"facts: {report.sourced_nodes} nodes cite a source, {report.illustrative_nodes} are marked illustrative")
    out.print("sources by kind: " + (", ".join(f"{k} {n}" for k, n in report.sources_by_kind.items()) or "none"))
    out.print("sources by evidence: " + (", ".join(f"{k} {n}" for k, n in report.sources_by_evidence.items())
                                         or "none"), markup=False)
    _print_grades(report)
    out.print(f"quantified effects (IMPROVES with a sourced number): {report.quantified_effects}; reaching each "
              "target: " + ", ".join(f"{tgt} {n}" for tgt, n in report.effects_by_target.items()), markup=False)
    out.print(f"scenarios measuring a KPI (MEASURES, not counted as levers): {report.measuring}", markup=False)
    out.print("levers per target and answers per requirement (at least 3, or a target says why not): "
              + ", ".join(f"{n} {c}" for n, c in report.levers.items()), markup=False)
    for title, items in (("sources not yet of record (kind, publisher, date, cited, URL host)",
                          report.source_problems),
                         ("factories breaking a rule", report.factory_problems),
                         ("measurement counted as a lever", report.measurement_problems),
                         ("targets and requirements short of levers, without a reason", report.lever_problems),
                         ("descriptions in one language only", report.language_problems)):
        out.print(f"[bold]{title}[/bold]: {len(items)}", markup=True)
        for line in items:
            out.print(f"  {line}", markup=False)
    out.print(f"[bold]unused processes, reference scenarios and KPIs[/bold]: {len(report.unused)} "
              f"({len(report.unused_without_reason)} without a reason)")
    for node_id, why in report.unused.items():
        out.print(f"  {node_id}: {why or 'NO REASON GIVEN (add unused_reason)'}", markup=False)
    for title, items in (("orphan nodes (no relationship)", report.orphans),
                         ("unsourced facts (neither source nor illustrative)", report.unsourced),
                         ("scenarios improving no KPI", report.without_kpis),
                         ("scenarios without prerequisites (foundations, or missing DEPENDS_ON)",
                          report.without_prerequisites)):
        out.print(f"[bold]{title}[/bold]: {len(items)}" + (f"\n  {', '.join(items)}" if items else ""))


def _print_grades(report) -> None:
    """Scenarios by evidence grade (computed from their sources), overall and per stage."""
    grades = list(report.by_grade)
    table = Table(title="Evidence grade of scenarios: " + ", ".join(
        f"{EVIDENCE_GRADES[g][1]} {n}" for g, n in report.by_grade.items()), title_justify="left",
        box=box.SIMPLE_HEAD)
    table.add_column("stage", no_wrap=True)
    for g in grades:
        table.add_column(g, justify="right")
    for stage, counts in report.grade_by_stage.items():
        table.add_row(stage, *(str(counts[g]) for g in grades))
    out.print(table)


def cmd_diff(args: argparse.Namespace) -> int:
    from scenegraph.curation.diff import diff_paths, previous_release

    shipped = load_settings().data_dir or data_dir()
    new = args.new if args.new is not None else shipped
    old = args.old if args.old is not None else previous_release(new if new.is_dir() else shipped)
    if old is None:
        err.print(f"no earlier release is kept in {new}/releases: name the old release (a data directory, a saved "
                  "release .json.gz or an export)", markup=False)
        return 1
    result = diff_paths(old, new)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1, default=str))
    else:
        out.print(result.text(), markup=False)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    stats = graph_of(args).stats()
    out.print(counts_table("Nodes per label", stats.nodes_by_label))
    out.print(counts_table("Relationships per type", stats.relationships_by_type))
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    spec = SynthSpec(scenarios=args.scenarios, seed=args.seed)
    started = time.perf_counter()
    with writing(args.out):
        counts = write_synth(spec, args.out, fmt=args.format,
                             progress=lambda n: err.print(f"  {n:,} relationships written", markup=False))
    out.print(f"wrote {counts['nodes']:,} nodes and {counts['relationships']:,} relationships to {args.out} "
              f"in {time.perf_counter() - started:.1f} s", markup=False)
    return 0


def _load_choice(args: argparse.Namespace, settings, home: Path | None, graph: ScenarioGraph) -> tuple[bool, str]:
    """Bulk import or online load, and why (said before the load). Unless asked for, the bulk import only where
    bench/neo4j_choice.py finds it faster: an empty database whose home is on this machine, and a graph of at least
    LIMITS.bulk_min_relationships relationships (below that, a JVM for neo4j-admin and a server restart cost more
    than the online loader's whole load)."""
    from scenegraph.stores.neo4j import Neo4jStore
    from scenegraph.stores.neo4j.bulk import is_local

    if args.bulk:
        if home is None:
            raise InvalidRequest("--bulk imports offline into a local database home: give --home DIR or set NEO4J_HOME")
        return True, "asked for with --bulk"
    if args.online:
        return False, "asked for with --online"
    if home is None:
        return False, "no local database home known (--home DIR or NEO4J_HOME) for the offline importer"
    if not is_local(settings.neo4j):
        return False, f"the server at {settings.neo4j.safe_uri} is not on this machine"
    with Neo4jStore.connect(settings.neo4j) as store:
        if not store.is_empty():
            return False, f"the database at {settings.neo4j.safe_uri} is not empty (the offline importer replaces it)"
    rels, least = graph.relationship_count, LIMITS.bulk_min_relationships
    if rels < least:
        return False, (f"the database is empty but the graph has {rels:,} relationships, fewer than the {least:,} "
                       "from which the offline importer is faster (SCENEGRAPH_LIMIT_BULK_MIN_RELATIONSHIPS; "
                       "--bulk forces it)")
    return True, (f"the database at {settings.neo4j.safe_uri} is empty, its home {home} is on this machine and the "
                  f"graph has {rels:,} relationships, at least {least:,} (--online forces the online loader)")


def _cmd_bulk(graph: ScenarioGraph, settings, home: Path, reason: str) -> int:
    from scenegraph.stores.neo4j.bulk import bulk_load

    out.print(f"bulk import ({reason}): writing the neo4j-admin CSV, then Neo4j's offline importer "
              "(neo4j-admin database import full) into " + str(home), markup=False)
    report = bulk_load(graph, home, settings.neo4j,
                       progress=lambda done, total, what: err.print(f"  {what}…", markup=False))
    server = report.settings
    assert server is not None  # bulk_load names the server it leaves running
    out.print(f"loaded {report.nodes:,} nodes and {report.relationships:,} relationships into "
              f"{server.safe_uri} by bulk import in {report.seconds:.1f} s (server stop "
              f"{report.stop_seconds:.1f} s while the CSV was written in {report.csv_seconds:.1f} s, "
              f"neo4j-admin import {report.import_seconds:.1f} s, server start {report.start_seconds:.1f} s, "
              f"schema {report.schema_seconds:.1f} s)", markup=False)
    if settings.neo4j is None:  # a server of its own was started: say how to reach it
        for key, value in (("NEO4J_URI", server.uri), ("NEO4J_USER", server.user),
                           ("NEO4J_PASSWORD", server.password.get_secret_value()),
                           ("NEO4J_HOME", str(home))):
            out.print(f"export {key}={value}", markup=False)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    caller(args, Role.CURATOR)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    settings = load_settings()
    graph = load_graph(args.data_dir)
    home = args.home or settings.neo4j_home
    if settings.neo4j is None and not args.bulk:
        neo4j_store()  # raises: nothing configured (a bulk import can start a server of its own)
    bulk, reason = _load_choice(args, settings, home, graph)
    if bulk:
        assert home is not None  # _load_choice chooses a bulk import only into a known home
        return _cmd_bulk(graph, settings, home, reason)
    out.print(f"online load ({reason})", markup=False)
    with neo4j_store(args.batch_size) as store, Progress(
        TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
        transient=False,
    ) as bar:
        task = bar.add_task("loading", total=len(graph) + graph.relationship_count)
        try:
            report = store.load(graph, replace=args.replace,
                                progress=lambda done, total, what: bar.update(task, completed=done, description=what))
        except ScenegraphError:
            bar.remove_task(task)  # the error line says how far it got; no half bar above it
            raise
        where = store.settings.safe_uri
    out.print(
        f"loaded {report.nodes:,} nodes and {report.relationships:,} relationships into {where} in "
        f"{report.seconds:.1f} s: {report.nodes_created:,} nodes and {report.relationships_created:,} relationships "
        f"created" + (f", {report.nodes_deleted:,} nodes and {report.relationships_deleted:,} relationships removed"
                      if args.replace else ""), markup=False)
    return 0


def _selection(args: argparse.Namespace, graph: ScenarioGraph):
    from scenegraph.assess import Scorer, from_csv, from_json
    from scenegraph.export.selection import Selection, parse_levels

    assessment = None
    if args.roadmap:
        raw = read_bytes(args.roadmap, "max_upload_bytes")
        assessment = from_csv(raw, graph) if args.roadmap.suffix.lower() == ".csv" else from_json(raw, graph)
    sel = Selection(labels=tuple(args.label or ()), stages=tuple(args.stage or ()), domains=tuple(args.domain or ()),
                    levels=parse_levels(args.level or ()), ids=tuple(args.id or ()), hops=args.hops,
                    factory=args.factory, cypher=args.cypher, roadmap=assessment, target_level=args.target)
    return sel, Scorer(graph) if assessment is not None else None


def cmd_export(args: argparse.Namespace) -> int:
    from scenegraph.export import FORMATS, export, writable
    from scenegraph.export.selection import select
    from scenegraph.formats.writers import csv_pair, load_csv_script, people_tables, sources_yaml

    # a Cypher selection is for curators and admins only (with sign-in on: --user); other selections for anyone
    who = caller(args, Role.CURATOR, Role.ADMIN) if args.cypher else None
    graph = load_graph(args.data)
    sel, scorer = _selection(args, graph)
    with neo4j_store() if args.store == "neo4j" else MemoryStore(graph) as store:
        started = time.perf_counter()
        sub = select(store, sel, scorer, who)
        spec = FORMATS[args.format]
        out_path: Path = args.output
        if args.format == "csv" and out_path.suffix.lower() != ".zip":
            writable(sub)
            with writing(out_path):
                out_path.mkdir(parents=True, exist_ok=True)
                nodes, rels = csv_pair(sub)
                (out_path / "nodes.csv").write_text(nodes, encoding="utf-8")
                (out_path / "relationships.csv").write_text(rels, encoding="utf-8")
                (out_path / "load_csv.cypher").write_text(load_csv_script(sub), encoding="utf-8")
                (out_path / "sources.yaml").write_text(sources_yaml(sub), encoding="utf-8")
                for name, text in zip(("spreadsheet_nodes.csv", "spreadsheet_relationships.csv"),
                                      people_tables(sub), strict=True):
                    (out_path / name).write_text(text, encoding="utf-8-sig")
            size = len(nodes.encode()) + len(rels.encode())
        else:
            body = export(sub, args.format, args.lang)
            with writing(out_path):
                out_path.write_bytes(body)
            size = len(body)
    out.print(f"exported {len(sub):,} nodes and {sub.g.number_of_edges():,} relationships as {spec.what} to "
              f"{out_path} ({size:,} bytes, {time.perf_counter() - started:.2f} s)", markup=False)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from scenegraph.formats.readers import import_file
    from scenegraph.formats.writers import write_data_dir

    if args.store == "neo4j":
        caller(args, Role.CURATOR)  # before the work: loading into the shared store is the curators'
    graph = import_file(args.file)
    stats = graph.stats()
    out.print(f"valid: {stats.nodes:,} nodes and {stats.relationships:,} relationships in {args.file}", markup=False)
    if args.out:
        with writing(args.out):
            write_data_dir(graph, args.out)
        out.print(f"written as a data directory to {args.out} (use it with --data {args.out})", markup=False)
        partial = [sc for sc in graph.ids("Scenario")
                   if not graph.out_ids(sc, "AT") or not graph.out_ids(sc, "IN_DOMAIN")]
        if partial:
            err.print(f"note: {len(partial)} scenario(s) of this subgraph lack their stage or domain "
                      f"(e.g. {partial[0]}); as a data directory it validates once those are added", markup=False)
    if args.store == "neo4j":
        with neo4j_store() as store:
            report = store.load(graph)
            out.print(f"loaded into {store.settings.safe_uri}: {report.nodes_created:,} nodes and "
                      f"{report.relationships_created:,} relationships created", markup=False)
    return 0


def add_parsers(sub, parents: Parents) -> None:
    """The commands of this group, on the `scenegraph` parser's subcommands."""
    p = sub.add_parser("validate", help="check a data directory; print counts or every problem")
    p.add_argument("data_dir", nargs="?", type=Path, default=None, help="default: the shipped data")
    p.add_argument("--report", action="store_true",
                   help="also print coverage per stage and domain, orphans, gaps and unsourced facts")
    p.add_argument("--strict", action="store_true",
                   help="with the report: exit 1 on orphans, unsourced facts, sources not of record (kind, "
                        "publisher, date, cited, URL host), factories breaking a rule, unused nodes without a reason, "
                        "a measurement scenario improving a KPI that tracks a target, a KPI, target or fact described "
                        "in one language only")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("diff", help="what changed between two releases: nodes (with their names), relationships and "
                                    "sources added, removed and changed, with the fields (data directories, saved "
                                    "releases or exports; no arguments: the previous release against this one)")
    p.add_argument("old", type=Path, nargs="?", default=None,
                   help="a data directory, a saved release (releases/<version>.json.gz) or an export (.graphml, "
                        ".json, CSV .zip); default: the newest release kept in the data's releases/ folder")
    p.add_argument("new", type=Path, nargs="?", default=None, help="default: the shipped data")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("stats", parents=[parents.data], help="node and relationship counts")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("load", parents=[parents.auth],
                       help="load a data directory into Neo4j (NEO4J_URI ...), batched and idempotent")
    p.add_argument("data_dir", nargs="?", type=Path, default=None, help="default: the shipped data")
    p.add_argument("--replace", action="store_true", help="also remove what is no longer in the data")
    p.add_argument("--batch-size", type=positive, default=None)
    how = p.add_mutually_exclusive_group()
    how.add_argument("--bulk", action="store_true",
                     help="offline: neo4j-admin import into the local database home, then start the server on it "
                          "(replaces the database; chosen by itself when a local database is empty and the graph "
                          f"has at least {LIMITS.bulk_min_relationships:,} relationships)")
    how.add_argument("--online", action="store_true", help="always the online loader (remote servers use it anyway)")
    p.add_argument("--home", type=Path, default=None,
                   help="the local database home for --bulk (default: NEO4J_HOME)")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("export", parents=[parents.data, parents.auth],
                       help="export a selected subgraph: graphml, gexf, json, csv, cypher, html, png, svg")
    p.add_argument("--format", "-f", required=True, choices=("graphml", "gexf", "json", "csv", "cypher", "html",
                                                            "png", "svg"))
    p.add_argument("--output", "-o", type=Path, required=True,
                   help="the file (csv: a folder for nodes.csv and relationships.csv, or a .zip)")
    p.add_argument("--label", action="append", help="keep nodes of this label (repeatable)")
    p.add_argument("--stage", action="append", help="keep nodes at this stage (repeatable)")
    p.add_argument("--domain", action="append", help="keep nodes in this domain (repeatable)")
    p.add_argument("--level", action="append", help="keep scenarios of this typical level (repeatable)")
    p.add_argument("--id", action="append", help="this node and its neighbourhood (repeatable)")
    p.add_argument("--hops", type=positive, default=1, help="neighbourhood size around --id (default 1)")
    p.add_argument("--factory", help="a benchmark factory and what it runs and operates")
    p.add_argument("--roadmap", type=Path, help="an assessment file: the steps of its roadmap")
    p.add_argument("--target", type=int, choices=range(1, 6), default=3, help="the roadmap's target level")
    p.add_argument("--cypher", help="(Neo4j; curators and admins) a read-only query of the graph returning nodes, "
                                    "relationships or paths")
    p.add_argument("--store", choices=("memory", "neo4j"), default="memory")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="names shown in HTML, GEXF and pictures")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", parents=[parents.auth],
                       help="read GraphML, JSON or the CSV pair back, validated like data files")
    p.add_argument("file", type=Path, help=".graphml, .json, .zip, a folder with nodes.csv, or nodes.csv")
    p.add_argument("--out", type=Path, help="write it as a data directory (JSON Lines) for --data")
    p.add_argument("--store", choices=("none", "neo4j"), default="none", help="also load it into Neo4j")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("synth", help="write a synthetic, schema-valid graph for benchmarks and scale tests")
    p.add_argument("--scenarios", type=positive, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=("jsonl", "yaml"), default="jsonl")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_synth)
