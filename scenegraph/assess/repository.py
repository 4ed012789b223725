"""The assessment repository: what self-assessment needs from storage, owned here so that the stores implement
it (stores import assess's types; assess never imports a store).

Every call takes the caller's identity first, and the implementation enforces the access rules itself
(`scenegraph.auth.access`; on Neo4j they are pushed down as a `$enterprises` parameter), so no page, CLI path or
API call can read or save another enterprise's answers:

- an enterprise user reads and saves only the enterprises it is bound to (`Principal.enterprises`; None = all,
  the embedded single user `access.LOCAL`);
- anyone without the enterprise role (a planner, a curator) is refused (AccessDenied): planners see aggregates
  only, through the observatory.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from scenegraph.assess.model import Assessment
from scenegraph.auth.access import Principal, Role
from scenegraph.base.errors import AccessDenied, NotFound

__all__ = ["AssessmentNotFound", "AssessmentRepository", "SavedAssessment", "visible_enterprises"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedAssessment:
    """One save in the history: who, when, how many answers (the answers themselves via load_assessment)."""

    enterprise_id: str
    name: str
    at: datetime
    answers: int


class AssessmentNotFound(NotFound):
    """No save of that enterprise at that time (or one the caller may not see: the two are not told apart)."""


def visible_enterprises(principal: Principal, enterprise_id: str | None = None) -> list[str] | None:
    """The enterprise ids a listing may show, as the `$enterprises` filter: None means every one.

    Refuses a caller without the enterprise role, and a caller asking for an enterprise it is not bound to."""
    if not principal.has(Role.ENTERPRISE):
        log.info("refused: %s may not read saved assessments (no enterprise role)", principal.user)
        raise AccessDenied(f"{principal.user} may not read saved assessments (enterprise role needed)")
    if enterprise_id is not None:
        if not principal.may_access(enterprise_id):
            log.info("refused: %s may not use the assessments of %s", principal.user, enterprise_id)
            raise AccessDenied(f"{principal.user} may not read or save assessments of {enterprise_id}")
        return [enterprise_id]
    return None if principal.enterprises is None else sorted(principal.enterprises)


@runtime_checkable
class AssessmentRepository(Protocol):
    """Saved self-assessments with history. Implemented by MemoryStore (a JSON file) and Neo4jStore."""

    def save_assessment(self, principal: Principal, assessment: Assessment) -> Assessment:
        """Keeps every save (history); returns the assessment as saved, its time unique for its enterprise.
        AccessDenied unless `principal` may save for `assessment.enterprise_id`."""
        ...

    def assessments(self, principal: Principal, enterprise_id: str | None = None) -> list[SavedAssessment]:
        """The saves `principal` may see (of `enterprise_id` only, when given), by enterprise then time."""
        ...

    def load_assessment(self, principal: Principal, enterprise_id: str, at: datetime) -> Assessment:
        """One save, whole; AssessmentNotFound when there is none at that time."""
        ...

    def close(self) -> None: ...
