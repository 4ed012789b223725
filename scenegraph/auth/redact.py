"""Keep account secrets out of what the read-only Cypher console shows: a query may reach :User nodes
(`MATCH (n) RETURN n`, `RETURN u.password_hash`), so every result passes through `redact` before it is shown,
printed or downloaded. Applied at the two console edges (the app's console page and `scenegraph query`)."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["REDACTED", "redact"]

REDACTED = "‹redacted›"
_BCRYPT = re.compile(r"\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}")
_SECRET_KEYS = frozenset({"password_hash"})


def redact(value: Any) -> Any:
    """The value with every bcrypt hash replaced and every `password_hash` property dropped, at any depth."""
    if isinstance(value, str):
        return _BCRYPT.sub(REDACTED, value)
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items() if k not in _SECRET_KEYS}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value
