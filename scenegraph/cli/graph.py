"""`scenegraph search|query`: reading the graph (search in both languages; read-only Cypher on Neo4j)."""

from __future__ import annotations

import argparse

from rich.table import Table

from scenegraph.auth.access import Role
from scenegraph.auth.redact import redact
from scenegraph.base.errors import InvalidRequest
from scenegraph.base.limits import LIMITS
from scenegraph.cli.common import (
    Parents,
    graph_of,
    neo4j_store,
    out,
    positive,
)
from scenegraph.cli.users import caller
from scenegraph.graph.schema import LABELS

__all__ = ["add_parsers"]


def cmd_search(args: argparse.Namespace) -> int:
    hits = graph_of(args).search(args.text, labels=args.label or None, limit=args.limit)
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


def cmd_query(args: argparse.Namespace) -> int:
    caller(args, Role.CURATOR, Role.ADMIN)
    params = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidRequest(f"--param needs KEY=VALUE, got {item!r}")
        params[key] = value
    with neo4j_store() as store:
        result = store.run_readonly(args.cypher, params, timeout=args.timeout, row_cap=args.limit)
    table = Table(title=f"{len(result.rows)} row(s){' (capped)' if result.truncated else ''} in "
                        f"{result.seconds * 1000:.0f} ms", title_justify="left")
    for col in result.columns:
        table.add_column(col)
    for row in redact(result.rows):  # account secrets never shown, even if a query reaches :User nodes
        table.add_row(*(str(v) for v in row))
    out.print(table)
    return 0


def add_parsers(sub, parents: Parents) -> None:
    """The commands of this group, on the `scenegraph` parser's subcommands."""
    p = sub.add_parser("search", parents=[parents.data], help="search names and descriptions in Chinese and English")
    p.add_argument("text")
    p.add_argument("--label", action="append", choices=list(LABELS), help="only this label (repeatable)")
    p.add_argument("--limit", type=positive, default=20)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("query", parents=[parents.auth],
                       help="curators and admins: run read-only Cypher over the graph on Neo4j (timeout, row cap; "
                            "writes and anything outside the graph's labels and relationship types are refused)")
    p.add_argument("cypher")
    p.add_argument("--param", action="append", help="KEY=VALUE, a string parameter (repeatable)")
    p.add_argument("--timeout", type=float, default=LIMITS.console_timeout_s)
    p.add_argument("--limit", type=positive, default=LIMITS.console_row_cap)
    p.set_defaults(func=cmd_query)
