# ruff: noqa: F811  (the journeys module's server, browser and page fixtures are shared, not redefined)
"""A smelter values its plan in a real Chromium, zh and en: fills the plant profile beside the assessment, reads
what each step is worth, optimises the order, sees it beside today's, and downloads the Excel roadmap with its
value sheet. Screenshots in /work/shots-value25/ (SCENEGRAPH_SHOTS overrides) and .artifacts/browser/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scenegraph.base.i18n import t
from scenegraph.base.inert import md
from tests.browser.test_browser_journeys import (  # noqa: F401  (fixtures)
    ARTIFACTS,
    choose,
    download,
    graph,
    idle,
    name,
    open_url,
    see,
    see_heading,
)

pytestmark = pytest.mark.browser
LANGS = ["zh", "en"]
SHOTS = Path(os.environ.get("SCENEGRAPH_SHOTS", "/work/shots-value25"))


def shot(page, lang: str, step: str) -> None:
    for folder in (SHOTS, ARTIFACTS):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"value-{lang}-{step}.png"))


def fill(page, label: str, value: str) -> None:
    """Type into the number box labelled `label` and confirm it (Streamlit takes a number box's value on Enter)."""
    box = page.get_by_label(label, exact=True).first
    box.scroll_into_view_if_needed()
    box.fill(value)
    box.press("Enter")
    idle(page)


def scroll_to(page, heading: str) -> None:
    page.locator("h1, h2, h3").filter(has_text=heading).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    idle(page)


@pytest.mark.parametrize("lang", LANGS)
def test_smelter_fills_a_profile_optimises_and_downloads_the_value_sheet(server, page, graph, lang, tmp_path):
    page.set_viewport_size({"width": 1440, "height": 1000})
    open_url(page, server, "assessment", lang, t("assessment", lang))
    if page.get_by_text(t("pick_stages", lang)).count():  # a fresh user; else the draft of the other language
        choose(page, t("stages_operated", lang), name(graph, "electrolysis", lang))
    see_heading(page, t("results", lang))
    capacity = t("profile_capacity", lang).format(stage=md(name(graph, "electrolysis", lang)))  # labels: md()
    if not page.get_by_label(capacity, exact=True).first.is_visible():  # closed until the profile holds data
        page.get_by_text(t("profile", lang), exact=True).first.click()
        idle(page)
    fill(page, capacity, "500000")
    ac = f"{md(name(graph, 'kpi_ac_kwh_t', lang) + ' (' + graph.node('kpi_ac_kwh_t')['unit'] + ')')} · " \
         f"{t('profile_low', lang)}"
    fill(page, ac, "13500")
    see(page, t("profile_default", lang).split("{")[0])  # the defaults are shown as defaults, with their source
    page.get_by_label(capacity, exact=True).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    idle(page)
    shot(page, lang, "1-profile")
    # what each step is worth, the plan's total, the distance to the policy line
    scroll_to(page, t("val_title", lang))
    see(page, t("val_plan_total", lang))
    shot(page, lang, "2-value")
    scroll_to(page, t("dist_title", lang))
    shot(page, lang, "3-distance")
    # optimise within an effort of 12 a year (scenario steps count 1 each): today's ordering and the optimised one
    fill(page, t("val_budget", lang), "12")
    page.get_by_text(t("val_optimise", lang), exact=True).first.click()
    idle(page)
    see(page, t("val_optimised_note", lang).split("{")[0])
    page.get_by_text(t("val_optimised_note", lang).split("{")[0]).first.evaluate(
        "el => el.scrollIntoView({block: 'start'})")
    idle(page)
    shot(page, lang, "4-optimised")
    # the Excel roadmap carries the value sheet, in values (never formulas)
    path = download(page, t("download_xlsx", lang), tmp_path)
    wb = load_workbook(path)
    sheet = t("val_sheet", lang)[:31]
    assert sheet in wb.sheetnames, wb.sheetnames
    cells = [c for row in wb[sheet].iter_rows() for c in row if c.value is not None]
    assert cells and not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)
    numbers = [c.value for c in cells if isinstance(c.value, int | float)]
    assert any(v > 1e6 for v in numbers)  # a 500,000 t/a potline saves millions of kWh a year
    idle(page)
    shot(page, lang, "5-downloaded")


@pytest.fixture(scope="module")
def planners_server(tmp_path_factory, graph):
    """A server whose archive holds twelve smelters' saved plans of October 2026: six in 云南, five in 新疆, one in
    海南 (a region of one)."""
    from datetime import UTC, datetime

    from scenegraph.assess.model import Assessment, applicable_scenarios
    from scenegraph.assess.profile import PlantProfile
    from scenegraph.stores.files.assessments import AssessmentArchive
    from tests.browser_support import AppFailed, serve_app

    home = tmp_path_factory.mktemp("planners")
    answers = {sc: 1 for sc in applicable_scenarios(graph, ["electrolysis"])}

    def smelter(ent: str, region: str, capacity: float) -> Assessment:
        return Assessment(enterprise_id=ent, name=ent, region=region, stages=["electrolysis"],
                          at=datetime(2026, 10, 5, tzinfo=UTC), answers=answers,
                          profile=PlantProfile.model_validate({"capacity_t": {"electrolysis": capacity},
                                                               "kpis": {"kpi_ac_kwh_t": 13_500.0}}))

    AssessmentArchive(home / "assessments.json")._write(
        [*(smelter(f"ent_yn{i}", "云南", 200_000.0 + 50_000.0 * i) for i in range(6)),
         *(smelter(f"ent_xj{i}", "新疆", 300_000.0) for i in range(5)), smelter("ent_hn", "海南", 900_000.0)])
    try:
        with serve_app(home, tmp_path_factory.mktemp("planners-log") / "server.log") as url:
            yield url
    except AppFailed as e:
        pytest.fail(str(e))


@pytest.mark.parametrize("lang", LANGS)
def test_planner_sees_the_pooled_potential_of_saved_plans(planners_server, page, lang):
    page.set_viewport_size({"width": 1440, "height": 1000})
    open_url(page, planners_server, "observatory", lang, t("observatory", lang))
    page.get_by_role("tab", name=t("obs_tab_potential", lang)).click()
    idle(page)
    see(page, t("pot_intro", lang).split("{")[0][:12])
    page.get_by_text(t("obs_dim_region", lang), exact=True).last.click()
    idle(page)
    # the grid draws on a canvas: its cells are in the page for screen readers only
    page.locator("td[role='gridcell']").filter(has_text=t("pot_hidden", lang)).first.wait_for(state="attached")
    page.get_by_text(t("pot_intro", lang).split("{")[0][:12]).first.evaluate(
        "el => el.scrollIntoView({block: 'start'})")
    idle(page)
    shot(page, lang, "6-observatory-potential")
