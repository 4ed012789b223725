"""Cypher lives in cypher/<name>.cypher, read once and loaded by name. Labels and relationship types cannot be
Cypher parameters, so a few files hold __LABEL__ or __TYPE__; they are filled in only after the value is
checked against the schema. Every value is a $parameter."""

from __future__ import annotations

import re
from functools import cache

from scenegraph.base.errors import StoreError
from scenegraph.base.limits import LIMITS
from scenegraph.base.resources import cypher_dir
from scenegraph.graph.schema import LABELS, RELATIONSHIPS

__all__ = ["query", "statements"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def _text(name: str) -> str:
    if not _NAME.match(name):
        raise StoreError(f"bad query name {name!r}")
    path = cypher_dir() / f"{name}.cypher"
    if not path.is_file():
        raise StoreError(f"no query named '{name}' in {cypher_dir()}")
    return path.read_text(encoding="utf-8")


@cache
def query(name: str, label: str | None = None, rel_type: str | None = None, hops: int | None = None) -> str:
    """The text of a named query, with its label, relationship type or radius (__HOPS__: a variable-length bound
    cannot be a parameter) filled in after checking them."""
    text = "\n".join(line for line in _text(name).splitlines() if not line.lstrip().startswith("//"))
    for token, value, known, what in (("__LABEL__", label, LABELS, "label"),
                                      ("__TYPE__", rel_type, RELATIONSHIPS, "relationship type")):
        if token in text:
            if value is None or value not in known:
                raise StoreError(f"query '{name}' needs a {what} of the schema, got {value!r}")
            text = text.replace(token, value)
        elif value is not None:
            raise StoreError(f"query '{name}' takes no {what}")
    if "__HOPS__" in text:
        if not isinstance(hops, int) or not 1 <= hops <= LIMITS.max_hops:
            raise StoreError(f"query '{name}' needs hops 1 to {LIMITS.max_hops}, got {hops!r}")
        text = text.replace("__HOPS__", str(hops))
    elif hops is not None:
        raise StoreError(f"query '{name}' takes no hops")
    if "__PROPS__" in text:
        text = text.replace("__PROPS__", _set_props(label, rel_type))
    return text


def _set_props(label: str | None, rel_type: str | None) -> str:
    """`n.f = row.props.f, ...` over the schema's fields of a label (variable n), `r.f = row[2].f, ...` of a
    relationship type (r)."""
    if label is not None:  # node rows are maps {id, props, sk}
        var, src, fields = "n", "row.props", [f for f in LABELS[label].model_fields if f != "id"]
    elif rel_type is not None:  # relationship rows are lists [start, end, props] (cheaper for the driver)
        var, src, fields = "r", "row[2]", list(RELATIONSHIPS[rel_type].props.model_fields)
    else:
        raise StoreError("__PROPS__ needs a label or a relationship type")
    return ", ".join(f"{var}.{f} = {src}.{f}" for f in fields)


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file (schema.cypher), without comment lines."""
    body = "\n".join(line for line in _text(name).splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]
