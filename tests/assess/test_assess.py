"""Self-assessment on the small fixture: every expected number is worked out by hand in the comments."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from scenegraph.assess import (
    AssessmentError,
    Scorer,
    benchmark,
    from_csv,
    from_json,
    gaps,
    maturity_level,
    parse_assessment,
    roadmap,
    to_csv,
    to_json,
)
from scenegraph.base.i18n import t
from scenegraph.dataset.loader import load_graph

FACTORIES = """
- id: bm_a
  name_zh: 甲厂
  name_en: Plant A
  region: X
  illustrative: true
  operates: [smelting]
  implements:
    - {to: sc_measure, level: 4, illustrative: true}
    - {to: sc_feed, level: 3, illustrative: true}
- id: bm_b
  name_zh: 乙厂
  name_en: Plant B
  region: Y
  illustrative: true
  operates: [smelting, refining]
  implements:
    - {to: sc_twin, level: 5, illustrative: true}
    - {to: sc_digest, level: 2, illustrative: true}
- id: bm_c
  name_zh: 丙厂
  name_en: Plant C
  region: Z
  illustrative: true
  operates: [casting]
"""


def make(graph, stages, answers, **extra):
    return parse_assessment({"enterprise_id": "ent_t", "name": "测试企业", "stages": stages, "answers": answers,
                             **extra}, graph)


@pytest.fixture(scope="module")
def scorer(small_graph):
    return Scorer(small_graph)


@pytest.fixture(scope="module")
def with_factories(tmp_path_factory):
    from shutil import copytree

    from tests.conftest import FIXTURES

    d = tmp_path_factory.mktemp("f") / "data"
    copytree(FIXTURES / "small", d)
    (d / "factories.yaml").write_text(FACTORIES, encoding="utf-8")
    return Scorer(load_graph(d))


@pytest.mark.parametrize("score, level", [(0, 0), (0.79, 0), (0.8, 1), (1.79, 1), (1.8, 2), (2.8, 3), (3.8, 4),
                                          (4.79, 4), (4.8, 5), (5, 5)])
def test_score_bands_follow_gbt_39117(score, level):
    assert maturity_level(score) == level


def test_scores_are_importance_weighted(scorer, small_graph):
    # smelting: sc_measure (importance 3), sc_feed (5), sc_twin (2); unanswered twin counts 0
    a = make(small_graph, ["smelting"], {"sc_measure": 3, "sc_feed": 2})
    s = scorer.score(a)
    assert s.overall.score == pytest.approx((3 * 3 + 5 * 2 + 2 * 0) / 10)  # 1.9
    assert s.overall.level == 2
    assert s.overall.coverage == pytest.approx(2 / 3, abs=1e-4)
    assert (s.overall.applicable, s.overall.answered) == (3, 2)
    # dom_ops: measure, feed -> 19 / 8; dom_energy: feed, twin -> 10 / 7
    assert s.by_domain["dom_ops"].score == pytest.approx(2.375)
    assert s.by_domain["dom_energy"].score == pytest.approx(10 / 7, abs=1e-4)
    assert s.by_domain["dom_energy"].level == 1
    assert list(s.by_stage) == ["smelting"]


def test_scores_per_stage_and_overall(scorer, small_graph):
    a = make(small_graph, ["smelting", "refining"], {"sc_measure": 3, "sc_feed": 2, "sc_digest": 4})
    s = scorer.score(a)
    assert list(s.by_stage) == ["refining", "smelting"]  # chain order
    assert s.by_stage["refining"].score == 4.0 and s.by_stage["refining"].level == 4
    assert s.by_stage["smelting"].score == pytest.approx(1.9)
    assert s.overall.score == pytest.approx((9 + 10 + 16) / 14)  # 2.5
    assert s.overall.level == 2


def test_benchmark_median_best_percentile(with_factories):
    g = with_factories.graph
    a = make(g, ["smelting"], {"sc_measure": 3, "sc_feed": 2})  # smelting 1.9
    b = benchmark(with_factories, a)
    st = b.by_stage["smelting"]
    # bm_a: (3*4 + 5*3) / 10 = 2.7; bm_b: twin 5 -> 2*5 / 10 = 1.0; bm_c runs casting only: not a peer
    assert [(p.factory, p.score) for p in st.peers] == [("bm_a", 2.7), ("bm_b", 1.0)]
    assert st.median == pytest.approx(1.85) and st.best == 2.7 and st.best_factory == "bm_a"
    assert st.percentile == 50.0
    # overall: bm_b is scored only on the stage it shares (smelting), not on refining
    assert [p.score for p in b.overall.peers] == [2.7, 1.0]


def test_benchmark_without_peers(with_factories):
    a = make(with_factories.graph, ["refining"], {"sc_digest": 4})
    b = benchmark(with_factories, a)
    assert [p.factory for p in b.by_stage["refining"].peers] == ["bm_b"]
    assert b.by_stage["refining"].percentile == 100.0  # 4.0 against bm_b's 2.0
    alone = make(with_factories.graph, ["casting"], {})
    assert benchmark(with_factories, alone).by_stage["casting"].median == 0.0  # bm_c runs nothing: 0


def test_gaps_ranked_by_importance_then_kpis(scorer, small_graph):
    a = make(small_graph, ["smelting"], {"sc_measure": 3, "sc_feed": 2})
    found = gaps(scorer, a, target_level=3)
    assert [(g.scenario, g.current, g.target) for g in found] == [("sc_feed", 2, 3), ("sc_twin", 0, 3)]
    assert found[0].kpis == ("kpi_energy",) and found[0].targets == ("tgt_energy",)
    assert [g.scenario for g in gaps(scorer, a, 2)] == ["sc_twin"]
    with pytest.raises(ValueError, match="1-5"):
        gaps(scorer, a, target_level=6)


def test_roadmap_waits_for_prerequisites(scorer, small_graph):
    a = make(small_graph, ["smelting"], {"sc_measure": 3, "sc_feed": 2})
    r = roadmap(scorer, a, 3)
    # twin depends on feed (a gap) and, softly, on digest (a refining scenario: the enterprise runs no refinery, so
    # digest is named on twin as another stage's prerequisite, never a step)
    assert [(w.months, [s.id for s in w.steps]) for w in r.waves] == [(6, ["sc_feed"]), (12, ["sc_twin"])]
    twin = r.steps_by_id["sc_twin"]
    assert twin.after == ("sc_feed",) and twin.external == ("sc_digest",) and twin.kpis == ("kpi_energy",)
    assert r.steps_by_id["sc_feed"].unlocks == ("sc_twin",)
    assert "sc_digest" not in r.steps_by_id
    assert r.technologies_in_place == ("en_dcs",)  # sc_measure runs at level 3 and needs it


def test_roadmap_a_prerequisite_at_a_stage_operated_is_a_step(scorer, small_graph):
    # operating the refinery too, digest is a step of its own (a gap there, and twin's prerequisite)
    both = roadmap(scorer, make(small_graph, ["smelting", "refining"], {"sc_measure": 3, "sc_feed": 2}), 3)
    assert both.steps_by_id["sc_twin"].after == ("sc_digest", "sc_feed") and not both.steps_by_id["sc_twin"].external


def test_roadmap_capacity_one_puts_one_step_a_wave(scorer, small_graph):
    a = make(small_graph, ["smelting"], {"sc_measure": 3, "sc_feed": 2})
    r = roadmap(scorer, a, 3, capacity=1)
    assert [[s.id for s in w.steps] for w in r.waves] == [["sc_feed"], ["sc_twin"]]


def test_roadmap_a_missing_technology_comes_first(scorer, small_graph):
    # measure at level 1: DCS not in place yet -> the technology first, then measure, feed, twin
    b = make(small_graph, ["smelting"], {"sc_measure": 1})
    r = roadmap(scorer, b, 3)
    assert [[s.id for s in w.steps] for w in r.waves] == [["en_dcs"], ["sc_measure"], ["sc_feed"], ["sc_twin"]]
    assert [w.months for w in r.waves] == [6, 12, 24, 36]  # past the horizons: the last interval again
    assert r.steps_by_id["en_dcs"].kind == "technology" and r.steps_by_id["en_dcs"].unlocks == ("sc_measure",)


def test_roadmap_refuses_waves_out_of_order(scorer, small_graph):
    with pytest.raises(ValueError, match="increasing"):
        roadmap(scorer, make(small_graph, ["smelting"], {"sc_measure": 1}), 3, waves=(12, 6))


def test_nothing_to_do_gives_an_empty_roadmap(scorer, small_graph):
    a = make(small_graph, ["smelting"], {"sc_measure": 5, "sc_feed": 5, "sc_twin": 5})
    assert roadmap(scorer, a, 3).waves == () and gaps(scorer, a) == []


# ---------------------------------------------------------------- reading and writing


def test_json_and_csv_round_trip(small_graph):
    a = make(small_graph, ["smelting", "refining"], {"sc_measure": 3, "sc_digest": 0}, region="广西",
             at=datetime(2026, 5, 1, 8, 30, tzinfo=UTC))
    assert from_json(to_json(a), small_graph) == a
    text = to_csv(a, small_graph)
    assert "在线" in text or "Online bath measurement" in text
    back = from_csv(text, small_graph)
    # the CSV lists every applicable scenario: unanswered ones come back as explicit 0
    assert back.answers == {"sc_digest": 0, "sc_feed": 0, "sc_measure": 3, "sc_twin": 0}
    assert (back.enterprise_id, back.name, back.region, back.stages, back.at) == (
        a.enterprise_id, a.name, a.region, a.stages, a.at)
    assert from_csv(text.encode("utf-8-sig"), small_graph) == back


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe{", "not UTF-8 text: byte 0xff at line 1"),
    (b"[1, 2]", "must be an object"),
    (b'{"name": "x", "stages": ["smelting"]}', "enterprise id: missing"),
    (b'{"enterprise_id": "acme", "name": "x", "stages": ["smelting"]}',
     "enterprise id: must start with ent_ and hold only lower-case letters, digits and _ ('acme')"),
    (b'{"enterprise_id": "ent_x", "name": "x", "stages": []}', "stages operated: pick at least one"),
    (b'{"enterprise_id": "ent_x", "name": "x", "stages": ["moon"]}', "unknown stage 'moon'"),
    (b'{"enterprise_id": "ent_x", "name": "x", "stages": ["sc_feed"]}', "'sc_feed' is a Scenario, not a Stage"),
    (b'{"enterprise_id": "ent_x", "name": "x", "stages": ["smelting"], "answers": {"sc_feed": 7}}',
     "the level of sc_feed: must be a whole number 0-5 (7)"),
    (b'{"enterprise_id": "ent_x", "name": "x", "stages": ["smelting"], "answers": {"sc_feed": "high"}}',
     "the level of sc_feed: must be a whole number 0-5 ('high')"),
    (b'{"enterprise_id": "ent_x", "name": "x", "stages": ["smelting"], "answers": {"sc_digest": 2}}',
     "'sc_digest' does not apply at the stages operated (smelting); it applies at refining"),
    (b'{"enterprise_id": "ent_x", "name": "x", "stages": ["smelting"], "answers": {"sc_nope": 2}}',
     "unknown scenario 'sc_nope'"),
    (b'{"enterprise_id": "ent_x", "name": "x", "stages": ["smelting"], "extra": 1}', "unknown field 'extra'"),
])
def test_bad_json_uploads_say_what_is_wrong(small_graph, data, message):
    with pytest.raises(AssessmentError) as e:
        from_json(data, small_graph)
    assert any(message in p for p in e.value.problems), e.value.problems


@pytest.mark.parametrize("text, message", [
    ("", "no rows"),
    ("a,b\n1,2\n", "lacks the column(s) enterprise_id"),
    ("enterprise_id,enterprise_name,stages,scenario_id,level\nent_x,X,smelting,sc_feed,high\n",
     "line 2: level of 'sc_feed' must be a whole number"),
    ("enterprise_id,enterprise_name,stages,scenario_id,level\nent_x,X,smelting,sc_feed,2\nent_y,X,smelting,sc_twin,1\n",
     "line 3: enterprise_id differs"),
    ("enterprise_id,enterprise_name,stages,scenario_id,level\nent_x,X,smelting,sc_feed,9\n",
     "must be a whole number 0-5, got '9'"),
])
def test_bad_csv_uploads_say_what_is_wrong(small_graph, text, message):
    with pytest.raises(AssessmentError) as e:
        from_csv(text, small_graph)
    assert any(message in p for p in e.value.problems), e.value.problems


def test_naive_times_are_utc(small_graph):
    a = from_json(json.dumps({"enterprise_id": "ent_x", "name": "x", "stages": ["smelting"],
                              "at": "2026-01-02T03:04:05"}), small_graph)
    assert a.at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def both_stages(small_graph):
    """Smelting and refining, measure at level 1 (DCS not in place): digest, DCS, measure, feed and twin to do."""
    return make(small_graph, ["smelting", "refining"], {"sc_measure": 1})


def test_roadmap_a_technology_declared_in_place_is_no_step(scorer, both_stages):
    # DCS declared in place: no technology step, measure can start at once
    r = roadmap(scorer, both_stages, 3, in_place=["en_dcs"])
    assert "en_dcs" not in r.steps_by_id and "en_dcs" in r.technologies_in_place
    assert [sorted(s.id for s in w.steps) for w in r.waves] == [["sc_digest", "sc_measure"], ["sc_feed"], ["sc_twin"]]


def test_roadmap_a_technology_step_moves_what_it_unlocks(scorer, both_stages):
    # the technology step says what it moves: the KPIs and targets of what it unlocks
    r = roadmap(scorer, both_stages, 3)
    dcs, measure = r.steps_by_id["en_dcs"], r.steps_by_id["sc_measure"]
    assert dcs.kpis == measure.kpis and dcs.targets == measure.targets


def test_roadmap_capacity_per_wave_counts_effort(scorer, both_stages):
    # capacity per wave (the last repeats), counting effort: measure (3) does not fit beside digest in wave 1 (2)
    r = roadmap(scorer, both_stages, 3, capacity=[2, 4], in_place=["en_dcs"], effort={"sc_measure": 3})
    assert [sorted(s.id for s in w.steps) for w in r.waves][:2] == [["sc_digest"], ["sc_measure"]]
    assert r.steps_by_id["sc_measure"].effort == 3 and r.steps_by_id["sc_digest"].effort is None
    for w in r.waves:
        assert sum(s.effort or 1 for s in w.steps) <= (2 if w.index == 1 else 4)


def test_roadmap_a_step_bigger_than_every_wave_takes_one_alone(scorer, both_stages):
    r = roadmap(scorer, both_stages, 3, capacity=2, in_place=["en_dcs"], effort={"sc_measure": 3})
    alone = next(w for w in r.waves if any(s.id == "sc_measure" for s in w.steps))
    assert [s.id for s in alone.steps] == ["sc_measure"]


def test_roadmap_a_technology_step_costs_capacity_like_a_scenario(scorer, both_stages):
    # 1 unless given: with one step a wave, DCS takes a wave of its own, after digest (importance 4) and just
    # before measure (importance 3), which it unlocks
    r = roadmap(scorer, both_stages, 3, capacity=1)
    assert [[s.id for s in w.steps] for w in r.waves] == [
        ["sc_digest"], ["en_dcs"], ["sc_measure"], ["sc_feed"], ["sc_twin"]]


def test_roadmap_a_technology_of_effort_0_costs_nothing(scorer, both_stages):
    r = roadmap(scorer, both_stages, 3, capacity=1, effort={"en_dcs": 0})
    assert [[s.id for s in w.steps] for w in r.waves][0] == ["sc_digest", "en_dcs"]


@pytest.mark.parametrize(("inputs", "words"), [
    ({"capacity": [0]}, "capacity"),
    ({"effort": {"sc_measure": -1}}, "effort"),
], ids=["capacity-0", "negative-effort"])
def test_roadmap_refuses_bad_planning_inputs(scorer, both_stages, inputs, words):
    with pytest.raises(ValueError, match=words):
        roadmap(scorer, both_stages, 3, **inputs)


@pytest.mark.parametrize(("lang", "head"), [("zh", "波次"), ("en", "Wave")])
def test_roadmap_workbook_reads_back_in_the_ui_language(scorer, small_graph, lang, head):
    import io
    from datetime import date

    from openpyxl import load_workbook

    from scenegraph.assess.evaluate import evaluate
    from scenegraph.assess.workbook import roadmap_xlsx

    ev = evaluate(scorer, make(small_graph, ["smelting"], {"sc_measure": 1}), 3, effort={"sc_measure": 2.5})
    wb = load_workbook(io.BytesIO(roadmap_xlsx(small_graph, ev, lang, start=date(2027, 1, 1))))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == head and len(rows) == 1 + len(ev.roadmap.steps)
    by_name = {r[4]: r for r in rows[1:]}
    measure = by_name[small_graph.name("sc_measure", lang)]
    wave = ev.roadmap.steps_by_id["sc_measure"].wave
    assert measure[0] == wave and measure[7] == 2.5
    begin = ev.roadmap.waves[wave - 2].months if wave > 1 else 0
    assert measure[1].date() == date(2027 + begin // 12, 1 + begin % 12, 1)
    # every KPI name the step moves is listed, beside how well its effect is backed and its evidence grade
    col = {name: i for i, name in enumerate(rows[0])}
    assert all(small_graph.name(k, lang) in measure[col[t("kpis", lang)]]
               for k in ev.roadmap.steps_by_id["sc_measure"].kpis)
    assert measure[col[t("sourced_effect", lang)]] == t("no_sourced_effect", lang)
    assert measure[col[t("grade", lang)]] == small_graph.node("sc_measure")["evidence_grade"]
    assert wb.worksheets[1].max_row == 1 + len(ev.gaps)
