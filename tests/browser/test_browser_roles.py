"""The shared server's two role pages in a real Chromium, in both languages, with sign-in on (SCENEGRAPH_AUTH=on):
the planner's observatory (aggregates, a group under k suppressed, the CSV and the printable brief downloaded and
read) and the enterprise's self-assessment (answers, the draft surviving a reload, "save" adding a dated save,
two saves compared). Users sign in through the built-in password form; screenshots go to
.artifacts/browser/roles-<page>-<lang>-<step>.png."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest

from scenegraph.assess.model import Assessment
from scenegraph.auth.accounts import Accounts
from scenegraph.base.i18n import t
from scenegraph.base.settings import AuthSettings
from scenegraph.curation.synth import synth_histories
from scenegraph.dataset.loader import load_graph
from scenegraph.stores.files.assessments import AssessmentArchive
from scenegraph.stores.files.users import FileUserStore
from tests.browser.test_browser_journeys import choose, download, idle, nav, see, see_heading
from tests.browser_support import ARTIFACTS, LANGS, AppFailed, serve_app

pytestmark = pytest.mark.browser
PASSWORD = "role page password"
#: one enterprise user per language, so the two runs do not share a draft or a history
ENTERPRISE = {"zh": ("zhang", "ent_gamma"), "en": ("smith", "ent_delta")}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A shared server on the embedded store: 60 synthetic enterprises with two saves each and one lone
    enterprise in 海南 (a group of one: under k = 5), a planner and two enterprise users."""
    home = tmp_path_factory.mktemp("roles-home")
    lone = Assessment(enterprise_id="ent_lonely", name="孤", region="海南", stages=["electrolysis"],
                      at=datetime(2026, 1, 1, tzinfo=UTC), answers={"sc_elec_bath_online_measurement": 4})
    AssessmentArchive(home / "assessments.json")._write([*synth_histories(load_graph(), 60, saves=2, seed=4), lone])
    accounts = Accounts(FileUserStore(home / "users.json"), AuthSettings(bcrypt_rounds=4))
    accounts.add(None, "root", ["admin"], password=PASSWORD)
    root = accounts.store.get("root").principal
    accounts.add(root, "plan", ["planner"], password=PASSWORD, display_name="规划处")
    for user, enterprise in ENTERPRISE.values():
        accounts.add(root, user, ["enterprise"], [enterprise], password=PASSWORD)
    try:
        with serve_app(home, tmp_path_factory.mktemp("roles-log") / "server.log",
                       env_extra={"SCENEGRAPH_AUTH": "on", "SCENEGRAPH_BCRYPT_ROUNDS": "4"}) as url:
            yield url
    except AppFailed as e:
        pytest.fail(str(e))


@pytest.fixture
def page(fresh_page):
    """A fresh context per test (its own cookies: each test signs in itself)."""
    return fresh_page


def shot(page, name: str, lang: str, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"roles-{name}-{lang}-{step}.png"), full_page=True)


def sign_in(page, server: str, user: str, lang: str) -> None:
    page.goto(f"{server}/?lang={lang}", wait_until="domcontentloaded")
    page.get_by_label(t("username", lang)).wait_for()
    page.get_by_label(t("username", lang)).fill(user)
    page.get_by_label(t("password", lang), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("signin", lang), exact=True).click()
    see(page, t("signed_in_as", lang))
    idle(page)


def sidebar_entries(page) -> list[str]:
    return page.locator("[data-testid='stSidebarNav'] a").evaluate_all("links => links.map(a => a.href)")


def click_radio_option(page, text: str) -> None:
    page.locator("[data-testid='stRadio'] label").filter(has_text=text).first.click()
    idle(page)


@pytest.mark.parametrize("lang", LANGS)
def test_planner_observatory_aggregates_suppression_and_downloads(server, page, lang, tmp_path):
    sign_in(page, server, "plan", lang)
    hrefs = sidebar_entries(page)
    assert any(h.endswith("/observatory") for h in hrefs) and not any(h.endswith("/assessment") for h in hrefs)
    nav(page, "observatory", t("observatory", lang))
    # the pooled figures: 61 enterprises, the national goal
    see(page, t("obs_enterprises", lang))
    metrics = page.locator("[data-testid='stMetric']")
    pooled = metrics.filter(has_text=t("obs_enterprises", lang)).first.inner_text()
    assert "61" in pooled, pooled
    assert "> 20%" in metrics.filter(has_text=t("obs_goal", lang)).first.inner_text()
    # what the planner looks at: the distribution drawn and the month end it is as of (a month end of the
    # publication calendar, chosen from a list, never any date), not their loading placeholders
    page.locator("[data-testid='stMain'] .js-plotly-plot").first.wait_for(state="visible", timeout=60_000)
    page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(
        has_text=t("obs_as_of", lang)).first.wait_for(state="visible")
    shot(page, "observatory", lang, "1-overview")
    # by region: the lone enterprise's group is under k and not shown
    click_radio_option(page, t("obs_dim_region", lang))
    note = re.escape(t("obs_suppressed_note", lang)).replace(re.escape("{n}"), r"\d+").replace(re.escape("{k}"), "5")
    page.get_by_text(re.compile(note)).first.wait_for()
    shot(page, "observatory", lang, "2-by-region")
    # the CSV: every table of the brief; the 海南 group says "fewer than 5" and carries no level
    path = download(page, t("obs_download_csv", lang), tmp_path)
    assert path.suffix == ".csv" and lang in path.name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    hainan = [r for r in rows if r and r[0] == "海南"]
    assert hainan, rows[:20]
    suppressed = t("obs_suppressed", lang).format(k=5)
    assert all(suppressed in r for r in hainan), hainan
    assert not any(c.strip() in {"4", "4.00", "4.0"} for r in hainan for c in r[1:]), hainan
    assert any(t("obs_dim_region", lang) in " ".join(r) for r in rows)
    # the printable brief, in the page's language, with the same suppression
    html = download(page, t("obs_download_brief", lang), tmp_path).read_text(encoding="utf-8")
    assert t("obs_brief_title", lang) in html and f'lang="{lang}"' in html
    assert "海南" in html and suppressed in html
    (ARTIFACTS / f"roles-observatory-{lang}-brief.html").write_text(html, encoding="utf-8")
    shot(page, "observatory", lang, "3-downloaded")


def answered(page, lang: str, n: int) -> None:
    see(page, f"{t('answered', lang)}{t('colon', lang)}{n}/")


@pytest.mark.parametrize("lang", LANGS)
def test_enterprise_assessment_autosave_submit_and_compare(server, page, lang):
    user, enterprise = ENTERPRISE[lang]
    graph = load_graph()
    sign_in(page, server, user, lang)
    hrefs = sidebar_entries(page)
    assert any(h.endswith("/assessment") for h in hrefs) and not any(h.endswith("/observatory") for h in hrefs)
    nav(page, "assessment", t("assessment", lang))
    see(page, enterprise)  # the user's own enterprise id, the only one offered
    choose(page, t("stages_operated", lang), graph.name("electrolysis", lang))
    see_heading(page, t("questionnaire", lang))
    radios = page.locator("[data-testid='stRadio']").filter(has=page.locator("label", has_text="3 "))
    for i, level in enumerate((3, 2, 4)):
        radios.nth(i).get_by_text(f"{level} ", exact=False).first.click()
        idle(page)
    answered(page, lang, 3)
    shot(page, "assessment", lang, "1-answered")
    # autosave: a reload keeps the sign-in (the cookie) and the draft (the stage and the three answers)
    page.reload(wait_until="domcontentloaded")
    see(page, t("signed_in_as", lang))
    see_heading(page, t("questionnaire", lang))
    idle(page)
    answered(page, lang, 3)
    shot(page, "assessment", lang, "2-after-reload")
    # submit: a dated save in the history
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    page.get_by_role("button", name=t("save", lang)).click()
    see(page, f"{t('saved', lang)}{t('colon', lang)}{today}")
    see_heading(page, t("history", lang))
    idle(page)
    # change one answer and save again: two saves, compared side by side
    radios.nth(0).get_by_text("5 ", exact=False).first.click()
    idle(page)
    page.wait_for_timeout(1100)  # a second save in the same second still gets its own time; keep them apart
    page.get_by_role("button", name=t("save", lang)).click()
    see(page, f"{t('saved', lang)}{t('colon', lang)}{today}")
    see_heading(page, t("compare", lang))
    idle(page)
    see(page, t("compare_changed", lang).format(n=1))
    page.get_by_text(t("compare", lang)).first.scroll_into_view_if_needed()
    shot(page, "assessment", lang, "3-compared")
