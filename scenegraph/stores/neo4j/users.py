"""Accounts on Neo4j: :User nodes (no :Entity label, so graph loads and graph queries never touch them), read
and written only through the named queries cypher/user_*.cypher with every value a parameter.

The store is a stores.neo4j Connection of its own (the same settings as the graph store: NEO4J_URI, ...; one more
connection pool), so driver set-up and the translation of driver errors are the graph store's, in one place.
Accounts stored before accounts had a uid get one when the store connects (user_give_uids). Failed-sign-in
counters are :SignInFailure nodes (opaque keys, no user text), expired ones dropped as new ones are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Self

from neo4j import RoutingControl

from scenegraph.auth.users import Failures, User
from scenegraph.base.errors import InputRejected, StoreError
from scenegraph.base.settings import Neo4jSettings
from scenegraph.graph.cypher import query
from scenegraph.stores.neo4j.connection import Connection

__all__ = ["Neo4jUserStore"]


def _props(user: User) -> dict[str, Any]:
    """The node's properties: JSON values (times as ISO text), absent fields left out (Neo4j stores no null)."""
    return {k: v for k, v in user.model_dump(mode="json").items() if v is not None}


class Neo4jUserStore(Connection):
    def __init__(self, settings: Neo4jSettings, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.where = f"Neo4j at {settings.safe_uri}"

    @classmethod
    def connect(cls, settings: Neo4jSettings, **kwargs: Any) -> Self:
        """A store whose server answered, with its constraints in place."""
        store = cls(settings, **kwargs)
        try:
            store.apply_statements("user_schema", "applying the user constraints")
            store._records("user_give_uids", {})
        except StoreError:
            store.close()
            raise
        return store

    def _records(self, query_name: str, params: dict[str, Any], routing: RoutingControl = RoutingControl.WRITE,
                 on_conflict: str | None = None) -> list:
        """The records of a named user query (parameters as one mapping: they include `name`)."""
        return self.execute(query(query_name), params, routing, f"running {query_name}", on_conflict).records

    def _users(self, query_name: str, **params: Any) -> list[User]:
        rows = [r["user"] for r in self._records(query_name, params, RoutingControl.READ)]
        if any(not row.get("uid") for row in rows):  # added by an older version since this store connected
            self._records("user_give_uids", {})
            rows = [r["user"] for r in self._records(query_name, params, RoutingControl.READ)]
        return [User.model_validate(row) for row in rows]

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
        self._records("user_create", {"props": _props(user)},
                      on_conflict=f"user {user.name} (or its e-mail or subject) already exists")
        return user

    def replace(self, user: User) -> User:
        rows = self._records("user_replace", {"name": user.name, "uid": user.uid, "props": _props(user)},
                             on_conflict=f"another user already has the e-mail or subject of {user.name}")
        if not rows or rows[0]["changed"] == 0:
            raise InputRejected(f"no user {user.name}")
        return user

    def remove(self, name: str) -> bool:
        rows = self._records("user_remove", {"name": name})
        return bool(rows and rows[0]["removed"])

    # ------------------------------------------------------------ failed sign-ins

    def failures(self, keys: Sequence[str]) -> dict[str, Failures]:
        rows = self._records("signin_failures_get", {"keys": list(keys)}, RoutingControl.READ)
        return {r["key"]: Failures(int(r["count"]), _native(r["last"]), _native(r["expires"])) for r in rows}

    def record_failure(self, key: str, scope: str, at: datetime, expires: datetime) -> int:
        self._records("signin_failures_prune", {"at": at})
        rows = self._records("signin_failure_record", {"key": key, "scope": scope, "at": at, "expires": expires})
        return int(rows[0]["failures"]) if rows else 0

    def clear_failures(self, key: str | None = None, scope: str | None = None) -> None:
        self._records("signin_failures_clear", {"key": key, "scope": scope})

    def scope_failures(self, scope: str, now: datetime) -> int:
        rows = self._records("signin_failures_scope", {"scope": scope, "now": now}, RoutingControl.READ)
        return int(rows[0]["failures"]) if rows else 0


def _native(value: Any) -> datetime:
    """A Neo4j DateTime as an aware datetime (UTC)."""
    value = value.to_native() if hasattr(value, "to_native") else value
    return value.astimezone(UTC)
