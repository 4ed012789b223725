"""The lens, the map's evidence grade and a rolling mill's roadmap in a real Chromium at 1440 px, zh and en: what
a planner sees, with screenshots in .artifacts/browser/lensroad-<lang>-<step>.png."""

from __future__ import annotations

import pytest

from scenegraph.assess import Scorer, parse_assessment, roadmap
from scenegraph.base.i18n import t
from scenegraph.dataset.loader import load_graph
from scenegraph.graph.words import value_text
from scenegraph.ui.widgets import ROW_PX
from tests.browser.test_browser_journeys import choose, idle, name, open_url, see, see_heading
from tests.browser_support import ARTIFACTS, LANGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def graph():
    return load_graph()


def shot(page, lang: str, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"lensroad-{lang}-{step}.png"))


@pytest.mark.parametrize("lang", LANGS)
def test_lens_shows_facts_limits_levers_and_measurement_in_view(server, page, graph, lang):
    open_url(page, server, "lens?target=tgt_new_capacity_ac_kwh", lang, t("policy_lens", lang))
    see(page, t("fact_line", lang).split("{")[0])
    see(page, t("digital_limit", lang))
    heading = page.locator("h3").filter(has_text=t("shortlist", lang).split("{")[0][:6]).first
    heading.evaluate("el => el.scrollIntoView({block: 'start'})")
    idle(page)
    shot(page, lang, "1-lens")
    # the shortlist needs no sideways scrolling at 1440 px: its grid is as wide as its columns
    grid = page.locator("[data-testid='stDataFrame']").first
    scroller = grid.locator(".dvn-scroller").first
    widths = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    page.locator("h3").filter(has_text=t("measured_by_title", lang).split("{")[0][:6]).first \
        .scroll_into_view_if_needed()
    idle(page)
    shot(page, lang, "2-measuring")


@pytest.mark.parametrize("lang", LANGS)
def test_map_in_grade_colour_filtered(server, page, graph, lang):
    open_url(page, server, "overview?map=grade&stage=electrolysis&domain=dom_energy_carbon", lang,
             t("app_title", lang))
    see(page, t("matrix_grade_title", lang))
    shot(page, lang, "3-map-grade")
    # the counts of grade A and B scenarios only; the chosen cell lists them with their grade
    open_url(page, server, "overview?grades=A,B&stage=electrolysis&domain=dom_production_ops", lang,
             t("app_title", lang))
    see(page, value_text("evidence_grade", "A", lang))
    shot(page, lang, "4-map-filtered")
    page.locator("h3").filter(has_text=name(graph, "electrolysis", lang)).first.evaluate(
        "el => el.scrollIntoView({block: 'start'})")
    idle(page)
    shot(page, lang, "5-map-cell")


@pytest.mark.parametrize("lang", LANGS)
def test_rolling_mill_roadmap(server, page, graph, lang):
    open_url(page, server, "assessment", lang, t("assessment", lang))
    choose(page, t("stages_operated", lang), name(graph, "rolling", lang))
    choose(page, t("stages_operated", lang), name(graph, "casthouse", lang))
    see_heading(page, t("results", lang))
    page.get_by_role("heading", name=t("roadmap", lang), exact=True).first.evaluate(
        "el => el.scrollIntoView({block: 'start'})")
    idle(page)
    shot(page, lang, "6-roadmap")
    # the grid draws on a canvas: scroll it to the first step naming another stage's prerequisite
    a = parse_assessment({"enterprise_id": "ent_b", "name": "b", "stages": ["rolling", "casthouse"]}, graph)
    steps = roadmap(Scorer(graph), a, 3).steps
    first = next(i for i, s in enumerate(steps) if s.external)
    grid = page.locator("[data-testid='stDataFrame']").nth(3)  # by stage, by domain, gaps, then the roadmap
    # rows wrap to different heights: scroll by the step's share of the grid's height (the header row aside)
    grid.locator(".dvn-scroller").first.evaluate(
        f"el => {{ el.scrollTop = (el.scrollHeight - {ROW_PX}) * {first} / {len(steps)}; }}")
    page.wait_for_timeout(500)
    shot(page, lang, "6b-roadmap-other-stage")
    page.get_by_role("heading", name=f"{t('gaps', lang)} ({t('target_level', lang)} 3)", exact=True).first \
        .scroll_into_view_if_needed()
    idle(page)
    shot(page, lang, "7-gaps")
