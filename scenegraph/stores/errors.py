"""The stores' errors, under the package root (ScenegraphError): one clear line each, never a password."""

from __future__ import annotations

from ..errors import ScenegraphError

__all__ = ["QueryRefused", "StoreAuthError", "StoreError", "StoreMisconfigured", "StoreUnavailable"]


class StoreError(ScenegraphError):
    """A store could not answer; the message is one clear line and never holds a password."""


class StoreUnavailable(StoreError):
    """The server cannot be reached (down, wrong address, connection lost)."""


class StoreAuthError(StoreError):
    """The server refused the credentials."""


class StoreMisconfigured(StoreError):
    """The settings cannot work (a URI with the wrong scheme, credentials inside the URI, no host)."""


class QueryRefused(StoreError):
    """A console query was refused before it ran (it would write, administer, or read files)."""
