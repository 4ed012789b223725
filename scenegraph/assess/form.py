"""The answer sheet in progress (the self-assessment page's form): what an enterprise has typed and picked so far,
kept in the session and as the user's draft (stores/files/drafts.py). It is not an assessment yet: `assessment`
checks it against the graph (model.parse_assessment), only "save" adds one to the history.

A draft comes back from a file another version (or a hand) may have written: `from_draft` keeps what is well
formed and drops the rest, field by field (a draft is never worth an error)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scenegraph.assess.model import Assessment, parse_assessment
from scenegraph.assess.profile import PlantProfile
from scenegraph.base.limits import ANSWER_LEVELS
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["WAVES", "AnswerSheet", "Plan"]

#: the capacity inputs of the roadmap: waves 1-3 and "later"
WAVES = 4
#: the largest capacity a wave can be given
MAX_CAPACITY = 1000.0


@dataclass
class Plan:
    """The roadmap's inputs: technologies already in place, and capacity per wave (0: not limited)."""

    in_place: list[str] = field(default_factory=list)
    capacity: list[float] = field(default_factory=lambda: [0.0] * WAVES)

    def capacities(self) -> list[float] | None:
        """Capacity per wave for the roadmap, None when no wave is limited (a wave left at 0 is not limited)."""
        if not any(self.capacity):
            return None
        unlimited = 1e9
        return [c or unlimited for c in self.capacity]


@dataclass
class AnswerSheet:
    enterprise_id: str = "ent_my_plant"
    name: str = ""
    region: str = ""
    stages: list[str] = field(default_factory=list)
    #: scenario id -> level answered (0-5)
    answers: dict[str, int] = field(default_factory=dict)
    plan: Plan = field(default_factory=Plan)
    #: roadmap step id -> effort (person-months, as typed)
    effort: dict[str, float] = field(default_factory=dict)
    #: the plant profile's boxes as typed (assess.profile checks them: ui/value.profile_form); not in the draft
    profile: dict[str, Any] = field(default_factory=dict)
    #: bumped when the sheet is replaced (an upload, a reload): the widgets get new keys and show its values;
    #: not part of the draft
    version: int = 0

    def adopt(self, a: Assessment) -> None:
        """Put an uploaded or reloaded assessment into the sheet (the plan and the efforts stay)."""
        self.enterprise_id, self.name, self.region = a.enterprise_id, a.name, a.region or ""
        self.stages, self.answers = list(a.stages), dict(a.answers)
        self.profile = a.profile.model_dump(exclude_none=True) if a.profile is not None else {}
        self.version += 1

    def assessment(self, graph: ScenarioGraph, at: datetime, applicable: set[str],
                   profile: PlantProfile | None = None) -> Assessment:
        """The sheet as an assessment at `at` (answers outside the `applicable` scenarios left out) with the
        checked plant `profile`, checked against the graph: raises AssessmentError with every problem."""
        return parse_assessment({
            "enterprise_id": self.enterprise_id, "name": self.name or self.enterprise_id,
            "region": self.region or None, "stages": self.stages, "at": at,
            "answers": {sc: lv for sc, lv in self.answers.items() if sc in applicable}, "profile": profile}, graph)

    def draft(self) -> dict[str, Any]:
        """What the draft keeps (plain JSON data, a copy: the sheet changes in place)."""
        return copy.deepcopy({"enterprise_id": self.enterprise_id, "name": self.name, "region": self.region,
                              "stages": self.stages, "answers": self.answers,
                              "plan": {"in_place": self.plan.in_place, "capacity": self.plan.capacity},
                              "effort": self.effort})

    @classmethod
    def from_draft(cls, data: Any) -> AnswerSheet | None:
        """A sheet from a draft's data, or None when it is no draft (not an object, no answers or stages); every
        other field that is malformed is left at its default."""
        if not isinstance(data, Mapping) or not isinstance(data.get("answers"), Mapping) \
                or not isinstance(data.get("stages"), list):
            return None
        sheet = cls(enterprise_id=str(data.get("enterprise_id") or ""), name=str(data.get("name") or ""),
                    region=str(data.get("region") or ""), stages=[str(s) for s in data["stages"]],
                    answers={str(k): v for k, v in data["answers"].items()
                             if isinstance(v, int) and not isinstance(v, bool) and v in ANSWER_LEVELS})
        plan = data.get("plan")
        if isinstance(plan, Mapping) and isinstance(plan.get("in_place"), list) \
                and isinstance(plan.get("capacity"), list) and len(plan["capacity"]) == WAVES \
                and all(isinstance(c, int | float) and not isinstance(c, bool) and 0 <= c <= MAX_CAPACITY
                        for c in plan["capacity"]):
            sheet.plan = Plan([str(x) for x in plan["in_place"]], [float(c) for c in plan["capacity"]])
        effort = data.get("effort")
        if isinstance(effort, Mapping):
            sheet.effort = {str(k): float(v) for k, v in effort.items()
                            if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0}
        return sheet
