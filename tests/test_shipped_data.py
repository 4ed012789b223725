"""The curated graph in data/: it validates and holds what the foundation issue promises."""

from __future__ import annotations

import pytest

from scenegraph.data import check_dir

STAGES = [
    "bauxite_exploration", "bauxite_mining", "beneficiation", "alumina_refining", "red_mud_management",
    "carbon_anode", "electrolysis", "casthouse", "rolling", "extrusion", "scrap_recycling", "enterprise",
]


def test_shipped_data_validates():
    assert check_dir().problems == []


def test_every_stage_of_the_chain_with_its_processes(shipped):
    for stage in STAGES:
        assert shipped.label(stage) == "Stage"
        if stage != "enterprise":
            assert shipped.in_ids(stage, "PART_OF"), f"{stage} has no processes"


def test_the_recycling_loop_closes(shipped):
    assert "casthouse" in shipped.out_ids("scrap_recycling", "FEEDS")
    assert shipped.shortest_path("casthouse", "scrap_recycling") is not None


def test_at_least_30_scenarios_fully_wired(shipped):
    scenarios = shipped.ids("Scenario")
    assert len(scenarios) >= 30
    for sc in scenarios:
        for rel in ("AT", "IN_DOMAIN", "INSTANCE_OF", "REQUIRES", "IMPROVES"):
            assert shipped.out_ids(sc, rel), f"{sc} has no {rel}"
    with_models = [sc for sc in scenarios if shipped.out_ids(sc, "USES_MODEL")]
    with_prereqs = [sc for sc in scenarios if shipped.out_ids(sc, "DEPENDS_ON")]
    assert len(with_models) == len(scenarios)
    assert len(with_prereqs) >= 15


def test_domains_start_from_the_eight_miit_links(shipped):
    miit = [d for d in shipped.ordered("Domain") if shipped.node(d)["group"] == "miit"]
    assert [shipped.name(d, "zh") for d in miit] == [
        "工厂建设", "产品研发", "工艺设计", "生产管理", "生产作业", "运营管理", "产品服务", "供应链管理",
    ]


def test_forty_national_reference_scenarios(shipped):
    refs = shipped.ids("ReferenceScenario")
    assert len(refs) == 40
    assert all(len(shipped.out_ids(r, "IN_DOMAIN")) == 1 for r in refs)
    assert "先进过程控制" in {shipped.name(r, "zh") for r in refs}


@pytest.mark.parametrize(
    ("target", "comparator", "value", "unit", "baseline"),
    [
        ("tgt_2027_bauxite_resource_growth", "range", 3, "%", None),
        ("tgt_2027_recycled_al_output", ">=", 15, "Mt", (2024, 10.5)),
        ("tgt_2027_benchmark_capacity_share", ">=", 30, "%", None),
        ("tgt_2027_clean_energy_share", ">=", 30, "%", (2024, 25)),
        ("tgt_2027_red_mud_utilisation_new", ">=", 15, "%", None),
        ("tgt_new_capacity_ac_kwh", "<=", 13000, "kWh/t Al", None),
        ("tgt_500ka_cell_share", "encouraged", None, "%", (2024, 45)),
        ("tgt_2024_alumina_output", "approx", 85, "Mt", None),
        ("tgt_2024_primary_al_output", "approx", 44, "Mt", None),
        ("tgt_2024_al_products_output", "approx", 49.5, "Mt", None),
        ("tgt_2024_ac_consumption_change", "approx", -2, "% vs 2020", None),
    ],
)
def test_plan_numbers_are_exact(shipped, target, comparator, value, unit, baseline):
    t = shipped.node(target)
    assert (t["comparator"], t.get("value"), t["unit"]) == (comparator, value, unit)
    assert (t.get("baseline_year"), t.get("baseline_value")) == (baseline or (None, None))
    assert t["source"] == "s2_miit_interpretation"


def test_bauxite_range_upper_bound(shipped):
    assert shipped.node("tgt_2027_bauxite_resource_growth")["value_max"] == 5


def test_every_target_is_tracked_and_reaches_scenarios(shipped):
    for lens in shipped.policy_lens():
        assert lens.kpis, f"{lens.target} is tracked by no KPI"
    moved = [lens.target for lens in shipped.policy_lens() if lens.scenario_ids()]
    for t in ("tgt_2027_clean_energy_share", "tgt_2027_red_mud_utilisation_new", "tgt_new_capacity_ac_kwh",
              "tgt_2027_recycled_al_output", "tgt_2027_bauxite_resource_growth"):
        assert t in moved


def test_every_fact_is_sourced_or_marked_illustrative(shipped):
    for node_id in shipped.ids():
        node = shipped.node(node_id)
        assert node.get("source") or node["illustrative"], node_id


def test_names_in_both_languages_are_distinct(shipped):
    for node_id in shipped.ids():
        node = shipped.node(node_id)
        assert node["name_zh"] != node["name_en"] or node["name_zh"].isascii(), node_id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in node["name_zh"]) or node["name_zh"].isascii(), node_id
