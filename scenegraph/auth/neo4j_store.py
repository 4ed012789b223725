"""Accounts on Neo4j: :User nodes (no :Entity label, so graph loads and graph queries never touch them), read
and written only through the named queries cypher/user_*.cypher with every value a parameter.

The store opens its own driver from the same settings as the graph store (NEO4J_URI, ...), so it does not
depend on the graph store's internals; it is as cheap as one more connection pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ConstraintError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from ..errors import InputRejected
from ..stores.base import StoreAuthError, StoreError, StoreUnavailable
from ..stores.queries import query, statements
from .users import User

__all__ = ["Neo4jUserStore"]


def _props(user: User) -> dict[str, Any]:
    """The node's properties: JSON values (times as ISO text), absent fields left out (Neo4j stores no null)."""
    return {k: v for k, v in user.model_dump(mode="json").items() if v is not None}


class Neo4jUserStore:
    def __init__(self, settings):
        self.settings = settings
        self.where = f"Neo4j at {settings.safe_uri}"
        password = settings.password
        password = password.get_secret_value() if hasattr(password, "get_secret_value") else password
        with self._errors("connecting"):
            self._driver = GraphDatabase.driver(settings.uri, auth=(settings.user, password),
                                                connection_timeout=10.0, notifications_min_severity="OFF")

    @classmethod
    def connect(cls, settings) -> Neo4jUserStore:
        """A store whose server answered, with its constraints in place."""
        store = cls(settings)
        try:
            with store._errors("applying the user constraints"):
                for stmt in statements("user_schema"):
                    store._driver.execute_query(stmt, database_=settings.database)
        except StoreError:
            store.close()
            raise
        return store

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jUserStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        where = self.settings.safe_uri
        try:
            yield
        except AuthError as e:
            raise StoreAuthError(f"Neo4j at {where} refused the credentials of user '{self.settings.user}'") from e
        except (ServiceUnavailable, SessionExpired) as e:
            raise StoreUnavailable(f"Neo4j at {where} is unreachable ({doing})") from e
        except ValueError:
            raise StoreError(f"the Neo4j settings for {where} are not valid; check NEO4J_URI") from None
        except (Neo4jError, DriverError) as e:
            raise StoreError(f"Neo4j failed ({doing}): {type(e).__name__}") from e

    def _run(self, query_name: str, routing: RoutingControl = RoutingControl.WRITE, **params: Any) -> list:
        with self._errors(f"running {query_name}"):
            return self._driver.execute_query(query(query_name), params, routing_=routing,
                                              database_=self.settings.database).records

    def _users(self, query_name: str, **params: Any) -> list[User]:
        return [User.model_validate(r["user"]) for r in self._run(query_name, RoutingControl.READ, **params)]

    # ------------------------------------------------------------ UserStore

    def get(self, name: str) -> User | None:
        found = self._users("user_get", name=name)
        return found[0] if found else None

    def find_identity(self, email: str | None, subject: str | None) -> User | None:
        found = self._users("user_find_identity", email=email.strip().lower() if email else None,
                            subject=subject or None)
        return found[0] if found else None

    def list(self) -> list[User]:
        return self._users("user_list")

    def create(self, user: User) -> User:
        try:
            with self._driver.session(database=self.settings.database) as s:
                s.execute_write(lambda tx: tx.run(query("user_create"), props=_props(user)).consume())
        except ConstraintError:
            raise InputRejected(f"user {user.name} (or its e-mail or subject) already exists") from None
        except (Neo4jError, DriverError) as e:
            with self._errors("adding a user"):
                raise e
        return user

    def replace(self, user: User) -> User:
        try:
            rows = self._run("user_replace", name=user.name, props=_props(user))
        except StoreError as e:
            if isinstance(e.__cause__, ConstraintError):
                raise InputRejected(f"another user already has the e-mail or subject of {user.name}") from None
            raise
        if not rows or rows[0]["changed"] == 0:
            raise InputRejected(f"no user {user.name}")
        return user

    def remove(self, name: str) -> bool:
        rows = self._run("user_remove", name=name)
        return bool(rows and rows[0]["removed"])

    def record_failure(self, name: str, at: datetime) -> int:
        rows = self._run("user_record_failure", name=name, at=at.isoformat())
        return int(rows[0]["failures"]) if rows else 0

    def clear_failures(self, name: str) -> None:
        self._run("user_clear_failures", name=name)
