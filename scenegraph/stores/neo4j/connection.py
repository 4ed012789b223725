"""One connection to a Neo4j server: the driver, opened from checked settings and closed by its owner, and the
small public API every adapter of stores/neo4j runs its work through, so that none reaches for the driver:

- `read`, `read_once`, `write`, `autocommit`: a named query of cypher/ with its parameters;
- `apply_statements`: the statements of a named schema file (constraints and indexes);
- `session` and `errors`: a session for work in explicit transactions, and the translation of driver errors
  into the stores' errors (one line, no password) around it;
- `execute`: one statement given as text, for what is not a named query (a test's own set-up)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Self

import neo4j
from neo4j import GraphDatabase, RoutingControl

from scenegraph.base.errors import StoreError, StoreMisconfigured
from scenegraph.base.settings import Neo4jSettings
from scenegraph.graph.cypher import query, statements
from scenegraph.stores.neo4j.errors import quiet_driver_logs, translated

__all__ = ["Connection"]

log = logging.getLogger(__name__)


class Connection:
    """The caller owns it: open with `connect(settings)`, close with `close()` or `with`."""

    name = "neo4j"

    def __init__(self, settings: Neo4jSettings, batch_size: int = 20_000, retry_seconds: float = 5.0,
                 load_workers: int = 2):
        self.settings = settings
        self.batch_size = batch_size
        self.load_workers = load_workers  # concurrent sessions for a first load's relationship batches (load.py)
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
            with store.errors("connecting"):
                store._driver.verify_connectivity()  # its own instance, in its own class
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

    def is_empty(self) -> bool:
        """No node at all (what makes an offline bulk import the right choice)."""
        return not self.read("any_node")

    def errors(self, doing: str, on_conflict: str | None = None) -> AbstractContextManager[None]:
        """Driver errors raised inside become the stores' errors, naming what was being done."""
        return translated(self.settings, doing, on_conflict)

    def session(self, **kwargs: Any) -> neo4j.Session:
        """A session on the configured database (the caller closes it: `with`)."""
        return self._driver.session(database=self.settings.database, **kwargs)

    def execute(self, statement: str, params: Mapping[str, Any] | None = None,
                routing: RoutingControl = RoutingControl.WRITE, doing: str = "running a statement",
                on_conflict: str | None = None) -> neo4j.EagerResult:
        """One statement given as text, with its parameters, in a managed transaction (errors translated as by
        `errors(doing, on_conflict)`)."""
        with self.errors(doing, on_conflict):
            return self._driver.execute_query(statement, dict(params or {}), routing_=routing,
                                              database_=self.settings.database)

    def apply_statements(self, name: str, doing: str) -> None:
        """Every statement of cypher/<name>.cypher (constraints and indexes: idempotent), one by one."""
        with self.errors(doing):
            for stmt in statements(name):
                self._driver.execute_query(stmt, database_=self.settings.database)

    def _run(self, name: str, routing: RoutingControl, label: str | None = None, rel_type: str | None = None,
             hops: int | None = None, **params: Any) -> neo4j.EagerResult:
        with self.errors(f"running {name}"):
            return self._driver.execute_query(query(name, label, rel_type, hops), params, routing_=routing,
                                              database_=self.settings.database)

    def read(self, name: str, label: str | None = None, **params: Any) -> list[neo4j.Record]:
        return self._run(name, RoutingControl.READ, label, **params).records

    def read_once(self, name: str, **params: Any) -> list[neo4j.Record]:
        """A short read in one round trip (auto-commit: RUN and PULL sent together, no BEGIN and COMMIT), for the
        interactive path (search); unlike `read` it is not retried on a transient error."""
        with self.errors(f"running {name}"), self.session(default_access_mode=neo4j.READ_ACCESS) as s:
            return list(s.run(query(name), params))

    def write(self, name: str, label: str | None = None, rel_type: str | None = None,
              **params: Any) -> dict[str, Any]:
        return self._run(name, RoutingControl.WRITE, label, rel_type, **params).summary.counters.__dict__

    def autocommit(self, name: str, **params: Any) -> dict[str, Any]:
        """Queries with CALL ... IN TRANSACTIONS must run outside a managed transaction."""
        with self.errors(f"running {name}"), self.session() as s:
            return s.run(query(name), params).consume().counters.__dict__
