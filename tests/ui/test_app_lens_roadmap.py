"""The lens, the map's evidence grade, a target's card and the roadmap on the pages (AppTest, zh and en)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from scenegraph.base.i18n import t
from scenegraph.graph.words import value_text
from tests.conftest import app_test, chart_data, shown

AC_TARGET = "tgt_new_capacity_ac_kwh"


@pytest.fixture
def app(monkeypatch) -> AppTest:
    at = app_test(monkeypatch)
    at.run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, name: str, lang: str = "zh", **params: str) -> AppTest:
    if lang != "zh":
        at.sidebar.radio(key="lang").set_value(lang).run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{name}.py").run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, column: str):
    """The first dataframe on the page holding `column`, as a pandas frame, with its column config."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value, json.loads(df.proto.columns)
    raise AssertionError(f"no table with column {column!r}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lens_answers_the_13000_question(app, shipped, lang):
    open_page(app, "lens", lang, target=AC_TARGET)
    text = "\n".join(shown(m.value) for m in app.markdown)
    # the 2024 baseline fact is shown (it was looked for in a subgraph without facts)
    assert t("fact_line", lang).split("{")[0] in text and "2024" in text
    # why digital scenarios alone do not make a new potline comply, in the page's language
    assert any(shown(shipped.node(AC_TARGET)[f"digital_limit_{lang}"]) in shown(w.value) for w in app.warning)
    rows, config = table(app, t("needs_first", lang))
    # recommended prerequisites beside the required ones, marked as such
    soft = value_text("strength", "soft", lang)
    feed = rows[rows[t("scenarios", lang)] == shipped.name("sc_elec_alumina_feed_control", lang)].iloc[0]
    assert shipped.name("sc_elec_bath_online_measurement", lang) + t("paren", lang).format(soft) in \
        feed[t("needs_first", lang)]
    # ranked by sourced effect first: 'no sourced effect' rows all after the sourced ones, and said
    effect = list(rows[t("sourced_effect", lang)])
    none = [e.startswith(t("no_sourced_effect", lang)) for e in effect]
    assert any(none) and not all(none) and none == sorted(none)
    assert set(rows[t("grade", lang)]) <= {"A", "B", "C", "D"}
    # every column in view on a 1440 px screen (about 940 px of table beside the sidebar)
    assert sum(c["width"] for c in config.values() if "width" in c) <= 940, config
    assert list(rows.columns)[-2:] == [t("importance", lang), t("kpis_via", lang)]
    # measurement apart: the diagnosis is listed as measuring, not among the levers
    measuring, _ = table(app, t("measures", lang))
    diagnosis = shipped.name("sc_x_energy_level_diagnosis", lang)
    assert diagnosis in list(measuring[t("scenarios", lang)])
    assert diagnosis not in list(rows[t("scenarios", lang)])
    assert any(s.value.startswith(t("measured_by_title", lang).split("{")[0]) for s in app.subheader)


def test_lens_without_any_effect_words_keeps_the_effect_column_narrow(monkeypatch, small_copy):
    """A target none of whose levers states an effect (the shipped targets all have one now: the small fixture with
    its one effect taken out) keeps the effect column narrow."""
    scenarios = small_copy / "scenarios.yaml"
    text = scenarios.read_text(encoding="utf-8")
    assert '{to: kpi_energy, effect: "-100 kWh/t", source: plan}' in text
    scenarios.write_text(text.replace('{to: kpi_energy, effect: "-100 kWh/t", source: plan}', "kpi_energy"),
                         encoding="utf-8")
    monkeypatch.setenv("SCENEGRAPH_DATA", str(small_copy))
    at = app_test(monkeypatch)
    at.run()
    open_page(at, "lens", target="tgt_energy")
    rows, config = table(at, t("needs_first", "zh"))
    assert len(rows) and set(rows[t("sourced_effect", "zh")]) == {t("no_sourced_effect", "zh")}
    assert config[t("sourced_effect", "zh")]["width"] <= 110


def test_a_target_card_links_to_its_lens_view(app, shipped):
    open_page(app, "node", id="tgt_2027_below_baseline_capacity_exit")
    links = [e.proto for e in app.get("page_link") if "lens" in e.proto.page]
    assert len(links) == 1 and links[0].label == t("open_in_lens", "zh")
    assert parse_qs(links[0].query_string)["target"] == ["tgt_2027_below_baseline_capacity_exit"]
    assert any("改造" in w.value for w in app.warning)
    text = "\n".join(shown(m.value) for m in app.markdown)
    assert t("target_stages", "zh") in text and shipped.name("electrolysis", "zh") in text
    assert "digital_limit" not in text and "['electrolysis']" not in text


def test_map_colours_and_filters_by_evidence_grade(app, shipped):
    open_page(app, "overview", "en", grades="A")  # a link's grades
    assert app.multiselect(key="map_grades_en").value == ["A"] and app.query_params["grades"] == "A"
    app.radio(key="map_mode_en").set_value("grade").run()
    assert not app.exception and app.query_params["map"] == "grade"
    fig = chart_data(app)
    assert fig["title"] == t("matrix_grade_title", "en") and fig["scale"] == "oranges"
    shares = [v for row in fig["values"] for v in row if v is not None]
    assert shares and all(v == 1 for v in shares)  # only grade A counted: every counted scenario is sourced
    links = {parse_qs(e.proto.query_string)["id"][0]: e.proto.label for e in app.get("page_link")
             if "node" in e.proto.page}
    assert links and all(shipped.node(sc).get("evidence_grade") == "A" and label.endswith(" · A")
                         for sc, label in links.items() if sc.startswith("sc_"))
    # all grades: the share of sourced scenarios varies between cells
    app.multiselect(key="map_grades_en").set_value([]).run()
    shares = [v for row in chart_data(app)["values"] for v in row if v is not None]
    assert min(shares) < max(shares)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_roadmap_of_a_rolling_mill_names_other_stages_prerequisites(monkeypatch, lang):
    at = app_test(monkeypatch)
    at.run()
    open_page(at, "assessment", lang)
    at.multiselect(key=f"stages_0_{lang}").set_value(["rolling", "casthouse"]).run()
    assert not at.exception, at.exception
    gaps, _ = table(at, t("sourced_effect", lang))
    assert t("grade", lang) in gaps.columns and t("measures", lang) in gaps.columns
    road, _ = table(at, t("why", lang))
    why = "\n".join(road[t("why", lang)])
    assert t("other_stage", lang) in why
    steps = "\n".join(road[t("step", lang)])
    assert "PFC" not in steps  # the potline's PFC monitoring is no step of a rolling mill's plan
    assert "13,000" not in why and "13000" not in why
