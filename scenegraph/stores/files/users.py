"""Accounts of the embedded (memory) store: one JSON file in the home folder (SCENEGRAPH_HOME), readable only
by its owner. Every change is a read-modify-write under a lock file, written atomically (a temporary file renamed
over the old one; scenegraph.base.files, as for the assessment archive), so concurrent sign-ins and CLI edits never
lose one another's changes and a crash never leaves half a file."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from scenegraph.auth.users import User
from scenegraph.base.errors import InputRejected, ScenegraphError
from scenegraph.base.files import file_lock, write_atomic
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import home_dir

__all__ = ["FileUserStore", "default_users_path"]

FORMAT = 1


def default_users_path() -> Path:
    """users.json beside the saved assessments: $SCENEGRAPH_HOME, else the platform's user data folder."""
    return home_dir() / "users.json"


class FileUserStore:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_users_path()
        self.where = str(self.path)
        self._lock = file_lock(self.path)

    # ------------------------------------------------------------ file

    def _read(self) -> dict[str, User]:
        if not self.path.exists():
            return {}
        if self.path.stat().st_size > LIMITS.max_file_bytes:
            raise InputRejected(f"the users file {self.path} is over max_file_bytes ({LIMITS.max_file_bytes:,})")
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            users = [User.model_validate(row) for row in data["users"]]
        except (ValueError, KeyError, TypeError, InputRejected) as e:
            # the reason's type only: a validation message could quote a field of the file
            raise ScenegraphError(f"the users file {self.path} is damaged ({type(e).__name__}); restore it from a "
                                  "backup or move it away and add the users again") from None
        return {u.name: u for u in users}

    def _write(self, users: dict[str, User]) -> None:
        write_atomic(self.path, json.dumps({"format": FORMAT, "users": [u.model_dump(mode="json")
                                                                        for u in users.values()]},
                                           ensure_ascii=False, indent=1), private=True)

    def _change(self, change: Callable[[dict[str, User]], object]):
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
            if user.name not in users:
                raise InputRejected(f"no user {user.name}")
            self._unique(user, users)
            users[user.name] = user
        self._change(put)
        return user

    def remove(self, name: str) -> bool:
        return bool(self._change(lambda users: users.pop(name, None)))

    def record_failure(self, name: str, at: datetime) -> int:
        def count(users: dict[str, User]) -> int:
            u = users.get(name)
            if u is None:
                return 0
            users[name] = u.model_copy(update={"failures": u.failures + 1, "last_failure": at})
            return u.failures + 1
        return int(self._change(count))

    def clear_failures(self, name: str) -> None:
        def clear(users: dict[str, User]) -> None:
            u = users.get(name)
            if u is not None and (u.failures or u.last_failure):
                users[name] = u.model_copy(update={"failures": 0, "last_failure": None})
        self._change(clear)
