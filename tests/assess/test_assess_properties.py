"""Properties of the roadmap on random synthetic graphs and random answers (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenegraph.assess import AssessmentError, Scorer, from_csv, from_json, parse_assessment, roadmap
from scenegraph.curation.synth import SynthSpec, write_synth
from scenegraph.dataset.loader import load_graph

SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def scorers(tmp_path_factory):
    out = {}
    for seed in SEEDS:
        d = tmp_path_factory.mktemp(f"synth{seed}")
        write_synth(SynthSpec(scenarios=300, seed=seed), d)
        out[seed] = Scorer(load_graph(d))
    return out


@st.composite
def cases(draw):
    seed = draw(st.sampled_from(SEEDS))
    return seed, draw(st.randoms(use_true_random=False)), draw(st.integers(1, 5)), draw(
        st.one_of(st.none(), st.integers(1, 8))), draw(st.floats(0, 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_no_step_comes_before_what_it_needs(scorers, case):
    seed, rnd, target, capacity, answered_share = case
    scorer = scorers[seed]
    g = scorer.graph
    stages = rnd.sample(scorer.stages, rnd.randint(1, len(scorer.stages)))
    answers = {sc: rnd.randint(0, 5) for sc in scorer.applicable(stages) if rnd.random() < answered_share}
    a = parse_assessment({"enterprise_id": "ent_p", "name": "p", "stages": stages, "answers": answers}, g)
    r = roadmap(scorer, a, target, capacity=capacity)
    in_place = set(r.technologies_in_place)
    operated = set(scorer.applicable(stages))
    for step in r.steps:
        # a step claims only targets binding a stage the enterprise operates (or binding every enterprise)
        assert all(not scorer.target_stages[t] or scorer.target_stages[t] & set(stages) for t in step.targets)
        if step.kind != "scenario":
            continue
        assert step.id in operated, step  # no scenario of a stage not operated becomes a step
        for pre in g.out_ids(step.id, "DEPENDS_ON"):
            if pre not in operated:  # another stage's: named on the step, never scheduled
                assert pre in step.external and pre not in r.steps_by_id, (step, pre)
                continue
            assert a.level(pre) >= target or r.steps_by_id[pre].wave < step.wave, (step, pre)
        for tech in g.out_ids(step.id, "REQUIRES"):
            assert tech in in_place or r.steps_by_id[tech].wave < step.wave, (step, tech)
    # every gap is in the roadmap, and capacity holds: technology steps count like scenario steps (1 each)
    below = {sc for sc in scorer.applicable(stages) if a.level(sc) < target}
    assert below <= {s.id for s in r.steps}
    if capacity:
        assert all(len(w.steps) <= capacity for w in r.waves)
    assert [w.months for w in r.waves] == sorted({w.months for w in r.waves})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_malformed_uploads_never_crash(small_graph, data):
    for reader in (from_json, from_csv):
        try:
            reader(data, small_graph)
        except AssessmentError as e:
            assert e.problems and all(isinstance(p, str) and p for p in e.problems)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids,
                                                                                      max_size=4), max_leaves=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.fixed_dictionaries({}, optional={
    "enterprise_id": st.one_of(st.just("ent_x"), json_values), "name": st.one_of(st.just("X"), json_values),
    "stages": st.one_of(st.just(["smelting"]), json_values),
    "answers": st.one_of(st.dictionaries(st.sampled_from(["sc_feed", "sc_digest", "sc_x", "1"]), json_values),
                         json_values),
    "at": json_values}))
def test_malformed_objects_never_crash(small_graph, data):
    try:
        parse_assessment(data, small_graph)
    except AssessmentError as e:
        assert e.problems
