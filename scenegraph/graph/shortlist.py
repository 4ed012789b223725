"""The policy lens as an answer: for one target, the scenarios that move it, ranked, with what a planner
needs to choose among them (where they apply, their level, the effect and whether a source backs it, the
prerequisites they need). Pure: works on a subgraph read from any store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scenegraph.graph.results import LensTarget
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["ShortlistRow", "shortlist"]


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


def shortlist(lens: LensTarget, sub: ScenarioGraph, prerequisites: Callable[[str], list[str]],
              sourced_only: bool = False) -> list[ShortlistRow]:
    """Ranked: more of the target's KPIs moved first, then a sourced effect, then importance, then the lower
    (easier to reach) level, then id. `sub` holds the scenarios, KPIs and their IMPROVES relationships."""
    kpis_of: dict[str, list[str]] = {}
    stages_of: dict[str, tuple[str, ...]] = {}
    for k in lens.kpis:
        for s in k.scenarios:
            kpis_of.setdefault(s.scenario, []).append(k.kpi)
            stages_of[s.scenario] = s.stages
    rows = []
    for sc, kpis in kpis_of.items():
        node = sub.node(sc) if sc in sub else {}
        effects = []
        for kpi in kpis:
            props = sub.edge_props(sc, kpi, "IMPROVES") if sc in sub and kpi in sub else None
            if props and (props.get("effect") or props.get("effect_zh")):
                words = {k: props[k] for k in ("effect", "effect_zh") if props.get(k)}
                effects.append((words, None if props.get("illustrative") else props.get("source")))
        sourced = any(src for _, src in effects)
        if sourced_only and not sourced:
            continue
        rows.append(ShortlistRow(sc, stages_of[sc], node.get("level"), node.get("importance"),
                                 tuple(dict.fromkeys(kpis)), tuple(effects), sourced, tuple(prerequisites(sc))))
    rows.sort(key=lambda r: (-len(r.kpis), not r.sourced, -(r.importance or 0), r.level or 9, r.scenario))
    return rows
