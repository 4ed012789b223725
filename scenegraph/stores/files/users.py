"""Accounts of the embedded (memory) store: one JSON file in the home folder (SCENEGRAPH_HOME), readable only
by its owner. Every change is a read-modify-write under a lock file, written atomically (a temporary file renamed
over the old one; scenegraph.base.files, as for the assessment archive), so concurrent sign-ins and CLI edits never
lose one another's changes and a crash never leaves half a file.

Accounts written before accounts had a uid get one the first time the file is read (written back at once, so it
never changes afterwards). Failed-sign-in counters live beside the file (users-failures.json, same rules), bounded
by LIMITS.signin_counters_kept (the soonest to expire dropped first)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

from scenegraph.auth.users import Failures, User, new_uid
from scenegraph.base.errors import InputRejected, ScenegraphError
from scenegraph.base.files import file_lock, write_atomic
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import home_dir

__all__ = ["FileUserStore", "default_users_path"]

#: one failed-sign-in counter as the file keeps it: [scope, count, last, expires] (a name apart from the
#: class's own `list` method)
_Row: TypeAlias = list[Any]
T = TypeVar("T")

FORMAT = 1


def default_users_path() -> Path:
    """users.json beside the saved assessments: $SCENEGRAPH_HOME, else the platform's user data folder."""
    return home_dir() / "users.json"


class FileUserStore:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_users_path()
        self.where = str(self.path)
        self._lock = file_lock(self.path)
        self.failures_path = self.path.with_name(f"{self.path.stem}-failures.json")
        self._failures_lock = file_lock(self.failures_path)

    # ------------------------------------------------------------ file

    def _read(self) -> dict[str, User]:
        if not self.path.exists():
            return {}
        if self.path.stat().st_size > LIMITS.max_file_bytes:
            raise InputRejected(f"the users file {self.path} is over max_file_bytes ({LIMITS.max_file_bytes:,})")
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            rows = data["users"]
            missing = [row for row in rows if not row.get("uid")]
            for row in missing:  # an account of an older file: its uid, given once and kept from now on
                row["uid"] = new_uid()
            users = [User.model_validate(row) for row in rows]
        except (ValueError, KeyError, TypeError, AttributeError, InputRejected) as e:
            # the reason's type only: a validation message could quote a field of the file
            raise ScenegraphError(f"the users file {self.path} is damaged ({type(e).__name__}); restore it from a "
                                  "backup or move it away and add the users again") from None
        found = {u.name: u for u in users}
        if len({u.uid for u in users}) != len(users):
            raise ScenegraphError(f"the users file {self.path} is damaged (two accounts share a uid)")
        if missing:
            with self._lock:  # re-entrant: callers hold it already
                self._write(found)
        return found

    def _write(self, users: dict[str, User]) -> None:
        write_atomic(self.path, json.dumps({"format": FORMAT, "users": [u.model_dump(mode="json")
                                                                        for u in users.values()]},
                                           ensure_ascii=False, indent=1), private=True)

    def _change(self, change: Callable[[dict[str, User]], object]) -> object:
        with self._lock:
            users = self._read()
            result = change(users)
            self._write(users)
        return result

    # ------------------------------------------------------------ UserStore

    def get(self, name: str) -> User | None:
        with self._lock:
            return self._read().get(name)

    def find_identity(self, email: str | None, subject: str | None) -> User | None:
        users = self.list()
        if subject:
            for u in users:
                if u.subject == subject:
                    return u
        if email:
            for u in users:
                if u.email == email.strip().lower():
                    return u
        return None

    def list(self) -> list[User]:
        with self._lock:
            return sorted(self._read().values(), key=lambda u: u.name)

    @staticmethod
    def _unique(user: User, users: dict[str, User]) -> None:
        for other in users.values():
            if other.name == user.name:
                continue
            if other.uid == user.uid:
                raise InputRejected(f"user {other.name} already has that uid")
            if user.email and other.email == user.email:
                raise InputRejected(f"user {other.name} already has the e-mail {user.email}")
            if user.subject and other.subject == user.subject:
                raise InputRejected(f"user {other.name} already has that identity-provider subject")

    def create(self, user: User) -> User:
        def add(users: dict[str, User]) -> None:
            if user.name in users:
                raise InputRejected(f"user {user.name} already exists (reset or remove it instead)")
            self._unique(user, users)
            users[user.name] = user
        self._change(add)
        return user

    def replace(self, user: User) -> User:
        def put(users: dict[str, User]) -> None:
            if user.name not in users or users[user.name].uid != user.uid:
                raise InputRejected(f"no user {user.name}")
            self._unique(user, users)
            users[user.name] = user
        self._change(put)
        return user

    def remove(self, name: str) -> bool:
        return bool(self._change(lambda users: users.pop(name, None)))

    # ------------------------------------------------------------ failed sign-ins

    def _read_failures(self) -> dict[str, _Row]:
        """key -> [scope, count, last, expires] (ISO times); a damaged or oversized file counts as empty (a
        counter is never worth refusing every sign-in)."""
        try:
            if not self.failures_path.is_file() or self.failures_path.stat().st_size > LIMITS.max_file_bytes:
                return {}
            data = json.loads(self.failures_path.read_text(encoding="utf-8"))["counters"]
            return {str(k): v for k, v in data.items() if isinstance(v, list) and len(v) == 4}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def _change_failures(self, change: Callable[[dict[str, _Row]], T]) -> T:
        with self._failures_lock:
            counters = self._read_failures()
            result = change(counters)
            write_atomic(self.failures_path, json.dumps({"format": FORMAT, "counters": counters}), private=True)
        return result

    @staticmethod
    def _counter(row: _Row) -> Failures | None:
        try:
            return Failures(int(row[1]), datetime.fromisoformat(row[2]), datetime.fromisoformat(row[3]))
        except (TypeError, ValueError):
            return None

    def failures(self, keys: Sequence[str]) -> dict[str, Failures]:
        with self._failures_lock:
            counters = self._read_failures()
        found = {k: self._counter(counters[k]) for k in keys if k in counters}
        return {k: v for k, v in found.items() if v is not None}

    def record_failure(self, key: str, scope: str, at: datetime, expires: datetime) -> int:
        def count(counters: dict[str, _Row]) -> int:
            old = self._counter(counters[key]) if key in counters else None
            n = (old.count if old is not None and old.expires > at else 0) + 1
            for k in [k for k, row in counters.items() if (c := self._counter(row)) is None or c.expires <= at]:
                del counters[k]
            counters[key] = [scope, n, at.isoformat(), expires.isoformat()]
            if len(counters) > LIMITS.signin_counters_kept:
                keep = sorted(counters, key=lambda k: counters[k][3], reverse=True)[:LIMITS.signin_counters_kept]
                for k in set(counters) - set(keep) - {key}:
                    del counters[k]
            return n
        return int(self._change_failures(count))

    def clear_failures(self, key: str | None = None, scope: str | None = None) -> None:
        def clear(counters: dict[str, _Row]) -> None:
            for k in [k for k, row in counters.items() if k == key or (scope is not None and row[0] == scope)]:
                del counters[k]
        self._change_failures(clear)

    def scope_failures(self, scope: str, now: datetime) -> int:
        with self._failures_lock:
            counters = self._read_failures()
        found = [self._counter(row) for row in counters.values() if row[0] == scope]
        return sum(c.count for c in found if c is not None and c.expires > now)
