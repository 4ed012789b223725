"""The curated graph in data/: it validates and holds what the foundation issue promises."""

from __future__ import annotations

import pytest

from scenegraph.curation.report import curation_report
from scenegraph.dataset.loader import check_dir
from scenegraph.graph.schema import AI_CATEGORIES

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
        for rel in ("AT", "IN_DOMAIN", "INSTANCE_OF", "REQUIRES"):
            assert shipped.out_ids(sc, rel), f"{sc} has no {rel}"
        assert shipped.out_ids(sc, "IMPROVES") or shipped.out_ids(sc, "MEASURES"), f"{sc} neither improves nor measures"
    with_models = [sc for sc in scenarios if shipped.out_ids(sc, "USES_MODEL")]
    with_prereqs = [sc for sc in scenarios if shipped.out_ids(sc, "DEPENDS_ON")]
    # USES_MODEL where AI is used: ledgers, marking and measurement foundations name no model, and none of them
    # may then claim one of the plan's AI-model requirements
    assert len(with_models) >= 0.85 * len(scenarios)
    for sc in set(scenarios) - set(with_models):
        assert not [r for r in shipped.out_ids(sc, "ADDRESSES") if r.startswith("pr_ai_")], sc
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
    ("target", "comparator", "value", "unit", "year_inferred"),
    [
        ("tgt_2027_bauxite_resource_growth", "range", 3, "%", False),
        ("tgt_2027_recycled_al_output", ">=", 15, "Mt", False),
        ("tgt_2027_benchmark_capacity_share", ">=", 30, "%", False),
        ("tgt_2027_clean_energy_share", ">=", 30, "%", False),
        ("tgt_2027_red_mud_utilisation_new", ">=", 15, "%", False),
        ("tgt_new_capacity_ac_kwh", "<=", 13000, "kWh/t Al", True),
        ("tgt_500ka_cell_share", "encouraged", None, "%", True),
        ("tgt_new_projects_env_grade_a", "meets", None, None, True),
        ("tgt_new_alumina_energy_advanced_value", "meets", None, None, True),
        ("tgt_clean_bulk_transport_share", "encouraged", None, "%", True),
    ],
)
def test_plan_numbers_are_exact(shipped, target, comparator, value, unit, year_inferred):
    t = shipped.node(target)
    assert (t["comparator"], t.get("value"), t.get("unit")) == (comparator, value, unit)
    assert (t["year"], t["year_inferred"]) == (2027, year_inferred)
    assert t["source"] == "s2_miit_interpretation"


@pytest.mark.parametrize(
    ("fact", "kpi", "value", "unit", "year_inferred"),
    [
        ("fact_2024_alumina_output", "kpi_alumina_output", 85, "Mt", False),
        ("fact_2024_primary_al_output", "kpi_primary_al_output", 44, "Mt", False),
        ("fact_2024_al_products_output", "kpi_al_products_output", 49.5, "Mt", False),
        ("fact_2024_recycled_al_output", "kpi_recycled_al_output", 10.5, "Mt", False),
        ("fact_2024_ac_consumption_change", "kpi_ac_kwh_t", -2, "% vs 2020", True),
        ("fact_2024_500ka_share", "kpi_500ka_share", 45, "%", True),
        ("fact_2024_clean_energy_share", "kpi_clean_energy_share", 25, "%", True),
    ],
)
def test_2024_figures_are_facts_not_targets(shipped, fact, kpi, value, unit, year_inferred):
    f = shipped.node(fact)
    assert (f["label"], f["year"], f["comparator"], f["value"], f["unit"]) == ("Fact", 2024, "approx", value, unit)
    assert f["year_inferred"] is year_inferred and f["source"] == "s2_miit_interpretation"
    assert shipped.in_ids(fact, "HAS_FACT") == [kpi]
    assert not any(shipped.node(t)["year"] == 2024 for t in shipped.ids("Target"))


def test_output_kpis_have_no_better_direction(shipped):
    """The plan caps output (产能总量约束): more alumina or primary metal is not 'better'. Recycled output has a
    target and stays 'higher'."""
    for kpi in ("kpi_alumina_output", "kpi_primary_al_output", "kpi_al_products_output"):
        assert shipped.node(kpi).get("direction") is None and not shipped.out_ids(kpi, "TRACKS")
    assert shipped.node("kpi_recycled_al_output")["direction"] == "higher"


def test_the_plans_missing_asks_are_there_in_its_words(shipped):
    quotes = {r: shipped.node(r)["quote_zh"] for r in shipped.ids("Requirement")}
    assert "推进氢氧化铝焙烧、铝用阳极焙烧环节实施清洁能源替代" in quotes["pr_clean_energy_calcination_baking"]
    assert "推动提高铝行业大宗货物清洁运输比例" in quotes["pr_clean_bulk_transport"]
    assert "环保绩效A级" in quotes["pr_env_grade_a"]
    below = shipped.node("tgt_2027_below_baseline_capacity_exit")
    assert below["name_zh"] == "电解铝能效基准水平以下产能完成技术改造或淘汰退出" and not below["year_inferred"]
    assert "能耗限额标准先进值" in shipped.node("tgt_new_alumina_energy_advanced_value")["name_zh"]


def test_lens_for_13000_kwh_reaches_the_potline_energy_scenarios(shipped):
    """DC energy and current efficiency decide AC energy per tonne: the electrolysis scenarios that improve them
    move the <= 13,000 kWh/t requirement through CONTRIBUTES_TO, and the 2024 figure is a fact, apart."""
    (lens,) = shipped.policy_lens("tgt_new_capacity_ac_kwh")
    by_kpi = {k.kpi: k for k in lens.kpis}
    assert by_kpi["kpi_ac_kwh_t"].via == ()
    assert by_kpi["kpi_dc_kwh_t"].via == ("kpi_ac_kwh_t",)
    assert by_kpi["kpi_current_efficiency"].via == ("kpi_dc_kwh_t", "kpi_ac_kwh_t")
    electrolysis = {sc for sc in lens.scenario_ids() if "electrolysis" in shipped.stages_of(sc)}
    energy = {sc for k in ("kpi_dc_kwh_t", "kpi_current_efficiency") for sc in shipped.in_ids(k, "IMPROVES")}
    assert energy and energy <= lens.scenario_ids()
    assert len(electrolysis) >= 10
    assert "sc_elec_alumina_feed_control" in electrolysis
    assert lens.facts == ("fact_2024_ac_consumption_change",)


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


# ---------------------------------------------------------------- the curated graph's thresholds (issue 4)

def test_at_least_100_scenarios_spread_over_every_stage(shipped):
    report = curation_report(shipped)
    assert report.scenarios >= 100
    assert min(report.per_stage.values()) >= 5, report.per_stage
    assert report.per_stage["alumina_refining"] >= 15 and report.per_stage["electrolysis"] >= 15
    assert report.per_stage["red_mud_management"] >= 5 and report.per_stage["scrap_recycling"] >= 5
    assert sum(report.cells.values()) >= report.scenarios


def test_every_scenario_is_complete_in_both_languages(shipped):
    for sc in shipped.ids("Scenario"):
        node = shipped.node(sc)
        assert node.get("description_zh") and node.get("description_en"), sc
        assert any("\u4e00" <= ch <= "\u9fff" for ch in node["description_zh"]), sc
        assert 1 <= node["level"] <= 5 and 1 <= node["importance"] <= 5
        for rel in ("AT", "IN_DOMAIN", "INSTANCE_OF", "REQUIRES", "ADDRESSES"):
            assert shipped.out_ids(sc, rel), f"{sc} has no {rel}"
        assert shipped.out_ids(sc, "IMPROVES") or shipped.out_ids(sc, "MEASURES"), f"{sc} neither improves nor measures"


def test_the_four_ai_categories_and_ten_model_types(shipped):
    report = curation_report(shipped)
    assert set(report.ai_categories) == set(AI_CATEGORIES)
    assert min(report.ai_categories.values()) >= 8, report.ai_categories
    used = {shipped.node(m)["model_type"] for sc in shipped.ids("Scenario") for m in shipped.out_ids(sc, "USES_MODEL")}
    assert len(used) >= 10


def test_technologies_kpis_and_targets(shipped):
    assert len(shipped.ids("Technology")) >= 20
    kpis = shipped.ids("KPI")
    assert len(kpis) >= 30
    assert all(shipped.node(k)["unit"] and shipped.node(k).get("direction") in ("lower", "higher", None) for k in kpis)
    assert all(shipped.in_ids(t, "TRACKS") for t in shipped.ids("Target"))


def test_benchmark_factories(shipped):
    factories = shipped.ids("Factory")
    assert len(factories) >= 10
    combos = [set(shipped.out_ids(f, "OPERATES")) for f in factories]
    assert any({"carbon_anode", "electrolysis", "casthouse"} <= c for c in combos)
    for stage in ("alumina_refining", "rolling", "extrusion", "scrap_recycling", "bauxite_mining"):
        assert sum(stage in c for c in combos) >= 1, stage
    with_levels = [f for f in factories if shipped.out_ids(f, "IMPLEMENTS")]
    assert len(with_levels) >= 10


def test_real_factories_cite_sources_for_what_they_run(shipped):
    for f in shipped.ids("Factory"):
        node = shipped.node(f)
        if node["illustrative"]:
            assert "示例" in node["name_zh"] and "Illustrative" in node["name_en"], f
            continue
        assert node.get("source"), f
        for sc in shipped.out_ids(f, "IMPLEMENTS"):
            assert shipped.edge_props(f, sc, "IMPLEMENTS").get("source"), (f, sc)


def test_illustrative_factories_respect_prerequisites(shipped):
    for f in shipped.ids("Factory"):
        if not shipped.node(f)["illustrative"]:
            continue  # a real plant's IMPLEMENTS has no level: no source grades it
        runs = {sc: shipped.edge_props(f, sc, "IMPLEMENTS")["level"] for sc in shipped.out_ids(f, "IMPLEMENTS")}
        for sc, level in runs.items():
            for p in shipped.out_ids(sc, "DEPENDS_ON"):
                if shipped.edge_props(sc, p, "DEPENDS_ON")["strength"] == "hard" and p in runs:
                    assert level <= runs[p] + 1, (f, sc, p)


def test_report_finds_no_orphans_and_no_unsourced_facts(shipped):
    report = curation_report(shipped)
    assert report.orphans == []
    assert report.unsourced == []
    assert report.clean


def test_report_catches_what_is_wrong(small_graph):
    import networkx as nx

    from scenegraph.graph.scenario_graph import ScenarioGraph

    g = nx.MultiDiGraph(small_graph.g)
    g.add_node("kpi_lonely", label="KPI", id="kpi_lonely", name_zh="孤", name_en="Lonely", unit="t",
               direction="lower", illustrative=False)
    g.add_edge("sc_digest", "kpi_energy", key="IMPROVES", type="IMPROVES", effect="-5 %", illustrative=False)
    g.remove_edge("sc_measure", "kpi_voltage", key="IMPROVES")
    report = curation_report(ScenarioGraph(g))
    assert report.orphans == ["kpi_lonely"]
    assert "kpi_lonely" in report.unsourced and "sc_digest -IMPROVES-> kpi_energy" in report.unsourced
    assert report.without_kpis == ["sc_measure"] and "sc_measure" in report.without_prerequisites
    assert not report.clean


def test_gaps_and_roadmap_follow_kpi_contributions(shipped):
    """A potline scenario whose KPIs track no target themselves (current efficiency, ...) serves the 13,000 kWh/t
    target in the gap ranking and in the roadmap's steps (current efficiency -> DC energy -> AC energy)."""
    from scenegraph.assess import Scorer, gaps, parse_assessment, roadmap

    only_ce = [sc for sc in shipped.in_ids("kpi_current_efficiency", "IMPROVES")
               if not any(shipped.out_ids(k, "TRACKS") for k in shipped.out_ids(sc, "IMPROVES"))]
    assert only_ce, "every scenario improving current efficiency also improves a tracking KPI"
    scorer = Scorer(shipped)
    assert "tgt_new_capacity_ac_kwh" in scorer.targets[only_ce[0]]
    a = parse_assessment({"enterprise_id": "ent_t", "name": "T", "stages": ["electrolysis"], "answers": {}}, shipped)
    gap = next(g for g in gaps(scorer, a) if g.scenario == only_ce[0])
    assert "tgt_new_capacity_ac_kwh" in gap.targets
    step = roadmap(scorer, a).steps_by_id[only_ce[0]]
    assert "tgt_new_capacity_ac_kwh" in step.targets


def test_an_empty_text_or_list_is_no_value(shipped):
    """Validated nodes hold no "" and no []: every store and file format then gives back exactly the same node
    (a CSV cell cannot tell either from absent, and neo4j-admin import leaves an empty array out), with no fix-up
    pass after a bulk import. The data does have nodes without aliases or sources, so the rule is exercised."""
    assert any("aliases" not in a for _, a in shipped.g.nodes(data=True))
    empty = [(n, k) for n, a in shipped.g.nodes(data=True) for k, v in a.items() if v == "" or v == []]
    assert empty == []
