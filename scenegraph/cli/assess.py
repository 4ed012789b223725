"""`scenegraph assess|assessments|observatory`: a self-assessment scored and saved, saved ones listed, and the
planners' brief."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from scenegraph.auth.access import Role
from scenegraph.base.bounded import read_bytes
from scenegraph.base.errors import InvalidRequest
from scenegraph.base.limits import LIMITS
from scenegraph.cli.common import (
    Parents,
    above_zero,
    day,
    load_graph,
    out,
    store_of,
    waves,
    writing,
)
from scenegraph.cli.users import caller

__all__ = ["add_parsers"]


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
    if args.profile or args.optimise or assessment.profile is not None or args.value_csv or args.per_year:
        from scenegraph.cli.value import show_value

        valuation = show_value(out, graph, ev, assessment.profile, assessment.stages, lang, args.capacity,
                               args.optimise, args.value_csv, args.per_year)
    if args.xlsx:
        from scenegraph.assess.workbook import roadmap_xlsx

        data = roadmap_xlsx(graph, ev, lang, valuation=valuation)
        with writing(args.xlsx):
            args.xlsx.write_bytes(data)
        out.print(f"Excel roadmap written to {args.xlsx} ({len(data):,} bytes)", markup=False)
    if args.report:
        text = (report_markdown if args.report.suffix.lower() == ".md" else report_html)(graph, ev, lang)
        with writing(args.report):
            args.report.write_text(text, encoding="utf-8")
        out.print(f"report written to {args.report} ({len(text.encode()):,} bytes)", markup=False)
    if args.save:
        with store_of(args, graph) as store:
            saved = store.save_assessment(caller(args), assessment)
        where = store.settings.safe_uri if args.store == "neo4j" else store.archive.path
        out.print(f"saved to {where} at {saved.at.isoformat()}", markup=False)
    return 0


def cmd_assessments(args: argparse.Namespace) -> int:
    with store_of(args) as store:
        saved = store.assessments(caller(args), args.enterprise)
    table = Table(title=f"{len(saved)} saved assessment(s)", title_justify="left")
    for col in ("enterprise", "name", "at", "answers"):
        table.add_column(col)
    for s in saved:
        table.add_row(s.enterprise_id, s.name, s.at.isoformat(), str(s.answers))
    out.print(table)
    return 0


def cmd_observatory(args: argparse.Namespace) -> int:
    """The planners' brief, from the same publisher as the observatory page (month ends only, the disclosure
    control, the server's minimum k: --k may only raise it)."""
    from datetime import timedelta

    from scenegraph.present.observatory import brief_blocks, brief_csv, brief_html
    from scenegraph.stores.compose import observatory_of

    who = caller(args, Role.PLANNER)
    with store_of(args) as store:
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


def add_parsers(sub, parents: Parents) -> None:
    """The commands of this group, on the `scenegraph` parser's subcommands."""
    p = sub.add_parser("assess", parents=[parents.data, parents.store, parents.auth],
                       help="score a self-assessment (JSON or CSV): levels, benchmark, gaps, roadmap, report")
    p.add_argument("answers", type=Path, help="the assessment file (.json, or .csv as the app downloads it)")
    p.add_argument("--report", type=Path, help="write the report: .html (self-contained) or .md")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--target", type=int, choices=range(1, 6), default=3, help="target level of the gap list")
    p.add_argument("--waves", type=waves, default=(6, 12, 24), help="months ending each wave (default 6,12,24)")
    p.add_argument("--capacity", type=int, default=None, help="at most this many scenario steps per wave")
    p.add_argument("--profile", type=Path, help="a plant profile (.yaml or .json): capacity per stage, prices, "
                                               "emission factor, current KPI values; prints what each step is worth")
    p.add_argument("--optimise", action="store_true",
                   help="also order the roadmap for the most expected value within --capacity (CP-SAT)")
    p.add_argument("--per-year", type=above_zero, default=None, metavar="EFFORT",
                   help="with --optimise: an effort or budget per year (in the steps' effort unit, a scenario step "
                        "counts 1) shared out over the waves by their months; the smaller of it and --capacity holds")
    p.add_argument("--value-csv", type=Path, help="write the value table as CSV")
    p.add_argument("--xlsx", type=Path, help="write the Excel roadmap (with a value sheet when valued)")
    p.add_argument("--save", action="store_true", help="save it (history is kept)")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("assessments", parents=[parents.data, parents.store, parents.auth],
                       help="list saved assessments")
    p.add_argument("--enterprise", help="only this enterprise id")
    p.set_defaults(func=cmd_assessments)

    p = sub.add_parser("observatory", parents=[parents.data, parents.store, parents.auth],
                       help="planners: the observatory brief over the latest save of each enterprise (levels by stage, "
                            "region and segment, lagging scenarios, the national goal, change), cells under k hidden")
    p.add_argument("--as-of", type=day, default=None,
                   help="published at month ends only: the latest closed month end at or before this day (default: "
                        "the last closed month)")
    p.add_argument("--before", type=day, default=None, help="the month end the change is measured from (the latest "
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
