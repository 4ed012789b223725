"""Answer sheets in progress, kept per user in the home folder, so they survive a reload, a language switch,
navigation and a server restart. A draft is not an assessment: only "save" adds one to the history. What one holds is
scenegraph.assess.form.AnswerSheet (checked field by field as it is read back).

Written atomically (scenegraph.base.files: a temporary file renamed over the old one); one small JSON file per
account, named by a hash of the account's id (Principal.account: "uid:<the account's uid>", never a bare user name)
so no user text reaches the file system and no other account, not even one of the same name, opens it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from scenegraph.assess.form import AnswerSheet
from scenegraph.base.files import write_atomic
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import home_dir

__all__ = ["DraftBox"]

def _home() -> Path:
    return home_dir()  # SCENEGRAPH_HOME, read in scenegraph.base.settings


class DraftBox:
    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder) if folder else _home() / "drafts"

    def _path(self, user: str) -> Path:
        return self.folder / f"{hashlib.sha256(user.encode('utf-8')).hexdigest()[:32]}.json"

    def load(self, user: str) -> AnswerSheet | None:
        """The user's draft, or None (none kept, or unreadable: a draft is never worth an error)."""
        path = self._path(user)
        try:
            if not path.is_file() or path.stat().st_size > LIMITS.max_upload_bytes:
                return None
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return AnswerSheet.from_draft(data)

    def save(self, user: str, sheet: AnswerSheet) -> None:
        write_atomic(self._path(user), json.dumps(sheet.draft(), ensure_ascii=False))

    def discard(self, user: str) -> None:
        self._path(user).unlink(missing_ok=True)
