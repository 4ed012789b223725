"""One broken file per problem kind: each problem names its file, line and what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenegraph.dataset.loader import check_dir, load_graph
from scenegraph.dataset.problems import DataError, Problem


def problems_of(data_dir: Path) -> list[Problem]:
    return check_dir(data_dir).problems


def the_problem(data_dir: Path) -> Problem:
    problems = problems_of(data_dir)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_fixture_is_clean(small_copy: Path):
    assert problems_of(small_copy) == []


def test_yaml_syntax_error(small_copy: Path):
    (small_copy / "kpis.yaml").write_text("- {id: kpi_a, name_zh: 甲\n- id: kpi_b\n", encoding="utf-8")
    p = problems_of(small_copy)[0]
    assert (p.file, p.kind) == ("kpis.yaml", "yaml_syntax")
    assert p.line == 2
    assert "YAML syntax error" in p.message


def test_unknown_field(small_copy: Path):
    append(small_copy / "technologies.yaml",
           "- id: en_mes\n  name_zh: 制造执行系统\n  name_en: MES\n  illustrative: true\n  vendor: acme\n")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("technologies.yaml", 6, "unknown_field")
    assert "unknown field 'vendor'" in p.message and "Technology 'en_mes'" in p.message


def test_unquoted_comma_in_flow_mapping_gets_a_hint(small_copy: Path):
    append(small_copy / "technologies.yaml", "- {id: en_mes, name_zh: 制造执行系统, name_en: MES, illustrative: true, "
                                             "description_en: Orders, genealogy}\n")
    p = the_problem(small_copy)
    assert (p.file, p.line) == ("technologies.yaml", 2)
    assert "unknown field 'genealogy'" in p.message and "put the value in quotes" in p.message


def test_wrong_type(small_copy: Path):
    append(small_copy / "kpis.yaml", "- id: kpi_x\n  name_zh: 甲\n  name_en: X\n  unit: t\n  direction: sideways\n"
                                     "  illustrative: true\n")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("kpis.yaml", 8, "wrong_type")
    assert "direction" in p.message and "'sideways'" in p.message


@pytest.mark.parametrize("missing", ["name_zh", "name_en"])
def test_missing_name(small_copy: Path, missing: str):
    names = {"name_zh": "  name_zh: 制造执行系统\n", "name_en": "  name_en: MES\n"}
    del names[missing]
    append(small_copy / "technologies.yaml", "- id: en_mes\n" + "".join(names.values()) + "  illustrative: true\n")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("technologies.yaml", 2, "missing_field")
    assert p.message == f"Technology 'en_mes': missing required field '{missing}'"


def test_duplicate_id_in_one_file(small_copy: Path):
    append(small_copy / "technologies.yaml", "- {id: en_dcs, name_zh: 重复, name_en: Again, illustrative: true}\n")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("technologies.yaml", 2, "duplicate_id")
    assert "duplicate id 'en_dcs' (first defined in technologies.yaml:1)" in p.message


def test_duplicate_id_across_files(small_copy: Path):
    # a Technology may not reuse a KPI's id either: ids are global (they appear in URLs)
    (small_copy / "nodes.jsonl").write_text(
        json.dumps({"label": "KPI", "id": "kpi_energy", "name_zh": "重", "name_en": "Again", "unit": "t",
                    "direction": "lower", "illustrative": True}) + "\n", encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("nodes.jsonl", 1, "duplicate_id")
    assert "first defined in kpis.yaml:1" in p.message


def test_reference_to_unknown_id(small_copy: Path):
    text = (small_copy / "scenarios.yaml").read_text(encoding="utf-8")
    (small_copy / "scenarios.yaml").write_text(text.replace("requires: [en_dcs]", "requires: [en_dcs, en_nowhere]"),
                                               encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("scenarios.yaml", 11, "unknown_id")
    assert p.message == "REQUIRES: unknown id 'en_nowhere'"


def test_relationship_between_wrong_labels(small_copy: Path):
    text = (small_copy / "scenarios.yaml").read_text(encoding="utf-8")
    (small_copy / "scenarios.yaml").write_text(text.replace("at: [refining__digestion]", "at: [kpi_recovery]"),
                                               encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("scenarios.yaml", 40, "wrong_label")
    assert "AT cannot join Scenario 'sc_digest' to KPI 'kpi_recovery'" in p.message
    assert "(Scenario)-[:AT]->(Process|Stage)" in p.message


def test_relationship_key_not_allowed_on_label(small_copy: Path):
    append(small_copy / "technologies.yaml",
           "- id: en_mes\n  name_zh: 制造执行系统\n  name_en: MES\n  illustrative: true\n  feeds: [en_dcs]\n")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("technologies.yaml", 6, "wrong_label")
    assert "Technology 'en_mes' cannot have FEEDS relationships" in p.message


def test_depends_on_cycle_is_printed(small_copy: Path):
    text = (small_copy / "scenarios.yaml").read_text(encoding="utf-8")
    (small_copy / "scenarios.yaml").write_text(
        text.replace("  requires: [en_dcs]\n", "  requires: [en_dcs]\n  depends_on: [sc_twin]\n"), encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.kind) == ("scenarios.yaml", "cycle")
    assert p.message == "DEPENDS_ON cycle: sc_feed -> sc_measure -> sc_twin -> sc_feed"
    assert p.line == 22  # where sc_feed's depends_on entry stands (a line was inserted above)


def test_contributes_to_cycle_is_printed(small_copy: Path):
    """KPI contributions are followed transitively by the lens and the gap list, so a loop is refused."""
    text = (small_copy / "kpis.yaml").read_text(encoding="utf-8")
    (small_copy / "kpis.yaml").write_text(text.replace(
        "tracks: [tgt_energy], has_fact:", "contributes_to: [{to: kpi_voltage}], tracks: [tgt_energy], has_fact:"),
        encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.kind) == ("kpis.yaml", "cycle")
    assert p.message == "CONTRIBUTES_TO cycle: kpi_energy -> kpi_voltage -> kpi_energy"


def test_contributes_to_joins_kpis_only(small_copy: Path):
    append(small_copy / "kpis.yaml", "- {id: kpi_x, name_zh: 甲, name_en: X, unit: t, illustrative: true, "
                                     "contributes_to: [tgt_energy]}\n")
    p = the_problem(small_copy)
    assert p.kind == "wrong_label" and "CONTRIBUTES_TO cannot join KPI 'kpi_x' to Target 'tgt_energy'" in p.message


def test_unknown_source_key(small_copy: Path):
    text = (small_copy / "targets.yaml").read_text(encoding="utf-8")
    (small_copy / "targets.yaml").write_text(text.replace("source: plan", "source: plan_2031"), encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("targets.yaml", 1, "unknown_source")
    assert "unknown source key 'plan_2031'" in p.message


def test_unknown_source_key_on_relationship(small_copy: Path):
    text = (small_copy / "scenarios.yaml").read_text(encoding="utf-8")
    (small_copy / "scenarios.yaml").write_text(text.replace("source: plan}", "source: nope}"), encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("scenarios.yaml", 23, "unknown_source")
    assert "IMPROVES sc_feed -> kpi_energy: unknown source key 'nope'" in p.message


def test_enterprises_and_their_saves_are_refused_as_tenant_data(small_copy: Path):
    """Release 2 read enterprises and ASSESSED answers from data files into the graph; they are tenant data now."""
    (small_copy / "enterprises.yaml").write_text(
        "- id: ent_a\n  name_zh: 甲企业\n  name_en: Enterprise A\n  illustrative: true\n"
        "  assessed:\n    - {to: sc_feed, level: 3, at: 2026-05-01T10:00:00}\n", encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.kind) == ("enterprises.yaml", "tenant_data")
    assert "'enterprises' is tenant data" in p.message and "scenegraph assess FILE --save" in p.message


@pytest.mark.parametrize("row", [
    '{"id": "ent_a", "label": "Enterprise", "name_zh": "甲", "name_en": "A", "illustrative": true}',
    '{"type": "ASSESSED", "from": "bm_0", "to": "sc_0", "level": 3, "at": "2026-05-01T10:00:00"}'])
def test_tenant_rows_in_json_lines_are_refused(tmp_path: Path, row):
    """A bulk data directory (nodes.jsonl / relationships.jsonl) cannot smuggle in an enterprise or a save."""
    from scenegraph.curation.synth import SynthSpec, write_synth

    write_synth(SynthSpec(scenarios=5, seed=1), tmp_path)
    name = "nodes.jsonl" if "label" in row else "relationships.jsonl"
    with (tmp_path / name).open("a", encoding="utf-8") as f:
        f.write(row + "\n")
    kinds = {(p.kind, "is tenant data" in p.message) for p in problems_of(tmp_path)}
    assert ("tenant_data", True) in kinds


def test_scenario_level_outside_range(small_copy: Path):
    text = (small_copy / "scenarios.yaml").read_text(encoding="utf-8")
    (small_copy / "scenarios.yaml").write_text(text.replace("  level: 5\n", "  level: 9\n"), encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("scenarios.yaml", 27, "level_range")
    assert p.message == "Scenario 'sc_twin': level 9 is outside 1-5"


@pytest.mark.parametrize("content", ["", "# only a comment\n", "[]\n"])
def test_empty_file(small_copy: Path, content: str):
    (small_copy / "requirements.yaml").write_text(content, encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("requirements.yaml", 1, "empty_file")
    assert "empty" in p.message


def test_empty_jsonl_file(small_copy: Path):
    (small_copy / "relationships.jsonl").write_text("\n", encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("relationships.jsonl", 1, "empty_file")


def test_jsonl_problems_carry_line_numbers(small_copy: Path):
    rows = [
        {"type": "REQUIRES", "from": "sc_feed", "to": "en_dcs"},
        "not json {",
        {"type": "FLOWS", "from": "sc_feed", "to": "en_dcs"},
        {"type": "REQUIRES", "from": "sc_feed"},
    ]
    (small_copy / "relationships.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    got = [(p.line, p.kind) for p in problems_of(small_copy)]
    assert got == [(2, "json_syntax"), (3, "unknown_type"), (4, "missing_field")]


def test_unknown_data_file(small_copy: Path):
    (small_copy / "plants.yaml").write_text("- {id: x}\n", encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.kind) == ("plants.yaml", "unknown_file")
    assert "named after a label" in p.message


def test_duplicate_key_in_mapping(small_copy: Path):
    append(small_copy / "technologies.yaml",
           "- id: en_mes\n  name_zh: 制造执行系统\n  name_en: MES\n  name_en: MES again\n  illustrative: true\n")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("technologies.yaml", 5, "duplicate_key")


def test_scenario_without_place_in_matrix(small_copy: Path):
    text = (small_copy / "scenarios.yaml").read_text(encoding="utf-8")
    (small_copy / "scenarios.yaml").write_text(text.replace("  in_domain: [dom_energy]\n", ""), encoding="utf-8")
    p = the_problem(small_copy)
    assert (p.file, p.line, p.kind) == ("scenarios.yaml", 24, "missing_relationship")
    assert "Scenario 'sc_twin' has no IN_DOMAIN relationship" in p.message


def test_every_problem_at_once_and_nothing_half_loaded(small_copy: Path):
    append(small_copy / "technologies.yaml", "- {id: en_dcs, name_zh: 重复, name_en: Again, illustrative: true}\n")
    text = (small_copy / "targets.yaml").read_text(encoding="utf-8")
    (small_copy / "targets.yaml").write_text(text.replace("source: plan", "source: missing"), encoding="utf-8")
    (small_copy / "requirements.yaml").write_text("", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_graph(small_copy)
    kinds = sorted(p.kind for p in caught.value.problems)
    assert kinds == ["duplicate_id", "empty_file", "unknown_source"]
    assert "3 problem(s)" in str(caught.value)


def test_missing_directory(tmp_path: Path):
    p = the_problem(tmp_path / "nowhere")
    assert p.kind == "missing_dir"
