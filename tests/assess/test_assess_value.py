"""What each step is worth to a plant (assess.value) and the profile it rests on (assess.profile): a small plant's
value computed by hand, the combination rule (no double counting, the physical floor), steps that must say "not
quantified", and profiles that must be refused."""

from __future__ import annotations

import json

import pytest

from scenegraph.assess import Scorer, from_json, parse_assessment, roadmap, to_json
from scenegraph.assess.model import AssessmentError
from scenegraph.assess.profile import DEFAULTS, PlantProfile, ProfileError, parse_profile
from scenegraph.assess.value import (
    FLOOR_KWH_T,
    combine_relative,
    plan_value,
    policy_distance,
    step_values,
)
from scenegraph.graph.scenario_graph import ScenarioGraph

SRC = {"source": "s_paper", "locator": "table 2"}


def _graph() -> ScenarioGraph:
    """A smelter's slice: four scenarios at electrolysis, two KPIs on its electricity, one policy line."""
    nodes = [
        {"id": "electrolysis", "label": "Stage", "name_zh": "电解", "name_en": "Electrolysis", "order": 1},
        {"id": "kpi_ac_kwh_t", "label": "KPI", "name_zh": "交流电耗", "name_en": "AC", "unit": "kWh/t Al",
         "direction": "lower"},
        {"id": "kpi_dc_kwh_t", "label": "KPI", "name_zh": "直流电耗", "name_en": "DC", "unit": "kWh/t Al",
         "direction": "lower"},
        {"id": "kpi_ae_frequency", "label": "KPI", "name_zh": "阳极效应", "name_en": "AE", "unit": "AE/(pot·day)",
         "direction": "lower"},
        {"id": "tgt_ac", "label": "Target", "name_zh": "13000", "name_en": "13000", "comparator": "<=",
         "value": 13000.0, "unit": "kWh/t Al", "stages": ["electrolysis"]},
    ]
    for sc, grade in (("sc_a", "B"), ("sc_b", "A"), ("sc_c", None), ("sc_d", "C"), ("sc_r", "B")):
        nodes.append({"id": sc, "label": "Scenario", "name_zh": sc, "name_en": sc, "importance": 3,
                      "evidence_grade": grade})
    edges = [(sc, "electrolysis", "AT", {}) for sc in ("sc_a", "sc_b", "sc_c", "sc_d", "sc_r")]
    edges += [
        ("sc_a", "kpi_dc_kwh_t", "IMPROVES", {"metric": "DC", "unit": "kWh/t Al", "value": -300.0, **SRC}),
        ("sc_b", "kpi_ac_kwh_t", "IMPROVES", {"metric": "AC", "unit": "%", "value": -2.0, **SRC}),
        ("sc_c", "kpi_ac_kwh_t", "IMPROVES", {"effect": "lower AC", **SRC}),  # words only
        ("sc_d", "kpi_ae_frequency", "IMPROVES", {"metric": "AE", "unit": "per pot-day", "value": 0.01, **SRC}),
        ("sc_r", "kpi_dc_kwh_t", "IMPROVES", {"metric": "DC", "unit": "kWh/t Al", "low": -400.0, "high": -200.0,
                                              **SRC}),
        ("sc_b", "sc_a", "DEPENDS_ON", {"strength": "hard"}),
        ("kpi_ac_kwh_t", "tgt_ac", "TRACKS", {}),
    ]
    return ScenarioGraph.from_rows(nodes, edges)


PLANT = PlantProfile.model_validate({"capacity_t": {"electrolysis": 100_000}, "kpis": {"kpi_ac_kwh_t": 13_500},
                                     "electricity_price_cny_kwh": 0.40, "emission_factor_t_mwh": 0.5,
                                     "carbon_price_cny_t": 100})


def test_a_small_plants_value_matches_the_hand_computation():
    v = step_values(_graph(), ["sc_a", "sc_b"], PLANT)
    a, b = v["sc_a"], v["sc_b"]
    # sc_a: 300 kWh/t x 100,000 t = 30 GWh; 30,000 MWh x 0.5 t/MWh = 15,000 t; 30e6 x 0.40 + 15,000 x 100 yuan
    assert a.kwh.p50 == pytest.approx(30e6) and a.kwh.p10 == a.kwh.p90
    assert a.t_co2e.p50 == pytest.approx(15_000)
    assert a.cny.p50 == pytest.approx(12e6 + 1.5e6)
    assert a.grade == "B" and a.effects[0].source == "s_paper" and a.effects[0].locator == "table 2"
    # sc_b: 2 % of 13,500 kWh/t = 270 kWh/t
    assert b.kwh_per_t.p50 == pytest.approx(270)
    assert b.kwh.p50 == pytest.approx(27e6) and b.cny.p50 == pytest.approx(27e6 * 0.4 + 13_500 * 100)
    # together: relative reductions one after another, never summed: 13,500 x (1 - (1 - 300/13,500)(1 - 0.02))
    plan = plan_value(_graph(), ["sc_a", "sc_b", "sc_c"], PLANT)
    assert plan.kwh_per_t.p50 == pytest.approx(564.0)
    assert plan.kwh.p50 == pytest.approx(56.4e6) and plan.kwh.p50 < a.kwh.p50 + b.kwh.p50
    assert plan.steps == ("sc_a", "sc_b") and plan.base_kpi == "kpi_ac_kwh_t"


def test_a_range_is_sampled_into_p10_p50_p90_reproducibly():
    first = step_values(_graph(), ["sc_r"], PLANT)["sc_r"]
    # saving uniform in 200-400 kWh/t: P10 about 220, P50 about 300, P90 about 380 (x 100,000 t)
    assert first.kwh_per_t.p10 == pytest.approx(220, abs=8)
    assert first.kwh_per_t.p50 == pytest.approx(300, abs=8)
    assert first.kwh_per_t.p90 == pytest.approx(380, abs=8)
    assert step_values(_graph(), ["sc_r"], PLANT)["sc_r"] == first  # fixed seed


def test_uncertain_inputs_widen_the_yuan_band():
    wide = PLANT.model_copy(update={"electricity_price_cny_kwh": PLANT.electricity_price_cny_kwh.model_validate(
        [0.3, 0.5])})
    a = step_values(_graph(), ["sc_a"], wide)["sc_a"]
    assert a.kwh.p10 == a.kwh.p90  # the effect is one number
    assert a.cny.p10 == pytest.approx(30e6 * 0.32 + 1.5e6, rel=0.02)
    assert a.cny.p90 == pytest.approx(30e6 * 0.48 + 1.5e6, rel=0.02)


def test_steps_without_a_convertible_sourced_effect_say_not_quantified_and_why():
    v = step_values(_graph(), ["sc_c", "sc_d"], PLANT)
    assert not v["sc_c"].quantified and v["sc_c"].cny is None
    assert "no sourced quantified effect" in v["sc_c"].reason.en and "未量化" in v["sc_c"].reason.zh
    assert not v["sc_d"].quantified and "cannot be converted" in v["sc_d"].reason.en
    no_capacity = step_values(_graph(), ["sc_a"], PlantProfile())["sc_a"]
    assert not no_capacity.quantified and "electrolysis capacity (t Al/a)" in no_capacity.reason.en
    no_current = step_values(_graph(), ["sc_b"], PLANT.model_copy(update={"kpis": {}}))["sc_b"]
    assert not no_current.quantified and "kpi_ac_kwh_t" in no_current.reason.en
    # the plan total needs a current value to combine without double counting
    plan = plan_value(_graph(), ["sc_a"], PLANT.model_copy(update={"kpis": {}}))
    assert plan.kwh is None and "double counting" in plan.reason.en


def test_the_combination_rule_and_the_physical_floor():
    assert combine_relative([0.1, 0.2]) == pytest.approx(1 - 0.9 * 0.8)
    assert combine_relative([]) == 0.0
    assert combine_relative([0.5, 0.5], floor_share=0.6) == pytest.approx(0.6)
    # a plant already near the floor: the plan never saves below FLOOR_KWH_T
    near = PLANT.model_copy(update={"kpis": {"kpi_ac_kwh_t": PLANT.kpis["kpi_ac_kwh_t"].model_validate(
        FLOOR_KWH_T + 100)}})
    plan = plan_value(_graph(), ["sc_a", "sc_r"], near)
    assert plan.kwh_per_t.p90 == pytest.approx(100)


def test_distance_to_the_policy_line_and_what_the_plan_closes():
    g = _graph()
    plan = plan_value(g, ["sc_a", "sc_b"], PLANT)
    (d,) = policy_distance(g, PLANT, plan, ["electrolysis"])
    assert d.kpi == "kpi_ac_kwh_t" and d.gaps == {"tgt_ac": pytest.approx(500)}
    assert d.closable.p50 == pytest.approx(564)
    (unknown,) = policy_distance(g, PlantProfile(), None, ["electrolysis"])
    assert unknown.closable is None and unknown.gaps == {} and "current value" in unknown.reason.en
    assert policy_distance(g, PLANT, plan, ["casthouse"]) == []  # the line binds electrolysis only


@pytest.mark.parametrize("bad, words", [
    ({"capacity_t": {"electrolysis": -5}}, "greater than 0"),
    ({"capacity_t": {"electrolysis": 1e12}}, "less than or equal"),
    ({"electricity_price_cny_kwh": 50}, "0-10"),
    ({"emission_factor_t_mwh": [0.9, 0.2]}, "above high"),
    ({"carbon_price_cny_t": True}, "not true/false"),
    ({"electricity_price_cny_kwh": "0.4"}, "not text"),
    ({"electricity_price_cny_kwh": float("nan")}, "finite"),
    ({"kpis": {"kpi_ac_kwh_t": [float("-inf"), 1]}}, "finite"),
    ({"kpis": {"kpi_nope": 3}}, "unknown KPI"),
    ({"capacity_t": {"kpi_ac_kwh_t": 3}}, "unknown stage"),
    ({"power": "grid"}, "Extra inputs"),
    ({"kpis": {f"kpi_{i}": 1 for i in range(501)}}, "at most 500"),
    ("not a mapping", "must be an object"),
])
def test_bad_profiles_are_refused_with_the_reason(bad, words):
    with pytest.raises(ProfileError) as e:
        parse_profile(bad, _graph())
    assert words in str(e.value) and e.value.lines("zh")


def test_defaults_show_their_source_or_say_illustrative():
    for name, d in DEFAULTS.items():
        assert d.source_en and d.source_zh, name
        assert d.illustrative or d.url, name
    span, is_default = PlantProfile().input("emission_factor_t_mwh")
    assert is_default and span.low == 0.5366
    assert PLANT.input("electricity_price_cny_kwh") == (PLANT.electricity_price_cny_kwh, False)


def test_the_profile_travels_with_the_assessment(shipped):
    data = {"enterprise_id": "ent_smelter", "name": "示例电解铝厂", "stages": ["electrolysis"],
            "answers": {"sc_elec_anode_current_monitoring": 1},
            "profile": {"capacity_t": {"electrolysis": 500000}, "kpis": {"kpi_ac_kwh_t": [13300, 13500]},
                        "power_source": "grid"}}
    a = parse_assessment(data, shipped)
    back = from_json(to_json(a), shipped)
    assert back == a and back.profile.kpis["kpi_ac_kwh_t"].low == 13300
    # a capacity of a stage not operated, or an unknown KPI, is refused like any other bad answer
    for profile, words in (({"capacity_t": {"rolling": 1000}}, "not operated"),
                           ({"kpis": {"kpi_x": 1}}, "unknown KPI"),
                           ({"capacity_t": {"electrolysis": 0}}, "greater than 0")):
        with pytest.raises(AssessmentError, match=words):
            parse_assessment({**data, "profile": profile}, shipped)
    assert json.loads(to_json(parse_assessment({**data, "profile": None}, shipped)))["profile"] is None


def test_shipped_smelter_values_only_sourced_effects(shipped):
    a = parse_assessment({"enterprise_id": "ent_smelter", "name": "x", "stages": ["electrolysis"],
                          "answers": {}, "profile": None}, shipped)
    rm = roadmap(Scorer(shipped), a)
    values = step_values(shipped, [s.id for s in rm.steps], PLANT)
    for sid, v in values.items():
        if v.quantified:
            assert v.effects and all(e.source and e.locator for e in v.effects), sid
            assert v.kwh.p10 <= v.kwh.p50 <= v.kwh.p90
        else:
            assert v.reason is not None, sid
