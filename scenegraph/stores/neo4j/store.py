"""Neo4jStore: the Neo4j implementation of every store protocol, assembled from one module per concept."""

from __future__ import annotations

from .assessments import Assessments
from .console import Console
from .load import Loader
from .reads import Reads

__all__ = ["Neo4jStore"]


class Neo4jStore(Reads, Loader, Assessments, Console):
    """GraphReader (reads.py), GraphLoader (load.py), AssessmentRepository (assessments.py) and the read-only
    console (console.py) over one driver (connection.py). Open with `Neo4jStore.connect(settings)`."""
