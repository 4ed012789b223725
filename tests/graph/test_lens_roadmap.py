"""The policy lens, the gap list and the roadmap answer honestly (issues 22 and 23): levers apart from measurement,
recommended prerequisites shown, ranked by sourced effect first, the enterprise's stages respected, targets claimed
only where they bind. On the shipped data, the small fixture, and both stores where a store answers."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from scenegraph.assess import Scorer, gaps, parse_assessment, roadmap
from scenegraph.dataset.loader import check_dir
from scenegraph.export import FORMATS, export
from scenegraph.graph.effects import EFFECT_NONE, EFFECT_QUANTIFIED, effect_tier, grade_rank
from scenegraph.graph.shortlist import measuring, shortlist
from scenegraph.stores import MemoryStore

AC_TARGET = "tgt_new_capacity_ac_kwh"


def lens_of(store, target):
    (lens,) = store.policy_lens(target)
    ids = {lens.target} | {k.kpi for k in lens.kpis} | {
        s.scenario for k in lens.kpis for s in (*k.scenarios, *k.measured_by)}
    return lens, store.subgraph(ids)


# ---------------------------------------------------------------- the lens


@pytest.fixture(scope="module")
def ac_lens(shipped):
    """The AC energy target's lens, its subgraph and its shortlist."""
    lens, sub = lens_of(shipped, AC_TARGET)
    return lens, sub, shortlist(lens, sub, shipped.prerequisites)


def test_lens_lists_the_baseline_fact(ac_lens):
    assert "fact_2024_ac_consumption_change" in ac_lens[0].facts  # the 2024 baseline the page must show


@pytest.mark.parametrize("sc", ["sc_elec_alumina_feed_control", "sc_elec_heat_balance_alf3"])
def test_lens_lists_a_soft_prerequisite_as_recommended(ac_lens, sc):
    # the review's case: both depend softly on online bath measurement, which the old column hid ("none")
    row = {r.scenario: r for r in ac_lens[2]}[sc]
    assert "sc_elec_bath_online_measurement" in row.recommended, row
    assert "sc_elec_bath_online_measurement" not in row.prerequisites


def test_lens_rows_hold_the_stores_required_and_recommended_prerequisites_apart(ac_lens, shipped):
    for r in ac_lens[2]:
        hard = shipped.prerequisites(r.scenario, hard_only=True)
        assert list(r.prerequisites) == hard
        assert set(r.recommended) == set(shipped.prerequisites(r.scenario)) - set(hard)


def test_lens_ranks_by_sourced_effect_then_grade(ac_lens):
    # sourced effect first, then the evidence grade: never a row without a sourced effect above one with it
    rows = ac_lens[2]
    keys = [(r.tier, grade_rank(r.grade)) for r in rows]
    assert keys == sorted(keys)
    assert rows[0].tier == EFFECT_QUANTIFIED and rows[-1].tier == EFFECT_NONE


def test_lens_tiers_and_grades_are_what_the_data_says(ac_lens, shipped):
    _, sub, rows = ac_lens
    for r in rows:  # the tier is what the data says, nothing estimated
        tiers = [effect_tier(sub.edge_props(r.scenario, k, "IMPROVES")) for k in r.kpis]
        assert r.tier == min(tiers) and r.sourced == (r.tier < EFFECT_NONE)
        assert r.grade == shipped.node(r.scenario)["evidence_grade"]


def test_lens_keeps_measurement_apart_from_levers(shipped):
    lens, sub = lens_of(shipped, AC_TARGET)
    levers = lens.scenario_ids()
    measured = {m.scenario for m in measuring(lens, sub)}
    # the content review's measurement-only members: shown as measuring, never counted as levers
    assert {"sc_x_lean_cost_benchmarking", "sc_x_energy_level_diagnosis"} <= measured
    assert not measured & levers
    for m in measuring(lens, sub):
        assert all(sub.edge_props(m.scenario, k, "MEASURES") is not None for k in m.kpis)
    red_mud, sub = lens_of(shipped, "tgt_2027_red_mud_utilisation_new")
    assert "sc_rm_utilisation_ledger" in {m.scenario for m in measuring(red_mud, sub)}
    assert "sc_rm_utilisation_ledger" not in red_mud.scenario_ids()


@pytest.mark.parametrize("target", ["tgt_500ka_cell_share", "tgt_2027_below_baseline_capacity_exit", AC_TARGET])
def test_targets_digital_scenarios_do_not_reach_say_why_in_both_languages(shipped, target):
    node = shipped.node(target)
    assert node.get("digital_limit_zh") and node.get("digital_limit_en")
    assert node.get("stages") == ["electrolysis"]


def test_the_digital_limits_name_the_cause(shipped):
    assert "500" in shipped.node("tgt_500ka_cell_share")["digital_limit_en"]
    assert "改造" in shipped.node("tgt_2027_below_baseline_capacity_exit")["digital_limit_zh"]


def test_a_target_naming_an_unknown_stage_is_refused(small_copy: Path):
    path = small_copy / "targets.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("source: plan}", "source: plan, stages: [moon]}"),
                    encoding="utf-8")
    problems = check_dir(small_copy).problems
    assert [p.kind for p in problems] == ["unknown_id"] and "'moon', which is not a stage" in problems[0].message


# ---------------------------------------------------------------- gaps and the roadmap


@pytest.fixture(scope="module")
def shipped_scorer(shipped):
    return Scorer(shipped)


def plan_for(scorer, stages, capacity=None, answers=None):
    a = parse_assessment({"enterprise_id": "ent_t", "name": "t", "stages": stages, "answers": answers or {}},
                         scorer.graph)
    return a, roadmap(scorer, a, 3, capacity=capacity)


def test_a_rolling_mill_and_casthouse_plan_holds_no_other_stages_scenario(shipped_scorer, shipped):
    a, r = plan_for(shipped_scorer, ["rolling", "casthouse"], capacity=3)
    operated = set(shipped_scorer.applicable(a.stages))
    scenario_steps = [s for s in r.steps if s.kind == "scenario"]
    assert scenario_steps and all(s.id in operated for s in scenario_steps)
    # the review's wave-1 intruders are not steps
    assert "sc_rec_furnace_optimisation" not in r.steps_by_id
    assert not any(s.id.startswith("sc_elec_") for s in r.steps)
    # ... but a step needing another stage's scenario names it as such
    externals = {p for s in scenario_steps for p in s.external}
    assert externals and not externals & operated and not externals & set(r.steps_by_id)
    assert "sc_rec_furnace_optimisation" in externals
    # the new-potline energy requirement binds potlines: no step of a rolling mill claims it
    assert all(AC_TARGET not in s.targets for s in r.steps)
    assert all(AC_TARGET not in g.targets for g in gaps(shipped_scorer, a))


def test_the_potlines_pfc_monitoring_is_named_upstream_of_a_rolling_mills_carbon_accounting(shipped_scorer):
    _, r = plan_for(shipped_scorer, ["rolling", "casthouse", "enterprise"])
    assert "sc_elec_pfc_monitoring" not in r.steps_by_id  # the review's wave-1 potline step
    assert "sc_elec_pfc_monitoring" in r.steps_by_id["sc_x_carbon_accounting"].external


def test_a_potline_plan_claims_the_potline_targets(shipped_scorer):
    _, r = plan_for(shipped_scorer, ["electrolysis"])
    assert any(AC_TARGET in s.targets for s in r.steps)


def test_technology_steps_are_spread_by_capacity(shipped_scorer):
    _, r = plan_for(shipped_scorer, ["rolling", "casthouse"], capacity=3)
    tech_waves = {s.wave for s in r.steps if s.kind == "technology"}
    assert len(tech_waves) > 1, tech_waves  # not all in wave 1
    assert all(len(w.steps) <= 3 for w in r.waves)  # a technology step counts against the capacity
    for s in r.steps:  # and still comes before what it unlocks
        for u in s.unlocks:
            assert r.steps_by_id[u].wave > s.wave


def test_gaps_rank_by_sourced_effect_first(shipped_scorer):
    a, _ = plan_for(shipped_scorer, ["electrolysis", "alumina_refining"])
    found = gaps(shipped_scorer, a)
    tiers = [g.effect for g in found]
    assert tiers == sorted(tiers) and tiers[0] < EFFECT_NONE and tiers[-1] == EFFECT_NONE
    assert all(g.grade == shipped_scorer.graph.node(g.scenario)["evidence_grade"] for g in found)
    # measurement stays apart: a ledger's measured KPI is not among the KPIs it moves
    ledger = next(g for g in gaps(shipped_scorer, plan_for(shipped_scorer, ["red_mud_management"])[0])
                  if g.scenario == "sc_rm_utilisation_ledger")
    assert "kpi_red_mud_utilisation_new" in ledger.measures and "kpi_red_mud_utilisation_new" not in ledger.kpis


# ---------------------------------------------------------------- the grade in every export


def test_every_data_export_carries_the_evidence_grade(shipped):
    sub = shipped.subgraph(["sc_elec_alumina_feed_control", "electrolysis"])
    grade = shipped.node("sc_elec_alumina_feed_control")["evidence_grade"]
    for fmt in FORMATS:
        if fmt in ("png", "svg"):  # pictures draw names only
            continue
        data = export(sub, fmt, "en")
        if fmt == "csv":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                text = "".join(z.read(n).decode("utf-8-sig") for n in z.namelist())
        else:
            text = data.decode("utf-8")
        wanted = f"evidence grade {grade}" if fmt == "html" else "evidence_grade"
        assert wanted in text, fmt


# ---------------------------------------------------------------- both stores


@pytest.mark.neo4j
def test_both_stores_give_the_same_lens_shortlist_and_measuring(neo4j_store, shipped):
    from tests.conftest import load_into_neo4j

    mem, neo = MemoryStore(shipped), load_into_neo4j(neo4j_store, shipped)
    assert neo.policy_lens() == mem.policy_lens()
    assert any(k.measured_by for x in mem.policy_lens() for k in x.kpis)
    for target in (AC_TARGET, "tgt_2027_red_mud_utilisation_new", "tgt_500ka_cell_share"):
        (lm, sm), (ln, sn) = lens_of(mem, target), lens_of(neo, target)
        assert shortlist(ln, sn, neo.prerequisites) == shortlist(lm, sm, mem.prerequisites), target
        assert measuring(ln, sn) == measuring(lm, sm), target
    assert neo.node(AC_TARGET)["digital_limit_zh"] == shipped.node(AC_TARGET)["digital_limit_zh"]
    assert neo.node(AC_TARGET)["stages"] == ["electrolysis"]
