"""The command line as a user runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scenegraph.cli.main import main

FIXTURE = Path(__file__).parents[1] / "fixtures" / "small"


def test_validate_prints_counts_per_label_and_type(capsys):
    assert main(["validate", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "Scenario" in out and "DEPENDS_ON" in out
    assert "valid: 19 nodes, 27 relationships, 1 sources" in out


def test_validate_lists_every_problem_and_exits_1(small_copy, capsys):
    (small_copy / "requirements.yaml").write_text("", encoding="utf-8")
    text = (small_copy / "targets.yaml").read_text(encoding="utf-8")
    (small_copy / "targets.yaml").write_text(text.replace("source: plan", "source: missing"), encoding="utf-8")
    assert main(["validate", str(small_copy)]) == 1
    err = capsys.readouterr().err
    assert "requirements.yaml:1: file is empty" in err
    assert "targets.yaml:1: Target 'tgt_energy': unknown source key 'missing'" in err
    assert "2 problem(s)" in err


def test_validate_defaults_to_the_shipped_data(capsys):
    assert main(["validate"]) == 0
    assert "valid:" in capsys.readouterr().out


def test_stats_and_search(capsys):
    assert main(["stats", "--data", str(FIXTURE)]) == 0
    assert "IMPROVES" in capsys.readouterr().out
    assert main(["search", "电解", "--data", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "sc_twin" in out and "smelting" in out and "exact" in out and "prefix" in out
    assert main(["search", "nothing-like-this", "--data", str(FIXTURE)]) == 0
    assert "no match" in capsys.readouterr().out


def test_search_on_bad_data_reports_problems(small_copy, capsys):
    (small_copy / "kpis.yaml").write_text("- [", encoding="utf-8")
    assert main(["search", "x", "--data", str(small_copy)]) == 1
    assert "kpis.yaml" in capsys.readouterr().err


def test_synth_then_validate(tmp_path, capsys):
    out_dir = tmp_path / "syn"
    assert main(["synth", "--scenarios", "50", "--seed", "9", "--out", str(out_dir)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert main(["validate", str(out_dir)]) == 0


def test_python_dash_m_works():
    done = subprocess.run([sys.executable, "-m", "scenegraph", "--version"], capture_output=True, text=True,
                          check=True)
    assert done.stdout.startswith("scenegraph ")


@pytest.mark.neo4j
def test_load_and_query_against_neo4j(neo4j_settings, monkeypatch, capsys):
    from tests.conftest import forget_neo4j_contents

    for key, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                       ("NEO4J_PASSWORD", neo4j_settings.password.get_secret_value())):
        monkeypatch.setenv(key, value)
    forget_neo4j_contents()
    assert main(["load", str(FIXTURE), "--replace"]) == 0
    out = capsys.readouterr()
    assert "loaded 19 nodes and 27 relationships" in out.out
    assert neo4j_settings.password.get_secret_value() not in out.out + out.err
    assert main(["query", "MATCH (s:Scenario) WHERE s.level = toInteger($l) RETURN s.id ORDER BY s.id",
                 "--param", "l=4"]) == 0
    table = capsys.readouterr().out
    assert "sc_digest" in table and "sc_feed" in table and "2 row(s)" in table
    assert main(["query", "MATCH (n) DETACH DELETE n"]) == 2
    assert "read-only" in capsys.readouterr().err


def test_load_without_neo4j_settings_says_what_to_set(monkeypatch, capsys):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert main(["load", str(FIXTURE)]) == 2
    assert "set NEO4J_URI" in capsys.readouterr().err


def test_load_to_an_unreachable_server(monkeypatch, capsys):
    from tests.conftest import neo4j_server

    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{neo4j_server.free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "hush-hush")
    assert main(["load", str(FIXTURE)]) == 2
    err = capsys.readouterr().err
    assert "is unreachable" in err and "hush-hush" not in err and len(err.strip().splitlines()) == 1


def test_validate_report_prints_coverage_and_gaps(capsys):
    assert main(["validate", "--report", "--strict"]) == 0
    out = capsys.readouterr().out
    assert "Coverage:" in out and "alumina_refining" in out and "关键设备故障解决" in out
    assert "orphan nodes (no relationship): 0" in out and "unsourced facts (neither source nor illustrative): 0" in out


def test_validate_strict_fails_on_orphans(small_copy, capsys):
    (small_copy / "requirements.yaml").write_text("- {id: pr_x, name_zh: 要求, name_en: Ask, illustrative: true}\n",
                                                  encoding="utf-8")
    assert main(["validate", str(small_copy), "--report"]) == 0
    assert main(["validate", str(small_copy), "--strict"]) == 1
    assert "pr_x" in capsys.readouterr().out


# ---------------------------------------------------------------- errors at the edge: one clear line


def _run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scenegraph", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


BAD_IMPORTS = {
    "broken.graphml": ('<?xml version="1.0"?><graphml><graph><node id="x"', "broken.graphml: not readable GraphML"),
    "broken.json": ('{"nodes": [', "broken.json: not readable node-link JSON"),
    "notes.txt": ("hello", "error: cannot import notes.txt: use .graphml, .json, .zip (CSV pair) or nodes.csv"),
    "nodes.csv": ('id:ID,:LABEL\n"a,b\n', "nodes.csv: not readable CSV: line 2: a quoted field does not end"),
    "fake.zip": ("not a zip", "fake.zip"),
}


def test_a_bad_import_file_is_one_clear_line_without_traceback(tmp_path):
    for name, (body, expected) in BAD_IMPORTS.items():
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        (folder / name).write_text(body, encoding="utf-8")
        if name == "nodes.csv":
            (folder / "relationships.csv").write_text(":START_ID,:END_ID,:TYPE\n", encoding="utf-8")
        done = _run_cli("import", name, cwd=folder)
        assert done.returncode in (1, 2), (name, done)
        assert "Traceback" not in done.stderr + done.stdout, (name, done.stderr)
        lines = [x for x in (done.stderr + done.stdout).splitlines() if x.strip()]
        assert expected in lines[0], (name, lines)
        assert len(lines) <= 2, (name, lines)  # the problem, and for file problems their count
    done = _run_cli("import", "missing.graphml", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.strip() == "error: missing.graphml: no such file", done.stderr


def test_an_unwritable_output_is_one_clear_line(tmp_path):
    done = _run_cli("export", "--format", "json", "--label", "Stage", "-o", str(tmp_path / "no" / "such" / "x.json"),
                    cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    target = tmp_path / "no" / "such" / "x.json"
    assert done.stderr.strip() == f"error: cannot write {target}: No such file or directory"


def test_the_cli_edge_catches_only_scenegraph_errors(monkeypatch):
    """A bare ValueError is a bug, not a user's mistake: it is not dressed up as one clear line."""
    import scenegraph.cli.data as data_commands

    def broken(args):
        raise ValueError("a bug")

    monkeypatch.setattr(data_commands, "cmd_stats", broken)
    with pytest.raises(ValueError, match="a bug"):
        main(["stats"])


def test_observatory_prints_the_brief_and_writes_csv_and_html(tmp_path, capsys):
    """Saved in the embedded archive ($SCENEGRAPH_HOME, set per test), read back as the page reads it."""
    from scenegraph.curation.synth import synth_histories
    from scenegraph.dataset.loader import load_graph
    from scenegraph.observatory.summary import ScoringFacts, Summariser
    from scenegraph.stores.files.assessments import AssessmentArchive

    graph = load_graph()
    # published at month ends, and a group's figures move only when k of its enterprises moved in a month: the
    # twelve save in June, and again in September
    saves = list(synth_histories(graph, 12, saves=2, seed=3))
    firsts = {a.enterprise_id: a.at for a in sorted(saves, key=lambda a: a.at, reverse=True)}
    saves = [a.model_copy(update={"at": datetime(2025, 6 if a.at == firsts[a.enterprise_id] else 9, 10, i % 24,
                                                 tzinfo=UTC)}) for i, a in enumerate(saves)]
    AssessmentArchive().extend(saves, Summariser(ScoringFacts.from_graph(graph)))
    csv_path, html_path = tmp_path / "brief.csv", tmp_path / "brief.html"
    assert main(["observatory", "--lang", "en", "--as-of", "2026-01-01", "--csv", str(csv_path),
                 "--html", str(html_path)]) == 0
    text = capsys.readouterr().out
    assert "Aluminium industry digital maturity: observatory brief" in text
    assert "Distribution of levels" in text and "Enterprises pooled" in text
    csv_text = csv_path.read_text(encoding="utf-8-sig")
    assert csv_text.startswith("Aluminium industry digital maturity") and "Enterprises pooled,12\n" in csv_text
    assert re.search(r"^All enterprises,12,[0-9.]+%,", csv_text, re.M)  # shown: 12 >= k = 5
    assert "<table" in html_path.read_text(encoding="utf-8")
    # the same pool under k = 13: no group may be shown, only sizes
    assert main(["observatory", "--lang", "en", "--k", "13", "--as-of", "2026-01-01", "--csv", str(csv_path)]) == 0
    assert "\nAll enterprises,fewer than 13: not shown," in csv_path.read_text(encoding="utf-8-sig")
    # k is the server's minimum: a planner may only raise it
    assert main(["observatory", "--k", "1"]) != 0
    err = capsys.readouterr().err
    assert "--k may only raise the server's minimum group size 5" in err and len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as bad:
        main(["observatory", "--as-of", "2026-13-01"])
    assert bad.value.code == 2


# ---------------------------------------------------------------- -v: what happens, on stderr, without secrets


def test_verbose_prints_the_load_and_quiet_prints_none(capsys):
    assert main(["-v", "stats", "--data", str(FIXTURE)]) == 0
    err = capsys.readouterr().err
    assert "INFO scenegraph.dataset.loader: checked" in err and "19 nodes, 27 relationships" in err
    assert "loaded the graph of" in err
    assert main(["stats", "--data", str(FIXTURE)]) == 0  # without -v: no log line (the handler went with -v)
    assert "INFO" not in capsys.readouterr().err


def test_verbose_sign_in_refusal_is_logged_without_the_password(monkeypatch, capsys):
    """An attacker guesses a password through the CLI with -v: the refusal is logged (who, how many in a row),
    the guess and the stored hash never are."""
    import io

    from scenegraph.auth.accounts import Accounts
    from scenegraph.base.settings import AuthSettings
    from scenegraph.stores.files.users import FileUserStore

    monkeypatch.setenv("SCENEGRAPH_AUTH", "on")
    monkeypatch.setenv("SCENEGRAPH_BCRYPT_ROUNDS", "4")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    Accounts(FileUserStore(), AuthSettings(bcrypt_rounds=4)).add(None, "root", ["admin"],
                                                                password="the real password 1")
    guess = "my-guess-do-not-log-1"
    monkeypatch.setattr("sys.stdin", io.StringIO(guess + "\n"))
    assert main(["-v", "assessments", "--user", "root", "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert "failed sign-in for root" in err and "unknown user or wrong password" in err
    assert guess not in err and "the real password" not in err and "$2b$" not in err
    monkeypatch.setattr("sys.stdin", io.StringIO("the real password 1\n"))
    assert main(["-v", "observatory", "--user", "root", "--password-stdin"]) == 2  # an admin is no planner
    err = capsys.readouterr().err
    assert "root signed in with a password" in err and "refused: root lacks the planner role" in err
    assert "the real password" not in err
