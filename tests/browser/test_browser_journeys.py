"""The three users' journeys in a real Chromium (Playwright, Debian's chromium), in both languages, asserting what
the user sees: the planner (map -> cell -> scenario -> lens -> target's shortlist -> scenario; search; a network
click -> detail), the enterprise (self-assessment: stages, answers, scores, gaps, roadmap; reload keeps the draft)
and the consultant (export a selection, download a file and read it back; the selection survives a reload and
the sidebar's way away and back; a preview node opens its detail). One server and one browser for the
module; every step leaves a screenshot in .artifacts/browser/<journey>-<lang>-<step>.png."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import networkx as nx
import pytest

from scenegraph.base.i18n import t
from scenegraph.dataset.loader import load_graph
from scenegraph.graph.words import label_name
from tests.browser_support import ARTIFACTS, LANGS, LONG, NETWORK, network_frame, pick_language

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def graph():
    return load_graph()


# ---------------------------------------------------------------- what a user does and sees


def idle(page) -> None:
    """Streamlit has finished the run the last act started."""
    page.wait_for_timeout(150)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")


def shot(page, journey: str, lang: str, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{journey}-{lang}-{step}.png"))


def open_url(page, server: str, path: str, lang: str, title: str) -> None:
    page.goto(f"{server}/{path}{'&' if '?' in path else '?'}lang={lang}", wait_until="domcontentloaded")
    see_heading(page, title)
    idle(page)


def see_heading(page, text: str) -> None:
    page.locator("h1, h2, h3").filter(has_text=text).first.wait_for(state="visible")


def see(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(state="visible")


def nav(page, path: str, title: str) -> None:
    """A click on the sidebar's entry for a page."""
    page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").first.click()
    see_heading(page, title)
    idle(page)


def choose(page, widget_label: str, option: str) -> None:
    """Pick `option` in the select box or multiselect labelled `widget_label`."""
    box = page.locator("[data-testid='stSelectbox'], [data-testid='stMultiSelect']").filter(
        has=page.get_by_text(widget_label, exact=True)).first
    for _ in range(3):  # on a loaded machine a pick can land while the previous run redraws the box
        if shows(box, option):
            return
        box.locator("input").first.click()
        box.locator("input").first.fill(option)  # filtered: a long list draws only the options in view
        page.get_by_role("option", name=option, exact=True).first.click()
        page.keyboard.press("Escape")  # a multiselect stays open after a pick
        idle(page)
        if shows(box, option, wait_ms=5_000):  # the pick is shown in the box: it was taken
            return
    assert shows(box, option, wait_ms=LONG), f"{widget_label}: {option!r} could not be picked"


def shows(box, option: str, wait_ms: int = 0) -> bool:
    """The box shows `option` as picked: a multiselect's tag (its text) or a select box's value (its input)."""
    script = "el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')"
    for _ in range(max(1, wait_ms // 250)):
        if option in box.evaluate(script):
            return True
        if wait_ms:
            box.page.wait_for_timeout(250)
    return False


def download(page, button: str, folder):
    """Press a download button and keep the file. Retried: under load Streamlit can drop the first press of a
    button whose file is built on demand (the press then starts no download at all), or a rerun landing at the
    same moment cancels the download (Playwright: "canceled")."""
    from playwright.sync_api import Error as NoDownload  # TimeoutError is one too

    for attempt in range(3):
        try:
            with page.expect_download(timeout=20_000 if attempt < 2 else LONG) as dl:
                page.get_by_role("button", name=button).first.click()
            path = folder / dl.value.suggested_filename
            dl.value.save_as(path)
            return path
        except NoDownload:
            if attempt == 2:
                raise
            idle(page)
    raise AssertionError("unreachable")


def click_table_row(page, table: int | str, row: int) -> None:
    """Click a row's selection box in a dataframe (Streamlit's own row selection): the page's n-th table, or the
    first table after the heading of that text."""
    grid = (page.locator("[data-testid='stDataFrame']").nth(table) if isinstance(table, int) else
            page.get_by_role("heading", name=table, exact=True).first
            .locator("xpath=following::div[@data-testid='stDataFrame'][1]"))
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * (row + 1) + 17)


def click_node(page, node_id: str) -> None:
    frame = network_frame(page)
    page.locator(f"{NETWORK} .net").first.scroll_into_view_if_needed()
    frame.evaluate("id => network.focus(id, {scale: 1.0, animation: false})", node_id)
    p = frame.evaluate("""id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
        const r = document.querySelector('.sgn .net').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top}; }""", node_id)
    page.mouse.click(p["x"], p["y"])


def name(graph, node_id: str, lang: str) -> str:
    return graph.name(node_id, lang)


# ---------------------------------------------------------------- the planner


#: each page's url path and the heading it shows
PAGE_HEADINGS = {"overview": "app_title", "network": "network", "node": "node_detail", "paths": "path_finder",
                 "lens": "policy_lens", "assessment": "assessment", "observatory": "observatory", "export": "export",
                 "console": "console"}


def test_every_page_opens_by_its_typed_url(server, page):
    """A typed or pasted /overview, /lens, ... opens that page (no "Page not found", the path kept), in the link's
    language; the root opens the scenario map at /overview. The page asks the server's address once: never
    <page>/_stcore/health first, a 404 that cost a retry of at least 100 ms (scenegraph/ui/index_page.py)."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlparse(r.url).path))
    for i, (path, key) in enumerate(PAGE_HEADINGS.items()):
        lang = LANGS[i % 2]
        open_url(page, server, path, lang, t(key, lang))
        assert not page.get_by_text("Page not found").count(), path
        assert page.url.split("?")[0].endswith(f"/{path}"), page.url
        assert page.locator("[data-testid='stSidebarNav'] a[aria-current='page']").first.get_attribute(
            "href").endswith(f"/{path}")
        shot(page, "urls", lang, path)
    open_url(page, server, "", "en", t("app_title", "en"))
    page.wait_for_url("**/overview?**")
    assert "lang=en" in page.url and not page.get_by_text("Page not found").count()
    assert "/_stcore/health" in asked
    assert not [p for p in asked if p.endswith("/_stcore/health") and p != "/_stcore/health"], asked



@pytest.mark.parametrize("lang", LANGS)
def test_what_changed_is_drawn_when_opened(server, page, lang):
    """The map page's "what changed" expander draws its tables only once the user opens it (the page's first paint
    skips them), and opening it shows them; closing and opening again shows them again. Opened, it stays open
    through a language switch (its label is another, so Streamlit had drawn a new expander, closed)."""
    open_url(page, server, "overview", lang, t("app_title", lang))
    box = page.locator("[data-testid='stExpander']").filter(has_text="2.0.0").first
    summary = box.locator("summary").first
    assert box.locator("[data-testid='stDataFrame']").count() == 0
    for _ in range(2):
        summary.click()
        box.locator("[data-testid='stDataFrame']").first.wait_for(state="visible")
        idle(page)
        shot(page, "changes", lang, "open")
        summary.click()
        idle(page)
    summary.click()
    box.locator("[data-testid='stDataFrame']").first.wait_for(state="visible")
    idle(page)
    other = "en" if lang == "zh" else "zh"
    pick_language(page, other)
    page.wait_for_url(f"**lang={other}**")
    idle(page)
    see_heading(page, t("app_title", other))
    box = page.locator("[data-testid='stExpander']").filter(has_text="2.0.0").first
    box.locator("[data-testid='stDataFrame']").first.wait_for(state="visible")
    assert box.locator("details").first.get_attribute("open") is not None
    shot(page, "changes", other, "open-after-switch")
    box.locator("summary").first.click()  # closed, it stays closed after switching back
    idle(page)
    pick_language(page, lang)
    page.wait_for_url(f"**lang={lang}**")
    idle(page)
    box = page.locator("[data-testid='stExpander']").filter(has_text="2.0.0").first
    assert box.locator("[data-testid='stDataFrame']").count() == 0


@pytest.mark.parametrize("lang", LANGS)
def test_planner_map_cell_scenario_lens_target(server, page, graph, lang):
    open_url(page, server, "", lang, t("app_title", lang))  # the map is the default page, at the root
    shot(page, "planner", lang, "1-map")
    # a click on a cell of the map: the electrolysis stage's busiest domain, outlined, its scenarios listed as links
    matrix = graph.matrix()
    stage = "electrolysis"
    domain = max((d for s, d in matrix.cells if s == stage), key=lambda d: len(matrix.cells[(stage, d)]))
    scenarios = matrix.cells[(stage, domain)]
    cell = page.locator("[data-testid='stMain'] .sgc td.cell").nth(
        matrix.stages.index(stage) * len(matrix.domains) + matrix.domains.index(domain))
    cell.click()
    see_heading(page, t("cell_title", lang).format(stage=name(graph, stage, lang), domain=name(graph, domain, lang),
                                                   n=len(scenarios)))
    idle(page)
    assert f"stage={stage}" in page.url and f"domain={domain}" in page.url and f"lang={lang}" in page.url
    assert "chosen" in cell.get_attribute("class") and cell.inner_text().strip() == str(len(scenarios))
    assert page.locator("[data-testid='stMain'] .sgc td.cell.chosen").count() == 1
    shot(page, "planner", lang, "2-cell")
    # one of its scenarios, followed by its link, opens its card in this tab
    scenario = scenarios[0]
    page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a").filter(
        has_text=name(graph, scenario, lang)).first.click()
    see_heading(page, name(graph, scenario, lang))
    idle(page)
    assert f"id={scenario}" in page.url
    shot(page, "planner", lang, "3-scenario")
    # a reload keeps the scenario and the language
    page.reload(wait_until="domcontentloaded")
    see_heading(page, name(graph, scenario, lang))
    see_heading(page, t("node_detail", lang))
    # the policy lens by the sidebar, in the same language
    nav(page, "lens", t("policy_lens", lang))
    assert f"lang={lang}" in page.url
    lens = graph.policy_lens()
    target = max(lens, key=lambda x: (len(x.scenario_ids()), x.target)).target
    see_heading(page, name(graph, target, lang))
    shot(page, "planner", lang, "4-lens")
    # another target chosen in the list
    other = next(x.target for x in lens if x.target != target and x.scenario_ids())
    choose(page, t("targets", lang), name(graph, other, lang))
    see_heading(page, name(graph, other, lang))
    idle(page)
    assert f"target={other}" in page.url
    shot(page, "planner", lang, "5-target")
    # a click on another target's bar answers for it (its number of scenarios drawn on the bar); then back by the list
    k = next(i for i, x in enumerate(lens) if x.target != other)
    bar = page.locator("[data-testid='stMain'] .sgc .bar-row").nth(k)
    assert bar.locator(".num").inner_text() == str(len(lens[k].scenario_ids()))
    bar.click()
    see_heading(page, name(graph, lens[k].target, lang))
    idle(page)
    assert f"target={lens[k].target}" in page.url and "chosen" in bar.get_attribute("class")
    choose(page, t("targets", lang), name(graph, other, lang))
    see_heading(page, name(graph, other, lang))
    idle(page)
    # the shortlist's first row opens that scenario's card
    see_heading(page, t("shortlist", lang).split("（")[0].split("(")[0].strip())
    click_table_row(page, 0, 0)
    page.wait_for_url("**/node?**")
    see_heading(page, t("node_detail", lang))
    idle(page)
    opened = page.url.split("id=")[1].split("&")[0]
    assert opened in {s for x in lens if x.target == other for s in x.scenario_ids()}, opened
    see_heading(page, name(graph, opened, lang))
    shot(page, "planner", lang, "6-shortlisted-scenario")


@pytest.mark.parametrize(("lang", "query"), [("zh", "阳极效应"), ("en", "anode effect")])
def test_planner_search_finds_anode_effect_in_both_languages(server, page, graph, lang, query):
    for q in (query, "阳极效应" if lang == "en" else "anode effect"):
        open_url(page, server, "node", lang, t("node_detail", lang))
        box = page.get_by_placeholder(t("find_node", lang)).first
        box.fill(q)
        box.press("Enter")
        idle(page)
        # one ranking for both languages: the anode-effect KPI first, its card shown
        see_heading(page, name(graph, "kpi_ae_frequency", lang))
        shot(page, "planner", lang, f"search-{'zh' if q == '阳极效应' else 'en'}")


@pytest.mark.parametrize("lang", LANGS)
def test_planner_network_click_opens_the_detail(server, page, graph, lang):
    focus = "sc_elec_anode_effect_prediction"
    open_url(page, server, f"network?focus={focus}&hops=1", lang, t("network", lang))
    frame = network_frame(page)
    drawn = frame.evaluate("network.body.nodeIndices.length")
    assert drawn >= 5
    legend = frame.locator(f"{NETWORK} .bar").inner_text()
    assert label_name("Scenario", lang) in legend and label_name("KPI", lang) in legend
    shot(page, "planner", lang, "7-network")
    # a click on a neighbour selects it; its detail opens in one more click
    neighbour = next(n for n in graph.neighbourhood(focus, 1) if n != focus and graph.label(n) == "KPI")
    click_node(page, neighbour)
    see(page, neighbour)
    idle(page)
    shot(page, "planner", lang, "8-network-selected")
    page.get_by_role("link", name={"zh": "打开详情", "en": "Open detail"}[lang]).click()
    see_heading(page, name(graph, neighbour, lang))
    idle(page)
    assert f"id={neighbour}" in page.url and f"lang={lang}" in page.url
    shot(page, "planner", lang, "9-network-detail")


@pytest.mark.parametrize("lang", LANGS)
def test_planner_path_step_opens_its_detail(server, page, graph, lang):
    src, dst = "sc_elec_anode_effect_prediction", "tgt_2027_recycled_al_output"
    open_url(page, server, f"paths?from={src}&to={dst}", lang, t("path_finder", lang))
    path = graph.shortest_path(src, dst, avoid_labels=["Domain"])
    assert path and len(path) >= 3
    frame = network_frame(page)
    drawn = frame.evaluate("network.body.nodeIndices")
    assert len(drawn) == len(path) and {src, dst} <= set(drawn)  # a shortest path drawn (ties may differ)
    shot(page, "planner", lang, "10-path")
    step = sorted(set(drawn) - {src, dst})[0]
    click_node(page, step)
    page.wait_for_url(f"**/node?**id={step}**")
    see_heading(page, name(graph, step, lang))
    idle(page)
    shot(page, "planner", lang, "11-path-step-detail")


# ---------------------------------------------------------------- the enterprise


@pytest.mark.parametrize("lang", LANGS)
def test_enterprise_assessment_scores_gaps_roadmap_and_reload(server, page, graph, lang):
    open_url(page, server, "assessment", lang, t("assessment", lang))
    if page.get_by_text(t("pick_stages", lang)).count():  # a fresh user; else the draft of an earlier run is back
        choose(page, t("stages_operated", lang), name(graph, "electrolysis", lang))
    see_heading(page, t("questionnaire", lang))
    see_heading(page, t("results", lang))
    shot(page, "enterprise", lang, "1-stages")
    # answer three questions: level 3, 2 and 4
    radios = page.locator("[data-testid='stRadio']").filter(has=page.locator("label", has_text="3 "))
    for i, level in enumerate((3, 2, 4)):
        radios.nth(i).get_by_text(f"{level} ", exact=False).first.click()
        idle(page)
    see(page, f"{t('answered', lang)}{t('colon', lang)}3/")
    shot(page, "enterprise", lang, "2-answered")
    # a reload keeps the draft: the stage and the three answers
    page.reload(wait_until="domcontentloaded")
    see_heading(page, t("questionnaire", lang))
    idle(page)
    see(page, f"{t('answered', lang)}{t('colon', lang)}3/")
    shot(page, "enterprise", lang, "3-after-reload")
    # navigation away and back keeps it too
    nav(page, "lens", t("policy_lens", lang))
    nav(page, "assessment", t("assessment", lang))
    see(page, f"{t('answered', lang)}{t('colon', lang)}3/")
    # the results: a score and level, the gap list and a roadmap, in the interface language
    for key in ("score", "level", "gaps", "roadmap"):
        see(page, t(key, lang))
    page.get_by_role("heading", name=t("by_domain", lang), exact=True).first.scroll_into_view_if_needed()
    shot(page, "enterprise", lang, "4-results")
    page.get_by_role("heading", name=t("roadmap", lang), exact=True).first.scroll_into_view_if_needed()
    shot(page, "enterprise", lang, "4-roadmap")
    # a roadmap step opens its card in one click (the tables: by stage, by domain, gaps, roadmap)
    click_table_row(page, t("roadmap", lang), 0)
    page.wait_for_url("**/node?**id=**")
    step = parse_qs(urlparse(page.url).query)["id"][0]
    see_heading(page, name(graph, step, lang))
    shot(page, "enterprise", lang, "5-roadmap-step-detail")


# ---------------------------------------------------------------- the consultant


@pytest.mark.parametrize("lang", LANGS)
def test_consultant_exports_a_selection_and_downloads_it(server, page, graph, lang, tmp_path):
    open_url(page, server, "export", lang, t("export", lang))
    choose(page, t("stages", lang), name(graph, "rolling", lang))
    choose(page, t("labels", lang), label_name("Scenario", lang))
    wanted = graph.filter_nodes(["Scenario"], ["rolling"])
    page.wait_for_url(lambda url: "stages=rolling" in url and "labels=Scenario" in url)  # the run saw both picks
    idle(page)
    shot(page, "consultant", lang, "1-selection")
    path = download(page, "GRAPHML", tmp_path)
    assert path.suffix == ".graphml"
    got = nx.read_graphml(path)
    assert sorted(got.nodes) == sorted(wanted)  # what was selected, and nothing else
    (ARTIFACTS / f"consultant-{lang}-selection.graphml").write_bytes(path.read_bytes())
    shot(page, "consultant", lang, "2-downloaded")
    # the selection is in the URL: a reload rebuilds it (the boxes, the count)
    page.reload(wait_until="domcontentloaded")
    see_heading(page, t("export", lang))
    idle(page)
    selection_shown(page, graph, lang, len(wanted))
    shot(page, "consultant", lang, "3-after-reload")
    # away by the sidebar and back: the page reopens as it was left, and its URL says so again
    nav(page, "lens", t("policy_lens", lang))
    nav(page, "export", t("export", lang))
    page.wait_for_url(lambda url: "stages=rolling" in url and "labels=Scenario" in url)
    selection_shown(page, graph, lang, len(wanted))
    shot(page, "consultant", lang, "4-after-navigation")
    # a node of the preview opens its detail in one click
    node = sorted(wanted)[0]
    click_node(page, node)
    page.wait_for_url(f"**/node?**id={node}**")
    see_heading(page, name(graph, node, lang))
    idle(page)
    shot(page, "consultant", lang, "5-preview-node-detail")


def selection_shown(page, graph, lang: str, count: int) -> None:
    """The export page shows the rolling mill's scenarios as chosen: both picks in their boxes, the count."""
    from playwright.sync_api import expect

    assert "stages=rolling" in page.url and "labels=Scenario" in page.url, page.url
    for label, option in ((t("stages", lang), name(graph, "rolling", lang)),
                          (t("labels", lang), label_name("Scenario", lang))):
        box = page.locator("[data-testid='stMultiSelect']").filter(has=page.get_by_text(label, exact=True)).first
        expect(box).to_contain_text(option)
    metric = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text(t("nodes", lang), exact=True))
    expect(metric.first).to_contain_text(str(count))
