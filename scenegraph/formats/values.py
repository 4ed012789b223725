"""Property values between the graph and flat formats, driven by the schema: which field is a list, a number,
a time. Writers flatten with `flat`; readers restore with `restore`, so a round trip gives back the same types."""

from __future__ import annotations

import json
import types
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from scenegraph.graph.schema import LABELS, RELATIONSHIPS

__all__ = ["field_kind", "flat", "node_fields", "relationship_fields", "restore"]


def _kind(ann: Any) -> str:
    origin = get_origin(ann)
    if origin is Annotated:
        return _kind(get_args(ann)[0])
    if origin in (Union, types.UnionType):
        return _kind(next(a for a in get_args(ann) if a is not type(None)))
    if origin is list:
        return "list"
    if origin is Literal:
        return _kind(type(get_args(ann)[0]))
    return {bool: "bool", int: "int", float: "float", datetime: "datetime"}.get(ann, "str")


@cache
def node_fields(label: str) -> dict[str, str]:
    """Field name -> kind (str, int, float, bool, list, datetime) of a label, in schema order."""
    return {name: _kind(f.annotation) for name, f in LABELS[label].model_fields.items()}


@cache
def relationship_fields(rel_type: str) -> dict[str, str]:
    return {name: _kind(f.annotation) for name, f in RELATIONSHIPS[rel_type].props.model_fields.items()}


def field_kind(label_or_type: str, name: str) -> str:
    fields = node_fields(label_or_type) if label_or_type in LABELS else relationship_fields(label_or_type)
    return fields.get(name, "str")


def flat(value: Any) -> Any:
    """A value GraphML and GEXF can hold: lists as JSON text, times as ISO text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def restore(kind: str, value: Any) -> Any:
    """Undo `flat` (and the text of CSV cells) for a field of the given kind; validation does the rest."""
    if not isinstance(value, str):
        return value
    if kind == "list":
        if value.startswith("["):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                return value
        return [x for x in value.split(";") if x]
    if kind == "bool":
        return {"true": True, "false": False}.get(value.strip().lower(), value)
    return value
