"""`validate --strict` holds release 3.0.0's content rules against a copy of the shipped data changed as a careless
curator (or someone padding the lens) would: a thin target with no reason, a measurement counted as a lever, a level
claimed to rest on a distribution no source gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scenegraph.base.resources import data_dir
from scenegraph.cli.main import main
from scenegraph.dataset.loader import check_dir


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(data_dir(), out, ignore=shutil.ignore_patterns("releases"))
    return out


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_data_passes(capsys):
    assert main(["validate", "--strict", "--report", str(data_dir())]) == 0
    out = capsys.readouterr().out
    assert "targets and requirements short of levers, without a reason: 0" in out
    assert "measurement counted as a lever: 0" in out


def test_a_thin_target_without_its_reason_fails(shipped_copy: Path, capsys):
    # the 500 kA share has no lever: drop the reason it gives, and strict validation fails naming it
    targets = shipped_copy / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    start = text.index("   digital_limit_zh: 500kA")
    end = text.index("\n", text.index("digital_limit_en:", start))
    targets.write_text(text[:start].rstrip(",\n ") + "}" + text[end:], encoding="utf-8")
    assert main(["validate", "--strict", "--report", str(shipped_copy)]) == 1
    out = capsys.readouterr().out
    assert "tgt_500ka_cell_share: 0 lever(s), fewer than 3, and no digital_limit_zh" in out


def test_a_measurement_scenario_improving_a_target_kpi_fails(shipped_copy: Path, capsys):
    _replace(shipped_copy / "scenarios.yaml",
             "  measures: [kpi_carbon_intensity, kpi_clean_energy_share]\n  improves: [kpi_regulatory_data_quality]",
             "  measures: [kpi_carbon_intensity]\n  improves: [kpi_regulatory_data_quality, kpi_clean_energy_share]")
    assert main(["validate", "--strict", "--report", str(shipped_copy)]) == 1
    out = capsys.readouterr().out
    assert ("sc_x_power_emission_factor measures kpi_carbon_intensity and improves kpi_clean_energy_share, which "
            "moves tgt_2027_clean_energy_share") in out


def test_a_level_resting_on_a_distribution_needs_one_among_its_sources(shipped_copy: Path):
    scenarios = shipped_copy / "scenarios.yaml"
    _replace(scenarios, "  level: 2\n  importance: 3\n  illustrative: true\n  at: [enterprise]\n  in_domain: "
             "[dom_quality]", "  level: 2\n  level_basis: distribution\n  importance: 3\n  illustrative: true\n"
             "  at: [enterprise]\n  in_domain: [dom_quality]")
    problems = check_dir(shipped_copy).problems
    assert [p.kind for p in problems] == ["level_basis"]
    assert "sc_x_metrology_management" in problems[0].message and "'statistics'" in problems[0].message
    # the national self-diagnosis report is such a source: cited, the claim stands
    _replace(scenarios, "  level_basis: distribution\n  importance: 3\n  illustrative: true\n",
             "  level_basis: distribution\n  importance: 3\n  source: cesi_sm_index_2020\n")
    assert check_dir(shipped_copy).problems == []
    _replace(scenarios, "  level_basis: distribution\n", "  level_basis: surveyed\n")
    assert [p.kind for p in check_dir(shipped_copy).problems] != []
