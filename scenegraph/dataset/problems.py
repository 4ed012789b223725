"""Problems found in data files, reported all at once with file and line, the causes first.

A file that cannot be read or parsed (syntax, encoding, an alias bomb, a symlink loop) is the cause of the
"unknown id" errors that follow from its missing nodes, so file-level problems are listed first and those
follow-on reference errors are held back until the file is fixed. Long lists stop at LIMITS.max_problems_listed
with a count of the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from scenegraph.base.errors import InputRejected
from scenegraph.base.limits import LIMITS

__all__ = ["DataError", "FILE_LEVEL", "Problem", "ordered", "summary_lines"]

#: kinds of problem that concern a whole file (or its reading), not one entry
FILE_LEVEL = frozenset({"unreadable", "encoding", "yaml_syntax", "yaml_alias", "json_syntax", "syntax", "depth",
                        "limit", "missing_dir", "unknown_file", "tenant_data"})
#: kinds that follow from nodes missing because a file could not be read
FOLLOW_ON = frozenset({"unknown_id", "unknown_source", "missing_relationship"})


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    kind: str = "invalid"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """File-level problems first (by file and line), then the rest; follow-on reference errors are dropped
    while any file-level problem stands (they would only repeat its consequence)."""
    problems = list(problems)
    file_level = sorted(p for p in problems if p.kind in FILE_LEVEL)
    rest = sorted(p for p in problems if p.kind not in FILE_LEVEL and not (file_level and p.kind in FOLLOW_ON))
    return file_level + rest


def summary_lines(items: Iterable[object], cap: int | None = None) -> list[str]:
    """One line per item up to the cap, then one line counting the rest (by kind when items have one)."""
    cap = LIMITS.max_problems_listed if cap is None else cap
    items = list(items)
    lines = [str(p) for p in items[:cap]]
    rest = items[cap:]
    if rest:
        kinds = Counter(getattr(p, "kind", None) for p in rest)
        detail = ", ".join(f"{k} {n:,}" for k, n in kinds.most_common() if k) if any(kinds) else ""
        lines.append(f"… and {len(rest):,} more" + (f" ({detail})" if detail else "")
                     + f" (listing stops at max_problems_listed = {cap:,})")
    return lines


class DataError(InputRejected, ValueError):
    """Raised when data does not validate; carries every problem, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = ordered(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n" + "\n".join(summary_lines(self.problems)))
