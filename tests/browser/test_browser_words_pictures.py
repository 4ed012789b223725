# ruff: noqa: F811  (the journeys module's server, browser and page fixtures are shared, not redefined)
"""Words and pictures (issue 22, items 7 and 9) as a reader sees them in a real Chromium at 1440 px, zh and en:
nothing cut mid-word or printed over, every word in the page's language. Screenshots in
.artifacts/browser/words-<lang>-<step>.png."""

from __future__ import annotations

import pytest

from scenegraph.assess import Scorer, parse_assessment
from scenegraph.assess.evaluate import evaluate
from scenegraph.base.i18n import t
from scenegraph.dataset.loader import load_graph
from scenegraph.graph.schema import LABELS, MATURITY_LEVELS
from scenegraph.present.assessment_report import report_html
from tests.browser.test_browser_journeys import (  # noqa: F401  (fixtures)
    ARTIFACTS,
    choose,
    idle,
    name,
    open_url,
    see,
    see_heading,
)

pytestmark = pytest.mark.browser
LANGS = ["zh", "en"]
MAIN = "[data-testid='stMain']"
#: a card whose recommended prerequisites have long names ("Anode-current distribution monitoring and pot-state
#: recognition · recommended" was cut to "... pot-state recognition · recommend", its link to "... and pot-s")
CARD = "sc_elec_alumina_feed_control"


@pytest.fixture(scope="module")
def graph():
    return load_graph()


def shot(page, lang: str, step: str, element=None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (element or page).screenshot(path=str(ARTIFACTS / f"words-{lang}-{step}.png"))


def overlaps(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or
                a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("lang", LANGS)
def test_card_links_end_in_an_ellipsis_with_the_whole_name_on_hover(server, page, graph, lang):
    """Chips and prerequisite links too long for their column end in "…" (not cut mid-word), and hovering one
    shows its whole text; the card's facts use the interface language's colon; Streamlit's English-only menu is
    not there."""
    open_url(page, server, f"node?id={CARD}", lang, t("node_detail", lang))
    see(page, t("colon", lang).join(["所需数据", ""]) if lang == "zh" else "Data needed: ")
    assert page.locator("[data-testid='stMainMenu']").count() == 0  # "Print", "Record screen": English only
    links = page.locator(f"{MAIN} [data-testid='stPageLink']")
    links.first.wait_for(state="visible")
    assert links.count() >= 6
    texts = page.eval_on_selector_all(
        f"{MAIN} [data-testid='stPageLink'] [data-testid='stPageLink-NavLink'] p",
        "ps => ps.filter(p => p.offsetParent).map(p => { const s = getComputedStyle(p); return {text: p.textContent,"
        " ellipsis: s.textOverflow === 'ellipsis' && s.overflow === 'hidden' && s.whiteSpace === 'nowrap',"
        " cut: p.scrollWidth > p.clientWidth + 1}; })")
    assert texts and all(x["ellipsis"] for x in texts), texts
    cut = [x for x in texts if x["cut"]]
    if lang == "en":  # the long English names do not fit a half-width column: they are the ones shortened
        assert any("pot-state" in x["text"] for x in cut), texts
    prereq = name(graph, "sc_elec_anode_current_monitoring", lang)
    for text in [x["text"] for x in cut] or [next(x["text"] for x in texts if prereq in x["text"])]:
        link = links.filter(has_text=text).first
        link.scroll_into_view_if_needed()
        link.locator("a").first.hover()
        tip = page.locator("[data-testid='stTooltipContent']").first
        tip.wait_for(state="visible")
        assert text in tip.inner_text(), (text, tip.inner_text())
        page.mouse.move(0, 0)
        tip.wait_for(state="hidden")
    heading = page.get_by_role("heading", name=t("outgoing_title", lang), exact=True).first
    heading.evaluate("el => el.scrollIntoView({block: 'start'})")
    links.filter(has_text=prereq).first.locator("a").first.hover()
    page.locator("[data-testid='stTooltipContent']").first.wait_for(state="visible")
    shot(page, lang, "1-card-chips")
    # the prerequisite links under the drawing ("1. Anode-current distribution monitoring and pot-s" was cut)
    first = links.filter(has_text=f"1. {prereq}").first
    first.evaluate("el => el.scrollIntoView({block: 'center'})")
    first.locator("a").first.hover()
    tip = page.locator("[data-testid='stTooltipContent']").first
    tip.wait_for(state="visible")
    assert f"1. {prereq}" in tip.inner_text()
    shot(page, lang, "1b-prerequisite-links")


@pytest.mark.parametrize("lang", LANGS)
def test_assessment_pictures_keep_their_words_whole(server, page, graph, lang):
    """The self-assessment's pictures: the stage radar's labels inside its drawing ("轧制（板带箔）" was cut to
    "l（板带箔）"), the roadmap's Gantt title clear of its axis, its colours in a legend, months in words; the
    download buttons' labels whole ("Download the report (H…")."""
    open_url(page, server, "assessment", lang, t("assessment", lang))
    choose(page, t("stages_operated", lang), name(graph, "rolling", lang))
    choose(page, t("stages_operated", lang), name(graph, "electrolysis", lang))
    see_heading(page, t("results", lang))
    idle(page)
    charts = page.locator(f"{MAIN} [data-testid='stPlotlyChart']")
    charts.first.wait_for(state="visible")
    # the stage radar (the one naming the rolling mill): every axis label drawn inside the chart's own box
    page.wait_for_selector(f"{MAIN} [data-testid='stPlotlyChart'] .angularaxistick text")
    rolling = name(graph, "rolling", lang).split(" ")[0][:2]
    radar = next(c for c in charts.all() if any(rolling in x for x in c.locator(".angularaxistick text")
                                                  .all_text_contents()))
    radar.scroll_into_view_if_needed()
    box = radar.locator(".main-svg").first.bounding_box()
    labels = radar.locator(".angularaxistick text")
    texts = labels.all_text_contents()
    for i in range(labels.count()):
        b = labels.nth(i).bounding_box()
        assert b["x"] >= box["x"] - 1 and b["x"] + b["width"] <= box["x"] + box["width"] + 1, (texts[i], b, box)
    shot(page, lang, "2-radar", radar)
    # the roadmap's Gantt: its title overlaps no tick label, a legend names both colours, months in words
    # the roadmap's Gantt is the chart whose time axis reads in months (the value charts follow it on the page)
    gantt = next(c for c in charts.all() if f"6 {t('months', lang)}" in c.locator(".xtick text").all_text_contents())
    gantt.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    title = gantt.locator(".gtitle").first.bounding_box()
    for tick in gantt.locator(".xtick text").all():
        assert not overlaps(title, tick.bounding_box()), tick.text_content()
    legend = gantt.locator(".legendtext").all_text_contents()
    assert t("technology_step", lang) in legend and t("scenarios", lang) in legend, legend
    assert f"6 {t('months', lang)}" in gantt.locator(".xtick text").all_text_contents()
    shot(page, lang, "3-gantt")
    # the download buttons: every label whole
    buttons = page.locator(f"{MAIN} .sgd button")  # ui/private_download: built when pressed
    buttons.first.wait_for(state="visible")
    wanted = [t(k, lang) for k in ("download_json", "download_csv", "download_html", "download_md", "download_xlsx")]
    labels = [b for b in buttons.all() if b.inner_text().replace("⬇", "").strip() in wanted]
    assert len(labels) == len(wanted), buttons.all_inner_texts()
    for b in labels:  # the whole label inside the button: nothing hidden past its edge, no "…"
        whole = b.evaluate("el => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1 "
                           "&& getComputedStyle(el).textOverflow !== 'ellipsis'")
        assert whole, b.inner_text()
    labels[0].scroll_into_view_if_needed()
    shot(page, lang, "4-downloads")


@pytest.mark.parametrize("lang", LANGS)
def test_report_gantt_title_stands_clear_with_a_legend_offline(tmp_path, context, graph, lang):
    """The downloaded HTML report, opened from a file: the Gantt's title overlaps no axis text (the axis title
    "months"/"月" printed over it) and its legend says what the orange bars are."""
    scorer = Scorer(graph)
    stages = ["electrolysis", "rolling"]
    a = parse_assessment({"enterprise_id": "ent_w", "name": "w", "stages": stages,
                          "answers": {sc: i % 3 for i, sc in enumerate(scorer.applicable(stages))}}, graph)
    report = tmp_path / f"report-{lang}.html"
    report.write_text(report_html(graph, evaluate(scorer, a), lang), encoding="utf-8")
    pg = context.new_page()
    try:
        pg.goto(report.as_uri())
        pg.wait_for_selector(".js-plotly-plot .gtitle")
        gantt = pg.locator(".js-plotly-plot").filter(has_text=t("roadmap_title", lang)).first
        gantt.scroll_into_view_if_needed()
        title = gantt.locator(".gtitle").first.bounding_box()
        axis_texts = gantt.locator(".xtick text, .g-xtitle text").all()
        assert axis_texts
        for tick in axis_texts:
            assert not overlaps(title, tick.bounding_box()), tick.text_content()
        assert t("technology_step", lang) in gantt.locator(".legendtext").all_text_contents()
        shot(pg, lang, "5-report-gantt", gantt)
    finally:
        pg.close()


@pytest.mark.parametrize("lang", LANGS)
def test_whole_graph_opens_fitted_with_targets_kpis_labels_and_worded_tooltips(server, page, graph, lang):
    """The whole graph at 400 nodes: everything in sight when it opens, every policy target and KPI drawn as
    itself (not folded into "24 KPI"), labels drawn when it opens and after "Show all", folded boxes counted in
    words, tooltips in words ("maturity level 3 of 5 (integrated) · importance 4 of 5", not "L3 · 4")."""
    open_url(page, server, "network?cap=400&labels=" + ",".join(LABELS), lang, t("nav_network", lang))
    page.wait_for_selector(f"{MAIN} .sgn[data-settled]", state="attached")
    state = """() => { const n = window.network, c = n.canvas.frame.canvas, w = c.clientWidth, h = c.clientHeight;
      const ids = n.body.nodeIndices, data = n.body.data.nodes;
      const out = ids.filter(id => { const b = n.getBoundingBox(id), a = n.canvasToDOM({x: b.left, y: b.top}),
        z = n.canvasToDOM({x: b.right, y: b.bottom}); return a.x < -1 || a.y < -1 || z.x > w + 1 || z.y > h + 1; });
      const fonts = ids.map(id => n.body.nodes[id].options.font.size * n.getScale());
      const threshold = n.body.nodes[ids[0]].options.scaling.label.drawThreshold;
      return {out: out.length, n: ids.length, smallest: Math.min(...fonts), threshold,
              groups: ids.map(id => [data.get(id).group, !!data.get(id).summary]),
              summaries: ids.filter(id => data.get(id).summary).map(id => data.get(id).label),
              tips: Object.fromEntries(ids.map(id => [id, data.get(id).title]))}; }"""
    seen = page.evaluate(state)
    assert seen["n"] >= 300 and seen["out"] == 0, seen["out"]  # opens fitted: nothing outside the canvas
    assert seen["smallest"] >= seen["threshold"]  # every label is drawn
    drawn = [g for g, summary in seen["groups"] if not summary]
    assert drawn.count("Target") == len(graph.ids("Target")) and drawn.count("KPI") == len(graph.ids("KPI"))
    assert not any(g in ("Target", "KPI") for g, summary in seen["groups"] if summary)
    for box in seen["summaries"]:  # "2 个 AI 模型" / "2 AI models", never "2 AI model" or "24 KPI"
        one_line = box.replace("\n", " ")
        assert not one_line.endswith((" AI model", " KPI", " Process")), one_line
    sc = next(i for i in graph.ids("Scenario") if i in seen["tips"])
    node = graph.node(sc)
    word = MATURITY_LEVELS[node["level"]][0 if lang == "zh" else 1]
    wanted = t("net_tip_level", lang).format(n=node["level"], word=word)
    assert wanted in seen["tips"][sc] and f"L{node['level']} ·" not in seen["tips"][sc], seen["tips"][sc]
    net = page.locator(f"{MAIN} .sgn").first
    # node labels under 7 px: the stages' and targets' names are written over the drawing at a legible size
    marks = sum(1 for g, summary in seen["groups"] if g in ("Stage", "Target") and not summary)
    if seen["smallest"] < 7:
        assert int(net.get_attribute("data-marks") or 0) == marks
    shot(page, lang, "6-network-whole", net)
    page.locator(f"{MAIN} .sgn button.fit").click()
    page.wait_for_timeout(500)
    after = page.evaluate(state)
    assert after["out"] == 0 and after["smallest"] >= after["threshold"]  # "Show all" keeps the labels
    if after["smallest"] < 7:
        assert int(net.get_attribute("data-marks") or 0) == marks
    shot(page, lang, "7-network-show-all", net)
    # the tooltip as a reader meets it: hover a scenario
    at = page.evaluate(f"() => window.network.canvasToDOM(window.network.getPosition({sc!r}))")
    canvas = net.locator("canvas").first.bounding_box()
    page.mouse.move(canvas["x"] + at["x"], canvas["y"] + at["y"])
    tip = page.locator(".vis-tooltip")
    tip.wait_for(state="visible")
    assert wanted in tip.inner_text()
    shot(page, lang, "8-network-tooltip", net)
