"""Saved assessments of the embedded default: one JSON file in the user's data folder.

Saves are serialised by a lock file and written atomically (a temporary file renamed over the old one), so a
crash never leaves half a file and two saves never overwrite each other. Within one enterprise every save gets
its own time: a save at or before the latest one is moved to one microsecond after it.

Beside it, assessments.summaries.json holds one small summary per save (what the observatory counts), written
at save time by the summariser the caller passes (the archive does not know what a summary holds). It records
the archive's size and time and the summariser's key: when either no longer matches (an archive written before
summaries existed, a save by an older version, a new graph), the missing summaries are rebuilt on first read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol, TypeAlias

from scenegraph.assess.model import Assessment, require_answers
from scenegraph.assess.repository import AssessmentNotFound, SavedAssessment
from scenegraph.base.errors import ScenegraphError
from scenegraph.base.files import file_lock, write_atomic
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import home_dir

__all__ = ["ArchiveDamaged", "AssessmentArchive", "RowSummariser", "SavedAssessment", "default_archive_path",
           "unique_time"]

log = logging.getLogger(__name__)

#: a list of saves (a name apart from the archive's own `list` method)
_Assessments: TypeAlias = list[Assessment]

FORMAT = 1


class RowSummariser(Protocol):
    """Turns a save into its summary row (JSON-ready); `key` changes when the summaries it makes would."""

    key: str

    def __call__(self, assessment: Assessment) -> dict: ...


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

    @property
    def summaries_path(self) -> Path:
        return self.path.with_name(f"{self.path.stem}.summaries.json")

    def stamp(self) -> tuple[int, int]:
        """The archive file's size and modification time (0, 0 when there is none): what summaries match."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return (0, 0)
        return (st.st_size, st.st_mtime_ns)

    def _read_summaries(self, key: str) -> dict | None:
        """The summaries file when it was written under `key` (else None: rebuild)."""
        try:
            data = json.loads(self.summaries_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key or \
                not isinstance(data.get("rows"), list):
            return None
        return data

    def _write_summaries(self, key: str, rows: list[dict]) -> None:
        write_atomic(self.summaries_path, json.dumps({"format": FORMAT, "key": key, "archive": list(self.stamp()),
                                                      "rows": rows}, ensure_ascii=False))

    def _summaries_for(self, saves: list[Assessment], summarise: RowSummariser,
                       known: dict | None) -> list[dict]:
        """One row per save: the stored one where there is one, else a new one."""
        have = {(r["enterprise_id"], r["at"]): r for r in (known or {}).get("rows", [])}
        out = []
        for a in saves:
            row = have.get((a.enterprise_id, a.at.isoformat()))
            out.append(row if row is not None else summarise(a))
        return out

    def save(self, assessment: Assessment, summarise: RowSummariser | None = None) -> Assessment:
        """Adds the assessment and returns it as saved (its time possibly moved to stay unique); with
        `summarise`, its summary is written beside it (and any missing ones rebuilt)."""
        return self.extend([assessment], summarise)[0]

    def extend(self, assessments: Sequence[Assessment], summarise: RowSummariser | None = None) -> list[Assessment]:
        """Adds many saves in one write (the bulk path: synthetic histories, imports), each time kept unique
        per enterprise as `save` does; with `summarise`, their summaries in one write beside them."""
        for a in assessments:
            require_answers(a)
        with self._lock:
            rows = self._read()
            known = self._read_summaries(summarise.key) if summarise else None
            fresh = known is not None and tuple(known.get("archive", ())) == self.stamp()
            bound = horizon()
            latest: dict[str, datetime] = {}
            for r in rows:
                if r.at <= bound and (r.enterprise_id not in latest or r.at > latest[r.enterprise_id]):
                    latest[r.enterprise_id] = r.at
            saved = []
            for a in assessments:
                s = a.model_copy(update={"at": unique_time(a.at, latest.get(a.enterprise_id))})
                if s.at <= bound:
                    latest[s.enterprise_id] = s.at
                saved.append(s)
            self._write([*rows, *saved])
            log.info("%d assessment(s) saved to %s (enterprises %s)", len(saved), self.path,
                     ", ".join(sorted({s.enterprise_id for s in saved}))[:200])
            if summarise is not None:
                old = known["rows"] if fresh and known is not None else self._summaries_for(rows, summarise, known)
                self._write_summaries(summarise.key, [*old, *(summarise(s) for s in saved)])
        return saved

    def summaries(self, summarise: RowSummariser) -> list[dict]:
        """Every save's summary row, in save order; rebuilt for the saves that have none (an old archive)."""
        with self._lock:
            known = self._read_summaries(summarise.key)
            if known is not None and tuple(known.get("archive", ())) == self.stamp():
                return known["rows"]
            rows = self._summaries_for(self._read(), summarise, known)
            self._write_summaries(summarise.key, rows)
            return rows

    def list(self, enterprises: Iterable[str] | None = None) -> list[SavedAssessment]:
        """Every save of the given enterprises (None: of all), by enterprise then time."""
        wanted = None if enterprises is None else set(enterprises)
        with self._lock:
            rows = self._read()
        return sorted((summary(r) for r in rows if wanted is None or r.enterprise_id in wanted),
                      key=lambda s: (s.enterprise_id, s.at))

    def records(self) -> _Assessments:
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
