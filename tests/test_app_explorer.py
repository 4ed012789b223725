"""The planner's pages through AppTest: each page driven through its widgets, and what it shows asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import app_test

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app(monkeypatch) -> AppTest:
    at = app_test(monkeypatch)
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, name: str, **params: str) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, at.exception
    return at


def iframe_html(at: AppTest) -> str:
    frames = [e for e in at.main if getattr(e, "type", "") == "iframe"] or at.get("iframe")
    assert frames, "no network view on the page"
    return frames[0].proto.srcdoc


def network_data(at: AppTest) -> dict:
    """What the network component was asked to draw (its arguments, as the browser receives them)."""
    comps = [e for e in at.get("component_instance") if e.proto.component_name.endswith("scenegraph_network")]
    assert comps, "no network view on the page"
    return json.loads(comps[0].proto.json_args)["data"]


def test_map_share_mode_and_cell(app):
    app.radio(key="map_mode").set_value("share").run()
    assert not app.exception and app.query_params["map"] == "share"
    fig = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert "标杆工厂" in fig["layout"]["title"]["text"]
    shares = [v for row in fig["data"][0]["z"] for v in row if v is not None]
    assert shares and all(0 <= v <= 1 for v in shares) and max(shares) > 0
    app.selectbox(key="cell_stage").set_value("electrolysis").run()
    app.selectbox(key="cell_domain").set_value("dom_production_ops").run()
    links = app.markdown[-1].value
    assert "sc_elec_alumina_feed_control" in links and "node?id=sc_elec_alumina_feed_control" in links
    assert app.query_params["stage"] == "electrolysis"


def test_network_focus_hops_filters_and_deep_link(app, shipped):
    open_page(app, "network")
    data = network_data(app)
    labels = {n["group"] for n in data["nodes"]}
    # one row per stage, in chain order (a last row without id holds scenarios spanning several stages)
    assert labels == {"Stage", "Scenario"}
    assert [r["id"] for r in data["rows"] if r["id"]] == shipped.ordered("Stage")
    stage_y = {n["id"]: n["y"] for n in data["nodes"] if n["group"] == "Stage"}
    assert stage_y["bauxite_exploration"] < stage_y["electrolysis"] < stage_y["scrap_recycling"]
    app.sidebar.text_input(key="focus_q").input("氧化铝浓度自适应").run()
    assert app.sidebar.selectbox(key="focus_pick").value == "sc_elec_alumina_feed_control"
    app.sidebar.slider(key="hops").set_value(2).run()
    assert app.query_params["focus"] == "sc_elec_alumina_feed_control" and app.query_params["hops"] == "2"
    data = network_data(app)
    assert data["focus"] == "sc_elec_alumina_feed_control"
    focus = next(n for n in data["nodes"] if n["id"] == data["focus"])
    assert focus["borderWidth"] == 3 and focus["font"]["bold"]
    app.sidebar.multiselect(key="labels").set_value(["Scenario", "KPI"]).run()
    groups = {n["group"] for n in network_data(app)["nodes"]}
    assert "KPI" in groups and "Domain" not in groups  # KPIs in, domains filtered out
    # over the cap: the most relevant part, the rest folded into summary nodes (none dropped silently)
    app.sidebar.multiselect(key="labels").set_value([]).run()
    app.sidebar.slider(key="cap").set_value(20).run()
    data = network_data(app)
    summaries = [n for n in data["nodes"] if n.get("summary")]
    assert summaries and len(data["nodes"]) <= 20
    assert "折叠" in app.info[0].value
    # the same URL reopens the same view
    again = AppTest.from_file(APP, default_timeout=60)
    for k in ("focus", "hops", "cap"):
        again.query_params[k] = app.query_params[k]
    again.run()
    again.switch_page("pages/network.py").run()
    assert again.sidebar.slider(key="hops").value == 2 and again.sidebar.slider(key="cap").value == 20
    assert again.sidebar.selectbox(key="focus_pick").value == "sc_elec_alumina_feed_control"


def test_network_bad_link_is_a_warning(app):
    open_page(app, "network", focus="sc_nope", hops="banana")
    # the graph (178 scenarios) is now above the network cap, so a cap warning may come first
    assert any("sc_nope" in w.value for w in app.warning)
    assert app.sidebar.slider(key="hops").value == 1


def test_node_detail_shows_everything(app):
    open_page(app, "node", id="sc_elec_alumina_feed_control")
    assert "氧化铝" in app.header[0].value
    subheaders = [s.value for s in app.subheader]
    for wanted in ("属性", "AT", "IMPROVES", "来源", "前置场景链（先决条件在前）", "应用该场景的标杆工厂"):
        assert wanted in subheaders, (wanted, subheaders)
    chain = [m.value for m in app.markdown if "→" in m.value]
    assert chain and "sc_elec_alumina_feed_control" in chain[0]
    factories = app.dataframe[-1].value
    assert len(factories) >= 1


def test_path_finder(app):
    open_page(app, "paths")
    app.text_input(key="from_q").input("tgt_").run()
    app.text_input(key="to_q").input("bauxite_mining").run()
    assert app.selectbox(key="to_pick").value == "bauxite_mining"
    assert app.success[0].value.startswith("最短路径")
    assert app.query_params["from"] and app.query_params["to"] == "bauxite_mining"
    assert "vis.Network" in iframe_html(app)


def test_policy_lens_lists_every_target(app, shipped):
    app.sidebar.radio(key="lang").set_value("en").run()
    open_page(app, "lens")
    titles = [e.label for e in app.expander]
    assert len(titles) == len(shipped.ids("Target"))
    assert any("13000" in x and "2027 target" in x for x in titles)


def test_console_without_neo4j_says_so(app):
    open_page(app, "console")
    assert "NEO4J_URI" in app.info[0].value


@pytest.mark.neo4j
def test_console_on_neo4j_runs_read_only(monkeypatch, neo4j_settings, neo4j_store, shipped):
    from tests.conftest import load_into_neo4j

    load_into_neo4j(neo4j_store, shipped)
    at = app_test(monkeypatch, settings=neo4j_settings)
    at.run()
    at.switch_page("pages/console.py").run()
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    rows = at.dataframe[-1].value
    assert set(rows.columns) == {"stage", "n"} and len(rows) >= 5  # scenarios placed on a stage itself
    at.text_area(key="cypher").input("MATCH (n) DETACH DELETE n").run()
    at.button(key="run").click().run()
    assert "read-only" in at.error[0].value and "write" in at.error[0].value
    assert neo4j_store.stats().nodes == shipped.stats().nodes
    # the network view also works on Neo4j
    at.switch_page("pages/network.py").run()
    assert not at.exception
    data = network_data(at)
    assert len(data["rows"]) == 16 and {n["group"] for n in data["nodes"]} == {"Stage", "Scenario"}


def test_export_page_counts_preview_and_downloads(app, shipped):
    open_page(app, "export")
    assert "nothing selected" in app.info[0].value
    app.multiselect(key="ex_stages").set_value(["rolling"]).run()
    app.multiselect(key="ex_labels").set_value(["Scenario"]).run()
    counts = {m.label: m.value for m in app.metric}
    at_rolling = [s for s in shipped.ids("Scenario") if "rolling" in shipped.stages_of(s)]
    assert int(counts["节点"]) == len(at_rolling) > 6  # the rolling mill's scenarios
    assert "vis.Network" in iframe_html(app)
    buttons = [b for b in app.get("download_button")]
    assert len(buttons) == 8
    app.multiselect(key="ex_stages").set_value([]).run()
    app.selectbox(key="ex_factory").set_value("bm_demo_smelter_a").run()
    assert not app.exception
    assert int({m.label: m.value for m in app.metric}["节点"]) >= 10  # the factory's scenarios
    assert "sc_anode_baking_fire_control" in set(app.dataframe[-1].value["编号"])  # what it runs (Scenario filter kept)


def test_network_view_exports_in_one_click(app):
    open_page(app, "network", focus="sc_elec_alumina_feed_control")
    assert len(app.get("download_button")) == 8
