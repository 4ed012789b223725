"""The assessment repository on Neo4j: each save is (Enterprise)-[:ASSESSED {level, at}]->(Scenario) per answer,
history kept. The caller's identity is enforced here and pushed down as `$enterprises` in every query."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import neo4j

from ...access import Principal
from ...assess.archive import horizon
from ...assess.model import Assessment, require_answers
from ...assess.repository import AssessmentNotFound, SavedAssessment, visible_enterprises
from ..errors import StoreError
from ..queries import query
from .connection import Connection
from .values import native, utc

__all__ = ["Assessments"]


class Assessments(Connection):
    def save_assessment(self, principal: Principal, assessment: Assessment) -> Assessment:
        """Adds (Enterprise)-[:ASSESSED {level, at}]-> per answer; earlier saves stay as history."""
        visible_enterprises(principal, assessment.enterprise_id)
        require_answers(assessment)
        answers = [{"scenario": sc, "level": level} for sc, level in sorted(assessment.answers.items())]
        allowed = None if principal.enterprises is None else sorted(principal.enterprises)

        def work(tx: neo4j.ManagedTransaction) -> Any:
            record = tx.run(query("save_assessment"), enterprise_id=assessment.enterprise_id, name=assessment.name,
                            region=assessment.region, stages=assessment.stages, at=utc(assessment.at),
                            answers=answers, enterprises=allowed, not_after=horizon()).single()
            written = record["written"] if record else 0
            if written != len(answers):  # raising rolls the whole save back
                raise StoreError(f"{len(answers) - written} of the {len(answers)} assessed scenarios are not in "
                                 "the Neo4j graph; load the graph first (scenegraph load)")
            return utc(native(record["at"]))

        with self._errors("saving an assessment"), self._session() as s:
            at = s.execute_write(work)
        return assessment.model_copy(update={"at": at})

    def assessments(self, principal: Principal, enterprise_id: str | None = None) -> list[SavedAssessment]:
        allowed = visible_enterprises(principal, enterprise_id)
        return [SavedAssessment(r["enterprise_id"], r["name"], utc(native(r["at"])), r["answers"])
                for r in self._read("list_assessments", enterprise_id=enterprise_id, enterprises=allowed)]

    def load_assessment(self, principal: Principal, enterprise_id: str, at: datetime) -> Assessment:
        allowed = visible_enterprises(principal, enterprise_id)
        records = self._read("load_assessment", enterprise_id=enterprise_id, at=utc(at), enterprises=allowed)
        if not records or not records[0]["answers"]:
            raise AssessmentNotFound(f"no assessment of '{enterprise_id}' saved at {at.isoformat()}")
        r = records[0]
        stages = list(r["stages"])
        for answer in r["answers"]:  # stages changed since: keep every answer by adding a stage it applies at
            if answer["stages"] and not set(answer["stages"]) & set(stages):
                stages.append(answer["stages"][0])
        return Assessment(enterprise_id=enterprise_id, name=r["name"], region=r["region"], stages=stages, at=at,
                          answers={a["scenario"]: a["level"] for a in r["answers"]})
