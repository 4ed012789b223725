"""One exception root for the package, so the CLI and UI edges catch one type and show one clear line.

Every error raised on purpose by scenegraph derives from ScenegraphError; its message is fit for a user
(names the cause and where, never a password or token). Library errors are wrapped `from e` at the
boundary that met them.
"""

from __future__ import annotations

from scenegraph.base.i18n import Bilingual

__all__ = ["AccessDenied", "InputRejected", "InvalidRequest", "NotFound", "OutputFailed", "QueryRefused",
           "ScenegraphError", "SettingsError", "StoreAuthError", "StoreError", "StoreMisconfigured", "StoreUnavailable"]


class ScenegraphError(Exception):
    """Root of every error scenegraph raises on purpose."""


class InputRejected(ScenegraphError):
    """Input refused before or while parsing: over a limit (the message names the limit), malformed, or unsafe."""


class AccessDenied(ScenegraphError):
    """The caller's identity does not allow this (another enterprise's assessments, a planner reading answers)."""


class InvalidRequest(ScenegraphError, ValueError):
    """A request the caller can correct: a bad option or argument (hops < 0, a Scenario asked for a Target).
    Also a ValueError, so code written before the root existed keeps catching it."""


class NotFound(ScenegraphError, KeyError):
    """What was asked for does not exist (an id, a saved assessment). Also a KeyError, for older callers."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else type(self).__name__


class SettingsError(ScenegraphError):
    """A setting (environment, Streamlit secrets) is malformed; the message never repeats a password."""


class OutputFailed(ScenegraphError):
    """A file the user asked for could not be written (no such folder, no permission, disk full); the message
    names the path and the system's reason."""


class StoreError(ScenegraphError):
    """A store could not answer; the message is one clear line and never holds a password. Given in both
    languages (Bilingual), a page shows it in its own (`in_`); str() is the English one (the CLI, logs)."""

    def __init__(self, message: Bilingual | str = "", *args: object):
        self.said = message if isinstance(message, Bilingual) else None
        super().__init__(str(message), *args)

    def in_(self, lang: str) -> str:
        return self.said.in_(lang) if self.said is not None else str(self)


class StoreUnavailable(StoreError):
    """The server cannot be reached (down, wrong address, connection lost)."""


class StoreAuthError(StoreError):
    """The server refused the credentials."""


class StoreMisconfigured(StoreError):
    """The settings cannot work (a URI with the wrong scheme, credentials inside the URI, no host)."""


class QueryRefused(StoreError):
    """A console query was refused before it ran (it would write, administer, read files or reach data outside the
    graph). The reason is written in both languages; str() is the English one (the CLI, logs)."""

    def __init__(self, reason: Bilingual | str):
        self.reason = reason if isinstance(reason, Bilingual) else Bilingual(reason, reason)
        super().__init__(self.reason)
