"""The Streamlit app, driven through AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import shown

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def test_overview_shows_counts_and_the_map(app):
    assert app.title[0].value == "铝产业链数字化转型场景图谱"
    labels = {m.label: m.value for m in app.metric}
    assert int(labels["数字化场景"]) >= 30
    assert app.get("bidi_component"), "the scenario map is missing"


def test_language_switch_to_english(app):
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Aluminium-chain digital-transformation scenario graph"
    assert app.query_params["lang"] == "en"


def test_search_lists_matches_in_both_languages(app):
    app.text_input(key="q").input("阳极效应").run()
    assert not app.exception
    [table] = [d.value for d in app.dataframe if {"名称", "英文名"} <= set(d.value.columns)]  # the hits
    assert "阳极效应预测与抑制" in set(table["名称"])
    assert "Anode-effect prediction and prevention" in set(table["英文名"])
    assert app.query_params["q"] == "阳极效应"
    app.text_input(key="q").input("no such thing at all").run()
    assert app.info[0].value == "没有匹配结果"


def test_page_files_are_not_in_a_pages_folder():
    """Streamlit lists a `pages/` folder by raw file name on a fresh server, before app.py's navigation runs:
    page files live in views/."""
    root = Path(APP).parent
    assert not (root / "pages").exists()
    assert {p.stem for p in (root / "views").glob("*.py")} >= {"overview", "node", "lens", "paths", "export"}


def test_sidebar_names_the_graph_release_in_both_languages(app):
    import yaml

    release = yaml.safe_load((Path(APP).parent / "data" / "release.yaml").read_text(encoding="utf-8"))
    captions = [shown(c.value) for c in app.sidebar.caption]
    assert f"图谱版本 {release['version']}（{release['date']}）" in captions
    app.sidebar.radio(key="lang").set_value("en").run()
    assert f"Graph release {release['version']} ({release['date']})" in [shown(c.value) for c in app.sidebar.caption]
