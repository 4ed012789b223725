"""Password hashing with bcrypt: the only place a password is turned into something stored or compared.

Passwords are bounded before they are hashed (bcrypt reads at most 72 bytes; a longer one is refused rather than
silently cut), and a check against an unknown user still spends one bcrypt verification, so the time a failed
sign-in takes does not tell whether the user exists.
"""

from __future__ import annotations

from functools import cache

import bcrypt

from scenegraph.base.errors import InputRejected

__all__ = ["MAX_PASSWORD_BYTES", "MIN_PASSWORD_CHARS", "check_password", "hash_password", "verify_password",
           "waste_time"]

#: bcrypt's own bound; refusing longer passwords keeps "what you typed" equal to "what was checked"
MAX_PASSWORD_BYTES = 72
MIN_PASSWORD_CHARS = 10
#: cost 12: about 0.2-0.3 s per check on these machines; a stored hash keeps its own cost
ROUNDS = 12


@cache
def _dummy(rounds: int) -> bytes:
    return bcrypt.hashpw(b"not a password of anyone", bcrypt.gensalt(rounds))


def check_password(password: str) -> bytes:
    """The password as bytes, or InputRejected naming the rule it breaks (never the password itself)."""
    if not isinstance(password, str):
        raise InputRejected("a password must be text")
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputRejected(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if len(raw) > MAX_PASSWORD_BYTES:
        raise InputRejected(f"a password may hold at most {MAX_PASSWORD_BYTES} bytes (UTF-8)")
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        raise InputRejected("a password may not hold control characters (a pasted line break?)")
    return raw


def hash_password(password: str, rounds: int = ROUNDS) -> str:
    """A bcrypt hash (salt and cost inside) as text, for the user store."""
    return bcrypt.hashpw(check_password(password), bcrypt.gensalt(rounds)).decode("ascii")


def verify_password(password: str, stored: str | None, rounds: int = ROUNDS) -> bool:
    """True when `password` matches the stored hash; False for anything else (no hash, malformed, too long),
    having spent about one check's time at cost `rounds` either way."""
    try:
        raw = password.encode("utf-8")
    except (AttributeError, UnicodeError):
        return False
    if not stored or len(raw) > MAX_PASSWORD_BYTES:
        waste_time(rounds)
        return False
    try:
        return bcrypt.checkpw(raw, stored.encode("ascii"))
    except ValueError:  # not a bcrypt hash
        waste_time(rounds)
        return False


def waste_time(rounds: int = ROUNDS) -> None:
    """One bcrypt check that cannot match: the cost of a real check, for unknown users and refused inputs."""
    bcrypt.checkpw(b"x", _dummy(rounds))
