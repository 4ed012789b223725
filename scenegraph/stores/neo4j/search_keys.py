"""The search ranking of scenegraph.graph.search (one rule for every store) carried to Neo4j: each node keeps its
normalised keys as properties (written at load time), and a query's normalised forms become parameters of
cypher/search.cypher, which ranks with the same rule through text indexes (CONTAINS on trigrams).

The names and aliases are kept as one string with a separator no normalised text can hold, so "a name equals
q" is CONTAINS SEP+q+SEP and "a name starts with q" is CONTAINS SEP+q; a query never spans two names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenegraph.graph.search import MIN_SUBSTRING, check_query, keys, normalize, words

__all__ = ["SEP", "node_keys", "query_params"]

SEP = "\u0001"


def node_keys(node_id: str, attrs: Mapping[str, Any]) -> dict[str, str]:
    """The `_sk_*` properties of a node."""
    k = keys({**attrs, "id": node_id})
    return {"_sk_id": k.id, "_sk_names": SEP + SEP.join(k.names) + SEP, "_sk_desc": k.description}


def query_params(text: str) -> dict[str, Any] | None:
    """The parameters of cypher/search.cypher for a query, or None when it matches nothing (blank). A query over
    LIMITS.max_query_chars is refused (QueryTooLong) before it reaches the server."""
    q = normalize(check_query(text))
    if not q:
        return None
    ws = words(text)
    multi = len(ws) > 1
    long = len(q) >= MIN_SUBSTRING  # a query of one character only matches exactly or as a prefix
    w0 = max(ws, key=len) if multi else q  # every name holding all the words holds the longest one
    return {"q": q, "exact": SEP + q + SEP, "prefix": SEP + q, "long": long, "multi": multi, "words": ws, "w0": w0,
            # the seek keys: each hit set holds every node the branch may rank (q holds each of its words)
            "id_keys": [q] if long else [], "names_key": q if long else SEP + q, "desc_keys": [w0] if long else []}
