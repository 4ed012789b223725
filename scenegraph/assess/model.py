"""An enterprise's self-assessment: who, which stages it runs, and a maturity level (0-5) per scenario.

Reading is strict and total: every problem of a file or form is reported at once, in one clear line each,
so an upload never ends in a traceback and the answers already given are never touched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from scenegraph.assess.profile import PlantProfile, profile_problems
from scenegraph.base.bounded import Rejected, check_count, decode_text, load_json
from scenegraph.base.errors import InputRejected
from scenegraph.base.i18n import DEFAULT_LANG, Bilingual, pick
from scenegraph.base.limits import ANSWER_LEVELS, LIMITS
from scenegraph.base.spreadsheet import plain, safe_cell
from scenegraph.base.texts import NAME_FIELDS, text_problem
from scenegraph.dataset.problems import summary_lines
from scenegraph.graph.scenario_graph import ScenarioGraph
from scenegraph.graph.schema import MATURITY_LEVELS

__all__ = ["LEVEL_DESCRIPTORS", "Assessment", "AssessmentError", "applicable_scenarios", "from_csv", "from_json",
           "level_name", "parse_assessment", "require_answers", "to_csv", "to_json"]

EnterpriseId = Annotated[str, StringConstraints(pattern=r"^ent_[a-z0-9_]+$", max_length=120)]
NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=120)]
#: strictly an integer 0-5: `true` or "3" in a JSON file is refused, not read as 1 or 3
Level = Annotated[int, Field(ge=ANSWER_LEVELS.start, le=ANSWER_LEVELS.stop - 1, strict=True)]

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


class AssessmentError(InputRejected, ValueError):
    """An assessment that cannot be used. Every reason is written in both languages (i18n.Bilingual): `problems`
    lists them in English (the CLI, logs), `lines(lang)` in the page's language, one line each up to
    LIMITS.max_problems_listed and then one line counting the rest; `count` is how many there are in all."""

    def __init__(self, problems: list[Bilingual]):
        self.count = len(problems)
        self._said = list(problems)
        self.problems = summary_lines([p.en for p in problems])
        super().__init__("; ".join(self.problems))

    def lines(self, lang: str) -> list[str]:
        if lang == "en":  # the English list and its count line, as the CLI prints them
            return self.problems
        cap = LIMITS.max_problems_listed
        rest = len(self._said) - cap
        return [p.in_(lang) for p in self._said[:cap]] + (
            [f"……另有 {rest:,} 个问题（最多列出 {cap:,} 个：max_problems_listed）"] if rest > 0 else [])


class Assessment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    enterprise_id: EnterpriseId
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    region: str | None = None
    stages: list[NodeId] = Field(min_length=1)
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    answers: dict[NodeId, Level] = {}
    #: the plant profile the value of each step is computed from (assess.profile): saved with the answers
    profile: PlantProfile | None = None

    @field_validator("at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        """Naive times are taken as UTC, so saves from anywhere order the same way."""
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    @field_validator("region")
    @classmethod
    def _blank_region_is_none(cls, value: str | None) -> str | None:
        """A blank region is no region: every file format (a CSV cell, a form field) then reads back the same."""
        return value or None

    @field_validator("stages")
    @classmethod
    def _unique_stages(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def level(self, scenario: str) -> int:
        return self.answers.get(scenario, 0)


def time_problem(at: datetime, now: datetime | None = None) -> Bilingual | None:
    """Why `at` cannot be an assessment's time: later than now plus LIMITS.clock_skew_s (a save dated in the
    future would sort after, and in the stores block, every later save of its enterprise)."""
    now = now or datetime.now(UTC)
    latest = now + timedelta(seconds=LIMITS.clock_skew_s)
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    if at > latest:
        return Bilingual(f"评估时间 {at.isoformat()} 在未来；评估时间最多比现在晚 {LIMITS.clock_skew_s:g} 秒"
                         "（上限 clock_skew_s）",
                         f"at: {at.isoformat()} is in the future; an assessment is dated at most "
                         f"{LIMITS.clock_skew_s:g} s after now (limit clock_skew_s)")
    return None


def require_answers(assessment: Assessment) -> None:
    """What every store checks before a save: at least one answer (0 counts; an empty save would leave nothing
    to list or reload) and a time that is not in the future."""
    if not assessment.answers:
        raise AssessmentError([Bilingual("没有可保存的内容：请至少回答一个场景（0 级也算作回答）",
                                         "nothing to save: answer at least one scenario (level 0 counts as an "
                                         "answer)")])
    problem = time_problem(assessment.at)
    if problem:
        raise AssessmentError([problem])


def level_name(level: int, lang: str = DEFAULT_LANG) -> str:
    return pick(lang, *MATURITY_LEVELS[level])


def applicable_scenarios(graph: ScenarioGraph, stages: list[str]) -> list[str]:
    """Scenarios that apply at one of the stages operated, sorted: the questionnaire."""
    wanted = set(stages)
    return sorted(sc for sc in graph.ids("Scenario") if wanted.intersection(graph.stages_of(sc)))


#: what each field is, for people (the validator's own words name regexes and types)
_FIELDS = {"enterprise_id": ("企业编号", "enterprise id"), "name": ("企业名称", "enterprise name"),
           "region": ("地区", "region"), "stages": ("运营的生产环节", "stages operated"), "at": ("评估时间", "time"),
           "answers": ("答案", "answers"), "profile": ("工厂概况", "plant profile")}


def _plain(err: dict) -> tuple[str, str]:
    """One validation error in plain words, (zh, en): what is wrong and what is expected, never a regex."""
    loc = [str(p) for p in err["loc"]]
    field = loc[0] if loc else "assessment"
    zh_f, en_f = _FIELDS.get(field, (field, field))
    if field == "answers" and len(loc) > 1:
        zh_f, en_f = f"场景 {loc[1]} 的等级", f"the level of {loc[1]}"
    kind, value = err["type"], err.get("input")
    got = "" if isinstance(value, dict | list) or value is None else f" ({value!r})"
    if field == "profile" and len(loc) > 1:  # the profile's own words name the bound (assess.profile)
        where = ".".join(loc[1:])
        return f"{zh_f} {where}：{err['msg']}", f"{en_f} {where}: {err['msg']}"
    if kind == "missing":
        return f"缺少{zh_f}", f"{en_f}: missing"
    if kind == "string_pattern_mismatch" and field == "enterprise_id":
        return (f"{zh_f}应以 ent_ 开头，只含小写字母、数字和下划线{got}",
                f"{en_f}: must start with ent_ and hold only lower-case letters, digits and _{got}")
    if kind == "string_pattern_mismatch":
        return f"{zh_f}不是有效的编号{got}", f"{en_f}: not a valid id{got}"
    if kind in ("less_than_equal", "greater_than_equal", "int_type", "int_parsing", "int_from_float") \
            and field == "answers":
        return f"{zh_f}应为 0 到 5 的整数{got}", f"{en_f}: must be a whole number 0-5{got}"
    if kind in ("string_too_long", "too_long"):
        limit = (err.get("ctx") or {}).get("max_length")
        return f"{zh_f}过长（最多 {limit} 个字符）", f"{en_f}: too long (at most {limit} characters)"
    if kind in ("string_too_short", "too_short") and field == "stages":
        return f"请至少选择一个{zh_f}", f"{en_f}: pick at least one"
    if kind in ("string_too_short", "too_short"):
        return f"{zh_f}不能为空", f"{en_f}: must not be empty"
    if kind == "extra_forbidden":
        return f"未知字段 {field}", f"unknown field '{field}'"
    if kind.startswith("datetime"):
        return f"{zh_f}不是有效的日期时间{got}", f"{en_f}: not a valid date and time{got}"
    return f"{zh_f}无效{got}", f"{en_f}: not valid{got}"


def _text_problems(data: Mapping) -> list[Bilingual]:
    """Name and region texts over their length limit or holding control characters (texts.text_problem's rule),
    in both languages."""
    found = []
    for key in ("name", "region"):
        value = data.get(key)
        en = text_problem(key, value) if isinstance(value, str) else None
        if en is None:
            continue
        zh_f = _FIELDS[key][0]
        cap, limit = ((LIMITS.max_name_chars, "max_name_chars") if key in NAME_FIELDS
                      else (LIMITS.max_text_chars, "max_text_chars"))
        zh = (f"{zh_f}长 {len(value):,} 个字符，超过上限（{limit} = {cap:,}）" if len(value) > cap
              else f"{zh_f}含有控制字符（只允许普通文字）")
        found.append(Bilingual(zh, en))
    return found


def _rejected(e: Rejected, what_zh: str) -> Bilingual:
    """A refusal of the file's bounded reader (bounded.py) in both languages: which bound, where."""
    if e.kind == "encoding":
        zh = f"{what_zh}不是 UTF-8 文本（第 {e.line} 行）；请以 UTF-8 编码保存"
    elif e.kind == "depth":
        zh = f"{what_zh}嵌套超过 {LIMITS.max_nesting_depth} 层（上限 max_nesting_depth）"
    else:
        zh = f"{what_zh}超出上限，被拒绝"
    return Bilingual(zh, str(e))


def parse_assessment(data: Any, graph: ScenarioGraph) -> Assessment:
    """An Assessment from plain data, checked against the graph: stages must be stages and every answer a
    scenario that applies at them. Raises AssessmentError with every problem."""
    if not isinstance(data, Mapping):
        raise AssessmentError([Bilingual(f"评估应为一个对象，含 enterprise_id、name、stages 和 answers，"
                                         f"实际为 {type(data).__name__}",
                                         f"an assessment must be an object with enterprise_id, name, stages and "
                                         f"answers, got {type(data).__name__}")])
    answers = data.get("answers")
    if isinstance(answers, Mapping) and len(answers) > LIMITS.max_answers:
        raise AssessmentError([Bilingual(f"答案共 {len(answers):,} 条，超过上限（max_answers = "
                                         f"{LIMITS.max_answers:,}）",
                                         f"answers: {len(answers):,} answers, over the limit "
                                         f"(max_answers = {LIMITS.max_answers:,})")])
    problems = _text_problems(data)
    try:
        assessment = Assessment.model_validate(dict(data))
    except ValidationError as e:
        raise AssessmentError(problems + [Bilingual(*_plain(err)) for err in e.errors()]) from None
    late = time_problem(assessment.at)
    if late:
        problems.append(late)
    for stage in assessment.stages:
        if stage not in graph:
            problems.append(Bilingual(f"未知的生产环节 '{stage}'", f"stages: unknown stage '{stage}'"))
        elif graph.label(stage) != "Stage":
            problems.append(Bilingual(f"'{stage}' 不是生产环节（它是 {graph.label(stage)}）",
                                      f"stages: '{stage}' is a {graph.label(stage)}, not a Stage"))
    if assessment.profile is not None:
        problems.extend(profile_problems(assessment.profile, graph, assessment.stages))
    if problems:
        raise AssessmentError(problems)
    applicable = set(applicable_scenarios(graph, assessment.stages))
    for sc in assessment.answers:
        if sc not in graph or graph.label(sc) != "Scenario":
            problems.append(Bilingual(f"答案中有未知的场景 '{sc}'", f"answers: unknown scenario '{sc}'"))
        elif sc not in applicable:
            problems.append(Bilingual(
                f"场景 '{sc}' 不适用于所运营的生产环节（{', '.join(assessment.stages)}）；它适用于 "
                f"{', '.join(graph.stages_of(sc))}",
                f"answers: '{sc}' does not apply at the stages operated ({', '.join(assessment.stages)}); it "
                f"applies at {', '.join(graph.stages_of(sc))}"))
    if problems:
        raise AssessmentError(problems)
    return assessment


def _bounded_text(text: str | bytes, what: str) -> str:
    """The file's text within LIMITS.max_upload_bytes, decoded (a bad byte reported with its line)."""
    what_zh = f"{what} 文件"
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    if size > LIMITS.max_upload_bytes:
        raise AssessmentError([Bilingual(f"{what_zh}大小为 {size:,} 字节，超过上限（max_upload_bytes = "
                                         f"{LIMITS.max_upload_bytes:,}）",
                                         f"the {what} file is {size:,} bytes, over the limit "
                                         f"(max_upload_bytes = {LIMITS.max_upload_bytes:,})")])
    if isinstance(text, bytes):
        try:
            return decode_text(text, f"the {what} file")
        except Rejected as e:
            raise AssessmentError([_rejected(e, what_zh)]) from None
    return text


def from_json(text: str | bytes, graph: ScenarioGraph) -> Assessment:
    text = _bounded_text(text, "JSON")
    try:
        data = load_json(text, "the JSON file")
    except json.JSONDecodeError as e:
        raise AssessmentError([Bilingual(f"不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列）",
                                         f"not valid JSON: {e}")]) from None
    except Rejected as e:
        raise AssessmentError([_rejected(e, "JSON 文件")]) from None
    return parse_assessment(data, graph)


def to_json(assessment: Assessment) -> str:
    return assessment.model_dump_json(indent=2)


def to_csv(assessment: Assessment, graph: ScenarioGraph) -> str:
    """One row per applicable scenario (names for people editing it in a spreadsheet; import reads ids).
    Spreadsheet-safe: a cell starting with = + - @ or a tab gets a leading ' (from_csv takes it off)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    meta = [assessment.enterprise_id, assessment.name, assessment.region or "", ";".join(assessment.stages),
            assessment.at.isoformat()]
    for sc in applicable_scenarios(graph, assessment.stages):
        w.writerow([safe_cell(c) for c in (*meta, sc, graph.name(sc, "zh"), graph.name(sc, "en"))]
                   + [assessment.level(sc)])
    return buf.getvalue()


def _csv_level(text: str) -> int | None:
    """A level cell: a whole number 0-5 written as digits, else None."""
    return int(text) if text.isascii() and text.isdigit() and int(text) in ANSWER_LEVELS else None


def from_csv(text: str | bytes, graph: ScenarioGraph) -> Assessment:
    """The CSV written by to_csv (or edited by hand). Blank levels count as not answered; every bad level is
    reported, each with its line."""
    text = _bounded_text(text, "CSV")
    try:
        rows = []
        for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
            rows.append({k: plain(v) if isinstance(v, str) else v for k, v in row.items()})
            check_count(len(rows), "max_answers", "the CSV file")
    except csv.Error as e:
        raise AssessmentError([Bilingual("CSV 文件无法读取（格式错误）", f"not a readable CSV file: {e}")]) from None
    except Rejected as e:
        raise AssessmentError([Bilingual(f"CSV 文件行数超过上限（max_answers = {LIMITS.max_answers:,}）", str(e))
                               if e.kind == "limit" else _rejected(e, "CSV 文件")]) from None
    if not rows:
        raise AssessmentError([Bilingual("CSV 文件没有数据行", "the CSV file has no rows")])
    missing = [c for c in ("enterprise_id", "enterprise_name", "stages", "scenario_id", "level") if c not in rows[0]]
    if missing:
        raise AssessmentError([Bilingual(f"CSV 文件缺少列 {', '.join(missing)}；应有的列：{', '.join(CSV_COLUMNS)}",
                                         f"the CSV file lacks the column(s) {', '.join(missing)}; "
                                         f"expected {', '.join(CSV_COLUMNS)}")])
    first = rows[0]
    problems: list[Bilingual] = []
    answers = {}
    for line, row in enumerate(rows, start=2):
        for col in ("enterprise_id", "stages"):
            if (row.get(col) or "") != (first.get(col) or ""):
                problems.append(Bilingual(
                    f"第 {line} 行：{col} 与第 2 行不同（'{row.get(col)}' 与 '{first.get(col)}'）",
                    f"line {line}: {col} differs from line 2 ('{row.get(col)}' vs '{first.get(col)}')"))
        sc, level = (row.get("scenario_id") or "").strip(), (row.get("level") or "").strip()
        if not sc or not level:
            continue
        value = _csv_level(level)
        if value is None:
            problems.append(Bilingual(f"第 {line} 行：场景 '{sc}' 的等级应为 0 到 5 的整数，实际为 '{level}'",
                                      f"line {line}: level of '{sc}' must be a whole number 0-5, got '{level}'"))
        else:
            answers[sc] = value
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
