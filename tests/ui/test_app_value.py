"""The self-assessment page's value parts, driven through AppTest: a plant profile beside the assessment, the value
of each step, the optimised ordering beside today's, the distance to the policy line; saved with the assessment."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from scenegraph.base.i18n import t
from tests.conftest import app_test, private_downloads, shown


@pytest.fixture
def page(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("SCENEGRAPH_DATA_HOME", str(tmp_path))
    at = app_test(monkeypatch)
    at.run()
    at.switch_page("views/assessment.py").run()
    assert not at.exception, at.exception
    return at


def smelter(at: AppTest, lang: str = "zh") -> None:
    """An electrolysis plant of 500,000 t/a at 13,500 kWh/t AC, every scenario at level 1."""
    at.text_input(key="ent_0").input("ent_value_smelter")
    at.text_input(key="name_0").input("Value smelter")
    at.multiselect(key=f"stages_0_{lang}").set_value(["electrolysis"]).run()
    for r in [r for r in at.radio if r.key and r.key.startswith(f"q_0_{lang}_")]:
        r.set_value(1)
    at.number_input(key="prof_cap_0_electrolysis").set_value(500_000.0)
    at.run()
    assert not at.exception, at.exception


def test_profile_values_each_step_and_the_plan(page):
    smelter(page)
    # without the plant's current AC kWh/t the plan total cannot be combined without double counting: said so
    text = " ".join(shown(m.value) for m in page.markdown)
    assert "计划合计未量化" in text
    # the defaults are shown as defaults, with their source
    captions = shown(" ".join(c.value for c in page.caption))
    assert "默认值 0.5366" in captions and "生态环境部" in captions and "示意" in captions
    page.number_input(key="prof_kpi_kpi_ac_kwh_t_lo_0").set_value(13_400.0)
    page.number_input(key="prof_kpi_kpi_ac_kwh_t_hi_0").set_value(13_600.0).run()
    assert not page.exception, page.exception
    text = " ".join(shown(m.value) for m in page.markdown)
    assert t("val_plan_total", "zh") in text and "计划合计未量化" not in text
    # the value table: a row per roadmap step, quantified ones with P10/P50/P90, the rest "not quantified"
    # the distance to the policy line: 13,500 against 13,000 (+500)
    assert "与政策线的距离" in [h.value for h in page.subheader]
    # today's ordering: the waves' table and two figures (value by wave, cumulative)
    charts = len(page.get("plotly_chart"))
    page.toggle(key="val_optimise").set_value(True).run()
    assert not page.exception and not page.error, page.error
    assert any("优化结果" in c.value for c in page.caption)
    assert t("val_optimised", "zh") in [h.value for h in page.subheader]
    assert len(page.get("plotly_chart")) == charts  # the same two figures, the optimised ordering beside today's


def test_out_of_bounds_profile_is_refused_in_the_form(page):
    smelter(page)
    box = page.number_input(key="prof_electricity_price_cny_kwh_lo_0")
    assert box.max == 10.0 and box.min == 0.0  # the profile model's own bounds


def test_profile_is_saved_with_the_assessment_and_comes_back(page):
    smelter(page)
    page.number_input(key="prof_kpi_kpi_ac_kwh_t_lo_0").set_value(13_500.0).run()
    page.button(key="save").click().run()
    assert not page.exception and not page.error, page.error
    form = page.session_state["assess_form"]
    form.profile = {}
    page.button(key="history_reload").click().run()
    assert not page.exception
    got = page.session_state["assess_form"].profile
    assert got["capacity_t"] == {"electrolysis": 500_000.0}
    assert got["kpis"]["kpi_ac_kwh_t"] in ({"low": 13_500.0, "high": 13_500.0}, [13_500.0, 13_500.0])


def test_english_page_says_it_in_english(page):
    page.sidebar.radio(key="lang").set_value("en").run()
    smelter(page, "en")
    text = " ".join(shown(m.value) for m in page.markdown)
    assert "plan total not quantified" in text
    assert "What each step is worth to this plant (a year)" in [h.value for h in page.header]


def test_value_downloads_are_offered(page):
    smelter(page)
    labels = set(private_downloads(page))
    assert {t("download_xlsx", "zh"), t("download_value_csv", "zh")} <= labels
