"""Answer sheets in progress, kept per user in the home folder, so they survive a reload, a language switch,
navigation and a server restart. A draft is not an assessment: only "save" adds one to the history.

Written atomically (scenegraph.base.files: a temporary file renamed over the old one); one small JSON file per
account, named by a hash of the account's id (Principal.account: "uid:<the account's uid>", never a bare user name)
so no user text reaches the file system and no other account, not even one of the same name, opens it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from scenegraph.base.files import write_atomic
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import home_dir

__all__ = ["DraftBox"]

FIELDS = ("enterprise_id", "name", "region", "stages", "answers", "plan", "effort")


def _home() -> Path:
    return home_dir()  # SCENEGRAPH_HOME, read in scenegraph.base.settings


class DraftBox:
    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder) if folder else _home() / "drafts"

    def _path(self, user: str) -> Path:
        return self.folder / f"{hashlib.sha256(user.encode('utf-8')).hexdigest()[:32]}.json"

    def load(self, user: str) -> dict[str, Any] | None:
        """The user's draft, or None (none kept, or unreadable: a draft is never worth an error)."""
        path = self._path(user)
        try:
            if not path.is_file() or path.stat().st_size > LIMITS.max_upload_bytes:
                return None
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict) \
                or not isinstance(data.get("stages"), list):
            return None
        answers = {str(k): v for k, v in data["answers"].items() if isinstance(v, int) and 0 <= v <= 5}
        out = {"enterprise_id": str(data.get("enterprise_id") or ""), "name": str(data.get("name") or ""),
               "region": str(data.get("region") or ""), "stages": [str(s) for s in data["stages"]],
               "answers": answers}
        plan = data.get("plan")
        if isinstance(plan, dict) and isinstance(plan.get("in_place"), list) \
                and isinstance(plan.get("capacity"), list) and len(plan["capacity"]) == 4 \
                and all(isinstance(c, int | float) and 0 <= c <= 1000 for c in plan["capacity"]):
            out["plan"] = {"in_place": [str(x) for x in plan["in_place"]], "capacity": list(plan["capacity"])}
        effort = data.get("effort")
        if isinstance(effort, dict):
            out["effort"] = {str(k): float(v) for k, v in effort.items() if isinstance(v, int | float) and v >= 0}
        return out

    def save(self, user: str, form: dict[str, Any]) -> None:
        write_atomic(self._path(user), json.dumps({k: form.get(k) for k in FIELDS}, ensure_ascii=False))

    def discard(self, user: str) -> None:
        self._path(user).unlink(missing_ok=True)
