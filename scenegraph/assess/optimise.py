"""The roadmap's steps re-ordered for the most expected value, as a mixed-integer programme (OR-Tools CP-SAT).

Decision: x[i, w] = 1 when step i is done in wave w. Constraints, the same as the roadmap's (assess.roadmap):
- every prerequisite and missing technology of a step is done in an earlier wave;
- the effort of a wave's steps stays within its capacity; a step larger than a wave's capacity takes a wave
  alone (steps without effort may join it), exactly as the roadmap allows.
Objective: the value delivered by the end of the horizon: a step done in wave w delivers its expected yuan a year
from the wave's end month to the horizon (today's last wave's end plus HORIZON_TAIL_MONTHS), so earlier valuable
steps come first. Values are quantised to integers (VALUE_SCALE units for the largest step) so the solver and the
brute-force check compute the very same objective.

Only the steps that carry value and their prerequisites (transitively) enter the programme: the others add
nothing to the objective and nothing valuable waits for them, so they take the capacity left, each in the
earliest wave its prerequisites and the capacity allow (after the valued steps; waves beyond today's last are
added, repeating its interval, when they need them). Then every step moves to the earliest wave with room after
its prerequisites (it never moves later, so the value never drops).
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scenegraph.assess.roadmap import Roadmap, Wave
from scenegraph.base.errors import InvalidRequest
from scenegraph.base.limits import LIMITS

__all__ = ["HORIZON_TAIL_MONTHS", "OptimisedPlan", "Problem", "as_roadmap", "feasible", "objective", "optimise",
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
    #: capacity of each wave (None: unlimited); the last repeats for waves added after it
    capacity: tuple[float, ...] | None


@dataclass(frozen=True)
class OptimisedPlan:
    waves: tuple[tuple[str, ...], ...]
    months: tuple[int, ...]
    #: the integer objective of this plan and of today's roadmap (same units), and the solver's upper bound
    objective: int
    today_objective: int
    status: str
    seconds: float
    bound: int = 0
    #: steps in the programme (valued steps and their prerequisites)
    modelled: int = 0


def _weights(p: Problem, n: int | None = None) -> list[int]:
    """The weight of each wave (months from its end to the horizon), for `n` waves (default the problem's; waves
    added after the last repeat its interval and weigh 0 once past the horizon)."""
    horizon = p.months[-1] + HORIZON_TAIL_MONTHS
    return [max(0, horizon - m) for m in _more_months(list(p.months), n or len(p.months))]


def _values(p: Problem) -> dict[str, int]:
    """Values as integers, the largest VALUE_SCALE (less when the objective could leave 64-bit integers)."""
    top = max((v for v in p.value.values() if v > 0), default=0.0)
    scale = max(1, min(VALUE_SCALE, int(4e18 // (max(1, len(p.steps)) * max(_weights(p))))))
    return {s: (round(max(p.value.get(s, 0.0), 0.0) / top * scale) if top else 0) for s in p.steps}


def _efforts(p: Problem) -> dict[str, int]:
    return {s: round(p.effort.get(s, 0.0) * EFFORT_SCALE) for s in p.steps}


def _cap(p: Problem, w: int) -> int | None:
    """Capacity of wave w (1-based; the last given repeats), in effort units; None: unlimited."""
    if p.capacity is None:
        return None
    return round(p.capacity[min(w, len(p.capacity)) - 1] * EFFORT_SCALE)


def objective(p: Problem, wave_of: Mapping[str, int]) -> int:
    """The integer objective of a plan (wave_of: step -> wave, 1-based): the value delivered by the horizon.
    Steps without value count nothing wherever they are (also in waves added after today's last)."""
    values = _values(p)
    weights = _weights(p, max(wave_of.values(), default=0))
    return sum(values[s] * weights[w - 1] for s, w in wave_of.items() if values.get(s))


def feasible(p: Problem, wave_of: Mapping[str, int], max_waves: int | None = None) -> bool:
    """True when the plan does every step once, after its prerequisites, within every wave's capacity (and within
    `max_waves` waves, default the problem's)."""
    limit = len(p.months) if max_waves is None else max_waves
    if set(wave_of) != set(p.steps) or any(not 1 <= w <= limit for w in wave_of.values()):
        return False
    if any(wave_of[b] >= wave_of[s] for s in p.steps for b in p.waits.get(s, ()) if b in wave_of):
        return False
    eff = _efforts(p)
    by_wave: dict[int, list[str]] = {}
    for s, w in wave_of.items():
        by_wave.setdefault(w, []).append(s)
    for w, in_w in by_wave.items():
        cap = _cap(p, w)
        if cap is None:
            continue
        big = [s for s in in_w if eff[s] > cap]
        if big and any(eff[s] > 0 for s in in_w if s != big[0]):
            return False
        if not big and sum(eff[s] for s in in_w) > cap:
            return False
    return True


def _topological(steps: Sequence[str], waits: Mapping[str, Sequence[str]]) -> list[str]:
    inside = set(steps)
    pending = {s: sum(1 for b in waits.get(s, ()) if b in inside) for s in steps}
    after: dict[str, list[str]] = {s: [] for s in steps}
    for s in steps:
        for b in waits.get(s, ()):
            if b in inside:
                after[b].append(s)
    ready = [s for s in reversed(steps) if pending[s] == 0]
    order: list[str] = []
    while ready:
        s = ready.pop()
        order.append(s)
        for d in after[s]:
            pending[d] -= 1
            if pending[d] == 0:
                ready.append(d)
    if len(order) != len(steps):
        raise InvalidRequest("the steps' prerequisites form a cycle")
    return order


def _windows(steps: Sequence[str], waits: Mapping[str, Sequence[str]], n_w: int
             ) -> tuple[dict[str, int], dict[str, int]]:
    """The earliest and latest wave of each step: after the longest chain of its prerequisites, before the longest
    chain of the steps waiting for it."""
    inside = set(steps)
    order = _topological(steps, waits)
    est: dict[str, int] = {}
    for s in order:
        est[s] = 1 + max((est[b] for b in waits.get(s, ()) if b in inside), default=0)
    after: dict[str, list[str]] = {s: [] for s in steps}
    for s in steps:
        for b in waits.get(s, ()):
            if b in inside:
                after[b].append(s)
    lst: dict[str, int] = {}
    for s in reversed(order):
        lst[s] = min((lst[d] for d in after[s]), default=n_w + 1) - 1
    if any(est[s] > lst[s] for s in steps):
        raise InvalidRequest(f"{n_w} wave(s) cannot hold the longest chain of prerequisites")
    return est, lst


def _ancestors(p: Problem, seeds: Iterable[str]) -> set[str]:
    out: set[str] = set()
    stack = list(seeds)
    inside = set(p.steps)
    while stack:
        s = stack.pop()
        if s in out or s not in inside:
            continue
        out.add(s)
        stack.extend(p.waits.get(s, ()))
    return out


class _Load:
    """Effort used per wave, to place steps greedily within capacity."""

    def __init__(self, p: Problem):
        self.p, self.eff = p, _efforts(p)
        self.used: dict[int, int] = {}
        self.big: dict[int, bool] = {}

    def fits(self, s: str, w: int) -> bool:
        cap, e = _cap(self.p, w), self.eff[s]
        if cap is None or e == 0:
            return True
        if e > cap:
            return self.used.get(w, 0) == 0
        return not self.big.get(w, False) and self.used.get(w, 0) + e <= cap

    def add(self, s: str, w: int) -> None:
        cap, e = _cap(self.p, w), self.eff[s]
        self.used[w] = self.used.get(w, 0) + e
        if cap is not None and e > cap:
            self.big[w] = True

    def remove(self, s: str, w: int) -> None:
        self.used[w] -= self.eff[s]
        if self.big.get(w) and self.eff[s] > (_cap(self.p, w) or 0):
            self.big[w] = False


def _place(p: Problem, wave_of: dict[str, int], load: _Load, steps: Sequence[str]) -> None:
    """Each step (in an order that respects prerequisites) into the earliest wave with room after them."""
    for s in steps:
        w = 1 + max((wave_of[b] for b in p.waits.get(s, ()) if b in wave_of), default=0)
        while not load.fits(s, w):
            w += 1
        wave_of[s] = w
        load.add(s, w)


def _greedy(p: Problem, values: Mapping[str, int]) -> dict[str, int]:
    """A good first plan: list scheduling, the ready step that unlocks the most value (its own and that of every
    step waiting for it, directly or not) first, each in the earliest wave with room."""
    after: dict[str, list[str]] = {s: [] for s in p.steps}
    for s in p.steps:
        for b in p.waits.get(s, ()):
            if b in after:
                after[b].append(s)
    order = _topological(list(p.steps), p.waits)
    below: dict[str, set[str]] = {}
    for s in reversed(order):
        found: set[str] = set()
        for c in after[s]:
            found |= below[c]
            found.add(c)
        below[s] = {d for d in found if values[d]}
    priority = {s: values[s] + sum(values[d] for d in below[s]) for s in p.steps}
    index = {s: i for i, s in enumerate(p.steps)}
    pending = {s: sum(1 for b in p.waits.get(s, ()) if b in after) for s in p.steps}
    ready = [(-priority[s], index[s], s) for s in p.steps if pending[s] == 0]
    heapq.heapify(ready)
    load, wave_of = _Load(p), dict[str, int]()
    while ready:
        _, _, s = heapq.heappop(ready)
        w = 1 + max((wave_of[b] for b in p.waits.get(s, ()) if b in wave_of), default=0)
        while not load.fits(s, w):
            w += 1
        wave_of[s] = w
        load.add(s, w)
        for c in after[s]:
            pending[c] -= 1
            if pending[c] == 0:
                heapq.heappush(ready, (-priority[c], index[c], c))
    return wave_of


def _compact(p: Problem, wave_of: dict[str, int], load: _Load, rank: Mapping[str, int]) -> None:
    """Moves every step to the earliest wave with room after its prerequisites, never later than it was."""
    for s in sorted(wave_of, key=lambda s: (wave_of[s], rank.get(s, 0), s)):
        w0 = wave_of[s]
        load.remove(s, w0)
        w = 1 + max((wave_of[b] for b in p.waits.get(s, ()) if b in wave_of), default=0)
        while w < w0 and not load.fits(s, w):
            w += 1
        wave_of[s] = w
        load.add(s, w)


def _cumulative(m: cp_model.CpModel, steps: Sequence[str], wave: Mapping[str, cp_model.IntVar],
                eff: Mapping[str, int], cap: int | None) -> None:
    """One capacity for every wave: each step a one-wave interval using its effort (a step larger than the wave
    uses all of it, so it goes alone, with steps of no effort beside it)."""
    if cap is None:
        return
    costly = [s for s in steps if eff[s] > 0]
    if costly:
        m.add_cumulative([m.new_fixed_size_interval_var(wave[s], 1, f"i_{s}") for s in costly],
                         [min(eff[s], cap) for s in costly], cap)


def _time_indexed(m: cp_model.CpModel, p: Problem, steps: Sequence[str], wave: Mapping[str, cp_model.IntVar],
                  est: Mapping[str, int], lst: Mapping[str, int], eff: Mapping[str, int]
                  ) -> dict[tuple[str, int], cp_model.IntVar]:
    """Capacities that differ by wave: x[s, w] = 1 when s is in wave w, a knapsack per wave."""
    x = {(s, w): m.new_bool_var(f"x_{s}_{w}") for s in steps for w in range(est[s], lst[s] + 1)}
    for s in steps:
        m.add_exactly_one(x[s, w] for w in range(est[s], lst[s] + 1))
        m.add(wave[s] == sum(w * x[s, w] for w in range(est[s], lst[s] + 1)))
    for w in range(1, len(p.months) + 1):
        cap = _cap(p, w)
        costly = [s for s in steps if eff[s] > 0 and (s, w) in x]
        if cap is None or not costly:
            continue
        m.add(sum(min(eff[s], cap) * x[s, w] for s in costly) <= cap)
        for s in costly:
            if eff[s] > cap:  # takes the wave alone
                for o in costly:
                    if o != s:
                        m.add_implication(x[s, w], ~x[o, w])
    return x


def solve(p: Problem, time_limit_s: float | None = None, workers: int = 2,
          hint: Mapping[str, int] | None = None) -> tuple[dict[str, int], str, int, int]:
    """The best plan of `p` (step -> wave), the solver's status (OPTIMAL, or FEASIBLE at the time limit), its
    upper bound on the objective and how many steps the programme held. `hint`: a feasible plan to start from
    (today's roadmap), so a time limit never ends without a plan."""
    n_w = len(p.months)
    weights, values, eff = _weights(p), _values(p), _efforts(p)
    index = {s: i for i, s in enumerate(p.steps)}
    rank = {s: i for i, s in enumerate(sorted(p.steps, key=lambda s: ((hint or {}).get(s, 0), index[s])))}
    modelled = sorted(_ancestors(p, [s for s in p.steps if values[s] > 0]), key=rank.__getitem__)
    # the better of today's plan and the greedy one starts the search, and stands if the search finds no better
    starts = [_greedy(p, values)] + ([dict(hint)] if hint and set(hint) == set(p.steps) else [])
    start = max(starts, key=lambda plan: objective(p, plan))
    wave_of: dict[str, int] = {}
    status, bound = "OPTIMAL", 0
    if modelled:
        est, lst = _windows(modelled, p.waits, n_w)
        caps = [_cap(p, w) for w in range(1, n_w + 1)]
        one_cap = len({c for c in caps}) == 1
        m = cp_model.CpModel()
        wave = {s: m.new_int_var(est[s], lst[s], f"w_{i}") for i, s in enumerate(modelled)}
        for s in modelled:
            for b in p.waits.get(s, ()):
                if b in wave:
                    m.add(wave[b] < wave[s])
        if one_cap:
            _cumulative(m, modelled, wave, eff, caps[0])
            gain = []
            for s in modelled:
                if values[s]:
                    wt = m.new_int_var(min(weights), max(weights), f"v_{s}")
                    m.add_element(wave[s] - 1, weights, wt)
                    gain.append(values[s] * wt)
            m.maximize(sum(gain))
        else:
            x = _time_indexed(m, p, modelled, wave, est, lst, eff)
            m.maximize(sum(values[s] * weights[w - 1] * x[s, w] for s in modelled if values[s]
                           for w in range(est[s], lst[s] + 1)))
        for s, w in start.items():
            if s in wave and est[s] <= w <= lst[s]:
                m.add_hint(wave[s], w)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = (LIMITS.optimise_time_limit_s if time_limit_s is None
                                                 else time_limit_s)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = 1
        code = solver.solve(m)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            status, bound = solver.status_name(code), int(solver.best_objective_bound)
            wave_of = {s: int(solver.value(wave[s])) for s in modelled}
        elif code == cp_model.UNKNOWN:
            # the time limit came before the solver's first plan: the better start stands
            status, wave_of = "TIME_LIMIT", {s: start[s] for s in modelled}
        else:
            raise InvalidRequest(f"no plan within {n_w} wave(s) respects every prerequisite and capacity "
                                 f"({solver.status_name(code)})")
    load = _Load(p)
    for s, w in wave_of.items():
        load.add(s, w)
    rest = [s for s in _topological(sorted(p.steps, key=rank.__getitem__), p.waits) if s not in wave_of]
    _place(p, wave_of, load, rest)
    _compact(p, wave_of, load, rank)
    if objective(p, start) > objective(p, wave_of):  # the search ran out of time below its start
        wave_of = dict(start)
    return wave_of, status, max(bound, objective(p, wave_of)), len(modelled)


def per_year_capacity(per_year: float, months: Sequence[int]) -> tuple[float, ...]:
    """Capacities per wave from an effort (or budget) per year: each wave gets its share of the year."""
    if not per_year > 0:
        raise InvalidRequest(f"effort per year must be above 0, got {per_year}")
    starts = [0, *months[:-1]]
    return tuple(per_year * (end - start) / 12 for start, end in zip(starts, months, strict=True))


def wave_capacities(months: Sequence[int], per_wave: float | Sequence[float] | None,
                    per_year: float | None) -> list[float] | None:
    """What each wave may take: a capacity per wave (one number for all, or one per wave, the last repeated) and,
    given, an effort or budget per year shared out over the waves by their months; the smaller of the two where
    both are given; None when neither is."""
    if not months:
        return None
    yearly = list(per_year_capacity(per_year, months)) if per_year else None
    if per_wave is None:
        return yearly
    given = [float(per_wave)] if isinstance(per_wave, int | float) else [float(c) for c in per_wave]
    if not given:
        return yearly
    caps = [given[min(i, len(given) - 1)] for i in range(len(months))]
    return caps if yearly is None else [min(a, b) for a, b in zip(caps, yearly, strict=True)]


def _more_months(months: list[int], n: int) -> list[int]:
    while len(months) < n:
        months.append(months[-1] + (months[-1] - (months[-2] if len(months) > 1 else 0)))
    return months


def problem_of(rm: Roadmap, value: Mapping[str, float], capacity: float | Sequence[float] | None,
               effort: Mapping[str, float] | None = None) -> Problem:
    """The roadmap as a Problem: its steps, waits, efforts (scenario steps 1 unless given, technologies 0, as the
    roadmap counts them) and its waves' months."""
    effort = dict(effort or {})
    steps = tuple(s.id for s in rm.steps)
    months = [w.months for w in rm.waves]
    caps: tuple[float, ...] | None = None
    if capacity is not None:
        caps = (float(capacity),) if isinstance(capacity, int | float) else tuple(float(c) for c in capacity)
    eff = {s.id: effort.get(s.id, 1.0 if s.kind == "scenario" else 0.0) for s in rm.steps}
    return Problem(steps, {s.id: s.after for s in rm.steps}, eff, dict(value), tuple(months), caps)


def optimise(rm: Roadmap, value: Mapping[str, float], capacity: float | Sequence[float] | None = None,
             effort: Mapping[str, float] | None = None, time_limit_s: float | None = None) -> OptimisedPlan:
    """Today's roadmap re-ordered for the most expected value within the same capacity per wave."""
    if not rm.waves:
        return OptimisedPlan((), (), 0, 0, "OPTIMAL", 0.0)
    p = problem_of(rm, value, capacity, effort)
    today = {s.id: s.wave for s in rm.steps}
    started = time.perf_counter()
    wave_of, status, bound, modelled = solve(p, time_limit_s, hint=today)
    seconds = time.perf_counter() - started
    n_w = max(wave_of.values(), default=0)
    months = tuple(_more_months(list(p.months), n_w))
    waves = tuple(tuple(s for s in p.steps if wave_of[s] == w) for w in range(1, n_w + 1))
    return OptimisedPlan(waves, months, objective(p, wave_of), objective(p, today), status, seconds, bound,
                         modelled)


def as_roadmap(rm: Roadmap, plan: OptimisedPlan) -> Roadmap:
    """The optimised plan as a Roadmap (same steps, new waves), for every view that shows a roadmap."""
    wave_of = {s: i for i, ids in enumerate(plan.waves, start=1) for s in ids}
    steps = {sid: replace(st, wave=wave_of[sid]) for sid, st in rm.steps_by_id.items() if sid in wave_of}
    waves = tuple(Wave(i, plan.months[i - 1], tuple(steps[s] for s in ids))
                  for i, ids in enumerate(plan.waves, start=1))
    return Roadmap(rm.target_level, waves, rm.technologies_in_place, steps)
