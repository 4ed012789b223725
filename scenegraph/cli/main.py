"""The `scenegraph` command line: validate, stats, search, synth, load, query, assess, assessments, observatory,
export, import."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from scenegraph import __version__
from scenegraph.assess.model import AssessmentError
from scenegraph.assess.profile import ProfileError
from scenegraph.auth.access import Role
from scenegraph.auth.redact import redact
from scenegraph.base.bounded import read_bytes
from scenegraph.base.errors import InvalidRequest, OutputFailed, ScenegraphError
from scenegraph.base.limits import LIMITS
from scenegraph.base.resources import data_dir
from scenegraph.base.settings import load_settings
from scenegraph.cli.users import add_users_parser, auth_options, caller
from scenegraph.curation.report import curation_report
from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.dataset.loader import check_dir
from scenegraph.dataset.loader import load_graph as _load_graph
from scenegraph.dataset.problems import DataError, ordered, summary_lines
from scenegraph.dataset.release import HostEntry
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import AI_CATEGORIES, EVIDENCE_GRADES, LABELS, RELATIONSHIPS
from scenegraph.stores import MemoryStore, StoreError

__all__ = ["main"]

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A file the user asked for: a failure to write it (no folder, no permission, disk full) is OutputFailed,
    one line naming the path and the system's reason."""
    try:
        yield
    except OSError as e:
        raise OutputFailed(f"cannot write {path}: {e.strerror or type(e).__name__}") from None


def _counts_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("name")
    table.add_column("count", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    table.add_row("[bold]total[/bold]", f"[bold]{sum(counts.values())}[/bold]")
    return table


def _print_problems(problems) -> None:
    """The causes first, one line each, up to LIMITS.max_problems_listed, then a count of the rest."""
    problems = ordered(problems)
    for line in summary_lines(problems):
        err.print(line, markup=False)
    err.print(f"[red]{len(problems):,} problem(s)[/red]")


def load_graph(data_dir: Path | None) -> ScenarioGraph:
    """The graph of `data_dir`, else of SCENEGRAPH_DATA, else the shipped data."""
    return _load_graph(data_dir if data_dir is not None else load_settings().data_dir)


def cmd_validate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    checked = check_dir(args.data_dir if args.data_dir is not None else load_settings().data_dir)
    elapsed = time.perf_counter() - started
    if checked.problems:
        _print_problems(checked.problems)
        return 1
    by_label = dict.fromkeys(LABELS, 0)
    for row in checked.nodes:
        by_label[row["label"]] += 1
    by_type = dict.fromkeys(RELATIONSHIPS, 0)
    for _, _, t, _ in checked.edges:
        by_type[t] += 1
    out.print(_counts_table("Nodes per label", by_label))
    out.print(_counts_table("Relationships per type", by_type))
    out.print(f"[green]valid[/green]: {sum(by_label.values())} nodes, {sum(by_type.values())} relationships, "
              f"{len(checked.sources)} sources, checked in {elapsed:.2f} s")
    if args.report or args.strict:
        graph = ScenarioGraph.from_rows(checked.nodes, checked.edges, checked.sources, checked.release)
        report = curation_report(graph, [HostEntry(**h) for h in checked.hosts])
        _print_report(graph, report)
        if args.strict and not report.clean:
            err.print("[red]--strict: the report found orphans, unsourced facts, sources not of record, measurement "
                      "counted as a lever, factories breaking a rule, descriptions in one language only or unused "
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
    for title, items in (("sources not yet of record (kind, publisher, date, cited, URL host)",
                          report.source_problems),
                         ("factories breaking a rule", report.factory_problems),
                         ("measurement counted as a lever", report.measurement_problems),
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


def _graph(args: argparse.Namespace) -> ScenarioGraph:
    return load_graph(args.data)


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
    stats = _graph(args).stats()
    out.print(_counts_table("Nodes per label", stats.nodes_by_label))
    out.print(_counts_table("Relationships per type", stats.relationships_by_type))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    hits = _graph(args).search(args.text, labels=args.label or None, limit=args.limit)
    if not hits:
        out.print(f"no match for '{args.text}'", markup=False)
        return 0
    table = Table(title=f"{len(hits)} match(es) for '{args.text}'", title_justify="left")
    for col in ("id", "label", "中文", "English", "match", "names", "text"):
        table.add_column(col, justify="right" if col in ("names", "text") else "left")
    for h in hits:  # match and relevance: the order's keys (scenegraph/graph/search.py)
        table.add_row(h.id, h.label, h.name_zh, h.name_en, h.match.word, f"{h.name_score:.2f}", f"{h.text_score:.2f}")
    out.print(table)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    spec = SynthSpec(scenarios=args.scenarios, seed=args.seed)
    started = time.perf_counter()
    with _writing(args.out):
        counts = write_synth(spec, args.out, fmt=args.format,
                             progress=lambda n: err.print(f"  {n:,} relationships written", markup=False))
    out.print(f"wrote {counts['nodes']:,} nodes and {counts['relationships']:,} relationships to {args.out} "
              f"in {time.perf_counter() - started:.1f} s", markup=False)
    return 0


def _neo4j_store(batch_size: int | None = None):
    from scenegraph.stores.neo4j import Neo4jStore

    settings = load_settings().neo4j
    if settings is None:
        raise StoreError("set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD, optionally NEO4J_DATABASE) to use Neo4j")
    return Neo4jStore.connect(settings, **({"batch_size": batch_size} if batch_size else {}))


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
    rels, least = graph.g.number_of_edges(), LIMITS.bulk_min_relationships
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
    out.print(f"loaded {report.nodes:,} nodes and {report.relationships:,} relationships into "
              f"{report.settings.safe_uri} by bulk import in {report.seconds:.1f} s (server stop "
              f"{report.stop_seconds:.1f} s, CSV {report.csv_seconds:.1f} s, neo4j-admin import "
              f"{report.import_seconds:.1f} s, server start {report.start_seconds:.1f} s, "
              f"schema {report.schema_seconds:.1f} s)", markup=False)
    if settings.neo4j is None:  # a server of its own was started: say how to reach it
        for key, value in (("NEO4J_URI", report.settings.uri), ("NEO4J_USER", report.settings.user),
                           ("NEO4J_PASSWORD", report.settings.password.get_secret_value()),
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
        _neo4j_store()  # raises: nothing configured (a bulk import can start a server of its own)
    bulk, reason = _load_choice(args, settings, home, graph)
    if bulk:
        return _cmd_bulk(graph, settings, home, reason)
    out.print(f"online load ({reason})", markup=False)
    with _neo4j_store(args.batch_size) as store, Progress(
        TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
        transient=False,
    ) as bar:
        task = bar.add_task("loading", total=len(graph) + graph.g.number_of_edges())
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


def cmd_query(args: argparse.Namespace) -> int:
    caller(args, Role.CURATOR, Role.ADMIN)
    params = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidRequest(f"--param needs KEY=VALUE, got {item!r}")
        params[key] = value
    with _neo4j_store() as store:
        result = store.run_readonly(args.cypher, params, timeout=args.timeout, row_cap=args.limit)
    table = Table(title=f"{len(result.rows)} row(s){' (capped)' if result.truncated else ''} in "
                        f"{result.seconds * 1000:.0f} ms", title_justify="left")
    for col in result.columns:
        table.add_column(col)
    for row in redact(result.rows):  # account secrets never shown, even if a query reaches :User nodes
        table.add_row(*(str(v) for v in row))
    out.print(table)
    return 0


def _store(args: argparse.Namespace, graph: ScenarioGraph | None = None):
    """The store a command saves to: Neo4j when asked, else the embedded one (on `graph` when already loaded)."""
    if args.store == "neo4j":
        return _neo4j_store()
    return MemoryStore(graph if graph is not None else load_graph(args.data))


def cmd_assess(args: argparse.Namespace) -> int:
    from scenegraph.assess import Scorer, from_csv, from_json
    from scenegraph.assess.evaluate import evaluate
    from scenegraph.assess.model import level_name
    from scenegraph.present.assessment_report import report_html, report_markdown

    graph = load_graph(args.data)
    raw = read_bytes(args.answers, "max_upload_bytes")
    assessment = from_csv(raw, graph) if args.answers.suffix.lower() == ".csv" else from_json(raw, graph)
    if args.profile:  # the profile file replaces any profile the answers carry (checked like it: assess.profile)
        from scenegraph.cli.value import read_profile

        profile = read_profile(args.profile, graph, assessment.stages)
        assessment = assessment.model_copy(update={"profile": profile})
    ev = evaluate(Scorer(graph), assessment, args.target, args.waves, args.capacity)
    o, lang = ev.scores.overall, args.lang
    out.print(f"{assessment.name} ({assessment.enterprise_id}): score {o.score:.2f} / 5, level {o.level} "
              f"{level_name(o.level, 'zh')} ({level_name(o.level, 'en')}), coverage {o.coverage:.0%} "
              f"({o.answered}/{o.applicable})", markup=False)
    table = Table(title="By stage, against benchmark factories running it", title_justify="left")
    for col in ("stage", "score", "level", "peers", "median", "best", "percentile"):
        table.add_column(col)
    for stage, sc in ev.scores.by_stage.items():
        b = ev.benchmark.by_stage[stage]
        table.add_row(graph.name(stage, lang), f"{sc.score:.2f}", str(sc.level), str(len(b.peers)),
                      "—" if b.median is None else f"{b.median:.2f}", "—" if b.best is None else f"{b.best:.2f}",
                      "—" if b.percentile is None else f"P{b.percentile:.0f}")
    out.print(table)
    out.print(f"{len(ev.gaps)} gap(s) below level {args.target}; roadmap: "
              + (", ".join(f"wave {w.index} (≤{w.months} months) {len(w.steps)} step(s)" for w in ev.roadmap.waves)
                 or "nothing to do"), markup=False)
    valuation = None
    if args.profile or args.optimise or assessment.profile is not None or args.value_csv:
        from scenegraph.cli.value import show_value

        valuation = show_value(out, graph, ev, assessment.profile, assessment.stages, lang, args.capacity,
                               args.optimise, args.value_csv)
    if args.xlsx:
        from scenegraph.assess.workbook import roadmap_xlsx

        data = roadmap_xlsx(graph, ev, lang, valuation=valuation)
        with _writing(args.xlsx):
            args.xlsx.write_bytes(data)
        out.print(f"Excel roadmap written to {args.xlsx} ({len(data):,} bytes)", markup=False)
    if args.report:
        text = (report_markdown if args.report.suffix.lower() == ".md" else report_html)(graph, ev, lang)
        with _writing(args.report):
            args.report.write_text(text, encoding="utf-8")
        out.print(f"report written to {args.report} ({len(text.encode()):,} bytes)", markup=False)
    if args.save:
        with _store(args, graph) as store:
            saved = store.save_assessment(caller(args), assessment)
        where = store.settings.safe_uri if args.store == "neo4j" else store.archive.path
        out.print(f"saved to {where} at {saved.at.isoformat()}", markup=False)
    return 0


def cmd_assessments(args: argparse.Namespace) -> int:
    with _store(args) as store:
        saved = store.assessments(caller(args), args.enterprise)
    table = Table(title=f"{len(saved)} saved assessment(s)", title_justify="left")
    for col in ("enterprise", "name", "at", "answers"):
        table.add_column(col)
    for s in saved:
        table.add_row(s.enterprise_id, s.name, s.at.isoformat(), str(s.answers))
    out.print(table)
    return 0


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date is YYYY-MM-DD; got {text!r}") from None


def cmd_observatory(args: argparse.Namespace) -> int:
    """The planners' brief, from the same publisher as the observatory page (month ends only, the disclosure
    control, the server's minimum k: --k may only raise it)."""
    from datetime import timedelta

    from scenegraph.present.observatory import brief_blocks, brief_csv, brief_html
    from scenegraph.stores.compose import observatory_of

    who = caller(args, Role.PLANNER)
    with _store(args) as store:
        repo = observatory_of(store)
        if args.k is not None and args.k < repo.k:
            raise InvalidRequest(f"--k may only raise the server's minimum group size {repo.k} "
                                 f"(SCENEGRAPH_LIMIT_OBSERVATORY_MIN_GROUP), got {args.k}")
        period = repo.period_of(args.as_of)
        since = repo.period_of(args.before) if args.before else repo.period_of(period - timedelta(days=365))
        b, crows = repo.report(who, period, args.k, args.target, since=since, dimension=args.dimension)
    out.print(f"published as of the month end {period:%Y-%m-%d}; change from {since:%Y-%m-%d}", markup=False)
    changed = (args.dimension, crows or [])
    for title, header, rows in brief_blocks(b, args.lang, changed):  # plain lines: a brief is read, or piped
        out.print(f"\n{title}", markup=False)
        for row in ([header] if any(header) else []) + rows:
            out.print(" | ".join(row).rstrip(" |"), markup=False)
    for path, text in ((args.csv, lambda: brief_csv(b, args.lang, changed)),
                       (args.html, lambda: brief_html(b, args.lang, changed))):
        if path is not None:
            body = text()
            path.write_text(body, encoding="utf-8-sig" if path is args.csv else "utf-8")
            out.print(f"written to {path} ({len(body.encode()):,} bytes)", markup=False)
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
    with _neo4j_store() if args.store == "neo4j" else MemoryStore(graph) as store:
        started = time.perf_counter()
        sub = select(store, sel, scorer, who)
        spec = FORMATS[args.format]
        out_path: Path = args.output
        if args.format == "csv" and out_path.suffix.lower() != ".zip":
            writable(sub)
            with _writing(out_path):
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
            with _writing(out_path):
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
        with _writing(args.out):
            write_data_dir(graph, args.out)
        out.print(f"written as a data directory to {args.out} (use it with --data {args.out})", markup=False)
        partial = [sc for sc in graph.ids("Scenario")
                   if not graph.out_ids(sc, "AT") or not graph.out_ids(sc, "IN_DOMAIN")]
        if partial:
            err.print(f"note: {len(partial)} scenario(s) of this subgraph lack their stage or domain "
                      f"(e.g. {partial[0]}); as a data directory it validates once those are added", markup=False)
    if args.store == "neo4j":
        with _neo4j_store() as store:
            report = store.load(graph)
            out.print(f"loaded into {store.settings.safe_uri}: {report.nodes_created:,} nodes and "
                      f"{report.relationships_created:,} relationships created", markup=False)
    return 0


def _waves(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"waves are months separated by commas (6,12,24); got {text!r}") from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scenegraph", description=__doc__)
    parser.add_argument("--version", action="version", version=f"scenegraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

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

    data_opt = argparse.ArgumentParser(add_help=False)
    data_opt.add_argument("--data", type=Path, default=None, help="data directory (default: the shipped data)")

    p = sub.add_parser("diff", help="what changed between two releases: nodes (with their names), relationships and "
                                    "sources added, removed and changed, with the fields (data directories, saved "
                                    "releases or exports; no arguments: the previous release against this one)")
    p.add_argument("old", type=Path, nargs="?", default=None,
                   help="a data directory, a saved release (releases/<version>.json.gz) or an export (.graphml, "
                        ".json, CSV .zip); default: the newest release kept in the data's releases/ folder")
    p.add_argument("new", type=Path, nargs="?", default=None, help="default: the shipped data")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("stats", parents=[data_opt], help="node and relationship counts")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("search", parents=[data_opt], help="search names and descriptions in Chinese and English")
    p.add_argument("text")
    p.add_argument("--label", action="append", choices=list(LABELS), help="only this label (repeatable)")
    p.add_argument("--limit", type=_positive, default=20)
    p.set_defaults(func=cmd_search)

    auth_opt = auth_options()  # --user NAME, --password-stdin (when SCENEGRAPH_AUTH=on)

    p = sub.add_parser("load", parents=[auth_opt],
                       help="load a data directory into Neo4j (NEO4J_URI ...), batched and idempotent")
    p.add_argument("data_dir", nargs="?", type=Path, default=None, help="default: the shipped data")
    p.add_argument("--replace", action="store_true", help="also remove what is no longer in the data")
    p.add_argument("--batch-size", type=_positive, default=None)
    how = p.add_mutually_exclusive_group()
    how.add_argument("--bulk", action="store_true",
                     help="offline: neo4j-admin import into the local database home, then start the server on it "
                          "(replaces the database; chosen by itself when a local database is empty and the graph "
                          f"has at least {LIMITS.bulk_min_relationships:,} relationships)")
    how.add_argument("--online", action="store_true", help="always the online loader (remote servers use it anyway)")
    p.add_argument("--home", type=Path, default=None,
                   help="the local database home for --bulk (default: NEO4J_HOME)")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("query", parents=[auth_opt],
                       help="curators and admins: run read-only Cypher over the graph on Neo4j (timeout, row cap; "
                            "writes and anything outside the graph's labels and relationship types are refused)")
    p.add_argument("cypher")
    p.add_argument("--param", action="append", help="KEY=VALUE, a string parameter (repeatable)")
    p.add_argument("--timeout", type=float, default=LIMITS.console_timeout_s)
    p.add_argument("--limit", type=_positive, default=LIMITS.console_row_cap)
    p.set_defaults(func=cmd_query)

    store_opt = argparse.ArgumentParser(add_help=False)
    store_opt.add_argument("--store", choices=("memory", "neo4j"), default="memory",
                           help="where assessments are saved: the embedded archive (a JSON file in the user data "
                                "folder, or $SCENEGRAPH_HOME) or Neo4j (NEO4J_URI ...)")

    p = sub.add_parser("assess", parents=[data_opt, store_opt, auth_opt],
                       help="score a self-assessment (JSON or CSV): levels, benchmark, gaps, roadmap, report")
    p.add_argument("answers", type=Path, help="the assessment file (.json, or .csv as the app downloads it)")
    p.add_argument("--report", type=Path, help="write the report: .html (self-contained) or .md")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--target", type=int, choices=range(1, 6), default=3, help="target level of the gap list")
    p.add_argument("--waves", type=_waves, default=(6, 12, 24), help="months ending each wave (default 6,12,24)")
    p.add_argument("--capacity", type=int, default=None, help="at most this many scenario steps per wave")
    p.add_argument("--profile", type=Path, help="a plant profile (.yaml or .json): capacity per stage, prices, "
                                               "emission factor, current KPI values; prints what each step is worth")
    p.add_argument("--optimise", action="store_true",
                   help="also order the roadmap for the most expected value within --capacity (CP-SAT)")
    p.add_argument("--value-csv", type=Path, help="write the value table as CSV")
    p.add_argument("--xlsx", type=Path, help="write the Excel roadmap (with a value sheet when valued)")
    p.add_argument("--save", action="store_true", help="save it (history is kept)")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("assessments", parents=[data_opt, store_opt, auth_opt], help="list saved assessments")
    p.add_argument("--enterprise", help="only this enterprise id")
    p.set_defaults(func=cmd_assessments)

    p = sub.add_parser("observatory", parents=[data_opt, store_opt, auth_opt],
                       help="planners: the observatory brief over the latest save of each enterprise (levels by stage, "
                            "region and segment, lagging scenarios, the national goal, change), cells under k hidden")
    p.add_argument("--as-of", type=_day, default=None,
                   help="published at month ends only: the latest closed month end at or before this day (default: "
                        "the last closed month)")
    p.add_argument("--before", type=_day, default=None, help="the month end the change is measured from (the latest "
                                                              "at or before this day; default: a year before)")
    p.add_argument("--dimension", choices=("stage", "region", "segment", "overall"), default="stage",
                   help="grouping of the change table")
    p.add_argument("--k", type=int, default=None,
                   help="hide every cell of fewer enterprises: may only raise the server's minimum "
                        f"(SCENEGRAPH_LIMIT_OBSERVATORY_MIN_GROUP, here {LIMITS.observatory_min_group})")
    p.add_argument("--target", type=int, choices=range(1, 6), default=3, help="level the lagging view measures to")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--csv", type=Path, help="also write the brief as CSV")
    p.add_argument("--html", type=Path, help="also write the printable brief (HTML)")
    p.set_defaults(func=cmd_observatory)

    p = sub.add_parser("export", parents=[data_opt, auth_opt],
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
    p.add_argument("--hops", type=_positive, default=1, help="neighbourhood size around --id (default 1)")
    p.add_argument("--factory", help="a benchmark factory and what it runs and operates")
    p.add_argument("--roadmap", type=Path, help="an assessment file: the steps of its roadmap")
    p.add_argument("--target", type=int, choices=range(1, 6), default=3, help="the roadmap's target level")
    p.add_argument("--cypher", help="(Neo4j; curators and admins) a read-only query of the graph returning nodes, "
                                    "relationships or paths")
    p.add_argument("--store", choices=("memory", "neo4j"), default="memory")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="names shown in HTML, GEXF and pictures")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", parents=[auth_opt],
                       help="read GraphML, JSON or the CSV pair back, validated like data files")
    p.add_argument("file", type=Path, help=".graphml, .json, .zip, a folder with nodes.csv, or nodes.csv")
    p.add_argument("--out", type=Path, help="write it as a data directory (JSON Lines) for --data")
    p.add_argument("--store", choices=("none", "neo4j"), default="none", help="also load it into Neo4j")
    p.set_defaults(func=cmd_import)

    add_users_parser(sub)

    p = sub.add_parser("synth", help="write a synthetic, schema-valid graph for benchmarks and scale tests")
    p.add_argument("--scenarios", type=_positive, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=("jsonl", "yaml"), default="jsonl")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_synth)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as e:
        _print_problems(e.problems)
        return 1
    except AssessmentError as e:
        for problem in e.problems:
            err.print(problem, markup=False)
        err.print(f"[red]the assessment has {e.count:,} problem(s)[/red]")
        return 1
    except ProfileError as e:
        for problem in e.problems:
            err.print(problem, markup=False)
        return 1
    except ScenegraphError as e:  # the edge: every error raised on purpose, as one line (anything else is a bug)
        err.print(f"error: {e}", markup=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
