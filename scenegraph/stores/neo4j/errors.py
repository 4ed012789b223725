"""Driver errors mapped to the stores' errors: one clear line that names the server (without credentials) and
what was being done, never the driver's retry chatter or a password."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from scenegraph.base.errors import InputRejected, StoreAuthError, StoreError, StoreMisconfigured, StoreUnavailable
from scenegraph.base.settings import Neo4jSettings

__all__ = ["first_line", "quiet_driver_logs", "translated"]


def first_line(e: BaseException) -> str:
    """The driver message's first sentence-worth: its first line, without a dangling ':' cut."""
    text = getattr(e, "message", None) or str(e) or type(e).__name__
    line = text.strip().splitlines()[0].strip() if text.strip() else type(e).__name__
    return line.rstrip(":;, ") or type(e).__name__


def quiet_driver_logs() -> None:
    """The driver logs each retry of a failed transaction as a warning; with no logging configured Python prints
    those to stderr. The store reports the outcome itself (one line), so the driver's logger keeps quiet
    unless a caller has set it up on purpose."""
    log = logging.getLogger("neo4j")
    if log.level == logging.NOTSET:
        log.setLevel(logging.CRITICAL)
    if not log.handlers:
        log.addHandler(logging.NullHandler())


@contextmanager
def translated(settings: Neo4jSettings, doing: str, on_conflict: str | None = None) -> Iterator[None]:
    """Driver errors raised inside as StoreError subclasses. With `on_conflict`, a uniqueness constraint's
    refusal (ConstraintError: a second user of the same name, ...) is InputRejected with that message instead,
    a mistake of the caller rather than a failure of the store."""
    where = settings.safe_uri
    try:
        yield
    except ConstraintError as e:
        if on_conflict is None:
            raise StoreError(f"Neo4j refused the query ({doing}): {first_line(e)}") from e
        raise InputRejected(on_conflict) from None
    except AuthError as e:
        raise StoreAuthError(f"Neo4j at {where} refused the credentials of user '{settings.user}'") from e
    except (ServiceUnavailable, SessionExpired) as e:
        # our own words: the driver's text runs over several lines (and its first ends in a colon)
        raise StoreUnavailable(f"Neo4j at {where} is unreachable ({doing}); check that the server is running and "
                               "the address is right") from e
    except ClientError as e:
        if "Timeout" in (e.code or "") or "TimedOut" in (e.code or ""):
            raise StoreError(f"the query took too long and was stopped ({doing})") from e
        raise StoreError(f"Neo4j refused the query ({doing}): {first_line(e)}") from e
    except (ConfigurationError, ValueError) as e:
        # the driver's own text may repeat the URI, password included: say what is wrong without it
        raise StoreMisconfigured(f"the Neo4j settings for {where} are not valid ({type(e).__name__}); "
                                 "check NEO4J_URI (bolt://, neo4j://, neo4j+s://)") from None
    except (Neo4jError, DriverError) as e:
        if "defunct" in str(e).lower() or "connection" in type(e).__name__.lower():
            raise StoreUnavailable(f"Neo4j at {where} is unreachable ({doing}): the connection was lost") from e
        raise StoreError(f"Neo4j failed ({doing}): {first_line(e)}") from e
