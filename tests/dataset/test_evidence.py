"""The evidence base: a grade per scenario computed from what its sources show (never typed), quantified effects
that carry the source's own number and where it says it, and measurement kept apart from levers (MEASURES)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenegraph.cli.main import main
from scenegraph.curation.report import curation_report
from scenegraph.curation.rules import measurement_problems
from scenegraph.dataset.loader import check_dir, load_graph
from scenegraph.formats.readers import import_file
from scenegraph.formats.writers import to_graphml, to_json
from scenegraph.graph.schema import evidence_grade
from scenegraph.graph.words import rel_phrase


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def append(path: Path, text: str) -> None:
    write(path, path.read_text(encoding="utf-8") + text)


SOURCES = """
- {key: paper, kind: peer-reviewed, evidence: research, title: A study, publisher: J, date: "2020"}
- {key: plant_cn, kind: press, evidence: named_plant_cn, title: 某厂报道, publisher: 中国有色金属报, date: "2025"}
- {key: plant_abroad, kind: company, evidence: named_plant_abroad, title: A plant, publisher: Co, date: "2021"}
"""


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    write(path, text.replace(old, new, 1))


def problems_of(data_dir: Path):
    return check_dir(data_dir).problems


@pytest.fixture
def graded(small_copy: Path) -> Path:
    append(small_copy / "sources.yaml", SOURCES)
    replace(small_copy / "scenarios.yaml", "  level: 2\n  importance: 3\n  illustrative: true\n",
            "  level: 2\n  importance: 3\n  source: paper\n  sources: [plant_abroad]\n")
    replace(small_copy / "scenarios.yaml", "  level: 5\n  importance: 2\n  illustrative: true\n",
            "  level: 5\n  importance: 2\n  source: paper\n")
    return small_copy


def test_the_grade_is_the_best_the_cited_sources_give(graded: Path):
    g = load_graph(graded)
    assert g.node("sc_measure")["evidence_grade"] == "B"  # research and a named plant abroad: the plant
    assert g.node("sc_twin")["evidence_grade"] == "C"
    assert g.node("sc_feed")["evidence_grade"] == "D"  # cites nothing (only an effect's source)
    assert evidence_grade([{"evidence": "policy"}, {"evidence": "standard"}, None]) == "D"
    assert evidence_grade([{"evidence": "research"}, {"evidence": "named_plant_cn"}]) == "A"


def test_a_grade_typed_in_data_is_refused(graded: Path):
    replace(graded / "scenarios.yaml", "  level: 5\n", "  level: 5\n  evidence_grade: A\n")
    (p,) = problems_of(graded)
    assert p.kind == "computed_field" and "evidence_grade 'A' is computed by validate" in p.message


def test_an_unknown_key_among_further_sources_is_refused(graded: Path):
    replace(graded / "scenarios.yaml", "sources: [plant_abroad]", "sources: [plant_abroad, nowhere]")
    (p,) = problems_of(graded)
    assert p.kind == "unknown_source" and "'nowhere'" in p.message


def test_an_unknown_evidence_kind_is_refused(graded: Path):
    replace(graded / "sources.yaml", "evidence: research", "evidence: hearsay")
    problems = problems_of(graded)  # and the scenarios citing it then cite an unknown key
    assert any(p.file == "sources.yaml" and "evidence" in p.message and "hearsay" in p.message for p in problems)


@pytest.mark.parametrize(("name", "write"), [("g.json", to_json), ("g.graphml", to_graphml)])
def test_an_export_carries_the_grade(graded: Path, tmp_path: Path, name, write):
    path = tmp_path / name
    path.write_bytes(write(load_graph(graded)))
    assert import_file(path).node("sc_measure")["evidence_grade"] == "B"


def test_an_edited_grade_in_an_export_is_computed_again(graded: Path, tmp_path: Path):
    g = load_graph(graded)
    forged = tmp_path / "forged.json"  # an attacker promotes an illustrative scenario in an export
    forged.write_text(to_json(g).decode().replace('"evidence_grade": "D"', '"evidence_grade": "A"'), encoding="utf-8")
    assert '"evidence_grade": "A"' in forged.read_text(encoding="utf-8")
    assert import_file(forged).node("sc_feed")["evidence_grade"] == "D"


@pytest.mark.parametrize("effect, message", [
    ("{to: kpi_energy, metric: AC energy, unit: kWh/t, low: 300, high: 100, source: plan, locator: p. 3}",
     "range low 300 is above high 100"),
    ("{to: kpi_energy, metric: AC energy, value: -100, source: plan, locator: p. 3}", "needs unit"),
    ("{to: kpi_energy, metric: AC energy, unit: kWh/t, value: -100, locator: p. 3}", "needs source"),
    ("{to: kpi_energy, metric: AC energy, unit: kWh/t, value: -100, source: plan}", "needs locator"),
    ("{to: kpi_energy, unit: kWh/t, value: -100, source: plan, locator: p. 3}", "needs metric"),
    ("{to: kpi_energy, metric: AC energy, unit: kWh/t, low: 100, source: plan, locator: p. 3}", "needs both"),
    ("{to: kpi_energy, metric: AC energy, unit: kWh/t, value: 1, low: 0, high: 2, source: plan, locator: p}",
     "either value or low-high"),
    ("{to: kpi_energy, metric: AC energy, unit: kWh/t, value: -100, source: plan, locator: p. 3, illustrative: true}",
     "cannot be illustrative"),
    ("{to: kpi_energy, metric: AC energy, unit: kWh/t, plant: Somewhere}", "give value or low-high"),
])
def test_a_quantified_effect_states_a_sourced_number_and_where(small_copy: Path, effect: str, message: str):
    replace(small_copy / "scenarios.yaml", '    - {to: kpi_energy, effect: "-100 kWh/t", source: plan}',
            f"    - {effect}")
    (p,) = problems_of(small_copy)
    assert message in p.message, p.message


def test_a_quantified_effect_loads_and_is_counted(small_copy: Path):
    replace(small_copy / "scenarios.yaml", '    - {to: kpi_energy, effect: "-100 kWh/t", source: plan}',
            '    - {to: kpi_energy, effect: "-100 to -50 kWh/t", source: plan, metric: AC energy, unit: kWh/t, '
            'low: -100, high: -50, baseline: "2020 average", plant: A, country: CN, year: 2024, locator: "p. 3"}')
    g = load_graph(small_copy)
    assert g.edge_props("sc_feed", "kpi_energy", "IMPROVES")["low"] == -100
    report = curation_report(g)
    assert report.quantified_effects == 1 and report.effects_by_target == {"tgt_energy": 1}


def test_measurement_is_no_lever(small_copy: Path):
    """A ledger that `improves` the KPI a target tracks would be counted by the lens as a lever: --strict fails."""
    replace(small_copy / "scenarios.yaml", "  requires: [en_dcs]\n",
            "  requires: [en_dcs]\n  measures: [kpi_recovery]\n  improves: [kpi_energy]\n")
    g = load_graph(small_copy)
    assert measurement_problems(g)[0] == (
        "sc_measure measures kpi_recovery and improves kpi_energy, which moves tgt_energy: a measurement "
        "scenario is no lever of a target")
    assert not curation_report(g).clean
    assert main(["validate", "--strict", str(small_copy)]) == 1


def test_a_measurement_improving_a_kpi_that_feeds_a_target_is_a_lever_too(small_copy: Path):
    """sc_measure improves the cell voltage (in the fixture), which contributes to the energy a target tracks."""
    replace(small_copy / "scenarios.yaml", "  requires: [en_dcs]\n",
            "  requires: [en_dcs]\n  measures: [kpi_recovery]\n")
    assert measurement_problems(load_graph(small_copy)) == [
        "sc_measure measures kpi_recovery and improves kpi_voltage, which moves tgt_energy: a measurement "
        "scenario is no lever of a target"]


def test_measuring_and_improving_one_kpi_is_refused(small_copy: Path):
    replace(small_copy / "scenarios.yaml", "  requires: [en_dcs]\n",
            "  requires: [en_dcs]\n  measures: [kpi_recovery]\n  improves: [kpi_recovery]\n")
    assert measurement_problems(load_graph(small_copy))[0] == (
        "sc_measure both measures and improves kpi_recovery: a measurement is not a lever")


def test_the_lens_never_counts_a_measurement(small_copy: Path):
    replace(small_copy / "scenarios.yaml", "  requires: [en_dcs]\n",
            "  requires: [en_dcs]\n  measures: [kpi_energy]\n")
    g = load_graph(small_copy)
    (lens,) = g.policy_lens("tgt_energy")
    levers = {k.kpi: {s.scenario for s in k.scenarios} for k in lens.kpis}
    assert levers["kpi_energy"] == {"sc_feed", "sc_twin"}  # sc_measure only measures it
    assert levers["kpi_voltage"] == {"sc_measure"}  # (it improves the voltage, which contributes)
    assert curation_report(g).measuring == 1


def test_measures_has_words_in_both_languages():
    assert rel_phrase("MEASURES", True, "zh") != rel_phrase("MEASURES", True, "en")
    assert "measure" in rel_phrase("MEASURES", False, "en")


def test_validate_report_counts_scenarios_by_grade_and_stage(graded: Path, capsys):
    assert main(["validate", "--report", str(graded)]) == 0
    text = capsys.readouterr().out
    assert "Evidence grade of scenarios" in text and "C research or patent 1" in text
    assert "sources by evidence:" in text and "research 1" in text


def test_an_imported_export_is_a_valid_data_directory(small_graph, tmp_path):
    """`import FILE --out DIR` writes a data directory `validate` accepts: the computed grade is not written into
    it (a data directory that carries one is refused), and comes back the same when DIR is loaded."""
    from scenegraph.cli.main import main
    from scenegraph.dataset.loader import check_dir, load_graph
    from scenegraph.export import export

    path = tmp_path / "graph.json"
    path.write_bytes(export(small_graph, "json"))
    assert main(["import", str(path), "--out", str(tmp_path / "data")]) == 0
    assert not check_dir(tmp_path / "data").problems
    back = load_graph(tmp_path / "data")
    assert {n: back.node(n).get("evidence_grade") for n in back.ids("Scenario")} == {
        n: small_graph.node(n).get("evidence_grade") for n in small_graph.ids("Scenario")}
