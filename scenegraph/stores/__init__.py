"""Graph stores behind protocols (protocols.py): an embedded default (MemoryStore) and Neo4j (stores/neo4j/,
imported on demand so the embedded default never loads the driver)."""

from scenegraph.base.errors import QueryRefused, StoreAuthError, StoreError, StoreMisconfigured, StoreUnavailable
from scenegraph.stores.memory.store import MemoryStore
from scenegraph.stores.protocols import GraphLoader, GraphReader, GraphStore, LoadReport, Progress

__all__ = [
    "GraphLoader",
    "GraphReader",
    "GraphStore",
    "LoadReport",
    "MemoryStore",
    "Progress",
    "QueryRefused",
    "StoreAuthError",
    "StoreError",
    "StoreMisconfigured",
    "StoreUnavailable",
]
