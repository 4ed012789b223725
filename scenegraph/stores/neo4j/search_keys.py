"""The search of scenegraph.graph.search (one ranking for every store) carried to Neo4j: each node keeps its search
keys as properties (written at load time); cypher/search.cypher finds the candidates and the corpus counts through
text indexes (CONTAINS on trigrams), and the candidates are matched and scored by the same Python functions as in
the memory store (`order`), from the same keys read back (`stored_keys`).

Names and aliases are kept as one string with a separator no normalised text or term can hold, so "a name equals
q" is CONTAINS SEP+q+SEP and "a name starts with q" is CONTAINS SEP+q; the terms likewise, so "holds term t" is
CONTAINS SEP+t+SEP. `_sk_len` holds the field lengths (SearchKeys.counts) the corpus totals add up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenegraph.graph.search import Query, SearchKeys, keys

__all__ = ["SEP", "node_keys", "query_params", "stored_keys"]

SEP = "\u0001"


def _joined(values: tuple[str, ...]) -> str:
    return SEP + SEP.join(values) + SEP


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(x for x in (value or "").split(SEP) if x)


def node_keys(node_id: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The `_sk_*` properties of a node."""
    k = keys({**attrs, "id": node_id})
    return {"_sk_id": k.id, "_sk_names": _joined(k.names), "_sk_desc": k.description,
            "_sk_nterms": _joined(k.name_terms), "_sk_dterms": _joined(k.desc_terms), "_sk_len": list(k.counts())}


def stored_keys(record: Mapping[str, Any]) -> SearchKeys:
    """The SearchKeys of a node read back from its `_sk_*` properties (the inverse of node_keys)."""
    return SearchKeys(record["sk_id"], _split(record["sk_names"]), record["sk_desc"] or "",
                      _split(record["sk_nterms"]), _split(record["sk_dterms"]))


def query_params(query: Query) -> dict[str, Any]:
    """The parameters of cypher/search.cypher: the seek keys whose hits hold every node `match` may accept."""
    q = query.text
    return {"q": q, "sep": SEP, "terms": list(query.terms), "term_keys": [SEP + t + SEP for t in query.terms],
            # a query of one character matches a name only whole or as its start (and an id only whole)
            "names_key": q if query.long else SEP + q, "id_keys": [q] if query.long else [],
            "desc_keys": [q] if query.long else []}
