"""Words and release in the interface language (issue 22, items 7 and 10) through AppTest: what changed since the
previous release on the overview, named in the page's language."""

from __future__ import annotations

import pytest

from tests.conftest import app_test, shown


def _open(monkeypatch, page: str, lang: str):
    at = app_test(monkeypatch)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overview_says_what_changed_since_the_previous_release(monkeypatch, lang):
    at = _open(monkeypatch, "overview", lang)
    [exp] = [e for e in at.expander if "2.0.0" in e.label.replace("\\", "")]
    assert not exp.dataframe  # closed: the tables are drawn when it is opened (the map's first paint)
    at.session_state["changes_open"] = True  # the user opens it: Streamlit reruns
    at.run()
    [exp] = [e for e in at.expander if "2.0.0" in e.label.replace("\\", "")]
    assert exp.label.replace("\\", "").startswith("版本变化" if lang == "zh" else "What changed")
    text = " ".join(m.value for m in exp.markdown)
    assert ("节点：新增" if lang == "zh" else "Nodes: +") in text.replace("\\", "")
    counts, nodes, rels = (df.value for df in exp.dataframe)
    kinds = set(counts.iloc[:, 0])
    assert ("指标" if lang == "zh" else "KPI") in kinds and ("KPI" not in kinds if lang == "zh" else True)
    names = set(nodes.iloc[:, 2])
    # names in the page's language, never ids
    assert ("直流电耗" if lang == "zh" else "DC energy consumption") in names
    assert not any(str(n).startswith(("kpi_", "sc_", "tgt_")) for n in names)
    assert ("修改" if lang == "zh" else "changed") in set(nodes.iloc[:, 0])
    assert not any(str(n).startswith(("kpi_", "sc_", "tgt_")) for n in rels.iloc[:, 1])
    assert ("说明" if lang == "zh" else "Description") in " ".join(nodes.iloc[:, 3])



def _record_downloads(monkeypatch) -> dict[str, bytes]:
    """Every file Streamlit stores for a download, by the file name it offers (the media storage still stores it)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            files[filename] = path_or_data if isinstance(path_or_data, bytes) else b""
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return files


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lens_printable_page_and_its_downloads_name_the_release(monkeypatch, shipped, lang):
    files = _record_downloads(monkeypatch)
    at = app_test(monkeypatch)
    at.query_params["lang"] = lang
    at.query_params["target"] = "tgt_2027_red_mud_utilisation_new"
    at.switch_page("views/lens.py").run()
    assert not at.exception, at.exception
    v, d = shipped.release["version"], shipped.release["date"]
    stem = f"lens-tgt_2027_red_mud_utilisation_new-release-{v}"
    assert {f"{stem}.csv", f"{stem}.html"} <= set(files)
    page = files[f"{stem}.html"].decode()
    assert (f"图谱版本 {v}（{d}）" if lang == "zh" else f"Graph release {v} ({d})") in page


def test_streamlit_s_own_english_menu_is_hidden():
    """Streamlit's main menu ("Print", "Record screen") speaks English only: "minimal" shows no menu at all (no
    item is added), and no Deploy button either."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["toolbarMode"] == "minimal"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_history_axis_tells_two_saves_of_one_day_apart(tmp_path, lang):
    """Two saves 12 s apart: the ticks drawn by plotly in Chromium show the time of day, not "2026-12-07" on every
    tick (the fixed date format did)."""
    from datetime import UTC, datetime, timedelta

    from playwright.sync_api import sync_playwright

    from scenegraph.present.charts import history_chart
    from tests.browser_support import chromium_path

    t0 = datetime(2026, 12, 7, 7, 30, 0, tzinfo=UTC)
    page_file = tmp_path / "history.html"
    page_file.write_text(history_chart([(t0, 1.2), (t0 + timedelta(seconds=12), 1.9)], lang).to_html(
        include_plotlyjs=True), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path())
        page = browser.new_page(viewport={"width": 900, "height": 320})
        page.goto(page_file.as_uri())
        page.wait_for_selector(".xtick text")
        ticks = page.eval_on_selector_all(".xtick text", "els => els.map(e => e.textContent)")
        browser.close()
    assert len(set(ticks)) == len(ticks) >= 2
    assert "07:30:12" in ticks and any(x.startswith("07:30:00") for x in ticks)


@pytest.mark.neo4j
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_console_and_export_cypher_box_answer_in_the_interface_language(monkeypatch, neo4j_settings, neo4j_store,
                                                                        shipped, lang):
    """Every refusal and error of the Cypher console, and of the Export page's Cypher box, in the page's language:
    a write, an unknown function, an empty answer, a query over the length limit and a failing read (the Chinese
    page said "the console is read-only: this query would write data"). The row count too."""
    from scenegraph.base.limits import LIMITS
    from scenegraph.stores import QueryRefused, StoreError
    from tests.conftest import load_into_neo4j

    load_into_neo4j(neo4j_store, shipped)
    zh = lang == "zh"
    at = app_test(monkeypatch, settings=neo4j_settings)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/console.py").run()
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    assert any(("行 · " in c.value and "毫秒" in c.value) if zh else (" rows · " in c.value and " ms" in c.value)
               for c in at.caption)
    write = "控制台只读：该查询会写入数据" if zh else "the console is read-only: this query would write data"
    said = {
        "MATCH (n) DETACH DELETE n": write,
        "RETURN nosuchfunction(1)": "该查询无法在此运行：" if zh else "this query cannot run here: ",
        "UNWIND [1, 0] AS x RETURN 1 / x": "查询在运行中失败（" if zh else "the query failed while running (",
    }
    for query, wanted in said.items():
        at.text_area(key="cypher").input(query).run()
        at.button(key="run").click().run()
        assert not at.exception and at.error and shown(at.error[0].value).startswith(wanted), (query, at.error)
    # a query over the limit (a client that ignores the box's max_chars): refused in both languages by the store
    with pytest.raises(QueryRefused) as caught:
        neo4j_store.run_readonly("RETURN 1 " + " " * LIMITS.max_cypher_chars)
    assert caught.value.in_("zh").startswith("查询长 ") and str(caught.value).startswith("the query is ")
    with pytest.raises(StoreError) as caught:
        neo4j_store.run_readonly("UNWIND range(1, 100000000) AS x WITH x WHERE x < 0 RETURN count(*)", timeout=0.01)
    assert caught.value.in_("zh").startswith(("查询用时超过", "查询在运行中失败"))
    # the Export page's Cypher box: a query with no nodes says so in the page's language
    at.switch_page("views/export.py").run()
    at.text_area(key="ex_cypher").input("RETURN 1 AS one").run()
    assert not at.exception
    text = " ".join(shown(m.value) for m in at.info)
    assert ("查询没有返回节点、关系或路径" if zh else "the query returned no nodes, relationships") in text, text
    at.text_area(key="ex_cypher").input("MATCH (n) SET n.x = 1 RETURN n").run()
    assert at.error and shown(at.error[0].value) == write
    assert neo4j_store.stats().nodes == shipped.stats().nodes


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hover_texts_use_the_interface_language_s_colon(monkeypatch, shipped, lang):
    """The map cell's hover and the roadmap Gantt's hover write "label：value" on a Chinese page (they wrote
    "数字化场景数: 11" and "波次 1: 0–6 个月")."""
    from scenegraph.assess import Scorer, parse_assessment
    from scenegraph.assess.evaluate import evaluate
    from scenegraph.present.assessment_report import charts
    from tests.conftest import chart_data

    colon = "：" if lang == "zh" else ": "
    at = _open(monkeypatch, "overview", lang)
    hover = chart_data(at)["hover"]
    first = next(h for row in hover for h in row if h)
    assert colon in first.splitlines()[1] and (lang == "en" or ": " not in first), first
    scorer = Scorer(shipped)
    a = parse_assessment({"enterprise_id": "ent_c", "name": "c", "stages": ["rolling"]}, shipped)
    gantt = charts(shipped, evaluate(scorer, a), lang)[3]
    tip = gantt.data[0].hovertext[0]
    assert f"{'波次' if lang == 'zh' else 'Wave'} " in tip and f"{colon}6–12 " in tip or f"{colon}0–6 " in tip, tip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_kpi_target_and_fact_card_is_described_in_the_page_s_language(monkeypatch, shipped, lang):
    """The descriptions a card shows are written in its language: Chinese text on the zh card of every KPI,
    target and fact (20 KPIs showed "Physics: 2,980 x cell voltage..."), English text on the en card (11 targets
    and facts showed Chinese). Checked on the data for all of them, and on two cards the review named."""
    import re

    cjk = re.compile(r"[\u4e00-\u9fff]")
    for label in ("KPI", "Target", "Fact"):
        for node_id in shipped.ids(label):
            node = shipped.node(node_id)
            zh, en = node.get("description_zh") or "", node.get("description_en") or ""
            if not zh and not en:  # nothing to show in either language (validate --strict fails on one alone)
                continue
            assert len(cjk.findall(zh)) >= len(zh) // 4 > 0, (node_id, zh)
            assert len(cjk.findall(en)) <= len(en) // 10 and re.search("[A-Za-z]{3}", en), (node_id, en)
    for node_id in ("kpi_dc_kwh_t", "tgt_2027_recycled_al_output"):
        at = app_test(monkeypatch)
        at.query_params["lang"] = lang
        at.query_params["id"] = node_id
        at.run()
        at.switch_page("views/node.py").run()
        assert not at.exception, at.exception
        desc = shipped.node(node_id)["description_zh" if lang == "zh" else "description_en"]
        assert any(desc[:20] in shown(m.value) for m in at.markdown), node_id
