"""Session tokens for built-in accounts: what the browser keeps in a cookie so that a password sign-in survives a
reload and opens in a new tab, until it expires.

A token is itsdangerous's signed, timestamped serialisation of (user name, account uid, session epoch), signed with
the server's session key: SCENEGRAPH_SESSION_SECRET, else a random key kept in the home folder (session.key,
owner-only). It holds no password, hash or role. It opens a session only while the signature holds, it is younger
than `session_minutes`, and the user store still has the user, with the same uid, a password, a role and the same
epoch: sign-out and a reset bump the epoch, and removal drops the account for good (a user added again under the
same name is another account, with another uid), so every token issued before is dead (Accounts.resume).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from scenegraph.base.files import file_lock, write_atomic
from scenegraph.base.settings import AuthSettings, home_dir

__all__ = ["COOKIE", "MAX_TOKEN_CHARS", "SessionTokens", "session_key"]

#: the cookie's name (one per app origin)
COOKIE = "scenegraph_session"
#: a token is well under this; anything longer is refused before it is parsed
MAX_TOKEN_CHARS = 512
_SALT = "scenegraph.session.v2"  # v1 tokens (name and epoch only) open nothing
_TOKEN = re.compile(r"^[A-Za-z0-9_.\-]+$")
_KEY_CHARS = 43  # secrets.token_urlsafe(32)


def session_key(settings: AuthSettings, home: Path | None = None) -> bytes:
    """The signing key: the configured secret, else the home folder's session.key (created on first use)."""
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value().encode("utf-8")
    path = (home or home_dir()) / "session.key"
    with file_lock(path):
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeError):
            text = ""
        if len(text) < _KEY_CHARS:
            text = secrets.token_urlsafe(48)
            write_atomic(path, text, private=True)
    return text.encode("ascii")


class _ClockSigner(TimestampSigner):
    """itsdangerous's timestamp signer on the caller's clock (Accounts' clock: the tests move it)."""

    def __init__(self, *args: Any, clock: Callable[[], datetime], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._clock = clock

    def get_timestamp(self) -> int:
        return int(self._clock().timestamp())


class SessionTokens:
    """Issues and reads tokens; never raises on a bad token (a cookie is the browser's input)."""

    def __init__(self, key: bytes, max_age_s: int, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self._serializer = URLSafeTimedSerializer(key, salt=_SALT, signer=_ClockSigner,
                                                  signer_kwargs={"clock": clock})
        self.max_age_s = max_age_s

    def issue(self, name: str, uid: str, epoch: int) -> str:
        return self._serializer.dumps({"u": name, "i": uid, "e": epoch})

    def read(self, token: str | None) -> tuple[str, str, int, datetime] | None:
        """(user name, account uid, epoch, issued at) of a good, unexpired token; None for anything else."""
        if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_CHARS or not _TOKEN.match(token):
            return None
        try:
            data, issued = self._serializer.loads(token, max_age=self.max_age_s, return_timestamp=True)
        except (BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
            return None
        if not isinstance(data, dict) or not isinstance(data.get("u"), str) or not isinstance(data.get("i"), str) \
                or type(data.get("e")) is not int:
            return None
        return data["u"], data["i"], data["e"], issued.astimezone(UTC)
