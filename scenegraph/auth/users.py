"""A user account and what every user store (users file, Neo4j :User nodes) answers.

A user holds roles and, for the enterprise role, the enterprise ids it may read and save. Built-in accounts
carry a bcrypt hash; accounts of an organisation's identity provider carry an e-mail and/or a subject (`sub`)
instead and no hash. Every account has a random `uid`, given when it is created and never given again: session
tokens and drafts name the account by it, so removing a user and adding the same name back opens nothing of the
old account. Failed sign-ins are counted in the same store (per account and source, and per source: see
accounts.py), so every server process and the CLI slow down the same guesser.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scenegraph.auth.access import Principal, Role
from scenegraph.base.errors import InputRejected

__all__ = ["Failures", "User", "UserStore", "check_name", "new_uid", "parse_roles"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9._@+-]{0,63}$")
_UID = re.compile(r"^[0-9a-f]{32}$")
#: fields of older users files and :User nodes that are no longer kept (failed sign-ins moved to the counters)
_RETIRED = ("failures", "last_failure")
_ENTERPRISE = re.compile(r"^ent_[a-z0-9_]{1,80}$")
MAX_ENTERPRISES = 1000


def check_name(name: str) -> str:
    """A user name: lower-case letters, digits and . _ @ + - (an e-mail address works), at most 64 characters."""
    if not isinstance(name, str) or not _NAME.match(name):
        shown = name[:64] if isinstance(name, str) else type(name).__name__
        raise InputRejected(f"bad user name {shown!r}: use 1-64 lower-case letters, digits, '.', '_', '@', '+', '-'")
    return name


def parse_roles(values: Iterable[object]) -> list[Role]:
    """Role names (enterprise, planner, curator, admin) to Roles; InputRejected naming a role that is not one."""
    roles = []
    for v in values:
        try:
            roles.append(Role(str(v).strip().lower()))
        except ValueError:
            raise InputRejected(f"unknown role {str(v)[:40]!r}: one of {', '.join(r.value for r in Role)}") from None
    return sorted(set(roles), key=list(Role).index)


def new_uid() -> str:
    """A fresh account id: 128 random bits, so no two accounts (past or present) ever share one."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Failures:
    """One failed-sign-in counter: how many in a row, when the last one was, and when it is forgotten."""

    count: int
    last: datetime
    expires: datetime


class User(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    #: the account's own id, given at creation and never reused (users files and nodes without one get one on read)
    uid: str = Field(default_factory=new_uid, pattern=_UID.pattern)
    display_name: str = Field("", max_length=120)
    roles: list[Role] = Field(default_factory=list)
    enterprises: list[str] = Field(default_factory=list, max_length=MAX_ENTERPRISES)
    #: identity-provider accounts are matched by e-mail or by subject (`sub`)
    email: str | None = Field(None, max_length=254)
    subject: str | None = Field(None, max_length=255)
    password_hash: str | None = Field(None, repr=False)
    #: bumped by sign-out and by a reset: every session cookie issued before no longer opens a session
    session_epoch: int = Field(0, ge=0)
    created: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @model_validator(mode="before")
    @classmethod
    def _retired(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(k in data for k in _RETIRED):
            data = {k: v for k, v in data.items() if k not in _RETIRED}
        return data

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return check_name(v)

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        v = v.strip().lower()
        if "@" not in v or any(c.isspace() or ord(c) < 32 for c in v):
            raise ValueError("not an e-mail address")
        return v

    @field_validator("enterprises")
    @classmethod
    def _enterprises(cls, v: list[str]) -> list[str]:
        bad = [e for e in v if not _ENTERPRISE.match(e)]
        if bad:
            raise ValueError(f"enterprise ids start with ent_ and hold a-z, 0-9, _ (got {bad[0][:40]!r})")
        return sorted(set(v))

    @model_validator(mode="after")
    def _enterprise_role_needs_ids(self) -> User:
        if Role.ENTERPRISE in self.roles and not self.enterprises:
            raise ValueError("the enterprise role needs at least one enterprise id")
        return self

    @property
    def principal(self) -> Principal:
        return Principal(self.name, frozenset(self.roles), frozenset(self.enterprises), f"uid:{self.uid}")

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    def public(self) -> dict[str, Any]:
        """What may be shown or listed: everything but the hash."""
        return self.model_dump(mode="json", exclude={"password_hash"})


@runtime_checkable
class UserStore(Protocol):
    """Where accounts live: the users file of the home folder (memory store) or :User nodes (Neo4j)."""

    where: str  # for messages: a path or a safe URI, never a credential

    def get(self, name: str) -> User | None:
        """The account of that name (an account stored without a uid gets one, kept, on the way)."""
        ...

    def find_identity(self, email: str | None, subject: str | None) -> User | None:
        """The account an identity-provider sign-in maps to: by subject first, then by e-mail."""
        ...

    def list(self) -> list[User]: ...

    def create(self, user: User) -> User:
        """Adds a new account; InputRejected when the name (or uid, e-mail, subject) is taken."""
        ...

    def replace(self, user: User) -> User:
        """Overwrites the account of that name and uid; InputRejected when there is none (removed, or removed
        and added again: a new account, which an old copy must not overwrite)."""
        ...

    def remove(self, name: str) -> bool: ...

    # failed sign-ins: counters named by opaque keys (accounts.py makes them: hashes, no user text), each in a
    # group (`scope`: one account, or one source) so a reset can forget all of an account's at once

    def failures(self, keys: Sequence[str]) -> dict[str, Failures]:
        """The counters of these keys that exist."""
        ...

    def record_failure(self, key: str, scope: str, at: datetime, expires: datetime) -> int:
        """One more failure on `key`, counted atomically, kept until `expires` (a counter already expired at `at`
        starts again from 0; expired counters may be dropped on the way); the new count."""
        ...

    def clear_failures(self, key: str | None = None, scope: str | None = None) -> None:
        """Forgets one counter, or every counter of a scope."""
        ...

    def scope_failures(self, scope: str, now: datetime) -> int:
        """The failures counted in a scope and not yet expired (for `users list`)."""
        ...
