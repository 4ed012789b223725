"""The assessment repository on Neo4j: each save is one :Save node (the enterprise's details, its stages, and the
answered scenarios by id with their levels), history kept. Saves are tenant data: no graph label, no relationship
to a graph node (scenegraph.graph.schema.TENANT_LABELS), so no graph read reaches them. The caller's identity is
enforced here and pushed down as `$enterprises` in every query.

Each save also writes, in the same transaction, its observatory summary (a :SaveSummary node: the save's region,
stages and levels; scenegraph.observatory.summary), so the observatory never reads per-answer rows."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import neo4j

from scenegraph.assess.model import Assessment, require_answers
from scenegraph.assess.profile import PlantProfile
from scenegraph.assess.repository import AssessmentNotFound, SavedAssessment, visible_enterprises
from scenegraph.auth.access import Principal
from scenegraph.base.errors import StoreError
from scenegraph.graph.cypher import query
from scenegraph.observatory.deltas import AggregateMarker, save_deltas, snapshot_rows
from scenegraph.observatory.model import NO_REGION
from scenegraph.observatory.summary import SaveSummary, ScoringFacts, summarise
from scenegraph.observatory.valuer import PlanPotential
from scenegraph.stores.files.assessments import horizon
from scenegraph.stores.neo4j.connection import Connection
from scenegraph.stores.neo4j.values import native, utc

__all__ = ["AGGREGATES_VERSION", "OPEN", "Assessments", "marker_of", "record_summary", "scoring_facts",
           "stored_summary", "summary_params", "write_summary"]

#: `until` of an enterprise's latest save summary: later than any as-of date
OPEN = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
#: the layout of the observatory's aggregates (stores/neo4j/observatory.py); another one is rebuilt on first use
AGGREGATES_VERSION = 1


def marker_of(props: Mapping[str, Any] | None) -> AggregateMarker | None:
    """The aggregates' marker node's properties (cypher/observatory_aggregate_*.cypher) as an AggregateMarker;
    None without a marker node."""
    return None if props is None else AggregateMarker.of({k: native(v) for k, v in props.items()})


def scoring_facts(tx: neo4j.ManagedTransaction | neo4j.Session) -> ScoringFacts:
    """The facts summaries are computed from, read from the graph in the database."""
    stages: list[tuple[int, str]] = []
    segment_of: dict[str, str] = {}
    weight: dict[str, float] = {}
    stages_of: dict[str, tuple[str, ...]] = {}
    for r in tx.run(query("assessment_summary_facts")):
        if r["kind"] == "stage":
            stages.append((r["order"] or 0, r["id"]))
            segment_of[r["id"]] = str(r["segment"] or "")
        else:
            weight[r["id"]] = r["importance"]
            stages_of[r["id"]] = tuple(r["stages"])
    return ScoringFacts(tuple(s for _, s in sorted(stages)), segment_of, weight, stages_of)


def summary_params(s: SaveSummary, facts_key: str) -> dict[str, Any]:
    """A summary as the parameters of cypher/assessment_summary_save.cypher (parallel key and level lists)."""
    return {"enterprise_id": s.enterprise_id, "at": utc(s.at), "region": s.region, "level": s.level,
            "stages": list(s.stages), "stage_levels": list(s.stages.values()),
            "segments": list(s.segments), "segment_levels": list(s.segments.values()),
            "scenarios": list(s.scenarios), "scenario_levels": list(s.scenarios.values()), "facts": facts_key,
            "potential_keys": list(s.potential), "potential_values": [float(v) for v in s.potential.values()]}


def write_summary(tx: neo4j.ManagedTransaction, s: SaveSummary, facts: ScoringFacts) -> datetime:
    """Writes the summary; returns its `until` (the enterprise's next save, or OPEN)."""
    record = tx.run(query("assessment_summary_save"), summary_params(s, facts.key), open=OPEN).single(strict=True)
    return utc(native(record["until"]))


def stored_summary(props: dict) -> SaveSummary:
    """A :SaveSummary node's properties back as a SaveSummary."""
    return SaveSummary(props["enterprise_id"], utc(native(props["at"])), props.get("region") or NO_REGION,
                       props["level"], dict(zip(props["stages"], props["stage_levels"], strict=True)),
                       dict(zip(props["segments"], props["segment_levels"], strict=True)),
                       dict(zip(props["scenarios"], props["scenario_levels"], strict=True)),
                       dict(zip(props.get("potential_keys") or [], props.get("potential_values") or [], strict=True)))


def record_summary(tx: neo4j.ManagedTransaction, s: SaveSummary, facts: ScoringFacts) -> None:
    """Writes a save's summary and keeps the observatory's aggregates up to date in the same transaction
    (observatory/deltas.py): the aggregates' marker is locked first, so concurrent saves queue up and none is lost.
    Without aggregates yet (the observatory builds them on first use) or while they are built, only the days the
    build has passed are updated; aggregates of other scoring facts are marked stale (rebuilt on next use)."""
    record = tx.run(query("observatory_aggregate_lock")).single()
    marker = marker_of(record["marker"]) if record else None
    record = tx.run(query("assessment_summary_previous"), enterprise_id=s.enterprise_id, at=utc(s.at)).single()
    previous = record["previous"] if record else None
    until = write_summary(tx, s, facts)
    if marker is None:
        return
    if not marker.built_for(AGGREGATES_VERSION, facts.key):
        if marker.ready:
            tx.run(query("observatory_aggregate_set"), props={"state": "stale"}).consume()
        return
    built_to = None if marker.ready else marker.built_to
    if not marker.ready and built_to is None:
        return
    deltas = save_deltas(s, until, stored_summary(previous) if previous else None,
                         utc(native(previous["until"])) if previous else None, OPEN)
    if built_to is not None:
        deltas = type(deltas)({k: v for k, v in deltas.items() if k[0] < built_to})
    tx.run(query("observatory_aggregate_apply"),
           deltas=[{"day": d, "dim": dim, "key": key, "level": level, "n": n}
                   for (d, dim, key, level), n in deltas.items()],
           snapshots=snapshot_rows(deltas, marker.built_weeks(), marker.now)).consume()


class Assessments(Connection):
    _tenant_schema = False

    def tenant_schema(self) -> int:
        """Once per connection: tenant data's constraints and indexes (cypher/assessment_summary_schema.cypher),
        and the saves of a release-2 database moved out of the graph (cypher/migrate_saves.cypher). Returns the
        number of enterprise nodes moved (0 once done)."""
        if self._tenant_schema:
            return 0
        self.apply_statements("assessment_summary_schema", "preparing the saved assessments")
        with self.errors("preparing the saved assessments"):
            moved = self.write("migrate_saves").get("nodes_deleted", 0)
        self._tenant_schema = True
        return moved

    def tenant_data_count(self) -> int:
        """How many accounts, saves, save summaries and release-2 enterprise nodes the database holds."""
        return self.read("tenant_data_count")[0]["n"]

    def _plan_potential(self) -> PlanPotential:
        """The valuer of the graph in the database, built once per data release loaded."""
        release = json.dumps(self.release(), sort_keys=True, default=str)  # type: ignore[attr-defined]
        held = getattr(self, "_potential", None)
        if held is None or held[0] != release:
            graph = self.subgraph(self.filter_nodes())  # type: ignore[attr-defined]
            held = self._potential = (release, PlanPotential(graph))
        return held[1]

    def save_assessment(self, principal: Principal, assessment: Assessment) -> Assessment:
        """Adds one :Save and the save's summary; earlier saves stay as history."""
        visible_enterprises(principal, assessment.enterprise_id)
        require_answers(assessment)
        self.tenant_schema()
        answers = [{"scenario": sc, "level": level} for sc, level in sorted(assessment.answers.items())]
        allowed = None if principal.enterprises is None else sorted(principal.enterprises)
        # the plan's potential for the observatory (observatory/valuer.py), valued over the graph in the database
        potential = {} if assessment.profile is None else self._plan_potential()(assessment)

        def work(tx: neo4j.ManagedTransaction) -> Any:
            record = tx.run(query("save_assessment"), enterprise_id=assessment.enterprise_id, name=assessment.name,
                            region=assessment.region, stages=assessment.stages, at=utc(assessment.at),
                            answers=answers, enterprises=allowed, not_after=horizon(),
                            profile=None if assessment.profile is None else assessment.profile.model_dump_json()
                            ).single()
            written = record["written"] if record else 0
            if record is None or written != len(answers):  # raising rolls the whole save back
                raise StoreError(f"{len(answers) - written} of the {len(answers)} assessed scenarios are not in "
                                 "the Neo4j graph; load the graph first (scenegraph load)")
            at = utc(native(record["at"]))
            # the observatory's summary of this save, with the save's own stages and region
            facts = scoring_facts(tx)
            summary = summarise(facts, assessment.model_copy(update={"at": at}))
            record_summary(tx, replace(summary, potential=potential), facts)
            return at

        with self.errors("saving an assessment"), self.session() as s:
            at = s.execute_write(work)
        return assessment.model_copy(update={"at": at})

    def assessments(self, principal: Principal, enterprise_id: str | None = None) -> list[SavedAssessment]:
        allowed = visible_enterprises(principal, enterprise_id)
        self.tenant_schema()
        return [SavedAssessment(r["enterprise_id"], r["name"], utc(native(r["at"])), r["answers"])
                for r in self.read("list_assessments", enterprise_id=enterprise_id, enterprises=allowed)]

    def load_assessment(self, principal: Principal, enterprise_id: str, at: datetime) -> Assessment:
        allowed = visible_enterprises(principal, enterprise_id)
        self.tenant_schema()
        records = self.read("load_assessment", enterprise_id=enterprise_id, at=utc(at), enterprises=allowed)
        if not records or not records[0]["answers"]:
            raise AssessmentNotFound(f"no assessment of '{enterprise_id}' saved at {at.isoformat()}")
        r = records[0]
        stages = list(r["stages"])
        for answer in r["answers"]:  # stages changed since: keep every answer by adding a stage it applies at
            if answer["stages"] and not set(answer["stages"]) & set(stages):
                stages.append(answer["stages"][0])
        profile = PlantProfile.model_validate_json(r["profile"]) if r["profile"] else None
        return Assessment(enterprise_id=enterprise_id, name=r["name"], region=r["region"], stages=stages, at=at,
                          answers={a["scenario"]: a["level"] for a in r["answers"]}, profile=profile)
