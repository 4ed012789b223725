"""The optimised roadmap (assess.optimise): equal to brute force on small random graphs, never a prerequisite
broken or a capacity exceeded, and on the shipped graph at least as good as today's ordering."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenegraph.assess import Scorer, parse_assessment, roadmap
from scenegraph.assess.optimise import (
    Problem,
    as_roadmap,
    feasible,
    objective,
    optimise,
    per_year_capacity,
    problem_of,
    solve,
)
from scenegraph.assess.profile import PlantProfile
from scenegraph.assess.value import step_values
from scenegraph.base.errors import InvalidRequest


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(1, 5))
    steps = tuple(f"s{i}" for i in range(n))
    # a random DAG: a step may wait only for steps before it
    waits = {s: tuple(steps[j] for j in range(i) if draw(st.booleans())) for i, s in enumerate(steps)}
    effort = {s: float(draw(st.sampled_from([0, 0.5, 1, 2, 3]))) for s in steps}
    value = {s: float(draw(st.integers(0, 50))) for s in steps}
    # no capacity, one capacity for every wave (the scheduling model) or one per wave (the time-indexed model)
    one = st.sampled_from([0.5, 1.0, 2.0, 3.0]).map(lambda c: [c] * n)
    caps = draw(st.one_of(st.none(), one, st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.0]), min_size=n, max_size=n)))
    months = tuple(6 * (i + 1) for i in range(n))  # n waves: one step a wave always fits
    return Problem(steps, waits, effort, value, months, None if caps is None else tuple(caps))


def brute_force(p: Problem) -> int:
    best = None
    for combo in itertools.product(range(1, len(p.months) + 1), repeat=len(p.steps)):
        plan = dict(zip(p.steps, combo, strict=True))
        if feasible(p, plan):
            score = objective(p, plan)
            best = score if best is None or score > best else best
    assert best is not None
    return best


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_optimiser_equals_brute_force_and_breaks_nothing(p):
    plan, status, bound, _ = solve(p, time_limit_s=10)
    assert status == "OPTIMAL" and bound == objective(p, plan)
    assert feasible(p, plan), plan  # every prerequisite before, every capacity held, within the waves
    assert objective(p, plan) == brute_force(p)


def test_feasible_catches_a_broken_prerequisite_and_an_overfull_wave():
    p = Problem(("a", "b"), {"b": ("a",)}, {"a": 1.0, "b": 1.0}, {"a": 1.0, "b": 2.0}, (6, 12), (1.0, 1.0))
    assert feasible(p, {"a": 1, "b": 2})
    assert not feasible(p, {"a": 2, "b": 1})  # b before its prerequisite
    assert not feasible(p, {"a": 1, "b": 1})  # same wave (and over capacity)
    big = Problem(("a", "b", "t"), {}, {"a": 5.0, "b": 1.0, "t": 0.0}, {}, (6, 12), (2.0, 2.0))
    assert feasible(big, {"a": 1, "t": 1, "b": 2})  # a step larger than a wave takes it alone (free steps join)
    assert not feasible(big, {"a": 1, "b": 1, "t": 2})


def test_capacity_per_year_shares_out_by_wave_length():
    assert per_year_capacity(12, [6, 12, 24]) == (6.0, 6.0, 12.0)
    with pytest.raises(InvalidRequest):
        per_year_capacity(0, [6])


def test_shipped_smelter_plan_beats_or_equals_todays_order(shipped):
    a = parse_assessment({"enterprise_id": "ent_smelter", "name": "x", "stages": ["electrolysis", "energy_utilities"],
                          "answers": {}}, shipped)
    rm = roadmap(Scorer(shipped), a, capacity=3)
    profile = PlantProfile.model_validate({"capacity_t": {"electrolysis": 400_000},
                                           "kpis": {"kpi_ac_kwh_t": 13_400}})
    values = {k: v.expected_cny for k, v in step_values(shipped, [s.id for s in rm.steps], profile).items()}
    plan = optimise(rm, values, capacity=3, time_limit_s=20)
    p = problem_of(rm, values, 3)
    wave_of = {s: w for w, ids in enumerate(plan.waves, start=1) for s in ids}
    assert feasible(p, wave_of) and feasible(p, {s.id: s.wave for s in rm.steps})
    assert plan.objective >= plan.today_objective
    again = as_roadmap(rm, plan)
    assert {s.id: s.wave for s in again.steps} == wave_of and len(again.steps) == len(rm.steps)
    # the valued steps move forward: none is later than in today's order unless a prerequisite or capacity says so
    first_valued = min(wave_of[s] for s, v in values.items() if v > 0)
    assert first_valued <= min(s.wave for s in rm.steps if values.get(s.id, 0) > 0)


def test_a_time_limit_never_leaves_a_plan_worse_than_todays(synth_graph):
    """A large synthetic roadmap with almost no time: the optimiser keeps the better of today's order and its
    greedy start, every prerequisite and capacity held."""
    import random

    scorer = Scorer(synth_graph)
    everything = parse_assessment({"enterprise_id": "ent_big", "name": "big", "stages": scorer.stages[:6],
                                   "answers": {}}, synth_graph)
    rm = roadmap(scorer, everything, capacity=10)
    rnd = random.Random(2)
    values = {s.id: rnd.uniform(1, 100) for s in rm.steps if rnd.random() < 0.3}
    plan = optimise(rm, values, capacity=10, time_limit_s=0.05)
    wave_of = {s: w for w, ids in enumerate(plan.waves, start=1) for s in ids}
    assert feasible(problem_of(rm, values, 10), wave_of, max_waves=len(plan.waves))
    assert plan.objective >= plan.today_objective > 0


def test_wave_capacities_share_a_yearly_effort_by_months_and_keep_the_smaller():
    """6, 12, 24 months: a yearly effort of 4 gives 2, 2, 4; with a capacity of 3 per wave the smaller holds."""
    from scenegraph.assess.optimise import wave_capacities

    assert wave_capacities([6, 12, 24], None, 4) == [2.0, 2.0, 4.0]
    assert wave_capacities([6, 12, 24], 3, 4) == [2.0, 2.0, 3.0]
    assert wave_capacities([6, 12, 24], [1, 5], None) == [1.0, 5.0, 5.0]  # the last given repeats
    assert wave_capacities([6, 12, 24], None, None) is None
    assert wave_capacities([], 3, 4) is None  # no waves: nothing to share


@pytest.mark.parametrize("bad", ["0", "-1", "inf", "nan", "four"])
def test_cli_refuses_an_effort_per_year_that_is_not_a_finite_number_above_zero(bad, capsys):
    from scenegraph.cli.main import main

    with pytest.raises(SystemExit) as e:
        main(["assess", "docs/examples/smelter.answers.json", "--optimise", "--per-year", bad])
    assert e.value.code == 2
    assert "--per-year" in capsys.readouterr().err
