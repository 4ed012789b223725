"""Neo4jStore: the Neo4j implementation of every store protocol, assembled from one module per concept."""

from __future__ import annotations

from typing import Any, Self

from scenegraph.base.settings import Neo4jSettings
from scenegraph.stores.neo4j.assessments import Assessments
from scenegraph.stores.neo4j.console import Console
from scenegraph.stores.neo4j.load import Loader
from scenegraph.stores.neo4j.reads import Reads

__all__ = ["Neo4jStore"]


class Neo4jStore(Reads, Loader, Assessments, Console):
    """GraphReader (reads.py), GraphLoader (load.py), AssessmentRepository (assessments.py) and the read-only
    console (console.py) over one driver (connection.py). Open with `Neo4jStore.connect(settings)`."""

    @classmethod
    def connect(cls, settings: Neo4jSettings, *, tenant: bool = True, **kwargs: Any) -> Self:
        """A store whose server has answered, its tenant data apart from the graph before the first read: a
        release-2 database's saves (enterprise nodes inside the graph) are moved out on opening. `tenant=False`
        leaves that to the first call that reads or writes tenant data (each does it once): for a store the offline
        importer has just made, which holds none, and whose cold server took 1-2 s over it at 1M."""
        store = super().connect(settings, **kwargs)
        if not tenant:
            return store
        try:
            store.tenant_schema()
        except BaseException:
            store.close()
            raise
        return store
