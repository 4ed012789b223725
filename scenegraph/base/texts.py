"""What a name or a text may hold, checked at validation so that every export format can carry it exactly.

Names (`name_zh`, `name_en`, titles, units ...) are one line: no control characters at all. Longer texts
(descriptions, notes, quotes) may also hold line feeds and tabs. Neither may hold a carriage return (XML readers
turn it into a line feed), other C0 or C1 control characters, DEL, the Unicode line and paragraph separators
U+2028/U+2029, lone surrogates, or U+FFFE/U+FFFF: XML 1.0 (GraphML, GEXF, SVG) cannot carry them, spreadsheets
and terminals misread them, and a pasted vertical tab is invisible. Lengths: LIMITS.max_name_chars for names,
LIMITS.max_text_chars for texts.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from scenegraph.base.limits import LIMITS

__all__ = ["NAME_FIELDS", "text_problem", "unwritable", "walk_text_problems"]

#: fields that hold a one-line name
NAME_FIELDS = frozenset({"id", "key", "name", "name_zh", "name_en", "title", "publisher", "unit", "region",
                         "enterprise_id", "material_zh", "material_en", "aliases", "identifier", "date"})

_BAD_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_BAD_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {0: "NUL", 9: "tab", 10: "line feed", 11: "vertical tab", 12: "form feed", 13: "carriage return",
                  27: "ESC", 127: "DEL", 0x2028: "line separator", 0x2029: "paragraph separator"}


def _describe(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        name = "lone surrogate"
    else:
        name = _CONTROL_NAMES.get(code) or unicodedata.name(ch, None) or "control character"
    return f"U+{code:04X} ({name})"


def text_problem(field: str, value: str) -> str | None:
    """Why `value` cannot be the text of `field`, or None."""
    is_name = field in NAME_FIELDS
    cap = LIMITS.max_name_chars if is_name else LIMITS.max_text_chars
    if len(value) > cap:
        limit = "max_name_chars" if is_name else "max_text_chars"
        return f"'{field}' is {len(value):,} characters long, over the limit ({limit} = {cap:,})"
    bad = (_BAD_IN_NAME if is_name else _BAD_IN_TEXT).search(value)
    if bad:
        allowed = "no control characters" if is_name else "line feeds and tabs but no other control characters"
        return (f"'{field}' holds {_describe(bad.group())} at character {bad.start() + 1}; "
                f"{'names' if is_name else 'texts'} may hold {allowed}, line/paragraph separators or lone surrogates")
    return None


def walk_text_problems(data: Any, field: str = "") -> list[str]:
    """Every text problem in a record (dicts and lists walked; a string's field is its nearest key). Keys
    themselves are field names, which the schema checks."""
    found: list[str] = []
    stack: list[tuple[str, Any]] = [(field, data)]
    while stack:
        name, value = stack.pop()
        if type(value) is str:
            problem = text_problem(name, value)
            if problem:
                found.append(problem)
        elif isinstance(value, dict):
            stack.extend((k if isinstance(k, str) else name, v) for k, v in value.items()
                         if not isinstance(v, bool | int | float))
        elif isinstance(value, list | tuple):
            stack.extend((name, v) for v in value)
    return found


#: what no export format can carry: XML 1.0 forbids these characters, UTF-8 cannot encode lone surrogates
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unwritable(data: Any) -> str | None:
    """The first string inside `data` that an export cannot hold, described, or None (the writers' own guard for
    graphs that did not come through validation, e.g. a Neo4j database filled by other tools)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            bad = _UNWRITABLE.search(value)
            if bad:
                return f"{_describe(bad.group())} in {value[:40]!r}"
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return None
