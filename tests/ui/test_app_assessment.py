"""The self-assessment page, driven through AppTest: from a blank questionnaire to a saved assessment."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from scenegraph.auth.access import LOCAL
from scenegraph.base.i18n import t
from tests.conftest import app_test, private_downloads, shown


@pytest.fixture
def page(monkeypatch) -> AppTest:
    at = app_test(monkeypatch)  # the embedded default
    at.run()
    at.switch_page("views/assessment.py").run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_blank_questionnaire_to_saved_assessment(page):
    assert page.title[0].value == "成熟度自评"
    assert page.info[0].value == "请先选择企业运营的生产环节。"
    page.text_input(key="ent_0").input("ent_test_smelter")
    page.text_input(key="name_0").input("测试电解铝厂")
    page.multiselect(key="stages_0_zh").set_value(["electrolysis"]).run()
    assert not page.exception
    # every electrolysis scenario is asked, starting at 0
    questions = [r for r in page.radio if r.key and r.key.startswith("q_0_zh_")]
    assert len(questions) >= 10 and all(r.value == 0 for r in questions)
    assert "规划级" in questions[0].help and "Planning" in questions[0].help  # descriptors in both languages
    assert metrics(page)["得分（0-5）"] == "0.00" and metrics(page)["成熟度等级"] == "0 未开展"
    for r in questions:
        r.set_value(4)
    page.run()
    assert metrics(page)["得分（0-5）"] == "4.00" and metrics(page)["成熟度等级"] == "4 优化级"
    assert len(page.get("plotly_chart")) >= 3  # two radars and the benchmark bars
    page.button(key="save").click().run()
    assert not page.exception and not page.error, page.error
    assert page.success[0].value.startswith("已保存")
    # the history lists it, answers survive the rerun
    assert page.selectbox(key="history_pick").options
    assert page.radio(key=questions[0].key).value == 4


def test_answers_survive_stage_changes_and_language(page):
    page.multiselect(key="stages_0_zh").set_value(["electrolysis"]).run()
    page.radio(key="q_0_zh_sc_elec_bath_online_measurement").set_value(3).run()
    page.multiselect(key="stages_0_zh").set_value(["electrolysis", "casthouse"]).run()
    assert page.radio(key="q_0_zh_sc_elec_bath_online_measurement").value == 3
    page.sidebar.radio(key="lang").set_value("en").run()
    assert not page.exception
    assert page.title[0].value == "Self-assessment"
    assert page.radio(key="q_0_en_sc_elec_bath_online_measurement").value == 3
    # the stages box is drawn anew in English (the browser sends a box's choices back as the texts it shows)
    assert page.multiselect(key="stages_0_en").value == ["electrolysis", "casthouse"]
    page.radio(key="q_0_en_sc_elec_bath_online_measurement").set_value(4).run()
    assert page.multiselect(key="stages_0_en").value == ["electrolysis", "casthouse"]


def test_bad_upload_is_one_clear_error_and_keeps_answers(page):
    page.multiselect(key="stages_0_zh").set_value(["electrolysis"]).run()
    page.radio(key="q_0_zh_sc_elec_bath_online_measurement").set_value(2).run()
    page.get("file_uploader")[0].set_value(("x.json", b'{"enterprise_id": "acme", "stages": ["moon"]}',
                                            "application/json"))
    page.run()
    assert not page.exception
    text = shown(page.error[0].value)
    assert "上传的文件无法使用" in text and "企业编号应以 ent_ 开头" in text and "缺少企业名称" in text
    assert "pattern" not in text and "Field required" not in text  # plain words, no validator text
    assert page.radio(key="q_0_zh_sc_elec_bath_online_measurement").value == 2


def test_good_upload_fills_the_form(page):
    data = {"enterprise_id": "ent_up", "name": "上传企业", "stages": ["casthouse"],
            "answers": {"sc_cast_melt_quality_monitoring": 5}}
    page.get("file_uploader")[0].set_value(("a.json", json.dumps(data).encode(), "application/json"))
    page.run()
    assert not page.exception and not page.error
    assert page.multiselect(key="stages_1_zh").value == ["casthouse"]
    assert page.text_input(key="ent_1").value == "ent_up"
    assert page.radio(key="q_1_zh_sc_cast_melt_quality_monitoring").value == 5


def test_bad_enterprise_id_is_explained(page):
    page.text_input(key="ent_0").input("Acme Ltd")
    page.multiselect(key="stages_0_zh").set_value(["rolling"]).run()
    assert not page.exception
    assert "企业编号应以 ent_ 开头" in shown(page.error[0].value) and "'Acme Ltd'" in shown(page.error[0].value)
    page.radio(key="lang").set_value("en").run()
    assert "enterprise id: must start with ent_" in shown(page.error[0].value)


@pytest.mark.neo4j
def test_saves_go_to_neo4j_when_configured(monkeypatch, neo4j_settings, neo4j_store, shipped):
    from tests.conftest import forget_neo4j_contents, load_into_neo4j

    load_into_neo4j(neo4j_store, shipped)
    forget_neo4j_contents()
    at = app_test(monkeypatch, settings=neo4j_settings)
    at.run()
    at.switch_page("views/assessment.py").run()
    assert any("Neo4j" in c.value and "✅" in c.value for c in at.sidebar.caption)
    at.text_input(key="ent_0").input("ent_app_neo4j")
    at.multiselect(key="stages_0_zh").set_value(["rolling"]).run()
    at.radio(key="q_0_zh_sc_roll_gauge_flatness_control").set_value(4).run()
    at.button(key="save").click().run()
    assert not at.exception and not at.error, at.error
    saved = neo4j_store.assessments(LOCAL, "ent_app_neo4j")
    assert len(saved) == 1
    back = neo4j_store.load_assessment(LOCAL, "ent_app_neo4j", saved[0].at)
    assert back.answers["sc_roll_gauge_flatness_control"] == 4
    shown = [str(e.value) for kind in ("caption", "markdown", "warning", "error", "success", "info")
             for e in getattr(at, kind)] + [str(e.value) for e in at.sidebar.caption]
    assert neo4j_settings.password.get_secret_value() not in "\n".join(shown)


def test_unreachable_neo4j_shows_a_banner_and_the_embedded_graph_works(monkeypatch):
    # nothing listens on the discard port
    at = app_test(monkeypatch, {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "s3cret-do-not-show"})
    at.run()
    at.switch_page("views/assessment.py").run()
    assert not at.exception
    assert "Neo4j" in at.warning[0].value and "s3cret" not in at.warning[0].value
    at.multiselect(key="stages_0_zh").set_value(["rolling"]).run()
    at.button(key="save").click().run()
    assert at.success and not at.exception


def test_draft_survives_reload_restart_and_language_switch(monkeypatch, page):
    page.text_input(key="ent_0").input("ent_draft")
    page.multiselect(key="stages_0_zh").set_value(["electrolysis"]).run()
    page.radio(key="q_0_zh_sc_elec_bath_online_measurement").set_value(3).run()
    # the count in the open section follows the answer at once, and the section stays open
    assert any(c.value.startswith("已作答：1/") for c in page.caption)
    # a new session (reload, or a restarted server) starts from the autosaved draft
    again = app_test(monkeypatch)
    again.run()
    again.switch_page("views/assessment.py").run()
    assert not again.exception, again.exception
    assert again.text_input(key="ent_0").value == "ent_draft"
    assert again.multiselect(key="stages_0_zh").value == ["electrolysis"]
    assert again.radio(key="q_0_zh_sc_elec_bath_online_measurement").value == 3
    # switching the language shows the same answers
    again.radio(key="lang").set_value("en").run()
    assert not again.exception, again.exception
    assert again.radio(key="q_0_en_sc_elec_bath_online_measurement").value == 3
    assert any(c.value.startswith("Answered: 1/") for c in again.caption)


def test_two_saves_compare_side_by_side(page):
    page.text_input(key="ent_0").input("ent_compare")
    page.multiselect(key="stages_0_zh").set_value(["electrolysis"]).run()
    page.radio(key="q_0_zh_sc_elec_bath_online_measurement").set_value(1).run()
    page.button(key="save").click().run()
    page.radio(key="q_0_zh_sc_elec_bath_online_measurement").set_value(4).run()
    page.button(key="save").click().run()
    assert not page.exception, page.exception
    tables = {df.value.columns[0]: df.value for df in page.dataframe}
    scores = tables["范围"]
    assert scores.iloc[0, 0] == "总体" and scores.iloc[0, 3].startswith("+")
    assert any("① 2" in c for c in scores.columns) and any("② 2" in c for c in scores.columns)
    changed = page.dataframe[-1].value
    assert changed.shape[0] == 1 and list(changed.iloc[0, 1:]) == ["1", "4"]


def test_roadmap_planning_inputs_reschedule_and_export(monkeypatch, page):
    page.multiselect(key="stages_0_zh").set_value(["electrolysis"]).run()
    first_wave = [r for r in page.dataframe if r.value.shape[1] == 3][-1].value  # wave, step, why
    def most_scenario_steps_in_a_wave(rows):  # technology steps cost no capacity unless an effort is given
        scenario_rows = rows[~rows.iloc[:, 1].str.startswith("部署使能技术")]
        return scenario_rows.iloc[:, 0].value_counts().max()

    assert most_scenario_steps_in_a_wave(first_wave) > 1
    for i in range(4):
        page.number_input(key=f"plan_cap_{i}").set_value(1.0)
    page.run()
    assert not page.exception, page.exception
    roadmap_rows = [r for r in page.dataframe if r.value.shape[1] == 3][-1].value
    assert most_scenario_steps_in_a_wave(roadmap_rows) == 1
    assert t("download_xlsx", "zh") in private_downloads(page)  # the Excel workbook among them
    # the planning inputs are part of the draft
    again = app_test(monkeypatch)
    again.run()
    again.switch_page("views/assessment.py").run()
    assert again.number_input(key="plan_cap_0").value == 1.0


def test_an_old_upload_error_goes_once_the_assessment_is_saved(page):
    page.get("file_uploader")[0].set_value(("x.json", b'{"enterprise_id": "acme"}', "application/json"))
    page.run()
    assert page.error
    page.multiselect(key="stages_0_zh").set_value(["electrolysis"]).run()
    page.radio(key="q_0_zh_sc_elec_bath_online_measurement").set_value(2).run()
    page.button(key="save").click().run()
    assert not page.exception, page.exception
    assert page.success[0].value.startswith("已保存") and not page.error


@pytest.mark.parametrize(("lang", "button", "limit"), [("zh", "选择文件", "每个文件不超过 16 MB"),
                                                       ("en", "Upload", "up to 16 MB per file")])
def test_uploader_speaks_the_interface_language_and_enforces_the_limit_it_states(page, lang, button, limit):
    """Streamlit's own uploader texts (its button, its 200 MB transport limit) are replaced in the interface
    language with scenegraph's limit (LIMITS.max_upload_bytes), which a larger file then meets."""
    from scenegraph.base.limits import LIMITS

    page.sidebar.radio(key="lang").set_value(lang).run()
    css = "".join(h.proto.body for h in page.get("html"))
    assert f'content: "{button}"' in css and limit in css
    page.get("file_uploader")[0].set_value(("big.json", b" " * (LIMITS.max_upload_bytes + 1), "application/json"))
    page.run()
    assert not page.exception
    assert [e.value for e in page.error] == [{"zh": "文件超过 16 MB，未读取。",
                                              "en": "The file is larger than 16 MB; it was not read."}[lang]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_roadmap_table_says_months_and_wraps_its_reasons(monkeypatch, lang):
    """The roadmap's waves read "1（6 个月内）" / "1 (within 6 months)" (the zh page said "≤ 6 月", i.e. "≤ June"),
    and its "Why" column is wide with rows tall enough for the reasons to wrap (they were cut at the edge)."""
    at = app_test(monkeypatch)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/assessment.py").run()
    at.multiselect(key=f"stages_0_{lang}").set_value(["rolling"]).run()
    assert not at.exception, at.exception
    header = [t("wave", lang), t("step", lang), t("why", lang)]  # the roadmap's (value tables follow it now)
    table = next(r for r in at.dataframe if list(r.value.columns) == header)
    waves = set(table.value.iloc[:, 0])
    assert ("1（6 个月内）" if lang == "zh" else "1 (within 6 months)") in waves, waves
    assert not any("≤" in w or "月)" in w for w in waves), waves
    assert table.proto.row_height >= 80  # Streamlit's grid wraps text only in rows taller than 4 rem
    why = table.value.columns[2]
    config = json.loads(table.proto.columns)
    assert config[why]["width"] >= 600, config
