"""The planner's pages through AppTest: each page driven through its widgets, and what it shows asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scenegraph.present.network_view import edges_of
from tests.conftest import app_test, chart_data, shown

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app(monkeypatch) -> AppTest:
    at = app_test(monkeypatch)
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, name: str, **params: str) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{name}.py").run()
    assert not at.exception, at.exception
    return at


def network_data(at: AppTest) -> dict:
    """What the network component was asked to draw (its arguments, as the browser receives them)."""
    views = [json.loads(e.proto.json) for e in at.get("bidi_component")
             if e.proto.component_name == "scenegraph_network_view"]
    views = [v["view"] for v in views if "view" in v]  # (not the preloader every page holds)
    assert views, "no network view on the page"
    return views[0]


def page_links(at: AppTest) -> dict[str, str]:
    """Every link to a node's detail on the page: id -> the link's text."""
    from urllib.parse import parse_qs

    out = {}
    for e in at.get("page_link"):
        q = parse_qs(e.proto.query_string)
        assert e.proto.page.endswith("node") or "node" in e.proto.page, e.proto.page
        out[q["id"][0]] = e.proto.label
    return out


def test_map_share_mode_and_cell(app):
    app.radio(key="map_mode_zh").set_value("share").run()
    assert not app.exception and app.query_params["map"] == "share"
    fig = chart_data(app)
    assert "标杆工厂" in fig["title"] and fig["kind"] == "heat"
    shares = [v for row in fig["values"] for v in row if v is not None]
    assert shares and all(0 <= v <= 1 for v in shares) and max(shares) > 0
    assert all(text.endswith("%") for row in fig["text"] for text in row if text)  # shares shown as percentages
    # a cell from the URL (a click on the map writes the same): outlined, its scenarios listed as links
    open_page(app, "overview", stage="electrolysis", domain="dom_production_ops")
    fig = chart_data(app)
    # each cell is clickable by its row's and column's ids (a click sends them back); the chosen one is outlined
    assert "electrolysis" in [r["id"] for r in fig["rows"]] and "dom_production_ops" in [c["id"] for c in fig["cols"]]
    assert fig["chosen"] == ["electrolysis", "dom_production_ops"]
    links = page_links(app)
    assert "sc_elec_alumina_feed_control" in links and "氧化铝" in links["sc_elec_alumina_feed_control"]
    assert app.query_params["stage"] == "electrolysis" and app.query_params["lang"] == "zh"


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
    assert focus["id"] == data["focus"] and data["focus_color"] != data["palette"][focus["group"]]
    app.sidebar.multiselect(key="labels_zh").set_value(["Scenario", "KPI"]).run()
    groups = {n["group"] for n in network_data(app)["nodes"]}
    assert "KPI" in groups and "Domain" not in groups  # KPIs in, domains filtered out
    # over the cap: the most relevant part, the rest folded into summary nodes (none dropped silently)
    app.sidebar.multiselect(key="labels_zh").set_value([]).run()
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
    again.switch_page("views/network.py").run()
    assert again.sidebar.slider(key="hops").value == 2 and again.sidebar.slider(key="cap").value == 20
    assert again.sidebar.selectbox(key="focus_pick").value == "sc_elec_alumina_feed_control"


def test_network_bad_link_is_a_warning(app):
    open_page(app, "network", focus="sc_nope", hops="banana", cap="9999", layout="spiral", size="huge")
    # the graph (178 scenarios) is now above the network cap, so a cap warning may come first
    assert any("sc_nope" in shown(w.value) for w in app.warning)
    # each bad parameter falls back to its default through the page's model; the URL is corrected
    assert app.sidebar.slider(key="hops").value == 1 and app.sidebar.slider(key="cap").value == 150
    assert app.sidebar.radio(key="layout_zh").value == "layered"
    assert app.sidebar.radio(key="size_by_zh").value == "importance"
    assert not {"layout", "cap", "hops", "size"} & {k for k in app.query_params}  # defaults leave the URL


def test_network_link_with_layout_and_size_reopens_them(app):
    open_page(app, "network", layout="force", size="degree", cap="60")
    assert app.sidebar.radio(key="layout_zh").value == "force" and app.sidebar.radio(key="size_by_zh").value == "degree"
    assert app.sidebar.slider(key="cap").value == 60
    assert app.query_params["layout"] == "force" and app.query_params["size"] == "degree"


def test_node_detail_is_a_card(app, shipped):
    open_page(app, "node", id="sc_elec_alumina_feed_control")
    assert "氧化铝" in app.header[0].value
    text = "\n".join(m.value for m in app.markdown)
    assert shipped.name("sc_elec_alumina_feed_control", "en") in text  # both names
    for wanted in ("**成熟度等级**：", "**重要度**：", "**所需数据**：", "**应用于**", "**改善的指标**",
                   "**已在这些工厂应用**"):
        assert wanted in text, wanted
    assert "None" not in text and "IMPROVES" not in text and "name_en" not in text
    assert [s.value for s in app.subheader][:2] == ["它指向", "指向它的"]  # outgoing and incoming apart
    links = page_links(app)
    assert "electrolysis" in links or any(k.startswith("electrolysis__") for k in links)  # where it applies
    factories = [u for u, v, _, _ in shipped.edges("IMPLEMENTS") if v == "sc_elec_alumina_feed_control"]
    assert factories and all(f in links for f in factories)  # each factory running it, a link
    prereqs = shipped.prerequisites("sc_elec_alumina_feed_control")
    if prereqs:
        dot = app.get("graphviz_chart")[0].proto.spec
        assert all(f'"{p}"' in dot for p in prereqs) and all(p in links for p in prereqs)


def test_path_finder(app):
    open_page(app, "paths")
    app.text_input(key="from_q").input("tgt_").run()
    app.text_input(key="to_q").input("bauxite_mining").run()
    assert app.selectbox(key="to_pick").value == "bauxite_mining"
    assert app.success[0].value.startswith("最短路径")
    assert app.query_params["from"] and app.query_params["to"] == "bauxite_mining"
    steps = page_links(app)
    assert "bauxite_mining" in steps and app.query_params["from"] in steps  # every step a link
    # drawn by the clickable component (not a pyvis page): the path's nodes, relationships in words
    data = network_data(app)
    assert {n["id"] for n in data["nodes"]} == set(steps)
    assert all(e["title"] and not e["title"].isupper() for e in edges_of(data))


def test_policy_lens_answers_per_target(app, shipped):
    app.sidebar.radio(key="lang").set_value("en").run()
    open_page(app, "lens")
    fig = chart_data(app)
    assert fig["kind"] == "bars" and len(fig["bars"]) == len(shipped.ids("Target"))
    # the numbers drawn on the bars: each target's count of scenarios moving it
    assert [b["value"] for b in fig["bars"]] == [len(x.scenario_ids()) for x in shipped.policy_lens()]
    target = next(t for t in shipped.ids("Target") if shipped.node(t).get("value") == 13000)
    open_page(app, "lens", target=target)
    assert app.selectbox(key="lens_target").value == target
    assert any("at most 13000" in m.value for m in app.markdown)
    assert "2027 target" not in "".join(m.value for m in app.markdown)
    # the shortlist leads with the scenario's name; no column is pinned (Streamlit draws a pinned column faded, as
    # if disabled: the review read the greyed names as unavailable)
    config = next(json.loads(d.proto.columns) for d in app.dataframe if "Needs first" in d.value.columns)
    assert list(config)[:2] == ["#", "Scenarios"] and not any(v.get("pinned") for v in config.values()), config
    downloads = {b.proto.label for b in app.get("download_button")}
    assert {"Download CSV", "Download a printable page (HTML)"} <= downloads
    # a requirement without a figure says so, not "Target for 2027: meets"
    bare = next(t for t in shipped.ids("Target") if shipped.node(t).get("comparator") == "meets")
    open_page(app, "lens", target=bare)
    assert any("to be met (a requirement, no figure)" in shown(m.value) for m in app.markdown)


def test_console_without_neo4j_says_so(app):
    open_page(app, "console")
    assert "NEO4J_URI" in app.info[0].value


@pytest.mark.neo4j
def test_console_on_neo4j_runs_read_only(monkeypatch, neo4j_settings, neo4j_store, shipped):
    from tests.conftest import load_into_neo4j

    load_into_neo4j(neo4j_store, shipped)
    at = app_test(monkeypatch, settings=neo4j_settings)
    at.run()
    at.switch_page("views/console.py").run()
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    rows = at.dataframe[-1].value
    assert set(rows.columns) == {"stage", "n"} and len(rows) >= 5  # scenarios placed on a stage itself
    at.text_area(key="cypher").input("MATCH (n) DETACH DELETE n").run()
    at.button(key="run").click().run()
    assert at.error[0].value == "控制台只读：该查询会写入数据"  # the refusal in the interface language
    assert neo4j_store.stats().nodes == shipped.stats().nodes
    # the network view also works on Neo4j
    at.switch_page("views/network.py").run()
    assert not at.exception
    data = network_data(at)
    assert [r["id"] for r in data["rows"] if r["id"]] == shipped.ordered("Stage")  # one row per stage, in chain order
    assert {n["group"] for n in data["nodes"]} == {"Stage", "Scenario"}


def test_export_page_counts_preview_and_downloads(app, shipped):
    open_page(app, "export")
    assert "请选择要导出的内容" in app.info[0].value
    app.multiselect(key="ex_stages_zh").set_value(["rolling"]).run()
    app.multiselect(key="ex_labels_zh").set_value(["Scenario"]).run()
    counts = {m.label: m.value for m in app.metric}
    at_rolling = [s for s in shipped.ids("Scenario") if "rolling" in shipped.stages_of(s)]
    assert int(counts["节点"]) == len(at_rolling) > 6  # the rolling mill's scenarios
    assert {n["id"] for n in network_data(app)["nodes"]} == set(at_rolling)  # the preview: clickable component
    buttons = [b for b in app.get("download_button")]
    assert len(buttons) == 8
    app.multiselect(key="ex_stages_zh").set_value([]).run()
    app.selectbox(key="ex_factory_zh").set_value("bm_demo_smelter_a").run()
    assert not app.exception
    assert int({m.label: m.value for m in app.metric}["节点"]) >= 10  # the factory's scenarios
    assert "sc_anode_baking_fire_control" in set(app.dataframe[-1].value["编号"])  # what it runs (Scenario filter kept)


def test_network_view_exports_in_one_click(app):
    open_page(app, "network", focus="sc_elec_alumina_feed_control")
    assert not app.get("download_button")  # the "export this view" expander is closed: nothing drawn in it
    app.session_state["net_export_open"] = True  # the user opens it (Streamlit reruns)
    app.run()
    assert len(app.get("download_button")) == 8
