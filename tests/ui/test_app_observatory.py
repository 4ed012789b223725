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


def _smelter(ent: str, region: str, capacity: float) -> Assessment:
    from scenegraph.assess.model import applicable_scenarios
    from scenegraph.assess.profile import PlantProfile

    graph = load_graph()
    return Assessment(enterprise_id=ent, name=ent, region=region, stages=["electrolysis"],
                      at=datetime(2026, 10, 5, tzinfo=UTC),
                      answers={sc: 1 for sc in applicable_scenarios(graph, ["electrolysis"])},
                      profile=PlantProfile.model_validate({"capacity_t": {"electrolysis": capacity},
                                                           "kpis": {"kpi_ac_kwh_t": 13_500.0}}))


def _table(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_pooled_potential_of_saved_plans_by_region_and_against_the_targets(monkeypatch):
    """Smelters with a profile: six in 云南, five in 新疆, one in 海南. 海南's one plan never shows, nor does 新疆's
    (else the overall sum minus 云南 and 新疆 would be 海南's plan); 云南's six are pooled; in both languages; the
    2027 line is counted over every plan."""
    from scenegraph.base.i18n import t

    _seed([*(_smelter(f"ent_yn{i}", "云南", 200_000.0) for i in range(6)),
           *(_smelter(f"ent_xj{i}", "新疆", 300_000.0) for i in range(5)), _smelter("ent_hn", "海南", 900_000.0)])
    at = app_test(monkeypatch)
    at.run()
    at.switch_page("views/observatory.py").run()
    assert not at.exception, at.exception
    at.radio(key="pot_dim").set_value("region").run()
    assert not at.exception, at.exception
    table = _table(at, t("pot_valued", "zh"))
    rows = {r.iloc[0]: r for _, r in table.iterrows()}
    assert rows["云南"][t("pot_valued", "zh")] == "6" and rows["云南"][t("pot_kwh", "zh")] not in ("—", "")
    for hidden in ("海南", "新疆"):
        assert rows[hidden][t("pot_kwh", "zh")] == "—" and rows[hidden][t("pot_valued", "zh")] == "不显示"
    targets = _table(at, t("pot_meets_now", "zh"))
    line = targets[targets.iloc[:, 0].str.contains("13000")]
    assert list(line.iloc[0, 1:]) == ["12", "0", "12"]  # every smelter at 13,500 today; with its plan below 13,000
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert t("pot_valued", "en") in _table(at, t("pot_valued", "en")).columns
