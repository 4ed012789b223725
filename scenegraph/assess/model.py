"""An enterprise's self-assessment: who, which stages it runs, and a maturity level (0-5) per scenario.

Reading is strict and total: every problem of a file or form is reported at once, in one clear line each,
so an upload never ends in a traceback and the answers already given are never touched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from ..graph import ScenarioGraph
from ..model import MATURITY_LEVELS

__all__ = ["LEVEL_DESCRIPTORS", "Assessment", "AssessmentError", "applicable_scenarios", "from_csv", "from_json",
           "level_name", "parse_assessment", "require_answers", "to_csv", "to_json"]

EnterpriseId = Annotated[str, StringConstraints(pattern=r"^ent_[a-z0-9_]+$", max_length=120)]
NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=120)]
Level = Annotated[int, Field(ge=0, le=5)]

#: What each level means for one scenario, as the questionnaire shows it (after GB/T 39116-2020's level names).
LEVEL_DESCRIPTORS: dict[int, tuple[str, str]] = {
    0: ("未开展：尚无计划或投入", "Not started: no plan or investment yet"),
    1: ("规划级：已立项规划，开始采集所需数据", "Planning: planned and funded, collecting the data it needs"),
    2: ("规范级：在部分产线或工序上线，按规范运行", "Standardised: running on some lines or steps, to a procedure"),
    3: ("集成级：覆盖全部相关工序，与 MES/ERP 等系统集成", "Integrated: covers every relevant step, integrated with "
        "MES/ERP and other systems"),
    4: ("优化级：模型驱动闭环优化，效果可量化", "Optimised: model-driven closed-loop optimisation with measured "
        "effect"),
    5: ("引领级：跨环节协同、自主优化，行业可复制", "Leading: self-optimising across stages, a model for the "
        "industry"),
}

CSV_COLUMNS = ("enterprise_id", "enterprise_name", "region", "stages", "at", "scenario_id", "scenario_zh",
               "scenario_en", "level")


class AssessmentError(ValueError):
    """An assessment that cannot be used; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class Assessment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    enterprise_id: EnterpriseId
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    region: str | None = None
    stages: list[NodeId] = Field(min_length=1)
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    answers: dict[NodeId, Level] = {}

    @field_validator("at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        """Naive times are taken as UTC, so saves from anywhere order the same way."""
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    @field_validator("stages")
    @classmethod
    def _unique_stages(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def level(self, scenario: str) -> int:
        return self.answers.get(scenario, 0)


def require_answers(assessment: Assessment) -> None:
    """A save needs at least one answer (0 counts): an empty save would leave nothing to list or reload."""
    if not assessment.answers:
        raise AssessmentError(["nothing to save: answer at least one scenario (level 0 counts as an answer)"])


def level_name(level: int, lang: str = "en") -> str:
    zh, en = MATURITY_LEVELS[level]
    return zh if lang == "zh" else en


def applicable_scenarios(graph: ScenarioGraph, stages: list[str]) -> list[str]:
    """Scenarios that apply at one of the stages operated, sorted: the questionnaire."""
    wanted = set(stages)
    return sorted(sc for sc in graph.ids("Scenario") if wanted.intersection(graph.stages_of(sc)))


def _pydantic_problems(e: ValidationError) -> list[str]:
    out = []
    for err in e.errors():
        where = ".".join(str(p) for p in err["loc"]) or "assessment"
        value = err.get("input")
        shown = f" (got {value!r})" if not isinstance(value, dict | list) and value is not None else ""
        out.append(f"{where}: {err['msg']}{shown}")
    return out


def parse_assessment(data: Any, graph: ScenarioGraph) -> Assessment:
    """An Assessment from plain data, checked against the graph: stages must be stages and every answer a
    scenario that applies at them. Raises AssessmentError with every problem."""
    if not isinstance(data, Mapping):
        raise AssessmentError([f"an assessment must be an object with enterprise_id, name, stages and answers, "
                               f"got {type(data).__name__}"])
    try:
        assessment = Assessment.model_validate(dict(data))
    except ValidationError as e:
        raise AssessmentError(_pydantic_problems(e)) from None
    problems = []
    for stage in assessment.stages:
        if stage not in graph:
            problems.append(f"stages: unknown stage '{stage}'")
        elif graph.label(stage) != "Stage":
            problems.append(f"stages: '{stage}' is a {graph.label(stage)}, not a Stage")
    if problems:
        raise AssessmentError(problems)
    applicable = set(applicable_scenarios(graph, assessment.stages))
    for sc in assessment.answers:
        if sc not in graph or graph.label(sc) != "Scenario":
            problems.append(f"answers: unknown scenario '{sc}'")
        elif sc not in applicable:
            problems.append(f"answers: '{sc}' does not apply at the stages operated "
                            f"({', '.join(assessment.stages)}); it applies at {', '.join(graph.stages_of(sc))}")
    if problems:
        raise AssessmentError(problems)
    return assessment


def from_json(text: str | bytes, graph: ScenarioGraph) -> Assessment:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise AssessmentError([f"not valid JSON: {e}"]) from None
    return parse_assessment(data, graph)


def to_json(assessment: Assessment) -> str:
    return assessment.model_dump_json(indent=2)


def to_csv(assessment: Assessment, graph: ScenarioGraph) -> str:
    """One row per applicable scenario (names for people editing it in a spreadsheet; import reads ids)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    meta = [assessment.enterprise_id, assessment.name, assessment.region or "", ";".join(assessment.stages),
            assessment.at.isoformat()]
    for sc in applicable_scenarios(graph, assessment.stages):
        w.writerow([*meta, sc, graph.name(sc, "zh"), graph.name(sc, "en"), assessment.level(sc)])
    return buf.getvalue()


def from_csv(text: str | bytes, graph: ScenarioGraph) -> Assessment:
    """The CSV written by to_csv (or edited by hand). Blank levels count as not answered."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AssessmentError(["the CSV file is not UTF-8 text"]) from None
    try:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as e:
        raise AssessmentError([f"not a readable CSV file: {e}"]) from None
    if not rows:
        raise AssessmentError(["the CSV file has no rows"])
    missing = [c for c in ("enterprise_id", "enterprise_name", "stages", "scenario_id", "level") if c not in rows[0]]
    if missing:
        raise AssessmentError([f"the CSV file lacks the column(s) {', '.join(missing)}; "
                               f"expected {', '.join(CSV_COLUMNS)}"])
    first = rows[0]
    problems, answers = [], {}
    for line, row in enumerate(rows, start=2):
        for col in ("enterprise_id", "stages"):
            if (row.get(col) or "") != (first.get(col) or ""):
                problems.append(f"line {line}: {col} differs from line 2 ('{row.get(col)}' vs '{first.get(col)}')")
        sc, level = (row.get("scenario_id") or "").strip(), (row.get("level") or "").strip()
        if not sc or not level:
            continue
        try:
            answers[sc] = int(level)
        except ValueError:
            problems.append(f"line {line}: level of '{sc}' must be a whole number 0-5, got '{level}'")
    if problems:
        raise AssessmentError(problems)
    data: dict[str, Any] = {
        "enterprise_id": first["enterprise_id"], "name": first["enterprise_name"],
        "region": first.get("region") or None,
        "stages": [s.strip() for s in (first["stages"] or "").split(";") if s.strip()],
        "answers": answers,
    }
    if (first.get("at") or "").strip():
        data["at"] = first["at"].strip()
    return parse_assessment(data, graph)
