"""Every problem of an assessment is said in both languages (i18n.Bilingual): the Chinese page shows Chinese
sentences, the English page and the CLI English ones. Checked on each way an assessment is refused (form
fields, JSON and CSV files, bounds, the stores' save check) and on the Chinese page through AppTest."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from scenegraph.assess import AssessmentError, parse_assessment
from scenegraph.assess.model import Assessment, from_csv, from_json, require_answers
from scenegraph.base.i18n import Bilingual
from scenegraph.base.limits import LIMITS
from tests.conftest import app_test, shown

HAN = re.compile(r"[\u4e00-\u9fff]")
GOOD = {"enterprise_id": "ent_x", "name": "X", "stages": ["electrolysis"]}
CSV_HEAD = "enterprise_id,enterprise_name,region,stages,at,scenario_id,scenario_zh,scenario_en,level\n"

CASES = {
    "not an object": lambda g: parse_assessment([1, 2], g),
    "form fields": lambda g: parse_assessment({"enterprise_id": "Acme", "stages": []}, g),
    "unknown stage": lambda g: parse_assessment({**GOOD, "stages": ["moon"]}, g),
    "not a stage": lambda g: parse_assessment({**GOOD, "stages": ["sc_elec_bath_online_measurement"]}, g),
    "unknown scenario": lambda g: parse_assessment({**GOOD, "answers": {"sc_nowhere": 2}}, g),
    "not applicable": lambda g: parse_assessment({**GOOD, "answers": {"sc_cast_melt_quality_monitoring": 2}}, g),
    "future": lambda g: parse_assessment({**GOOD, "at": (datetime.now(UTC) + timedelta(days=3)).isoformat()}, g),
    "name control character": lambda g: parse_assessment({**GOOD, "name": "X\x07Y"}, g),
    "name too long": lambda g: parse_assessment({**GOOD, "name": "长" * (LIMITS.max_name_chars + 1)}, g),
    "bad JSON": lambda g: from_json(b'{"enterprise_id": ', g),
    "not UTF-8": lambda g: from_json(b'{"name": "\xff"}', g),
    "too deep": lambda g: from_json("[" * (LIMITS.max_nesting_depth + 5) + "]" * (LIMITS.max_nesting_depth + 5), g),
    "CSV no rows": lambda g: from_csv(CSV_HEAD, g),
    "CSV columns": lambda g: from_csv("a,b\n1,2\n", g),
    "CSV levels and lines": lambda g: from_csv(
        CSV_HEAD + "ent_x,X,,electrolysis,,sc_elec_bath_online_measurement,,,7\n"
                   "ent_y,X,,electrolysis,,sc_elec_bath_online_measurement,,,2\n", g),
    "nothing to save": lambda g: require_answers(Assessment(enterprise_id="ent_x", name="X", stages=["electrolysis"])),
}


@pytest.mark.parametrize("case", CASES)
def test_every_problem_is_said_in_both_languages(case, shipped):
    with pytest.raises(AssessmentError) as caught:
        CASES[case](shipped)
    e = caught.value
    zh, en = e.lines("zh"), e.lines("en")
    assert zh and len(zh) == len(en) == len(e.problems), (zh, en)
    assert en == e.problems and str(e) == "; ".join(en)  # the CLI and logs keep English
    for line in zh:
        assert HAN.search(line), f"{case}: not Chinese: {line!r}"
    for line in en:
        assert not HAN.search(line.replace("长", "")), f"{case}: not English: {line!r}"


def test_a_long_list_ends_with_a_count_in_the_page_language(monkeypatch):
    import scenegraph.assess.model as model

    monkeypatch.setattr(model, "LIMITS", type(LIMITS)(**{**LIMITS.__dict__, "max_problems_listed": 3}))
    e = AssessmentError([Bilingual(f"问题 {i}", f"problem {i}") for i in range(5)])
    assert e.count == 5 and len(e.lines("zh")) == 4 and e.lines("zh")[-1].startswith("……另有 2 个问题")
    assert e.lines("en")[:3] == ["problem 0", "problem 1", "problem 2"]


@pytest.fixture
def page(monkeypatch):
    at = app_test(monkeypatch)
    at.run()
    at.switch_page("views/assessment.py").run()
    assert not at.exception, at.exception
    return at


UPLOADS = {
    "stages.json": (json.dumps({"enterprise_id": "ent_up", "name": "上传", "stages": ["moon"]}).encode(),
                    "未知的生产环节 'moon'", "unknown stage"),
    "scenario.json": (json.dumps({"enterprise_id": "ent_up", "name": "上传", "stages": ["casthouse"],
                                  "answers": {"sc_elec_bath_online_measurement": 3}}).encode(),
                      "场景 'sc_elec_bath_online_measurement' 不适用于所运营的生产环节", "does not apply"),
    "broken.json": (b'{"enterprise_id": ', "不是有效的 JSON（第 1 行", "not valid JSON"),
    "latin1.json": ('{"name": "é"}'.encode("latin-1"), "JSON 文件不是 UTF-8 文本（第 1 行）", "not UTF-8"),
    "levels.csv": ((CSV_HEAD + "ent_up,上传,,casthouse,,sc_cast_melt_quality_monitoring,,,9\n").encode(),
                   "第 2 行：场景 'sc_cast_melt_quality_monitoring' 的等级应为 0 到 5 的整数，实际为 '9'",
                   "must be a whole number 0-5"),
}


@pytest.mark.parametrize("name", UPLOADS)
def test_the_chinese_page_shows_upload_problems_in_chinese(page, name):
    body, zh, en = UPLOADS[name]
    mime = "text/csv" if name.endswith(".csv") else "application/json"
    page.get("file_uploader")[0].set_value((name, body, mime))
    page.run()
    assert not page.exception, page.exception
    text = shown(page.error[0].value)
    assert "上传的文件无法使用" in text and zh in text, text
    assert en not in text, text  # no English sentence on the Chinese page
    page.radio(key="lang").set_value("en").run()
    assert en in shown(page.error[0].value) and zh not in shown(page.error[0].value)
