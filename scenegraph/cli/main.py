"""The `scenegraph` command line: builds the parser from the command groups and runs the command asked for, with
one edge for errors (a ScenegraphError is one line, exit 2; data and assessment problems are listed, exit 1).

Command groups: cli/data.py (validate, diff, stats, load, export, import, synth), cli/graph.py (search, query),
cli/assess.py (assess, assessments, observatory), cli/users.py (users); cli/serve.py is `bash scripts/app`'s."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Iterator, Sequence

from scenegraph import __version__
from scenegraph.assess.model import AssessmentError
from scenegraph.assess.profile import ProfileError
from scenegraph.base.errors import ScenegraphError
from scenegraph.cli import assess, data, graph
from scenegraph.cli.common import Parents, err, print_problems
from scenegraph.cli.users import add_users_parser
from scenegraph.dataset.problems import DataError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scenegraph", description="The scenario graph's command line: validate, "
                                     "stats, search, synth, load, query, assess, assessments, observatory, export, "
                                     "import, users.")
    parser.add_argument("--version", action="version", version=f"scenegraph {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="say on stderr what happens (loads, connections, sign-in and refusals, long builds); "
                             "-vv for details")
    sub = parser.add_subparsers(dest="command", required=True)
    parents = Parents.build()
    data.add_parsers(sub, parents)
    graph.add_parsers(sub, parents)
    assess.add_parsers(sub, parents)
    add_users_parser(sub)
    return parser


@contextlib.contextmanager
def _logging(verbose: int) -> Iterator[None]:
    """-v: the package's INFO lines on stderr (-vv: DEBUG), for this command only; never a secret (the modules log
    names, counts and URIs without credentials)."""
    if not verbose:
        yield
        return
    package = logging.getLogger("scenegraph")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    level = package.level
    package.addHandler(handler)
    package.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    try:
        yield
    finally:
        package.removeHandler(handler)
        package.setLevel(level)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with _logging(args.verbose):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except DataError as e:
        print_problems(e.problems)
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
