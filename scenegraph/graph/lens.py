"""The policy lens, assembled the same way whichever store answered: a target, the KPIs that move it (the ones
that track it and, transitively, the ones that CONTRIBUTE_TO those), the scenarios that improve each, and the
baseline facts of the tracking KPIs.

The stores only fetch rows (who tracks the target, the KPI contribution links, who improves which KPI, where
scenarios apply); this module turns them into a `LensTarget`, so memory and Neo4j give equal answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scenegraph.graph.results import LensKpi, LensScenario, LensTarget

__all__ = ["build_lens", "contributors", "downstream"]


def contributors(tracking: Iterable[str], contributions: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Every KPI that moves one of `tracking`, with the KPIs its effect passes through (`via`, ending at the
    tracking KPI; empty for a tracking KPI itself). Breadth first over CONTRIBUTES_TO (a DAG, checked at
    validation): each KPI keeps its shortest chain, ties broken by the smaller chain, so the answer is stable."""
    feeders: dict[str, set[str]] = {}
    for src, dst in contributions:
        feeders.setdefault(dst, set()).add(src)
    via: dict[str, tuple[str, ...]] = {k: () for k in tracking}
    frontier = sorted(via)
    while frontier:
        found: dict[str, tuple[str, ...]] = {}
        for kpi in frontier:
            chain = (kpi, *via[kpi])
            for src in feeders.get(kpi, ()):
                if src in via:
                    continue
                if src not in found or chain < found[src]:
                    found[src] = chain
        via.update(found)
        frontier = sorted(found)
    return via


def downstream(kpi: str, contributions: Mapping[str, Iterable[str]]) -> list[str]:
    """`kpi` and every KPI it contributes to, directly or not, sorted (the KPIs whose targets it moves)."""
    seen, stack = {kpi}, [kpi]
    while stack:
        for nxt in contributions.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return sorted(seen)


def build_lens(
    target: str,
    tracking: Iterable[str],
    contributions: Iterable[tuple[str, str]],
    improves: Mapping[str, Iterable[str]],
    stages: Mapping[str, Iterable[str]],
    facts: Iterable[str] = (),
    measures: Mapping[str, Iterable[str]] | None = None,
) -> LensTarget:
    """One target's lens from plain rows: `improves` maps a KPI to the scenarios improving it, `measures` to those
    measuring it, `stages` a scenario to the stages it applies at, `facts` are the Fact ids on the tracking KPIs."""
    via = contributors(tracking, contributions)
    measures = measures or {}

    def scenarios(rows: Mapping[str, Iterable[str]], kpi: str) -> tuple[LensScenario, ...]:
        return tuple(LensScenario(sc, tuple(sorted(stages.get(sc, ())))) for sc in sorted(set(rows.get(kpi, ()))))

    kpis = tuple(LensKpi(kpi, scenarios(improves, kpi), via[kpi], scenarios(measures, kpi))
                 for kpi in sorted(via, key=lambda k: (len(via[k]), k)))
    return LensTarget(target, kpis, tuple(sorted(set(facts))))
