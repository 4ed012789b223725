"""What every command group shares: the consoles, the graph and the store a command works on, writing a file the
user asked for, the argument types and the parent parsers (--data, --store, sign-in)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scenegraph.base.errors import OutputFailed
from scenegraph.base.settings import load_settings
from scenegraph.dataset.loader import load_graph as _load_graph
from scenegraph.dataset.problems import ordered, summary_lines
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.stores import MemoryStore, StoreError

__all__ = ["Parents", "counts_table", "day", "err", "graph_of", "load_graph", "neo4j_store", "out", "positive",
           "print_problems", "store_of", "waves", "writing"]

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass(frozen=True)
class Parents:
    """The options several commands take, as argparse parent parsers."""

    data: argparse.ArgumentParser
    store: argparse.ArgumentParser
    auth: argparse.ArgumentParser

    @classmethod
    def build(cls) -> Parents:
        from scenegraph.cli.users import auth_options

        data_opt = argparse.ArgumentParser(add_help=False)
        data_opt.add_argument("--data", type=Path, default=None, help="data directory (default: the shipped data)")
        store_opt = argparse.ArgumentParser(add_help=False)
        store_opt.add_argument("--store", choices=("memory", "neo4j"), default="memory",
                               help="where assessments are saved: the embedded archive (a JSON file in the user data "
                                    "folder, or $SCENEGRAPH_HOME) or Neo4j (NEO4J_URI ...)")
        return cls(data_opt, store_opt, auth_options())  # auth: --user NAME, --password-stdin (SCENEGRAPH_AUTH=on)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """A file the user asked for: a failure to write it (no folder, no permission, disk full) is OutputFailed,
    one line naming the path and the system's reason."""
    try:
        yield
    except OSError as e:
        raise OutputFailed(f"cannot write {path}: {e.strerror or type(e).__name__}") from None


def counts_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("name")
    table.add_column("count", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    table.add_row("[bold]total[/bold]", f"[bold]{sum(counts.values())}[/bold]")
    return table


def print_problems(problems) -> None:
    """The causes first, one line each, up to LIMITS.max_problems_listed, then a count of the rest."""
    problems = ordered(problems)
    for line in summary_lines(problems):
        err.print(line, markup=False)
    err.print(f"[red]{len(problems):,} problem(s)[/red]")


def load_graph(data_dir: Path | None) -> ScenarioGraph:
    """The graph of `data_dir`, else of SCENEGRAPH_DATA, else the shipped data."""
    return _load_graph(data_dir if data_dir is not None else load_settings().data_dir)


def graph_of(args: argparse.Namespace) -> ScenarioGraph:
    return load_graph(args.data)


def neo4j_store(batch_size: int | None = None):
    from scenegraph.stores.neo4j import Neo4jStore

    settings = load_settings().neo4j
    if settings is None:
        raise StoreError("set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD, optionally NEO4J_DATABASE) to use Neo4j")
    return Neo4jStore.connect(settings, batch_size=batch_size) if batch_size else Neo4jStore.connect(settings)


def store_of(args: argparse.Namespace, graph: ScenarioGraph | None = None):
    """The store a command saves to: Neo4j when asked, else the embedded one (on `graph` when already loaded)."""
    if args.store == "neo4j":
        return neo4j_store()
    return MemoryStore(graph if graph is not None else load_graph(args.data))


def waves(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"waves are months separated by commas (6,12,24); got {text!r}") from None


def positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def above_zero(text: str) -> float:
    """A finite number above 0 (an effort or budget per year)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number above 0; got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number above 0; got {text!r}")
    return value


def day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date is YYYY-MM-DD; got {text!r}") from None


