"""Saved assessments of the embedded default: one JSON file in the user's data folder.

Saves are serialised by a lock file and written atomically (a temporary file renamed over the old one), so a
crash never leaves half a file and two saves never overwrite each other. Within one enterprise every save gets
its own time: a save at or before the latest one is moved to one microsecond after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..errors import ScenegraphError
from ..files import file_lock, write_atomic
from ..limits import LIMITS
from ..settings import home_dir
from .model import Assessment, require_answers
from .repository import AssessmentNotFound, SavedAssessment

__all__ = ["ArchiveDamaged", "AssessmentArchive", "SavedAssessment", "default_archive_path", "unique_time"]

FORMAT = 1


class ArchiveDamaged(ScenegraphError):
    """The archive file cannot be read back; the message names the file and what to do."""


def default_archive_path() -> Path:
    """assessments.json in the user's data folder (SCENEGRAPH_HOME, else the platform's; see settings)."""
    return home_dir() / "assessments.json"


def unique_time(wanted: datetime, latest: datetime | None) -> datetime:
    """`wanted`, or just after `latest` when a save of the same enterprise already holds that time or a later one
    (`wanted` itself when `latest` is the last representable time)."""
    if latest is None or wanted > latest:
        return wanted
    try:
        return latest + timedelta(microseconds=1)
    except OverflowError:
        return wanted


def horizon() -> datetime:
    """The latest time a save may carry: now plus LIMITS.clock_skew_s. Saves stored later than this (written
    before the bound existed) are left out when the next save's time is chosen, so they never block it."""
    return datetime.now(UTC) + timedelta(seconds=LIMITS.clock_skew_s)


def summary(a: Assessment) -> SavedAssessment:
    return SavedAssessment(a.enterprise_id, a.name, a.at, len(a.answers))


class AssessmentArchive:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_archive_path()
        self._lock = file_lock(self.path)

    def _read(self) -> list[Assessment]:
        if not self.path.exists():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [Assessment.model_validate(row) for row in data["assessments"]]
        except (ValueError, KeyError, TypeError) as e:
            raise ArchiveDamaged(f"the assessment archive {self.path} is damaged ({type(e).__name__}: {e}); "
                             "move it away to start a new one") from None

    def _write(self, rows: list[Assessment]) -> None:
        write_atomic(self.path, json.dumps({"format": FORMAT, "assessments": [r.model_dump(mode="json") for r in rows]},
                                           ensure_ascii=False, indent=1))

    def save(self, assessment: Assessment) -> Assessment:
        """Adds the assessment and returns it as saved (its time possibly moved to stay unique)."""
        require_answers(assessment)
        with self._lock:
            rows = self._read()
            bound = horizon()
            latest = max((r.at for r in rows if r.enterprise_id == assessment.enterprise_id and r.at <= bound),
                         default=None)
            saved = assessment.model_copy(update={"at": unique_time(assessment.at, latest)})
            self._write([*rows, saved])
        return saved

    def list(self, enterprises: Iterable[str] | None = None) -> list[SavedAssessment]:
        """Every save of the given enterprises (None: of all), by enterprise then time."""
        wanted = None if enterprises is None else set(enterprises)
        with self._lock:
            rows = self._read()
        return sorted((summary(r) for r in rows if wanted is None or r.enterprise_id in wanted),
                      key=lambda s: (s.enterprise_id, s.at))

    def records(self) -> list[Assessment]:
        """Every saved assessment (all enterprises, all times): what the observatory aggregates."""
        with self._lock:
            return self._read()

    def load(self, enterprise_id: str, at: datetime) -> Assessment:
        with self._lock:
            rows = self._read()
        for r in rows:
            if r.enterprise_id == enterprise_id and r.at == at:
                return r
        raise AssessmentNotFound(f"no assessment of '{enterprise_id}' saved at {at.isoformat()}")
