"""Gaps and a roadmap that respects what depends on what, and the stages the enterprise operates.

Gap: an applicable scenario below the target level, ranked by how well its effect is backed first (a quantified
effect a source states, then a sourced effect in words, then none: graph.effects), then importance, KPIs
improved, policy targets served (through the KPIs it improves and, transitively, the KPIs those CONTRIBUTE_TO;
only targets binding the enterprise's stages), the evidence grade, then the size of the gap.

Roadmap: the gaps, plus every DEPENDS_ON prerequisite (hard or soft, direct or not) still below the target
level that applies at a stage the enterprise operates, plus the technologies they REQUIRE that are not in place,
laid out in waves. A prerequisite at a stage the enterprise does not operate is never a step: the step needing it
names it as upstream (another stage's, e.g. the potline's PFC monitoring for a rolling mill's carbon accounting).
A technology counts as in place when the enterprise runs a scenario needing it at level 2 or above. A step goes
in the earliest wave strictly after the waves of its prerequisites and missing technologies, and (with a
capacity) after the higher-ranked steps that filled the earlier waves. Waves beyond the given horizons add the
last interval again.

Planning inputs: technologies the enterprise already has (besides those inferred from its answers) are not
steps; capacity may differ per wave (the last value repeats) and counts effort, where each step, scenario or
technology, costs its given effort (1 when none is given); a step larger than a wave's capacity waits for an
empty wave and takes it alone. A technology step ranks just before the best-ranked scenario it unlocks and moves
the KPIs and targets of the scenarios it unlocks.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from scenegraph.assess.model import Assessment
from scenegraph.assess.scoring import Scorer
from scenegraph.base.errors import InvalidRequest
from scenegraph.graph.effects import EFFECT_NONE, grade_rank

__all__ = ["DEFAULT_WAVES", "Gap", "Roadmap", "Step", "Wave", "gaps", "roadmap", "technologies_in_place"]

DEFAULT_WAVES: tuple[int, ...] = (6, 12, 24)
#: a technology counts as in place once a scenario needing it runs at this level
IN_PLACE_LEVEL = 2


@dataclass(frozen=True)
class Gap:
    scenario: str
    current: int
    target: int
    importance: int
    kpis: tuple[str, ...]
    targets: tuple[str, ...]
    #: graph.effects tier of its best-backed effect (0 quantified, 1 in words, 2 no sourced effect)
    effect: int = EFFECT_NONE
    grade: str | None = None
    #: the KPIs it measures (MEASURES), apart from those it moves
    measures: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return self.target - self.current


@dataclass(frozen=True)
class Step:
    kind: Literal["scenario", "technology"]
    id: str
    wave: int
    from_level: int | None
    to_level: int | None
    #: why: the KPIs and policy targets it moves ...
    kpis: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    #: ... what it unlocks in this roadmap, and what it waits for
    unlocks: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    #: a prerequisite outside the gap list (brought in because a gap depends on it)
    prerequisite_only: bool = False
    #: the effort given for this step (the planner's unit: person-months, budget...), None when not given
    effort: float | None = None
    #: prerequisites at stages the enterprise does not operate (upstream or another stage's): named, never steps
    external: tuple[str, ...] = ()
    effect: int = EFFECT_NONE
    grade: str | None = None
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wave:
    index: int
    months: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Roadmap:
    target_level: int
    waves: tuple[Wave, ...]
    technologies_in_place: tuple[str, ...] = ()
    steps_by_id: dict[str, Step] = field(default_factory=dict)

    @property
    def steps(self) -> list[Step]:
        return [s for w in self.waves for s in w.steps]


def _gap(scorer: Scorer, sc: str, current: int, target: int, stages: Iterable[str]) -> Gap:
    return Gap(sc, current, target, scorer.weight[sc], scorer.kpis[sc], scorer.targets_for(sc, stages),
               scorer.effect[sc], scorer.grade[sc], scorer.measures[sc])


#: how a gap ranks (smaller first): effect tier, importance, KPIs, targets, evidence grade, size, then id
Rank = tuple[int, int, int, int, int, int, str]


def _rank(gap: Gap) -> Rank:
    return (gap.effect, -gap.importance, -len(gap.kpis), -len(gap.targets), grade_rank(gap.grade), -gap.size,
            gap.scenario)


def gaps(scorer: Scorer, assessment: Assessment, target_level: int = 3) -> list[Gap]:
    """Applicable scenarios below `target_level`, most worth closing first."""
    if not 1 <= target_level <= 5:
        raise InvalidRequest(f"target level must be 1-5, got {target_level}")
    found = [_gap(scorer, sc, assessment.level(sc), target_level, assessment.stages)
             for sc in scorer.applicable(assessment.stages) if assessment.level(sc) < target_level]
    return sorted(found, key=_rank)


def technologies_in_place(scorer: Scorer, assessment: Assessment) -> set[str]:
    return {t for sc, level in assessment.answers.items() if level >= IN_PLACE_LEVEL for t in scorer.requires[sc]}


def _capacities(capacity: int | float | Sequence[float] | None) -> list[float] | None:
    if capacity is None:
        return None
    caps = [float(capacity)] if isinstance(capacity, int | float) else [float(c) for c in capacity]
    if not caps or any(c <= 0 for c in caps):
        raise InvalidRequest(f"capacity must be above 0 in every wave, got {capacity}")
    return caps


def roadmap(scorer: Scorer, assessment: Assessment, target_level: int = 3,
            waves: tuple[int, ...] = DEFAULT_WAVES, capacity: int | float | Sequence[float] | None = None,
            in_place: Iterable[str] = (), effort: Mapping[str, float] | None = None) -> Roadmap:
    """Steps to bring every gap to `target_level`, in waves ending at the given months. `capacity` caps the
    effort per wave (one number, or one per wave with the last repeating); `effort` gives a step's effort (scenario
    steps default to 1, technology steps cost nothing unless given); `in_place` names technologies already there."""
    if not waves or any(b <= a for a, b in zip(waves, waves[1:], strict=False)) or waves[0] <= 0:
        raise InvalidRequest(f"waves must be increasing months, got {waves}")
    caps = _capacities(capacity)
    effort = dict(effort or {})
    if any(not (e >= 0) for e in effort.values()):
        raise InvalidRequest("effort must be 0 or more")
    ranked = {gp.scenario: gp for gp in gaps(scorer, assessment, target_level)}
    # scenarios to raise: the gaps and their unfinished prerequisites at the stages operated; a prerequisite of
    # another stage is named on the step needing it (external), never scheduled
    operated = set(scorer.applicable(assessment.stages))
    plan: dict[str, Gap] = dict(ranked)
    external: dict[str, set[str]] = {}
    stack = list(ranked)
    while stack:
        sc = stack.pop()
        for pre in scorer.prerequisites[sc]:
            if pre in operated:
                if pre not in plan and assessment.level(pre) < target_level:
                    plan[pre] = _gap(scorer, pre, assessment.level(pre), target_level, assessment.stages)
                    stack.append(pre)
            else:
                external.setdefault(sc, set()).add(pre)
    in_place = technologies_in_place(scorer, assessment) | set(in_place)
    waits: dict[str, set[str]] = {}
    for sc in plan:
        pres = {m for m in scorer.prerequisites[sc] if m in plan}
        techs = {t for t in scorer.requires[sc] if t not in in_place}
        waits[sc] = pres | techs
        for tech in techs:
            waits.setdefault(tech, set())
    unlocks: dict[str, set[str]] = {n: set() for n in waits}
    for n, before in waits.items():
        for b in before:
            unlocks[b].add(n)

    # list scheduling: ready steps by rank; a technology just before the best-ranked scenario it unlocks
    def priority(n: str) -> tuple[int | str, ...]:
        if n in plan:
            return (*_rank(plan[n]), 1)
        return (*min(_rank(plan[u]) for u in unlocks[n]), 0)

    def cost(n: str) -> float:
        return effort.get(n, 1.0)

    def cap(w: int, caps: list[float]) -> float:
        return caps[min(w, len(caps)) - 1]

    wave_of: dict[str, int] = {}
    used: dict[int, float] = {}
    pending = {n: len(b) for n, b in waits.items()}
    ready = [(priority(n), n) for n, k in pending.items() if k == 0]
    heapq.heapify(ready)
    while ready:
        _, n = heapq.heappop(ready)
        w = 1 + max((wave_of[b] for b in waits[n]), default=0)
        c = cost(n)
        if caps is not None and c > 0:
            # the first wave with room; a step bigger than a wave takes an empty wave alone
            while used.get(w, 0.0) + c > cap(w, caps) + 1e-9 and used.get(w, 0.0) > 0:
                w += 1
            used[w] = used.get(w, 0.0) + c
        wave_of[n] = w
        for m in unlocks[n]:
            pending[m] -= 1
            if pending[m] == 0:
                heapq.heappush(ready, (priority(m), m))
    if len(wave_of) != len(waits):  # cannot happen on validated data (DEPENDS_ON is acyclic)
        raise InvalidRequest("DEPENDS_ON has a cycle among " + ", ".join(sorted(set(waits) - set(wave_of))))

    steps: dict[str, Step] = {}
    for n, w in wave_of.items():
        if n in plan:
            gp = plan[n]
            steps[n] = Step("scenario", n, w, gp.current, gp.target, gp.kpis, gp.targets,
                            tuple(sorted(unlocks[n])), tuple(sorted(waits[n])), n not in ranked, effort.get(n),
                            tuple(sorted(external.get(n, ()))), gp.effect, gp.grade, gp.measures)
        else:
            # a technology moves what the scenarios it unlocks move
            moved = [plan[u] for u in unlocks[n] if u in plan]
            steps[n] = Step("technology", n, w, None, None, tuple(sorted({k for g in moved for k in g.kpis})),
                            tuple(sorted({t for g in moved for t in g.targets})), tuple(sorted(unlocks[n])),
                            effort=effort.get(n), effect=min((g.effect for g in moved), default=EFFECT_NONE))
    n_waves = max(wave_of.values(), default=0)
    months = list(waves)
    while len(months) < n_waves:
        months.append(months[-1] + (months[-1] - (months[-2] if len(months) > 1 else 0)))
    order = {n: i for i, n in enumerate(sorted(steps, key=priority))}
    out = tuple(
        Wave(i, months[i - 1], tuple(sorted((s for s in steps.values() if s.wave == i), key=lambda s: order[s.id])))
        for i in range(1, n_waves + 1)
    )
    return Roadmap(target_level, out, tuple(sorted(in_place)), steps)
