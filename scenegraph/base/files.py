"""Files the app keeps in the home folder (users, saved assessments, drafts, the session key): one way to write
them so a crash never leaves half a file, and one lock so that concurrent read-modify-writes (two server
processes, the CLI) never lose one another's changes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from filelock import FileLock

__all__ = ["LOCK_TIMEOUT_S", "file_lock", "write_atomic"]

#: how long a writer waits for another one's lock before giving up (filelock.Timeout)
LOCK_TIMEOUT_S = 30


def file_lock(path: Path | str) -> FileLock:
    """The lock serialising every change of `path` (a `.lock` file beside it; re-entrant in one process)."""
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S)


def write_atomic(path: Path | str, text: str, private: bool = False) -> None:
    """`text` as the whole new content of `path`: written to a temporary file in the same folder, flushed to disk
    and renamed over the old one. `private` makes the file readable by its owner only (0600) before anything is
    written to it (users, the session key)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        if private:
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
