"""The interactive network's view model: folding above the cap loses no node, the layered layout follows the
chain, the payload is what the browser component draws."""

from __future__ import annotations

import json

import pytest

from scenegraph.base.i18n import short_lines
from scenegraph.present.network_view import (
    CELL_H,
    CELL_W,
    SUMMARY_PREFIX,
    edges_of,
    fold,
    places_of,
    positions,
    view_data,
    wrap_label,
)


@pytest.fixture(scope="module")
def places(shipped):
    return places_of(shipped)


@pytest.mark.parametrize("cap", [20, 60, 150, 400])
def test_fold_keeps_every_node_drawn_or_summarised(shipped, places, cap):
    ids = shipped.ids()
    folded = fold(shipped, ids, cap, places=places)
    assert len(folded.ids) + len(folded.summaries) <= cap
    members = [m for s in folded.summaries for m in s.members]
    assert sorted([*folded.ids, *members]) == sorted(ids)  # nothing dropped, nothing twice
    assert folded.hidden == len(members) == len(ids) - len(folded.ids)
    if len(ids) <= cap:
        assert not folded.summaries


def test_fold_keeps_the_focus_and_its_neighbours_first(shipped, places):
    focus = "sc_elec_alumina_feed_control"
    dist = shipped.neighbourhood(focus, 2)
    folded = fold(shipped, dist, 20, focus, dist, places)
    assert folded.ids[0] == focus
    near = {n for n, d in dist.items() if d == 1}
    assert near <= set(folded.ids) or set(folded.ids[1:]) <= near


def test_summaries_name_a_stage_or_domain_and_are_drawn_dashed(shipped, places):
    # at the default cap (150): at 100 the 78 targets and KPIs leave room for only 22 summaries, so the rest is
    # folded by label alone (see test_policy_targets_and_kpis_are_never_folded_away)
    folded = fold(shipped, shipped.ids(), 150, places=places)
    data = view_data(shipped, folded, "zh", pos=positions(shipped, folded, places=places))
    summaries = [n for n in data["nodes"] if n.get("summary")]
    assert len(summaries) == len(folded.summaries)
    assert all(n["id"].startswith(SUMMARY_PREFIX) for n in summaries)
    assert any(shipped.name("electrolysis", "zh") in n["label"].replace("\n", "") for n in summaries)
    assert any(e.get("dashes") for e in edges_of(data))  # drawn nodes link to the groups they touch


def test_layered_layout_follows_the_chain(shipped, places):
    sub = shipped.subgraph([n for n in shipped.ids() if shipped.label(n) in ("Stage", "Process", "Scenario", "KPI")])
    folded = fold(sub, sub.ids(), 400, places=places)
    pos, rows = positions(sub, folded, "layered", places=places)
    assert [r["id"] for r in rows] == list(places.stage_order)  # one row per stage, in chain order
    for row in rows:  # every scenario sits in its stage's row, to the right of the stage
        stage_x, stage_y = pos[row["id"]]
        assert row["y0"] <= stage_y <= row["y1"]
        for n in sub.ids("Scenario"):
            if places.stage.get(n) == row["id"]:
                assert row["y0"] <= pos[n][1] <= row["y1"] and pos[n][0] > stage_x
    kpi_x = {pos[n][0] for n in sub.ids("KPI")}
    scen_x = {pos[n][0] for n in sub.ids("Scenario")}
    assert min(kpi_x) > max(scen_x)  # KPIs in their own band
    spots = [(round(x), round(y)) for x, y in pos.values()]
    assert len(spots) == len(set(spots)), "two nodes on one spot"


def test_a_neighbourhood_strip_is_turned_to_fit_the_canvas(shipped, places):
    """One scenario's neighbours touch one stage and every band: side by side they make a strip ten times wider
    than tall (off-screen at a readable zoom); turned, bands are rows top to bottom and stages columns."""
    focus = "sc_elec_anode_effect_prediction"
    dist = shipped.neighbourhood(focus, 1)
    sub = shipped.subgraph(dist)
    folded = fold(sub, sub.ids(), 150, focus, dist, places)
    pos, rows = positions(sub, folded, "layered", focus, places)
    assert rows and all("x0" in r and r["x0"] < r["x1"] for r in rows)  # stage columns, not rows
    width = max(x for x, _ in pos.values()) - min(x for x, _ in pos.values()) + CELL_W
    height = max(y for _, y in pos.values()) - min(y for _, y in pos.values()) + CELL_H
    assert 0.4 < width / height < 2.0
    order = ["Process", "Scenario", "KPI", "Factory"]  # bands top to bottom in BANDS' order
    ys = {label: [pos[n][1] for n in folded.ids if sub.label(n) == label] for label in order}
    assert all(ys.values())
    assert all(max(ys[a]) < min(ys[b]) for a, b in zip(order, order[1:], strict=False))
    spots = [(round(x), round(y)) for x, y in pos.values()]
    assert len(spots) == len(set(spots))
    # the whole chain stays as it was: one row per stage
    whole = fold(shipped, shipped.ids(), 400, places=places)
    assert all("y0" in r for r in positions(shipped, whole, "layered", places=places)[1])


@pytest.mark.parametrize("layout", ["force", "ego"])
def test_other_layouts_place_every_node(shipped, places, layout):
    focus = "sc_elec_anode_effect_prediction"
    dist = shipped.neighbourhood(focus, 2)
    sub = shipped.subgraph(dist)
    folded = fold(sub, sub.ids(), 80, focus, dist, places)
    pos, _ = positions(sub, folded, layout, focus, places)
    assert set(pos) == set(folded.ids) | {s.id for s in folded.summaries}
    if layout == "ego":
        assert pos[focus] == (0.0, 0.0)


def test_payload_is_plain_json_in_the_interface_language(shipped, places):
    sub = shipped.subgraph(shipped.filter_nodes(["Stage", "Scenario"]))
    folded = fold(sub, sub.ids(), 400, places=places)
    pos = positions(sub, folded, places=places)
    zh = view_data(sub, folded, "zh", focus="electrolysis", pos=pos)
    en = view_data(sub, folded, "en", focus="electrolysis", pos=pos)
    assert json.loads(json.dumps(zh)) == zh
    electro = {n["id"]: n for n in zh["nodes"]}["electrolysis"]
    assert electro["label"].replace("\n", "") == shipped.name("electrolysis", "zh") and zh["focus"] == "electrolysis"
    assert {x["label"] for x in en["legend"]} == {"Stage", "Scenario"}
    assert {x["label"] for x in zh["legend"]} == {"生产环节", "数字化场景"}
    assert len(zh["links"]) == sub.g.number_of_edges()
    # compact on the wire: each relationship's words once, relationships as positions into the node list
    assert len(zh["phrases"]) == len({typ for _, _, typ, _ in sub.edges()})
    assert {(e["from"], e["to"]) for e in edges_of(zh)} == {(u, v) for u, v, _, _ in sub.edges()}
    assert all(not e["title"].isupper() for e in edges_of(en))


def test_labels_wrap_to_short_lines():
    assert all(len(line) <= 9 for line in wrap_label("氧化铝浓度自适应下料控制与阳极效应预测").split("\n"))
    assert len(wrap_label("x " * 100).split("\n")) == 3 and wrap_label("长" * 40).endswith("…")
    assert all(len(line) <= 18 for line in wrap_label("Alumina concentration adaptive feeding").split("\n"))
    # Chinese lines of even length: 12 characters are two lines of 6, not 9 and 3
    assert [len(x) for x in short_lines("电解槽阳极效应预测与抑制", 18)] == [6, 6]
    assert short_lines("再生铝产量1500万吨以上", 18) == ["再生铝产量", "1500万吨以上"]  # a number stays whole
    assert short_lines("铝土矿勘探 · 1 个数字化场景", 18) == ["铝土矿勘探 ·", "1 个数字化场景"]
    assert short_lines("赤泥处置与综合利用 · 4 个数字化场景", 18) == ["赤泥处置与综合利用 ·", "4 个数字化场景"]


@pytest.mark.parametrize("cap", [100, 150, 400])
def test_policy_targets_and_kpis_are_never_folded_away(shipped, places, cap):
    """A planner reads the whole graph for its targets and KPIs: at any cap that can hold them they are drawn one
    by one, not hidden in a dashed box ("24 KPI")."""
    folded = fold(shipped, shipped.ids(), cap, places=places)
    wanted = set(shipped.ids("Target")) | set(shipped.ids("KPI"))
    assert wanted <= set(folded.ids)
    assert not any(s.label in ("Target", "KPI") for s in folded.summaries)
    assert len(folded.ids) + len(folded.summaries) <= cap


def test_stages_anchor_their_rows_before_any_scenario_is_drawn(shipped, places):
    """The network page's default view (stages and scenarios): with more scenarios than the cap, a stage with few,
    loosely linked scenarios (bauxite exploration) keeps its node rather than losing it to a busier scenario."""
    ids = [*shipped.ids("Stage"), *shipped.ids("Scenario")]
    assert len(ids) > 150
    folded = fold(shipped, ids, 150, places=places)
    assert set(shipped.ids("Stage")) <= set(folded.ids)
    assert len(folded.ids) + len(folded.summaries) <= 150


def test_label_counts_speak_words():
    from scenegraph.graph.words import label_count

    assert label_count("AIModel", 2, "zh") == "2 个 AI 模型" and label_count("KPI", 24, "zh") == "24 个指标"
    assert label_count("AIModel", 2, "en") == "2 AI models" and label_count("KPI", 24, "en") == "24 KPIs"
    assert label_count("Technology", 3, "en") == "3 enabling technologies"
    assert label_count("Process", 1, "en") == "1 process" and label_count("Process", 2, "en") == "2 processes"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_boxes_and_tooltips_speak_words(shipped, places, lang):
    from scenegraph.graph.schema import MATURITY_LEVELS

    folded = fold(shipped, shipped.ids(), 150, places=places)
    data = view_data(shipped, folded, lang, pos=positions(shipped, folded, places=places))
    boxes = [n["label"].replace("\n", "") for n in data["nodes"] if n.get("summary")]
    assert boxes and not any(b.endswith((" KPI", " AI model", "个AI 模型")) for b in boxes)
    scenario = next(n for n in data["nodes"] if n["group"] == "Scenario")
    tip = scenario["title"].splitlines()[-1]  # "level 3 of 5 · importance 4" in the interface language
    node = shipped.node(scenario["id"])
    word = MATURITY_LEVELS[node["level"]][0 if lang == "zh" else 1]
    assert tip == (f"成熟度 {node['level']}/5 级（{word}） · 重要度 {node['importance']}/5" if lang == "zh" else
                   f"maturity level {node['level']} of 5 ({word}) · importance {node['importance']} of 5"), tip
    assert "L" + str(node["level"]) not in tip
