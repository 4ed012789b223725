"""Maturity scores: importance-weighted means of the answers, per stage, per domain and overall.

    score(S) = sum(importance_s * level_s) / sum(importance_s)   over the applicable scenarios s in S

Unanswered scenarios count as level 0. The overall score maps to a GB/T 39116 level with the bands of
GB/T 39117-2020 (a level is reached at 0.8 of its step): [0.8, 1.8) -> 1 ... [4.8, 5] -> 5, below 0.8 -> 0.
Coverage is the share of applicable scenarios at level 1 or above.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scenegraph.assess.model import Assessment
from scenegraph.graph.effects import best_tier
from scenegraph.graph.scenario_graph import ScenarioGraph

__all__ = ["Score", "Scorer", "Scores", "maturity_level"]

#: a level is reached at this share of its step (GB/T 39117-2020 bands)
LEVEL_THRESHOLD = 0.8


def maturity_level(score: float) -> int:
    """The GB/T 39116 level (0-5) a 0-5 score reaches."""
    return max(0, min(5, int(score + 1 - LEVEL_THRESHOLD + 1e-9)))


@dataclass(frozen=True)
class Score:
    score: float
    level: int
    coverage: float
    applicable: int
    answered: int


@dataclass(frozen=True)
class Scores:
    overall: Score
    by_stage: dict[str, Score]
    by_domain: dict[str, Score]


class Scorer:
    """Scores assessments on one graph. The graph's facts (stages, domains, importance of every scenario)
    are read once, so scoring thousands of assessments costs only the arithmetic."""

    def __init__(self, graph: ScenarioGraph):
        self.graph = graph
        self.stages = graph.ordered("Stage")
        self.domains = graph.ordered("Domain")
        self.stages_of = {sc: tuple(graph.stages_of(sc)) for sc in graph.ids("Scenario")}
        self.domains_of = {sc: tuple(graph.domains_of(sc)) for sc in graph.ids("Scenario")}
        self.weight = {sc: graph.node(sc)["importance"] for sc in graph.ids("Scenario")}
        scenarios = graph.ids("Scenario")
        self.kpis = {sc: tuple(graph.out_ids(sc, "IMPROVES")) for sc in scenarios}
        # the targets a scenario serves: tracked by a KPI it improves or by any KPI those contribute to
        moved = {k: graph.targets_moved(k) for k in graph.ids("KPI")}
        self.targets = {sc: tuple(sorted({t for k in self.kpis[sc] for t in moved[k]})) for sc in scenarios}
        #: the stages whose plants each target binds (empty: every enterprise; Target.stages)
        self.target_stages = {t: frozenset(graph.node(t).get("stages") or ()) for t in graph.ids("Target")}
        #: graph.effects tier of the best-backed effect on a scenario's IMPROVES (0 quantified ... 2 none)
        self.effect = {sc: best_tier(graph.edge_props(sc, k, "IMPROVES") for k in self.kpis[sc]) for sc in scenarios}
        self.grade = {sc: graph.node(sc).get("evidence_grade") for sc in scenarios}
        #: the KPIs a scenario measures (MEASURES): never a lever, shown apart
        self.measures = {sc: tuple(graph.out_ids(sc, "MEASURES")) for sc in scenarios}
        self.prerequisites = {sc: tuple(graph.out_ids(sc, "DEPENDS_ON")) for sc in scenarios}
        self.requires = {sc: tuple(graph.out_ids(sc, "REQUIRES")) for sc in scenarios}
        #: factory -> (stages it operates, its IMPLEMENTS levels where a level is given)
        self.factories = {f: (frozenset(graph.stages_of(f)), {
            sc: lvl for sc in graph.out_ids(f, "IMPLEMENTS")
            if (lvl := (graph.edge_props(f, sc, "IMPLEMENTS") or {}).get("level")) is not None})
            for f in sorted(graph.ids("Factory"))}
        self._by_stage: dict[str, list[str]] = {s: [] for s in self.stages}
        for sc in sorted(self.stages_of):
            for stage in self.stages_of[sc]:
                self._by_stage[stage].append(sc)

    def targets_for(self, scenario: str, stages: Iterable[str]) -> tuple[str, ...]:
        """The targets a scenario moves that bind an enterprise operating `stages` (a target naming no stage binds
        every enterprise): a rolling mill's energy step does not claim the new-potline energy requirement."""
        operated = set(stages)
        return tuple(t for t in self.targets[scenario]
                     if not self.target_stages.get(t) or self.target_stages[t] & operated)

    def applicable(self, stages: Iterable[str]) -> list[str]:
        out: set[str] = set()
        for stage in stages:
            out.update(self._by_stage.get(stage, ()))
        return sorted(out)

    def scenarios_at(self, stage: str) -> list[str]:
        return self._by_stage.get(stage, [])

    def score_of(self, scenarios: Iterable[str], levels: Mapping[str, int]) -> Score:
        total_w = total = 0.0
        n = answered = 0
        for sc in scenarios:
            w, level = self.weight[sc], levels.get(sc, 0)
            total_w += w
            total += w * level
            n += 1
            answered += level >= 1
        value = total / total_w if total_w else 0.0
        return Score(round(value, 4), maturity_level(value), round(answered / n, 4) if n else 0.0, n, answered)

    def score_levels(self, stages: Iterable[str], levels: Mapping[str, int]) -> Scores:
        """Scores of any levels (an enterprise's answers, a factory's IMPLEMENTS) over the given stages."""
        stages = [s for s in self.stages if s in set(stages)]
        applicable = self.applicable(stages)
        by_domain: dict[str, list[str]] = {}
        for sc in applicable:
            for dom in self.domains_of[sc]:
                by_domain.setdefault(dom, []).append(sc)
        return Scores(
            self.score_of(applicable, levels),
            {s: self.score_of(self._by_stage[s], levels) for s in stages},
            {d: self.score_of(by_domain[d], levels) for d in self.domains if d in by_domain},
        )

    def score(self, assessment: Assessment) -> Scores:
        return self.score_levels(assessment.stages, assessment.answers)
