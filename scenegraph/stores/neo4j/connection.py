"""One connection to a Neo4j server: the driver, opened from checked settings and closed by its owner, and the
three ways the other modules run a named query (read, write, auto-commit)."""

from __future__ import annotations

import logging
from typing import Any, Self

import neo4j
from neo4j import GraphDatabase, RoutingControl

from scenegraph.base.errors import StoreError, StoreMisconfigured
from scenegraph.base.settings import Neo4jSettings
from scenegraph.graph.cypher import query
from scenegraph.stores.neo4j.errors import quiet_driver_logs, translated

__all__ = ["Connection"]

log = logging.getLogger(__name__)


class Connection:
    """The caller owns it: open with `connect(settings)`, close with `close()` or `with`."""

    name = "neo4j"

    def __init__(self, settings: Neo4jSettings, batch_size: int = 20_000, retry_seconds: float = 5.0):
        self.settings = settings
        self.batch_size = batch_size
        problem = settings.problem()
        if problem:
            raise StoreMisconfigured(problem)
        quiet_driver_logs()
        with translated(settings, "connecting"):
            self._driver = GraphDatabase.driver(
                settings.uri, auth=(settings.user, settings.password.get_secret_value()),
                max_transaction_retry_time=retry_seconds, connection_timeout=10.0, notifications_min_severity="OFF",
            )

    @classmethod
    def connect(cls, settings: Neo4jSettings, **kwargs: Any) -> Self:
        """A store whose server has answered; raises StoreUnavailable, StoreAuthError or StoreMisconfigured with
        one clear line."""
        store = cls(settings, **kwargs)
        try:
            with store._errors("connecting"):
                store._driver.verify_connectivity()
        except StoreError as e:
            log.info("no connection to Neo4j: %s", e)  # the error's line names the server by its safe URI only
            store.close()
            raise
        log.info("connected to Neo4j at %s (database %s) as %s", settings.safe_uri, settings.database or "default",
                 settings.user)
        return store

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _errors(self, doing: str):
        return translated(self.settings, doing)

    def _session(self, **kwargs: Any) -> neo4j.Session:
        return self._driver.session(database=self.settings.database, **kwargs)

    def _run(self, name: str, routing: RoutingControl, label: str | None = None, rel_type: str | None = None,
             hops: int | None = None, **params: Any) -> neo4j.EagerResult:
        with self._errors(f"running {name}"):
            return self._driver.execute_query(query(name, label, rel_type, hops), params, routing_=routing,
                                              database_=self.settings.database)

    def _read(self, name: str, label: str | None = None, **params: Any) -> list[neo4j.Record]:
        return self._run(name, RoutingControl.READ, label, **params).records

    def _read_once(self, name: str, **params: Any) -> list[neo4j.Record]:
        """A short read in one round trip (auto-commit: RUN and PULL sent together, no BEGIN and COMMIT), for the
        interactive path (search); unlike _read it is not retried on a transient error."""
        with self._errors(f"running {name}"), self._session(default_access_mode=neo4j.READ_ACCESS) as s:
            return list(s.run(query(name), params))

    def _write(self, name: str, label: str | None = None, rel_type: str | None = None, **params: Any) -> dict:
        return self._run(name, RoutingControl.WRITE, label, rel_type, **params).summary.counters.__dict__

    def _autocommit(self, name: str, **params: Any) -> dict:
        """Queries with CALL ... IN TRANSACTIONS must run outside a managed transaction."""
        with self._errors(f"running {name}"), self._session() as s:
            return s.run(query(name), params).consume().counters.__dict__
