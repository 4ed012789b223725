"""The search ranking, defined once for every store: what a query matches and how good the match is.

Both languages rank alike, and case, hyphens, spaces and punctuation do not matter ("Anode-effect",
"anode effect" and "ANODE EFFECT" are one query). A node is matched on its id, its two names and its
`aliases` (words in either language a user may search for, e.g. AE), then on its descriptions:

    0  the query is the id, a name or an alias
    1  a name or an alias starts with the query
    2  the id, a name or an alias contains the query
    3  every word of the query is in the names and aliases (any order)
    4  the descriptions contain the query, or every word of it

Ties break by id. The memory store ranks with `rank`; the Neo4j store can store `keys(node)` on each node at
load time and compute the same rank in Cypher (STARTS WITH / CONTAINS on the normalised keys).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scenegraph.base.errors import InputRejected
from scenegraph.base.limits import LIMITS

__all__ = ["QueryTooLong", "SearchKeys", "check_query", "keys", "normalize", "rank", "words"]

_NOT_WORD = re.compile(r"[\W_]+")
_SPLIT = re.compile(r"[\s\-_/·,;:()（）、，]+")
#: a query shorter than this (after normalising) matches only exactly or as a prefix: "ae" is in too many words
MIN_SUBSTRING = 2


class QueryTooLong(InputRejected):
    """A search query over LIMITS.max_query_chars: refused before any node is looked at (a 90 KB query cost 22 s
    of server time on the embedded store, being normalised once per node)."""

    def __init__(self, length: int):
        self.length = length
        super().__init__(f"the search text is {length:,} characters long, over the limit "
                         f"(max_query_chars = {LIMITS.max_query_chars:,})")


def check_query(text: str) -> str:
    """`text` when it may be searched for; QueryTooLong when it is over the limit (every store checks this)."""
    if len(text) > LIMITS.max_query_chars:
        raise QueryTooLong(len(text))
    return text


def normalize(text: str) -> str:
    """Lower case, NFKC (full-width letters and digits become ASCII), without spaces, hyphens or punctuation."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def words(text: str) -> list[str]:
    """The query's words, normalised (Chinese text without spaces is one word)."""
    return [w for w in (normalize(x) for x in _SPLIT.split(unicodedata.normalize("NFKC", text))) if w]


@dataclass(frozen=True)
class SearchKeys:
    """What a node is matched on, normalised once."""

    id: str
    names: tuple[str, ...]  # both names and every alias
    description: str

    @property
    def joined(self) -> str:
        return " ".join(self.names)


def _aliases(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [x for x in value if isinstance(x, str)]
    return []


def keys(node: Mapping[str, Any]) -> SearchKeys:
    """The normalised keys of a node's properties (id, name_zh, name_en, aliases, description_zh/_en)."""
    names = [node.get("name_zh") or "", node.get("name_en") or "", *_aliases(node.get("aliases"))]
    desc = f"{node.get('description_zh') or ''} {node.get('description_en') or ''}"
    return SearchKeys(normalize(node["id"]), tuple(n for n in (normalize(x) for x in names) if n), normalize(desc))


def rank(query: str, k: SearchKeys) -> int | None:
    """The rank of a node for a query (see the module's docstring), or None when it does not match."""
    q = normalize(query)
    if not q:
        return None
    if q == k.id or q in k.names:
        return 0
    if any(n.startswith(q) for n in k.names):
        return 1
    long_enough = len(q) >= MIN_SUBSTRING
    if long_enough and (q in k.id or any(q in n for n in k.names)):
        return 2
    ws = words(query)
    if len(ws) > 1 and all(w in k.joined for w in ws):
        return 3
    if long_enough and (q in k.description or (len(ws) > 1 and all(w in k.description for w in ws))):
        return 4
    return None
