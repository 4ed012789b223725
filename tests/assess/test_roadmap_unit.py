"""The roadmap's planning rules on a small graph where each answer is worked out by hand: wave months past the
horizons, capacity per wave, zero-effort steps, what a technology step carries, and the gap order by size.

The graph: the small fixture, plus three independent casting scenarios (importance 2, no KPI, no prerequisite)
and DCS required by alumina feed control too (so DCS unlocks a scenario with a quantified effect)."""

from __future__ import annotations

from shutil import copytree

import pytest

from scenegraph.assess import Scorer, parse_assessment, roadmap
from scenegraph.assess.roadmap import gaps
from scenegraph.base.errors import InvalidRequest
from scenegraph.dataset.loader import load_graph
from scenegraph.graph.effects import EFFECT_NONE
from tests.conftest import FIXTURES

CASTING = "".join(f"""
- id: sc_c{i}
  name_zh: 熔铸场景{i}
  name_en: Casting scenario {i}
  level: 3
  importance: 2
  illustrative: true
  at: [casting]
  in_domain: [dom_ops]
""" for i in (1, 2, 3))


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    d = tmp_path_factory.mktemp("roadmap") / "data"
    copytree(FIXTURES / "small", d)
    scenarios = (d / "scenarios.yaml").read_text(encoding="utf-8")
    scenarios = scenarios.replace("  depends_on: [sc_measure]\n", "  depends_on: [sc_measure]\n  requires: [en_dcs]\n")
    (d / "scenarios.yaml").write_text(scenarios + CASTING, encoding="utf-8")
    return load_graph(d)


@pytest.fixture(scope="module")
def scorer(graph):
    return Scorer(graph)


def plan(graph, stages, answers):
    return parse_assessment({"enterprise_id": "ent_t", "name": "测试企业", "stages": stages, "answers": answers},
                            graph)


def ids(r):
    return [[s.id for s in w.steps] for w in r.waves]


def test_bigger_gaps_rank_first_among_equals(scorer, graph):
    # same importance, no KPI, no target, no grade: the gap size decides (3 - 0, 3 - 1, 3 - 2)
    a = plan(graph, ["casting"], {"sc_c1": 2, "sc_c2": 0, "sc_c3": 1})
    assert [g.scenario for g in gaps(scorer, a, 3)] == ["sc_c2", "sc_c3", "sc_c1"]


@pytest.mark.parametrize(("capacity", "waves"), [
    (None, [["sc_c1", "sc_c2", "sc_c3"]]),
    (1, [["sc_c1"], ["sc_c2"], ["sc_c3"]]),
    ([1, 2], [["sc_c1"], ["sc_c2", "sc_c3"]]),  # the last value repeats
    ([2, 1], [["sc_c1", "sc_c2"], ["sc_c3"]]),
    (2.5, [["sc_c1", "sc_c2"], ["sc_c3"]]),  # 1 + 1 fits, a third does not
], ids=["no-cap", "one-a-wave", "one-then-two", "two-then-one", "fractional"])
def test_capacity_per_wave(scorer, graph, capacity, waves):
    a = plan(graph, ["casting"], {})
    assert ids(roadmap(scorer, a, 3, capacity=capacity)) == waves


@pytest.mark.parametrize(("horizons", "months"), [
    ((6,), [6, 12, 18]),  # one horizon: it repeats
    ((3, 12), [3, 12, 21]),  # the last interval (9) again
    ((6, 12, 24), [6, 12, 24]),
], ids=["one", "two", "three"])
def test_waves_past_the_horizons_add_the_last_interval(scorer, graph, horizons, months):
    a = plan(graph, ["casting"], {})
    assert [w.months for w in roadmap(scorer, a, 3, waves=horizons, capacity=1).waves] == months


@pytest.mark.parametrize("horizons", [(), (0, 6), (12, 6), (6, 6)], ids=["none", "zero", "decreasing", "repeated"])
def test_waves_must_be_increasing_positive_months(scorer, graph, horizons):
    with pytest.raises(InvalidRequest, match="increasing"):
        roadmap(scorer, plan(graph, ["casting"], {}), 3, waves=horizons)


def test_a_free_step_shares_the_wave_a_big_step_took_alone(small_graph):
    # on the small fixture (DCS unlocks measure only): digest (importance 4) costs 3 against a capacity of 2, so it
    # takes wave 1 alone; DCS, given 0, costs nothing and may still join it; measure (waiting for DCS) goes in wave 2
    a = plan(small_graph, ["smelting", "refining"], {"sc_measure": 1})
    r = roadmap(Scorer(small_graph), a, 3, capacity=2, effort={"sc_digest": 3, "en_dcs": 0})
    assert ids(r)[:2] == [["sc_digest", "en_dcs"], ["sc_measure"]]


def test_a_technology_step_carries_the_best_effect_and_all_it_unlocks(scorer, graph):
    a = plan(graph, ["smelting"], {"sc_measure": 1})
    r = roadmap(scorer, a, 3)
    dcs = r.steps_by_id["en_dcs"]
    assert dcs.kind == "technology" and dcs.wave == 1 and dcs.from_level is None
    assert dcs.unlocks == ("sc_feed", "sc_measure")
    # feed's effect is quantified by a source, measure's is not: the technology is as well backed as feed
    assert scorer.effect["sc_feed"] < EFFECT_NONE == scorer.effect["sc_measure"]
    assert dcs.effect == scorer.effect["sc_feed"]
    assert dcs.kpis == tuple(sorted(set(scorer.kpis["sc_feed"]) | set(scorer.kpis["sc_measure"])))
    # feed waits for measure (a prerequisite) and DCS (a technology), whichever comes later
    assert r.steps_by_id["sc_feed"].after == ("en_dcs", "sc_measure") and r.steps_by_id["sc_feed"].wave == 3
