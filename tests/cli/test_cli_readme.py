"""Every command of README.md's "Command line", run as documented (its arguments, the shipped data or
tests/fixtures/small), exiting 0 with the output it promises. The search crash (`scenegraph search "anode effect"`
ended in KeyError: 4) showed that a documented command could break without a test noticing: a command the README
documents without a test here (or named in COVERED_ELSEWHERE) now fails `test_every_documented_command_is_run`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from scenegraph.cli.main import main

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"
SMALL = Path(__file__).parents[1] / "fixtures" / "small"
RELEASE_1 = Path(__file__).parents[1] / "fixtures" / "release_1.0.0"
DATA = ROOT / "data"

#: commands whose documented invocation runs in another test file (Neo4j, accounts, the observatory)
COVERED_ELSEWHERE = {
    "load": "tests/test_cli.py::test_load_and_query_against_neo4j, tests/test_neo4j_bulk.py (--bulk --home), "
            "and test_neo4j_commands_as_documented below (--batch-size)",
    "query": "tests/test_cli.py::test_load_and_query_against_neo4j (--param, the read-only refusal)",
    "users": "tests/test_auth.py::test_users_command (add, list, reset, remove, --user)",
    "observatory": "tests/test_cli.py::test_observatory_prints_the_brief_and_writes_csv_and_html",
}
#: the commands this file runs itself
RUN_HERE = {"validate", "diff", "stats", "search", "synth", "assess", "assessments", "export", "import"}


def _documented() -> set[str]:
    text = README.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*scenegraph ([a-z]+)\b", text, re.M))


def test_every_documented_command_is_run():
    documented = _documented()
    assert {"validate", "search", "export", "assess", "users"} <= documented  # the parse found the block
    assert documented <= RUN_HERE | set(COVERED_ELSEWHERE), documented - RUN_HERE - set(COVERED_ELSEWHERE)


def run(capsys, *argv: str) -> str:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, (argv, captured.err)
    assert "Traceback" not in captured.out + captured.err
    return captured.out


# ---------------------------------------------------------------- validate, diff, stats, search, synth


def test_validate_as_documented(capsys):
    out = run(capsys, "validate", str(DATA))
    assert re.search(r"valid: \d+ nodes, \d+ relationships, \d+ sources", out)
    out = run(capsys, "validate", "--report", "--strict", str(DATA))
    assert "Coverage:" in out and "orphan nodes (no relationship): 0" in out


def test_diff_as_documented(capsys):
    out = run(capsys, "diff", str(RELEASE_1), str(DATA))
    assert out.startswith("release 1.0.0 (") and " -> " in out.splitlines()[0]
    assert re.search(r"^nodes: \d+ added, \d+ removed, \d+ changed$", out, re.M), out[:300]
    assert re.search(r"^relationships: \d+ added", out, re.M)
    assert re.search(r"^  \+ end_use \(.+ · End use and end of life\)$", out, re.M)  # names beside ids
    data = json.loads(run(capsys, "diff", str(RELEASE_1), str(DATA), "--json"))
    assert {"nodes", "relationships"} <= set(data)


def test_stats_as_documented(capsys):
    out = run(capsys, "stats", "--data", str(SMALL))
    assert "Scenario" in out and "IMPROVES" in out


@pytest.mark.parametrize(("text", "first"), [
    ("anode effect", "kpi_ae_frequency"),  # these three ended in KeyError: 4
    ("阳极效应", "kpi_ae_frequency"),
    ("potline", "electrolysis"),
    ("perfluorocarbon", "kpi_pfc_intensity"),
    ("PFC emissions", "kpi_pfc_intensity"),
])
def test_search_as_documented_on_the_shipped_data(capsys, text, first):
    out = run(capsys, "search", text, "--limit", "20", "--data", str(DATA))
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert rows and rows[0].split("│")[1].strip().rstrip("…") in first, out
    assert re.search(r"\b(exact|prefix|name|text)\b", out)


def test_search_with_a_label_and_every_kind_of_match(capsys):
    out = run(capsys, "search", "potline energy", "--label", "Scenario", "--limit", "5", "--data", str(DATA))
    assert "match(es) for 'potline energy'" in out and "Stage" not in out
    for text in ("电解", "digest", "feed", "temperature"):  # exact, prefix, name and text matches on the fixture
        assert "match(es)" in run(capsys, "search", text, "--data", str(SMALL))


def test_synth_as_documented(tmp_path, capsys):
    for fmt in ("jsonl", "yaml"):
        out_dir = tmp_path / fmt
        out = run(capsys, "synth", "--scenarios", "30", "--seed", "4", "--out", str(out_dir),
                  "--format", fmt)
        assert re.search(r"wrote [\d,]+ nodes and [\d,]+ relationships", out)
        assert "valid:" in run(capsys, "validate", str(out_dir))


# ---------------------------------------------------------------- assess, assessments


@pytest.fixture
def answers(tmp_path, shipped) -> Path:
    from scenegraph.assess import Scorer

    stages = ["rolling", "casthouse"]
    levels = {sc: i % 5 for i, sc in enumerate(Scorer(shipped).applicable(stages))}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"enterprise_id": "ent_readme", "name": "README 铝业", "stages": stages,
                                "answers": levels}, ensure_ascii=False), encoding="utf-8")
    return path


def test_assess_as_documented(tmp_path, answers, shipped, capsys):
    from scenegraph.assess import parse_assessment, to_csv

    html, md = tmp_path / "report.html", tmp_path / "report.md"
    out = run(capsys, "assess", str(answers), "--report", str(html), "--lang", "zh", "--target", "3",
              "--waves", "6,12,24", "--capacity", "4", "--save", "--store", "memory")
    assert "README 铝业 (ent_readme)" in out and "saved to" in out
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # the .csv the app downloads, and a Markdown report in English
    csv_path = tmp_path / "answers.csv"
    csv_path.write_text(to_csv(parse_assessment(json.loads(answers.read_text(encoding="utf-8")), shipped), shipped),
                        encoding="utf-8")
    run(capsys, "assess", str(csv_path), "--report", str(md), "--lang", "en")
    assert "## Roadmap" in md.read_text(encoding="utf-8")
    out = run(capsys, "assessments", "--enterprise", "ent_readme", "--store", "memory")
    assert "ent_readme" in out
    assert "ent_readme" not in run(capsys, "assessments", "--enterprise", "ent_other")


def test_assess_value_as_documented(tmp_path, capsys, monkeypatch):
    """The documented value command (an illustrative smelter, its profile, --optimise) in both languages, with
    the CSV and the Excel value sheet (numbers, never formulas); the rolling mill says "not quantified"."""
    import openpyxl

    monkeypatch.chdir(ROOT)
    line = next(ln for ln in README.read_text(encoding="utf-8").splitlines()
                if ln.startswith("scenegraph assess docs/examples/smelter.answers.json"))
    argv = line.split()[1:]
    out = run(capsys, *argv)
    assert "Plan total (steps combined without double counting)" in out and "Today's order" in out
    assert "→ Optimised order" in out and "OPTIMAL" in out and "no sourced quantified effect" in out
    assert "New replacement potlines at most 13,000 kWh/t AC" in out and "0.5366" in out
    csv_path, xlsx = tmp_path / "value.csv", tmp_path / "roadmap.xlsx"
    out = run(capsys, *[a if a != "en" else "zh" for a in argv], "--value-csv", str(csv_path), "--xlsx", str(xlsx))
    assert "计划合计" in out and "优化后顺序" in out and "未量化" in out and "生态环境部" in out
    rows = csv_path.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("波次,优化后波次,步骤,节电 kWh/年 P10") and len(rows) > 10
    sheet = openpyxl.load_workbook(xlsx)["价值"]
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(isinstance(c, float) and c > 1e6 for c in cells)  # kWh a year as numbers
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    out = run(capsys, "assess", "docs/examples/rolling.answers.json", "--profile", "docs/examples/rolling.profile.yaml",
              "--optimise", "--capacity", "3", "--lang", "en")
    assert "not quantified" in out and "Plan total" in out


def test_a_bad_profile_is_refused_in_one_line_each(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    bad = tmp_path / "p.yaml"
    bad.write_text("capacity_t: {rolling: -1}\nkpis: {kpi_nope: 1}\nx: &a [1]\ny: *a\n", encoding="utf-8")
    code = main(["assess", "docs/examples/smelter.answers.json", "--profile", str(bad)])
    captured = capsys.readouterr()
    assert code != 0 and "Traceback" not in captured.out + captured.err
    assert "YAML aliases" in captured.err
    bad.write_text("capacity_t: {rolling: 1000}\nkpis: {kpi_nope: 1}\n", encoding="utf-8")
    assert main(["assess", "docs/examples/smelter.answers.json", "--profile", str(bad)]) != 0
    err = capsys.readouterr().err
    assert "unknown KPI 'kpi_nope'" in err and "not operated" in err


# ---------------------------------------------------------------- export, import


EXPORTS = [
    ("graphml", "x.graphml", ["--stage", "electrolysis"]),
    ("gexf", "x.gexf", ["--label", "Stage", "--label", "KPI"]),
    ("json", "x.json", ["--domain", "dom_energy_carbon"]),
    ("csv", "x.zip", ["--level", "4"]),
    ("cypher", "x.cypher", ["--id", "sc_elec_anode_effect_prediction", "--hops", "1"]),
    ("html", "x.html", ["--factory", "bm_chalco_qinghai_600ka"]),
    ("png", "x.png", ["--stage", "casthouse"]),
    ("svg", "x.svg", ["--label", "Stage"]),
]


@pytest.mark.parametrize(("fmt", "name", "options"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_export_as_documented(tmp_path, capsys, fmt, name, options):
    target = tmp_path / name
    run(capsys, "export", "-f", fmt, "-o", str(target), *options)
    data = target.read_bytes()
    assert len(data) > 100
    if fmt in ("graphml", "gexf"):
        g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(target)
        assert g.number_of_nodes() > 1
    elif fmt == "json":
        assert json.loads(data)["nodes"]
    elif fmt == "csv":
        assert {"nodes.csv", "relationships.csv"} <= set(zipfile.ZipFile(target).namelist())
    elif fmt == "cypher":
        assert "sc_elec_anode_effect_prediction" in data.decode("utf-8")
    elif fmt == "html":
        assert b"<html" in data.lower()
    elif fmt == "png":
        assert data.startswith(b"\x89PNG")
    else:
        assert b"<svg" in data


def test_export_a_roadmap_as_documented(tmp_path, answers, capsys):
    target = tmp_path / "roadmap.json"
    run(capsys, "export", "-f", "json", "-o", str(target), "--roadmap", str(answers), "--target", "3")
    ids = {n["id"] for n in json.loads(target.read_text(encoding="utf-8"))["nodes"]}
    assert any(i.startswith("sc_") for i in ids)


def test_import_as_documented(tmp_path, capsys):
    """Each documented input (.graphml, .json, a CSV pair as .zip and as a folder) of a whole graph (every label of
    the small fixture) into a data directory that validates with the same counts."""
    from scenegraph.graph.schema import LABELS

    every = [x for label in LABELS for x in ("--label", label)]
    sources = {"graphml": tmp_path / "g.graphml", "json": tmp_path / "g.json", "csv": tmp_path / "g.zip"}
    for fmt, path in sources.items():
        run(capsys, "export", "--data", str(SMALL), "-f", fmt, "-o", str(path), *every)
    folder = tmp_path / "pair"
    run(capsys, "export", "--data", str(SMALL), "-f", "csv", "-o", str(folder), *every)
    for path in (*sources.values(), folder):
        out_dir = tmp_path / f"data_{path.name.replace('.', '_')}"
        out = run(capsys, "import", str(path), "--out", str(out_dir))
        assert "valid: 19 nodes and 27 relationships" in out and f"written as a data directory to {out_dir}" in out
        assert "valid: 19 nodes, 27 relationships" in run(capsys, "validate", str(out_dir))
    # a part of a graph imports too, and says what a data directory of it lacks
    part = tmp_path / "part.graphml"
    run(capsys, "export", "-f", "graphml", "-o", str(part), "--stage", "rolling")
    assert main(["import", str(part), "--out", str(tmp_path / "part")]) == 0
    assert "lack their stage or domain" in capsys.readouterr().err


def test_python_dash_m_is_the_same_command():
    done = subprocess.run([sys.executable, "-m", "scenegraph", "search", "anode effect", "--limit", "3"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "kpi_ae_frequency" in done.stdout or "kpi_ae_freq" in done.stdout


# ---------------------------------------------------------------- the Neo4j side of the same commands


@pytest.mark.neo4j
def test_neo4j_commands_as_documented(neo4j_settings, monkeypatch, tmp_path, answers, capsys):
    from tests.conftest import forget_neo4j_contents

    for key, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                       ("NEO4J_PASSWORD", neo4j_settings.password.get_secret_value())):
        monkeypatch.setenv(key, value)
    forget_neo4j_contents()
    out = run(capsys, "load", "--replace", "--batch-size", "500")
    assert re.search(r"loaded [\d,]+ nodes and [\d,]+ relationships", out)
    out = run(capsys, "query", "MATCH (s:Scenario) RETURN s.id LIMIT 5")
    assert "5 row(s)" in out
    target = tmp_path / "q.json"
    run(capsys, "export", "-f", "json", "-o", str(target), "--store", "neo4j",
        "--cypher", "MATCH (s:Stage {id: 'electrolysis'})<-[r:PART_OF]-(p) RETURN s, r, p")
    assert "electrolysis" in {n["id"] for n in json.loads(target.read_text(encoding="utf-8"))["nodes"]}
    out = run(capsys, "assess", str(answers), "--save", "--store", "neo4j")
    assert "saved to" in out
    assert "ent_readme" in run(capsys, "assessments", "--enterprise", "ent_readme", "--store", "neo4j")
    graphml = tmp_path / "g.graphml"
    run(capsys, "export", "-f", "graphml", "-o", str(graphml), "--stage", "rolling")
    assert run(capsys, "import", str(graphml), "--store", "neo4j")
    forget_neo4j_contents()
