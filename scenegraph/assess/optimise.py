"""The roadmap's steps re-ordered for the most expected value, as a mixed-integer programme (OR-Tools CP-SAT).

Decision: x[i, w] = 1 when step i is done in wave w (every step is done once, within as many waves as today's
roadmap uses, which list scheduling proves enough). Constraints, the same as the roadmap's (assess.roadmap):
- every prerequisite and missing technology of a step is done in an earlier wave;
- the effort of a wave's steps stays within its capacity; a step larger than a wave's capacity takes a wave
  alone (steps without effort may join it), exactly as the roadmap allows.
Objective: the value delivered by the end of the horizon: a step done in wave w delivers its expected yuan a year
from the wave's end month to the horizon (the last wave's end plus HORIZON_TAIL_MONTHS), so earlier valuable steps
come first. Ties go to the earlier waves (a small second term). Values are quantised to integers (VALUE_SCALE
units for the largest step) so the solver and the brute-force check compute the very same objective.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scenegraph.assess.roadmap import Roadmap, Wave
from scenegraph.base.errors import InvalidRequest

__all__ = ["HORIZON_TAIL_MONTHS", "OptimisedPlan", "Problem", "as_roadmap", "objective", "optimise",
           "per_year_capacity", "problem_of", "solve"]

#: the value of the last wave's steps is counted for this many months after it ends
HORIZON_TAIL_MONTHS = 12
#: the largest step's value in the integer objective
VALUE_SCALE = 100_000
#: effort is quantised to this many units per 1.0
EFFORT_SCALE = 1000


@dataclass(frozen=True)
class Problem:
    """What the optimiser needs: steps, their waits, efforts, values and the waves' capacities and end months."""

    steps: tuple[str, ...]
    waits: Mapping[str, tuple[str, ...]]
    effort: Mapping[str, float]
    value: Mapping[str, float]
    months: tuple[int, ...]
    #: capacity of each wave (None: unlimited)
    capacity: tuple[float, ...] | None


@dataclass(frozen=True)
class OptimisedPlan:
    waves: tuple[tuple[str, ...], ...]
    months: tuple[int, ...]
    #: the integer objective of this plan and of today's roadmap (same units)
    objective: int
    today_objective: int
    status: str
    seconds: float


def _weights(p: Problem) -> list[int]:
    horizon = p.months[-1] + HORIZON_TAIL_MONTHS
    return [horizon - m for m in p.months]


def _values(p: Problem) -> dict[str, int]:
    top = max((v for v in p.value.values() if v > 0), default=0.0)
    return {s: (round(max(p.value.get(s, 0.0), 0.0) / top * VALUE_SCALE) if top else 0) for s in p.steps}


def _efforts(p: Problem) -> dict[str, int]:
    return {s: round(p.effort.get(s, 0.0) * EFFORT_SCALE) for s in p.steps}


def _caps(p: Problem) -> list[int] | None:
    return None if p.capacity is None else [round(c * EFFORT_SCALE) for c in p.capacity]


def objective(p: Problem, wave_of: Mapping[str, int]) -> int:
    """The integer objective of a plan (wave_of: step -> wave, 1-based): value delivered by the horizon, then the
    tie-break towards earlier waves."""
    weights, values = _weights(p), _values(p)
    n_w = len(p.months)
    tie = len(p.steps) * n_w + 1
    return sum(values[s] * weights[w - 1] * tie - w for s, w in wave_of.items())


def feasible(p: Problem, wave_of: Mapping[str, int]) -> bool:
    """True when the plan does every step once, after its prerequisites, within every wave's capacity."""
    if set(wave_of) != set(p.steps) or any(not 1 <= w <= len(p.months) for w in wave_of.values()):
        return False
    if any(wave_of[b] >= wave_of[s] for s in p.steps for b in p.waits.get(s, ()) if b in wave_of):
        return False
    caps, eff = _caps(p), _efforts(p)
    if caps is None:
        return True
    for w in range(1, len(p.months) + 1):
        in_w = [s for s in p.steps if wave_of[s] == w]
        big = [s for s in in_w if eff[s] > caps[w - 1]]
        if big and any(eff[s] > 0 for s in in_w if s != big[0]):
            return False
        if not big and sum(eff[s] for s in in_w) > caps[w - 1]:
            return False
    return True


def solve(p: Problem, time_limit_s: float = 30.0, workers: int = 2) -> tuple[dict[str, int], str]:
    """The best plan of `p` (step -> wave) and the solver's status (OPTIMAL, or FEASIBLE at the time limit)."""
    n_w = len(p.months)
    weights, values, eff, caps = _weights(p), _values(p), _efforts(p), _caps(p)
    tie = len(p.steps) * n_w + 1
    m = cp_model.CpModel()
    x = {(s, w): m.new_bool_var(f"x_{i}_{w}") for i, s in enumerate(p.steps) for w in range(1, n_w + 1)}
    wave = {s: m.new_int_var(1, n_w, f"w_{i}") for i, s in enumerate(p.steps)}
    for s in p.steps:
        m.add_exactly_one(x[s, w] for w in range(1, n_w + 1))
        m.add(wave[s] == sum(w * x[s, w] for w in range(1, n_w + 1)))
    for s in p.steps:
        for b in p.waits.get(s, ()):
            if b in wave:
                m.add(wave[b] < wave[s])
    if caps is not None:
        for w in range(1, n_w + 1):
            cap = caps[w - 1]
            m.add(sum(min(eff[s], cap) * x[s, w] for s in p.steps if eff[s] > 0) <= cap)
            costly = [s for s in p.steps if eff[s] > 0]
            for s in costly:
                if eff[s] > cap:  # takes the wave alone
                    for o in costly:
                        if o != s:
                            m.add_implication(x[s, w], ~x[o, w])
    m.maximize(sum(values[s] * weights[w - 1] * tie * x[s, w] for s in p.steps if values[s]
                   for w in range(1, n_w + 1)) - sum(wave[s] for s in p.steps))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise InvalidRequest(f"no plan within {n_w} wave(s) respects every prerequisite and capacity "
                             f"({solver.status_name(status)})")
    return {s: int(solver.value(wave[s])) for s in p.steps}, solver.status_name(status)


def per_year_capacity(per_year: float, months: Sequence[int]) -> tuple[float, ...]:
    """Capacities per wave from an effort (or budget) per year: each wave gets its share of the year."""
    if not per_year > 0:
        raise InvalidRequest(f"effort per year must be above 0, got {per_year}")
    starts = [0, *months[:-1]]
    return tuple(per_year * (end - start) / 12 for start, end in zip(starts, months, strict=True))


def problem_of(rm: Roadmap, value: Mapping[str, float], capacity: float | Sequence[float] | None,
               effort: Mapping[str, float] | None = None, extra_waves: int = 0) -> Problem:
    """The roadmap as a Problem: its steps, waits, efforts (scenario steps 1 unless given, technologies 0, as the
    roadmap counts them), its waves' months (plus `extra_waves` more, repeating the last interval)."""
    effort = dict(effort or {})
    steps = tuple(s.id for s in rm.steps)
    months = [w.months for w in rm.waves]
    for _ in range(extra_waves):
        months.append(months[-1] + (months[-1] - (months[-2] if len(months) > 1 else 0)))
    caps: tuple[float, ...] | None = None
    if capacity is not None:
        given = [float(capacity)] if isinstance(capacity, int | float) else [float(c) for c in capacity]
        caps = tuple(given[min(i, len(given) - 1)] for i in range(len(months)))
    eff = {s.id: effort.get(s.id, 1.0 if s.kind == "scenario" else 0.0) for s in rm.steps}
    return Problem(steps, {s.id: s.after for s in rm.steps}, eff, dict(value), tuple(months), caps)


def optimise(rm: Roadmap, value: Mapping[str, float], capacity: float | Sequence[float] | None = None,
             effort: Mapping[str, float] | None = None, time_limit_s: float = 30.0) -> OptimisedPlan:
    """Today's roadmap re-ordered for the most expected value within the same waves and capacity."""
    if not rm.waves:
        return OptimisedPlan((), (), 0, 0, "OPTIMAL", 0.0)
    p = problem_of(rm, value, capacity, effort)
    today = {s.id: s.wave for s in rm.steps}
    started = time.perf_counter()
    wave_of, status = solve(p, time_limit_s)
    seconds = time.perf_counter() - started
    waves = tuple(tuple(s for s in p.steps if wave_of[s] == w) for w in range(1, len(p.months) + 1))
    return OptimisedPlan(waves, p.months, objective(p, wave_of), objective(p, today), status, seconds)


def as_roadmap(rm: Roadmap, plan: OptimisedPlan) -> Roadmap:
    """The optimised plan as a Roadmap (same steps, new waves), for every view that shows a roadmap."""
    wave_of = {s: i for i, ids in enumerate(plan.waves, start=1) for s in ids}
    steps = {sid: replace(st, wave=wave_of[sid]) for sid, st in rm.steps_by_id.items() if sid in wave_of}
    waves = tuple(Wave(i, plan.months[i - 1], tuple(steps[s] for s in ids))
                  for i, ids in enumerate(plan.waves, start=1))
    return Roadmap(rm.target_level, waves, rm.technologies_in_place, steps)
