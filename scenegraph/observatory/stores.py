"""The observatory repository of a store: the embedded store's archive summaries (counted with numpy) or Neo4j's
:SaveSummary nodes (counted in Cypher). One choice for the page and the CLI."""

from __future__ import annotations

from ..stores import MemoryStore
from .memory import archive_observatory
from .repository import ObservatoryRepository

__all__ = ["observatory_of"]


def observatory_of(store) -> ObservatoryRepository:
    if isinstance(store, MemoryStore):
        return archive_observatory(store.graph, store.archive)
    from ..stores.neo4j.observatory import Neo4jObservatory  # the counting pushed down to Cypher

    return Neo4jObservatory(store)
