"""The answer sheet in progress (scenegraph.assess.form): a typed object, kept as a draft and read back field by
field from a file anyone with the home folder could have edited."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from scenegraph.assess import AssessmentError
from scenegraph.assess.form import AnswerSheet, Plan
from scenegraph.dataset.loader import load_graph
from scenegraph.stores.files.drafts import DraftBox


def test_a_sheet_survives_its_draft(tmp_path):
    box = DraftBox(tmp_path)
    sheet = AnswerSheet("ent_a", "Plant A", "Henan", ["smelting"], {"sc_feed": 3}, Plan(["tech_x"], [1, 0, 2, 0]),
                        {"sc_feed": 2.5}, version=4)
    box.save("uid:alice", sheet)
    back = box.load("uid:alice")
    assert back == AnswerSheet("ent_a", "Plant A", "Henan", ["smelting"], {"sc_feed": 3},
                               Plan(["tech_x"], [1.0, 0.0, 2.0, 0.0]), {"sc_feed": 2.5})  # version: not kept
    assert back is not None and back.plan.capacities() == [1.0, 1e9, 2.0, 1e9]
    assert AnswerSheet().plan.capacities() is None  # no wave limited


def test_a_forged_draft_keeps_only_what_is_well_formed(tmp_path):
    """A hand-edited draft: levels out of range or of another type, a boolean for a level, a plan of the wrong
    shape, negative efforts; none of it reaches the form, and none of it is an error."""
    box = DraftBox(tmp_path)
    box.save("uid:eve", AnswerSheet())
    path = next(tmp_path.iterdir())
    path.write_text(json.dumps({"enterprise_id": ["x"], "name": {"a": 1}, "stages": ["s", 3],
                                "answers": {"a": 9, "b": -1, "c": "5", "d": True, "e": 2.0, "f": 4},
                                "plan": {"in_place": ["t"], "capacity": [1, 2, 3]},
                                "effort": {"x": -3, "y": "7", "z": 1, "w": False}}), encoding="utf-8")
    sheet = box.load("uid:eve")
    assert sheet is not None
    assert sheet.answers == {"f": 4} and sheet.stages == ["s", "3"] and sheet.name == "{'a': 1}"
    assert sheet.plan == Plan() and sheet.effort == {"z": 1.0}


@pytest.mark.parametrize("broken", ["[1, 2]", '{"answers": [], "stages": []}', '{"answers": {}}', "not json"],
                         ids=["a-list", "answers-a-list", "no-stages", "not-json"])
def test_a_draft_of_the_wrong_shape_is_no_draft(tmp_path, broken):
    box = DraftBox(tmp_path)
    box.save("uid:eve", AnswerSheet())
    next(tmp_path.iterdir()).write_text(broken, encoding="utf-8")
    assert box.load("uid:eve") is None


def test_a_sheet_becomes_an_assessment_only_when_it_is_one():
    graph = load_graph()
    stage = graph.ordered("Stage")[0]
    sheet = AnswerSheet("ent_a", "", "", [stage], {})
    at = datetime(2025, 1, 1, tzinfo=UTC)
    a = sheet.assessment(graph, at, set())
    assert a.name == "ent_a" and a.region is None and a.at == at
    with pytest.raises(AssessmentError):
        AnswerSheet("ent_a", "", "", ["no_such_stage"], {}).assessment(graph, at, set())
