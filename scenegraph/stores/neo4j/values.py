"""Driver values as plain Python, and small helpers shared by the Neo4j modules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import neo4j

__all__ = ["INTERNAL_PREFIX", "chunks", "native", "public", "utc"]

#: properties the store keeps for itself on each node (normalised search keys); never part of an answer
INTERNAL_PREFIX = "_sk_"


def public(props: dict) -> dict:
    """A node's properties without the store's own (search keys)."""
    return {k: v for k, v in props.items() if not k.startswith(INTERNAL_PREFIX)}


def native(value: Any) -> Any:
    """Driver values as plain Python: temporal types to datetime, graph types to dicts."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(lb for lb in value.labels if lb != "Entity"), **native(public(dict(value)))}
    if isinstance(value, neo4j.graph.Relationship):
        start, end = value.start_node, value.end_node  # None only for a relationship built by hand
        return {"type": value.type, "from": start.get("id") if start is not None else None,
                "to": end.get("id") if end is not None else None, **native(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [native(n) for n in value.nodes], "relationships": [native(r) for r in value.relationships]}
    return value


def utc(at: datetime) -> datetime:
    """Times as fixed-offset UTC: Cypher's `=` tells a zone id ('UTC', what the driver returns) from an offset."""
    return at.astimezone(UTC)


def chunks(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]
