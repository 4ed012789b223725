"""The CSV dialect Neo4j's LOAD CSV reads by default, written and read exactly.

Neo4j's CSV reader (LOAD CSV with the default `dbms.import.csv.legacy_quote_escaping=true`, and
`neo4j-admin database import --legacy-style-quoting=true`) treats a backslash inside a quoted field as an escape:
`\\"` is a quote and `\\\\` one backslash. Python's csv module (RFC 4180) does not, so a name holding `\\"` written
by it made the generated load_csv.cypher load nothing. Here a field holding a comma, quote, backslash, CR or LF
is quoted, with `"` doubled and `\\` doubled inside; any other field is written bare. Measured on Neo4j 5.26:
every value reads back exactly. Files without a backslash are plain RFC 4180 as well.

An empty string is written `""` when it is EMPTY, a missing value as an empty bare field: neo4j-admin import
stores `""` in a string column as '' and leaves a bare empty field out (no property). (An empty array it leaves
out either way; bulk.py sets those after the import.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from scenegraph.base.errors import InputRejected

__all__ = ["EMPTY", "CsvSyntaxError", "read_rows", "write_rows"]

_NEEDS_QUOTES = re.compile(r'[,"\\\r\n]')
_QUOTED = re.compile(r'"((?:[^"\\]|\\.|"")*)"', re.S)
_BARE = re.compile(r"[^,\r\n]*")
_UNESCAPE = re.compile(r'\\([\\"])|""', re.S)


class _Empty(str):
    """The type of EMPTY: an empty string the writer quotes."""


#: a cell holding an empty value (not a missing one): written `""`
EMPTY = _Empty()


class CsvSyntaxError(InputRejected):
    """A quoted field that does not end, or text after a closing quote."""


def _field(value: str) -> str:
    if _NEEDS_QUOTES.search(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '""') + '"'
    return value


def _line(row: list[Any]) -> str:
    """One record. A row with nothing to quote (most: ids, types, numbers) is joined as it is, after one search of
    its cells together; EMPTY stands in as a newline there, so its row takes the per-cell path."""
    text = [c if type(c) is str else "\n" if c is EMPTY else str(c) for c in row]
    if _NEEDS_QUOTES.search("".join(text)) is None:
        return ",".join(text)
    return ",".join('""' if c is EMPTY else _field(x) for c, x in zip(row, text, strict=True))


def write_rows(rows: Iterable[Iterable[Any]]) -> str:
    return "".join(_line(row if isinstance(row, list) else list(row)) + "\n" for row in rows)


def _unescape(body: str) -> str:
    return _UNESCAPE.sub(lambda m: m.group(1) or '"', body) if ("\\" in body or '""' in body) else body


def read_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) per record, read as Neo4j reads them (a backslash escapes only `\\` and `"` inside
    quotes; a bare field is taken as it is)."""
    pos, n, line = 0, len(text), 1
    while pos < n:
        start_line, row = line, []
        while True:
            if pos < n and text[pos] == '"':
                m = _QUOTED.match(text, pos)
                if m is None:
                    raise CsvSyntaxError(f"line {line}: a quoted field does not end")
                body = m.group(1)
                row.append(_unescape(body))
                line += body.count("\n")
            else:
                m = _BARE.match(text, pos)
                assert m is not None  # _BARE matches the empty string too
                row.append(m.group())
            pos = m.end()
            if pos >= n:
                break
            ch = text[pos]
            if ch == ",":
                pos += 1
                continue
            if ch in "\r\n":
                pos += 2 if text.startswith("\r\n", pos) else 1
                line += 1
                break
            raise CsvSyntaxError(f"line {line}: text after a closing quote")
        if row != [""]:  # skip blank lines
            yield start_line, row
