"""Compatibility names for code written before the split (stores/protocols.py, stores/errors.py); import from
`scenegraph.stores` instead."""

from .errors import QueryRefused, StoreAuthError, StoreError, StoreMisconfigured, StoreUnavailable
from .protocols import GraphLoader, GraphReader, GraphStore, LoadReport, Progress

__all__ = ["GraphLoader", "GraphReader", "GraphStore", "LoadReport", "Progress", "QueryRefused", "StoreAuthError",
           "StoreError", "StoreMisconfigured", "StoreUnavailable"]
