"""The policy lens as an answer: for one target, the scenarios that move it (its levers, IMPROVES), ranked by how
well their effect is backed first, with what a planner needs to choose among them (where they apply, their level,
the evidence grade, the effect and its source, the prerequisites they need, required and recommended); and apart,
the scenarios that only measure its KPIs (MEASURES). Pure: works on a subgraph read from any store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scenegraph.graph.effects import EFFECT_NONE, effect_tier, grade_rank
from scenegraph.graph.results import LensTarget
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["MeasureRow", "ShortlistRow", "measuring", "shortlist"]


@dataclass(frozen=True)
class ShortlistRow:
    scenario: str
    stages: tuple[str, ...]
    level: int | None
    importance: int | None
    #: the KPIs (tracking the target) this scenario improves
    kpis: tuple[str, ...]
    #: the effects stated on its IMPROVES relationships ({effect, effect_zh}; graph.words.effect_text words them), with
    #: the source key when one backs them
    effects: tuple[tuple[dict[str, str], str | None], ...]
    sourced: bool
    #: the scenarios it needs first (hard prerequisites), prerequisites first
    prerequisites: tuple[str, ...]
    #: the scenarios recommended first (reached only through a soft DEPENDS_ON), prerequisites first
    recommended: tuple[str, ...] = ()
    #: the evidence grade (A-D) of the scenario, computed at load
    grade: str | None = None
    #: graph.effects: 0 a quantified sourced effect, 1 a sourced effect in words, 2 no sourced effect
    tier: int = EFFECT_NONE


@dataclass(frozen=True)
class MeasureRow:
    """A scenario that measures (MEASURES) KPIs of the target: what following the target needs, not a lever."""

    scenario: str
    stages: tuple[str, ...]
    kpis: tuple[str, ...]
    grade: str | None = None


def _rank(r: ShortlistRow) -> tuple[int, int, int, int, int, str]:
    return (r.tier, grade_rank(r.grade), -len(r.kpis), -(r.importance or 0), r.level or 9, r.scenario)


def shortlist(lens: LensTarget, sub: ScenarioGraph, prerequisites: Callable[..., list[str]],
              sourced_only: bool = False) -> list[ShortlistRow]:
    """Ranked: a sourced quantified effect first, then a sourced effect in words, then none; within each the better
    evidence grade, more of the target's KPIs moved, importance, the lower (easier to reach) level, id. `sub` holds
    the scenarios, KPIs and their IMPROVES relationships; `prerequisites(sc, hard_only)` is the store's."""
    kpis_of: dict[str, list[str]] = {}
    stages_of: dict[str, tuple[str, ...]] = {}
    for k in lens.kpis:
        for s in k.scenarios:
            kpis_of.setdefault(s.scenario, []).append(k.kpi)
            stages_of[s.scenario] = s.stages
    rows = []
    for sc, kpis in kpis_of.items():
        node = sub.node(sc) if sc in sub else {}
        effects, tier = [], EFFECT_NONE
        for kpi in kpis:
            props = sub.edge_props(sc, kpi, "IMPROVES") if sc in sub and kpi in sub else None
            tier = min(tier, effect_tier(props))
            if props and (props.get("effect") or props.get("effect_zh")):
                words = {k: props[k] for k in ("effect", "effect_zh") if props.get(k)}
                effects.append((words, None if props.get("illustrative") else props.get("source")))
        sourced = tier < EFFECT_NONE
        if sourced_only and not sourced:
            continue
        hard = prerequisites(sc, True)
        soft = [p for p in prerequisites(sc, False) if p not in set(hard)]
        rows.append(ShortlistRow(sc, stages_of[sc], node.get("level"), node.get("importance"),
                                 tuple(dict.fromkeys(kpis)), tuple(effects), sourced, tuple(hard), tuple(soft),
                                 node.get("evidence_grade"), tier))
    rows.sort(key=_rank)
    return rows


def measuring(lens: LensTarget, sub: ScenarioGraph) -> list[MeasureRow]:
    """The scenarios measuring the target's KPIs, better graded first, then by id (levers are left out: a scenario
    that both moves and measures is a lever)."""
    levers = lens.scenario_ids()
    kpis_of: dict[str, list[str]] = {}
    stages_of: dict[str, tuple[str, ...]] = {}
    for k in lens.kpis:
        for s in k.measured_by:
            if s.scenario not in levers:
                kpis_of.setdefault(s.scenario, []).append(k.kpi)
                stages_of[s.scenario] = s.stages
    rows = [MeasureRow(sc, stages_of[sc], tuple(dict.fromkeys(kpis)),
                       sub.node(sc).get("evidence_grade") if sc in sub else None) for sc, kpis in kpis_of.items()]
    return sorted(rows, key=lambda r: (grade_rank(r.grade), r.scenario))
