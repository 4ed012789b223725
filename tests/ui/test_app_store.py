"""One source of truth per page: with Neo4j configured, every explorer page shows what Neo4j holds, never the
shipped files. Neo4j is loaded with a graph unlike the shipped one (the small fixture, every name marked), and
each page's AppTest must show the marked names and counts, and none of the shipped graph's."""

from __future__ import annotations

import pytest

from scenegraph.graph.scenario_graph import ScenarioGraph
from tests.conftest import app_test, chart_data, load_into_neo4j

pytestmark = pytest.mark.neo4j
MARK_EN, MARK_ZH = "N4J ", "图库"


@pytest.fixture(scope="module")
def marked(small_graph) -> ScenarioGraph:
    """The small fixture with every name marked, so text from anywhere else cannot pass for it."""
    g = small_graph.g.copy()
    for _, attrs in g.nodes(data=True):
        attrs["name_en"] = MARK_EN + attrs["name_en"]
        attrs["name_zh"] = MARK_ZH + attrs["name_zh"]
    return ScenarioGraph(g, small_graph.sources)


@pytest.fixture
def neo_app(monkeypatch, tmp_path, neo4j_settings, neo4j_store, marked):
    """The app on Neo4j, with the embedded data folder pointing at nothing: a page that still reads the shipped
    files fails with the data-error message instead of passing unnoticed."""
    import streamlit as st

    load_into_neo4j(neo4j_store, marked)
    monkeypatch.setenv("SCENEGRAPH_DATA", str(tmp_path / "no-data-here"))
    monkeypatch.setenv("SCENEGRAPH_HOME", str(tmp_path / "home"))
    st.cache_resource.clear()  # no embedded graph (or whole-store graph) kept from an earlier test
    at = app_test(monkeypatch, settings=neo4j_settings)
    at.run()
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]  # no "Neo4j unreachable" fallback
    return at


def _open(at, name: str, **params: str):
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(f"views/{name}.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]  # no data-error message: the embedded files were not read
    return at


def _shipped_names(shipped, label: str) -> set[str]:
    return {shipped.name(n, "zh") for n in shipped.ids(label)}


def test_overview_counts_and_map_come_from_neo4j(neo_app, marked, shipped):
    metrics = {m.label: int(m.value) for m in neo_app.metric}
    assert metrics["数字化场景"] == len(marked.ids("Scenario")) != len(shipped.ids("Scenario"))
    assert metrics["关系"] == marked.stats().relationships
    fig = chart_data(neo_app)
    stages = {r["name"] for r in fig["rows"]}
    assert stages == {marked.name(s, "zh") for s in marked.ids("Stage")}
    assert not stages & _shipped_names(shipped, "Stage")
    neo_app.text_input(key="q").input("数字孪生").run()
    table = neo_app.dataframe[0].value
    assert list(table["名称"]) == [MARK_ZH + "电解槽数字孪生"]


def test_node_detail_comes_from_neo4j(neo_app, marked):
    at = _open(neo_app, "node", id="sc_feed")
    assert at.header[0].value == marked.name("sc_feed", "zh")
    links = {e.proto.label.split(" · ")[0] for e in at.get("page_link")}
    around = {marked.name(n, "zh") for n in marked.neighbourhood("sc_feed", 1) if n != "sc_feed"}
    assert around and around <= links


def test_paths_come_from_neo4j(neo_app, marked):
    at = _open(neo_app, "paths", **{"from": "sc_twin", "to": "refining"})
    steps = [e.proto.label for e in at.get("page_link")]
    assert len(steps) == 3 and all(MARK_ZH in s for s in steps)


def test_policy_lens_comes_from_neo4j(neo_app, marked, shipped):
    at = _open(neo_app, "lens")
    fig = chart_data(at)
    assert [b["name"] for b in fig["bars"]] == [marked.name("tgt_energy", "zh")]
    rows = at.dataframe[0].value
    # the scenarios moving the target, through KPI contributions too (kpi_voltage -> kpi_energy)
    movers = {marked.name(s.scenario, "zh") for k in marked.policy_lens("tgt_energy")[0].kpis for s in k.scenarios}
    assert set(rows["数字化场景"]) == movers


def test_export_choices_come_from_neo4j(neo_app, marked):
    at = _open(neo_app, "export")
    options = set(at.multiselect(key="ex_stages_zh").options)
    assert options == {marked.name(s, "zh") for s in marked.ids("Stage")}
    at.multiselect(key="ex_labels_zh").set_value(["Scenario"]).run()
    counts = {m.label: int(m.value) for m in at.metric}
    assert counts["节点"] == len(marked.ids("Scenario"))


def test_network_filters_and_view_come_from_neo4j(neo_app, marked):
    at = _open(neo_app, "network")
    assert not at.error, [e.value for e in at.error]
    stages = set(at.multiselect(key="stages_zh").options)
    assert stages == {marked.name(s, "zh") for s in marked.ids("Stage")}
    assert set(at.multiselect(key="domains_zh").options) == {marked.name(d, "zh") for d in marked.ids("Domain")}
    drawn = len(marked.ids("Stage")) + len(marked.ids("Scenario"))  # the default view: stages and scenarios
    assert any(c.value.startswith(f"{drawn} 个节点") for c in at.caption), [c.value for c in at.caption]


def test_assessment_questionnaire_comes_from_neo4j(neo_app, marked):
    at = _open(neo_app, "assessment")
    assert not at.error, [e.value for e in at.error]
    box = next(m for m in at.multiselect if m.key.startswith("stages_"))
    assert set(box.options) == {marked.name(s, "zh") for s in marked.ids("Stage")}
    box.set_value(["smelting"]).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    questions = [r.label for r in at.radio if r.key and r.key.startswith("q_")]
    assert questions and all(q.startswith(f"**{MARK_ZH}") for q in questions)


def test_observatory_runs_on_neo4j_alone(neo_app):
    at = _open(neo_app, "observatory")
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "行业观测台"
