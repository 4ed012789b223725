"""The observatory page through AppTest, on an archive of synthetic enterprise histories."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from scenegraph.assess.model import Assessment
from scenegraph.curation.synth import synth_histories
from scenegraph.dataset.loader import load_graph
from scenegraph.stores.files.assessments import AssessmentArchive
from tests.conftest import app_test, private_downloads


def _seed(extra: list[Assessment] = ()) -> None:
    st.cache_resource.clear()  # the embedded store (and its archive path) is cached per process
    archive = AssessmentArchive(Path(os.environ["SCENEGRAPH_HOME"]) / "assessments.json")
    archive._write([*synth_histories(load_graph(), 60, saves=2, seed=4), *extra])


def test_observatory_shows_aggregates_in_both_languages(monkeypatch):
    lone = Assessment(enterprise_id="ent_lonely", name="孤", region="海南", stages=["electrolysis"],
                      at=datetime(2026, 1, 1, tzinfo=UTC), answers={})
    _seed([lone])
    at = app_test(monkeypatch)
    at.run()
    at.switch_page("views/observatory.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "行业观测台"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["纳入企业数"] == "61"
    assert metrics["国家目标"] == "> 20%"
    at.radio(key="obs_dim").set_value("region").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    # the lone 海南 enterprise is one group below k = 5: its size only, never its levels
    hainan = table[table.iloc[:, 0] == "海南"]
    assert len(hainan) == 1 and "少于 5 家" in hainan.iloc[0, 1]
    assert at.dataframe[0].value.shape[0] >= 2
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Industry observatory"
    assert {m.label for m in at.metric} >= {"Enterprises pooled", "Share at level 3 or above", "National goal"}
    assert {"Download CSV", "Download the brief (printable HTML)"} <= set(private_downloads(at))


def test_observatory_empty_archive_says_so(monkeypatch):
    st.cache_resource.clear()
    at = app_test(monkeypatch)
    at.run()
    at.switch_page("views/observatory.py").run()
    assert not at.exception, at.exception
    assert at.info[0].value == "截至该日期尚无保存的自评。"
