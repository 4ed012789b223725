"""Graph stores: one interface (GraphStore), an embedded default (MemoryStore) and Neo4j (Neo4jStore)."""

from .base import GraphStore, LoadReport, QueryRefused, StoreAuthError, StoreError, StoreUnavailable
from .memory import MemoryStore

__all__ = [
    "GraphStore",
    "LoadReport",
    "MemoryStore",
    "QueryRefused",
    "StoreAuthError",
    "StoreError",
    "StoreUnavailable",
]
