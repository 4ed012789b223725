"""The composition root: which adapter serves each repository, chosen in one place for the UI and the CLI.

- the observatory: the embedded store's archive summaries (counted with numpy) or Neo4j's :SaveSummary nodes
  (counted in Cypher), always behind the publisher (month ends only, the disclosure control, the server's k);
- accounts: :User nodes when Neo4j is configured, else the users file of the home folder."""

from __future__ import annotations

import logging

from scenegraph.auth.users import UserStore
from scenegraph.observatory.publish import Observatory
from scenegraph.observatory.repository import ObservatoryRepository
from scenegraph.stores import MemoryStore
from scenegraph.stores.files.users import FileUserStore
from scenegraph.stores.memory.observatory import archive_observatory

__all__ = ["observatory_of", "open_user_store", "raw_observatory_of"]

log = logging.getLogger(__name__)


def observatory_of(store) -> Observatory:
    """What pages and the CLI get: the publisher over the store's counts, never the raw counts."""
    return Observatory(raw_observatory_of(store))


def raw_observatory_of(store) -> ObservatoryRepository:
    """The store's raw counts at any instant (the publisher's input, the benchmark's subject)."""
    if isinstance(store, MemoryStore):
        return archive_observatory(store.graph, store.archive)
    from scenegraph.stores.neo4j.observatory import Neo4jObservatory  # the counting pushed down to Cypher

    return Neo4jObservatory(store)


def open_user_store(neo4j_settings=None) -> UserStore:
    """The configured store's accounts: :User nodes when Neo4j is configured, else the users file of the home
    folder. Never a silent fallback from one to the other: another store would hold other accounts."""
    if neo4j_settings is not None:
        from scenegraph.stores.neo4j.users import Neo4jUserStore

        log.info("accounts: :User nodes of Neo4j at %s", neo4j_settings.safe_uri)
        return Neo4jUserStore.connect(neo4j_settings)
    store = FileUserStore()
    log.info("accounts: the users file %s", store.path)
    return store
