"""The potential of one saved plan, as the observatory sums it (potential.py): computed at save time from the save's
plant profile and the graph's sourced effects (assess.value), stored in the save's summary, never shown alone.

The plan is the roadmap to the national goal's level (goal.NATIONAL_GOAL.level, the level the observatory measures
against) from the saved answers; its value is the combined plan value (assess.value.plan_value: no saving counted
twice). A save without a profile, or whose plan total is not quantified, values nothing (it is not counted among
the valued plans). Target flags (potential.flag) come from assess.value's distance to the policy line where the
profile holds the plant-level KPI.
"""

from __future__ import annotations

import hashlib
import json
import weakref

from scenegraph.assess.model import Assessment
from scenegraph.assess.roadmap import roadmap
from scenegraph.assess.scoring import Scorer
from scenegraph.assess.value import PlanValue, plan_value, policy_distance
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.observatory.goal import NATIONAL_GOAL
from scenegraph.observatory.potential import VALUED, flag
from scenegraph.observatory.summary import ScoringFacts, Summariser

__all__ = ["PlanPotential", "summariser_of"]


class PlanPotential:
    """A summary.Valuer over one graph: `key` fingerprints the effects it values with."""

    def __init__(self, graph: ScenarioGraph, level: int = NATIONAL_GOAL.level):
        self.graph = graph
        self.scorer = Scorer(graph)
        self.level = level
        effects = sorted((sc, kpi, json.dumps(graph.edge_props(sc, kpi, "IMPROVES") or {}, sort_keys=True,
                                              ensure_ascii=False, default=str))
                         for sc in graph.ids("Scenario") for kpi in graph.out_ids(sc, "IMPROVES"))
        body = json.dumps([level, effects], ensure_ascii=False)
        self.key = "v" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]

    def __call__(self, assessment: Assessment) -> dict[str, float]:
        profile = assessment.profile
        if profile is None:
            return {}
        steps = [s.id for s in roadmap(self.scorer, assessment, self.level).steps]
        plan = plan_value(self.graph, steps, profile)
        out: dict[str, float] = {}
        if plan.kwh is not None and plan.t_co2e is not None and plan.cny is not None:
            out.update({VALUED: 1.0, "kwh": plan.kwh.p50, "tco2e": plan.t_co2e.p50, "cny": plan.cny.p50})
        out.update(self._flags(assessment, plan))
        return out

    def _flags(self, assessment: Assessment, plan: PlanValue) -> dict[str, float]:
        """Where the profile holds a target's plant-level KPI: whether the plant meets it today and with the plan's
        median effects (assess.value's distance to the policy line), per target (facts are not targets)."""
        out: dict[str, float] = {}
        for d in policy_distance(self.graph, assessment.profile, plan, assessment.stages):
            if d.current is None:
                continue
            for line in d.lines:
                gap = d.gaps.get(line.id)
                if gap is None or self.graph.label(line.id) != "Target":
                    continue
                closed = d.closable.p50 if d.closable is not None else 0.0
                out[flag(line.id, "n")] = 1.0
                out[flag(line.id, "now")] = float(gap <= 0)
                out[flag(line.id, "plan")] = float(gap - closed <= 0)
        return out


_SUMMARISERS: weakref.WeakKeyDictionary[ScenarioGraph, Summariser] = weakref.WeakKeyDictionary()


def summariser_of(graph: ScenarioGraph) -> Summariser:
    """The summariser of saves over `graph` (scoring facts and plan potential), one per graph: the save path and the
    observatory's reader must use the same key, else every read would rebuild the stored summaries."""
    got = _SUMMARISERS.get(graph)
    if got is None:
        got = _SUMMARISERS[graph] = Summariser(ScoringFacts.from_graph(graph), PlanPotential(graph))
    return got
