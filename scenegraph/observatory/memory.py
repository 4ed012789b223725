"""The observatory over the embedded store: every saved assessment is reduced once to a summary (its levels
overall, per stage and per segment, and the level of every applicable scenario); views then only count."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ..access import Principal, Role, require_role
from ..assess.model import Assessment
from ..assess.scoring import Scorer
from ..graph import ScenarioGraph
from .facts import graph_facts
from .model import NO_REGION, GraphFacts, LevelCounts, histogram

__all__ = ["MemoryObservatory", "SaveSummary", "summarise"]


@dataclass(frozen=True)
class SaveSummary:
    enterprise_id: str
    at: datetime
    region: str
    level: int
    stages: dict[str, int]
    segments: dict[str, int]
    #: every scenario applicable at the stages operated -> the level answered (0 when not answered)
    scenarios: dict[str, int]


def summarise(scorer: Scorer, segment_of: dict[str, str], a: Assessment) -> SaveSummary:
    stages = [s for s in scorer.stages if s in set(a.stages)]
    applicable = scorer.applicable(stages)
    answers = a.answers
    by_segment: dict[str, set[str]] = {}
    for s in stages:
        by_segment.setdefault(segment_of.get(s, ""), set()).update(scorer.scenarios_at(s))
    return SaveSummary(
        a.enterprise_id, a.at, (a.region or "").strip() or NO_REGION,
        scorer.score_of(applicable, answers).level,
        {s: scorer.score_of(scorer.scenarios_at(s), answers).level for s in stages},
        {seg: scorer.score_of(sorted(scs), answers).level for seg, scs in by_segment.items()},
        {sc: answers.get(sc, 0) for sc in applicable},
    )


class MemoryObservatory:
    """`assessments` returns every saved assessment (all enterprises, all times); summaries are cached by
    (enterprise, time), so a new save costs one summary, not a recount of the archive."""

    def __init__(self, graph: ScenarioGraph, assessments: Callable[[], Iterable[Assessment]],
                 scorer: Scorer | None = None):
        self.graph = graph
        self.scorer = scorer or Scorer(graph)
        self._assessments = assessments
        self._segment_of = {s: str(graph.node(s).get("segment") or "") for s in graph.ids("Stage")}
        self._summaries: dict[tuple[str, datetime], SaveSummary] = {}
        self._facts: GraphFacts | None = None

    def summaries(self) -> list[SaveSummary]:
        out = []
        for a in self._assessments():
            key = (a.enterprise_id, a.at)
            s = self._summaries.get(key)
            if s is None:
                s = self._summaries[key] = summarise(self.scorer, self._segment_of, a)
            out.append(s)
        return out

    def level_counts(self, principal: Principal, as_of: datetime | None = None) -> LevelCounts:
        require_role(principal, Role.PLANNER)
        return count_latest(self.summaries(), as_of)

    def graph_facts(self, principal: Principal) -> GraphFacts:
        require_role(principal, Role.PLANNER)
        if self._facts is None:
            self._facts = graph_facts(self.graph)
        return self._facts


def latest(summaries: Iterable[SaveSummary], as_of: datetime | None = None) -> list[SaveSummary]:
    """The latest save of each enterprise at or before `as_of`."""
    best: dict[str, SaveSummary] = {}
    for s in summaries:
        if as_of is not None and s.at > as_of:
            continue
        held = best.get(s.enterprise_id)
        if held is None or s.at > held.at:
            best[s.enterprise_id] = s
    return list(best.values())


def count_latest(summaries: Iterable[SaveSummary], as_of: datetime | None = None) -> LevelCounts:
    chosen = latest(summaries, as_of)
    groups: dict[str, dict[str, list[int]]] = {"overall": {"all": histogram()}, "stage": {}, "region": {},
                                               "segment": {}}
    scenarios: dict[str, list[int]] = {}
    overall, by_stage, by_region, by_segment = groups["overall"]["all"], groups["stage"], groups["region"], \
        groups["segment"]
    for s in chosen:
        overall[s.level] += 1
        by_region.setdefault(s.region, histogram())[s.level] += 1
        for stage, level in s.stages.items():
            by_stage.setdefault(stage, histogram())[level] += 1
        for seg, level in s.segments.items():
            by_segment.setdefault(seg, histogram())[level] += 1
        for sc, level in s.scenarios.items():
            h = scenarios.get(sc)
            if h is None:
                h = scenarios[sc] = histogram()
            h[level] += 1
    return LevelCounts(as_of, len(chosen),
                       {d: {k: tuple(v) for k, v in g.items()} for d, g in groups.items()},
                       {sc: tuple(v) for sc, v in scenarios.items()})
