"""Password hashing with bcrypt: the only place a password is turned into something stored or compared.

Passwords are bounded before they are hashed (bcrypt reads at most 72 bytes; a longer one is refused rather than
silently cut). Every sign-in check costs the same: `check` pads a cheaper stored hash (made at a lower cost
than today's) with dummy bcrypt work up to the cost asked for, and an unknown user spends that whole cost on a
dummy, so the time a failed sign-in takes tells neither whether the user exists nor how old its hash is.
"""

from __future__ import annotations

import re
from functools import cache

import bcrypt

from scenegraph.base.errors import InputRejected

__all__ = ["MAX_PASSWORD_BYTES", "MIN_PASSWORD_CHARS", "check_password", "hash_cost", "hash_password",
           "rehash", "verify_password", "waste_time"]

#: bcrypt's own bound; refusing longer passwords keeps "what you typed" equal to "what was checked"
MAX_PASSWORD_BYTES = 72
MIN_PASSWORD_CHARS = 10
#: cost 12: about 0.2-0.3 s per check on these machines; a stored hash keeps its own cost
ROUNDS = 12
#: bcrypt's own bounds on the cost
MIN_ROUNDS, MAX_ROUNDS = 4, 31
_COST = re.compile(r"^\$2[abxy]\$(\d\d)\$")


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


def rehash(password: str, rounds: int = ROUNDS) -> str:
    """A new hash of a password that has just been verified (at today's cost): the rules for new passwords are
    not applied again, so an older, shorter password still moves to the new cost."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def hash_cost(stored: str | None) -> int | None:
    """The cost a bcrypt hash was made at (None for anything that is not one)."""
    m = _COST.match(stored or "")
    cost = int(m.group(1)) if m else None
    return cost if cost is not None and MIN_ROUNDS <= cost <= MAX_ROUNDS else None


def verify_password(password: str, stored: str | None, rounds: int = ROUNDS) -> bool:
    """True when `password` matches the stored hash; False for anything else (no hash, malformed, too long).
    Either way it has spent the time of one check at cost max(`rounds`, the stored hash's cost): a cheaper
    stored hash is padded with dummy work, a missing or unusable one costs a whole dummy check."""
    cost = hash_cost(stored)
    try:
        raw = password.encode("utf-8")
    except (AttributeError, UnicodeError):
        raw = None
    if raw is None or stored is None or cost is None or len(raw) > MAX_PASSWORD_BYTES:
        waste_time(rounds)
        return False
    try:
        ok = bcrypt.checkpw(raw, stored.encode("ascii"))
    except ValueError:  # not a bcrypt hash after all
        waste_time(rounds)
        return False
    _pad(cost, rounds)
    return ok


def _pad(spent: int, rounds: int) -> None:
    """Dummy checks adding up to the work of one check at `rounds` minus one at `spent` (bcrypt's work doubles
    per cost step: 2^rounds - 2^spent written in powers of two, each one dummy check, none below bcrypt's least
    cost, so the remainder under 2^4 units, about 1/256 of a cost-12 check, is not padded)."""
    missing = (1 << rounds) - (1 << spent)
    for cost in range(rounds - 1, MIN_ROUNDS - 1, -1):
        if missing >= 1 << cost:
            waste_time(cost)
            missing -= 1 << cost


def waste_time(rounds: int = ROUNDS) -> None:
    """One bcrypt check that cannot match: the cost of a real check, for unknown users and refused inputs."""
    bcrypt.checkpw(b"x", _dummy(rounds))
