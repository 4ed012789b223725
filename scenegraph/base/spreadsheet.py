"""CSV for people: cells a spreadsheet shows as text, never runs as a formula (OWASP "CSV injection").

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which Excel, LibreOffice
and Google Sheets take as "this is text" and do not show. A cell that already starts with `'` gets one more, so
`plain()` gives back exactly what was written. Used for every CSV a person downloads (the assessment answers,
the graph export's tables for people, shortlists); the neo4j-admin/LOAD CSV pair is written exact instead, as
databases read it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

__all__ = ["TRIGGERS", "plain", "safe_cell", "safe_csv"]

#: first characters that make a spreadsheet evaluate a cell
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet shows it verbatim; numbers and booleans stay as they are."""
    if not isinstance(value, str):
        return value
    return "'" + value if value.startswith((*TRIGGERS, "'")) else value


def plain(text: str) -> str:
    """Undo safe_cell on a cell read back from a CSV file written for people."""
    return text[1:] if text.startswith("'") and text[1:].startswith((*TRIGGERS, "'")) else text


def safe_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """A whole CSV text for people: every cell through safe_cell."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([safe_cell(h) for h in header])
    for row in rows:
        w.writerow([safe_cell(c) for c in row])
    return buf.getvalue()
