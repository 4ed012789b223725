"""Cypher lives in cypher/<name>.cypher, read once and loaded by name. Labels and relationship types cannot be
Cypher parameters, so a few files hold __LABEL__ or __TYPE__; they are filled in only after the value is
checked against the schema. Every value is a $parameter."""

from __future__ import annotations

import re
from functools import cache

from ..model import LABELS, RELATIONSHIPS
from ..resources import cypher_dir

__all__ = ["query", "statements"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def _text(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"bad query name {name!r}")
    path = cypher_dir() / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no query named '{name}' in {cypher_dir()}")
    return path.read_text(encoding="utf-8")


@cache
def query(name: str, label: str | None = None, rel_type: str | None = None) -> str:
    """The text of a named query, with its label or relationship type filled in after checking them."""
    text = _text(name)
    for token, value, known, what in (("__LABEL__", label, LABELS, "label"),
                                      ("__TYPE__", rel_type, RELATIONSHIPS, "relationship type")):
        if token in text:
            if value not in known:
                raise ValueError(f"query '{name}' needs a {what} of the schema, got {value!r}")
            text = text.replace(token, value)
        elif value is not None:
            raise ValueError(f"query '{name}' takes no {what}")
    return text


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file (schema.cypher), without comment lines."""
    body = "\n".join(line for line in _text(name).splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]
