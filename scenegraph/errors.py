"""One exception root for the package, so the CLI and UI edges catch one type and show one clear line.

Every error raised on purpose by scenegraph derives from ScenegraphError; its message is fit for a user
(names the cause and where, never a password or token). Library errors are wrapped `from e` at the
boundary that met them.
"""

from __future__ import annotations

__all__ = ["AccessDenied", "InputRejected", "ScenegraphError"]


class ScenegraphError(Exception):
    """Root of every error scenegraph raises on purpose."""


class InputRejected(ScenegraphError):
    """Input refused before or while parsing: over a limit (the message names the limit), malformed, or unsafe."""


class AccessDenied(ScenegraphError):
    """The caller's identity does not allow this (another enterprise's assessments, a planner reading answers)."""
