"""Settings are read in one place (scenegraph.base.settings), and a bad NEO4J_URI never leaks its password nor ends in a
traceback: the CLI says one line, the app falls back to the embedded graph with one banner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scenegraph.base.settings import Neo4jSettings, load_settings
from scenegraph.cli.main import main
from scenegraph.stores import StoreMisconfigured
from scenegraph.stores.neo4j import Neo4jStore
from tests.conftest import app_test, neo4j_server
from tests.conftest import shown as unescaped

FIXTURE = Path(__file__).parents[1] / "fixtures" / "small"

#: passwords a URL parser would cut into path, query, fragment (or a second '@')
PASSWORDS = ["Zq/xK7pW9v", "Zq#xK7pW9v", "Zq?xK7pW9v", "Zq/x#K7?pW9v", "Zq@x/K7#pW9v", "/Zq#xK?7pW9v@"]


def fragments(secret: str, size: int = 3) -> set[str]:
    """Every piece of the password long enough to give part of it away."""
    return {secret[i:i + size] for i in range(len(secret) - size + 1)}


def leaks(text: str, secret: str) -> set[str]:
    return {f for f in fragments(secret) if f in text}


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_password_inside_the_uri_is_refused_and_never_shown(password):
    port = neo4j_server.free_port()
    settings = Neo4jSettings(f"bolt://neo4j:{password}@127.0.0.1:{port}/neo4j?x=1#y")
    assert settings.safe_uri == f"bolt://127.0.0.1:{port}"
    assert not leaks(repr(settings) + str(settings), password)
    with pytest.raises(StoreMisconfigured) as caught:
        Neo4jStore.connect(settings)
    message = str(caught.value)
    assert "NEO4J_USER and NEO4J_PASSWORD" in message and "\n" not in message
    assert not leaks(message, password), message


@pytest.mark.parametrize("password", PASSWORDS)
def test_cli_with_a_password_in_the_uri_says_one_line(password, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", f"neo4j://neo4j:{password}@db.example.org:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "other-secret-value")
    assert main(["query", "RETURN 1"]) == 2
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: NEO4J_URI neo4j://db.example.org:7687 holds a user")
    assert not leaks(out.out + out.err, password) and "other-secret-value" not in out.err


def test_http_uri_is_one_clear_line_without_traceback():
    env = {"NEO4J_URI": "http://neo4j:Zq/x#K7?pW9v@localhost:7474", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "scenegraph", "query", "RETURN 1"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == ("error: NEO4J_URI http://localhost:7474 is Neo4j's HTTP address (the browser's), "
                                   "not Bolt: use bolt://host:7687 or neo4j://host:7687 (neo4j+s://host for Aura)")
    assert "Traceback" not in done.stderr and not leaks(done.stdout + done.stderr, "Zq/x#K7?pW9v")


@pytest.mark.parametrize("uri", ["bolt://neo4j:Zq/x#K7?pW9v@127.0.0.1:7687", "http://127.0.0.1:7474"])
def test_app_falls_back_to_the_embedded_graph_with_one_banner(uri, monkeypatch):
    at = app_test(monkeypatch, secrets={"NEO4J_URI": uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "pw-Zq/x#K7"})
    at.run()
    assert not at.exception, at.exception
    assert len(at.warning) == 1 and "NEO4J_URI" in unescaped(at.warning[0].value)
    assert int({m.label: m.value for m in at.metric}["数字化场景"]) >= 30  # the embedded graph answers
    shown = "\n".join(str(e.value) for kind in ("caption", "markdown", "warning", "error", "info", "title")
                      for e in [*getattr(at, kind), *getattr(at.sidebar, kind)])
    assert not leaks(shown, "Zq/x#K7?pW9v") and "pw-Zq" not in shown


def test_secrets_take_precedence_over_the_environment_key_by_key(monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_URI", "bolt://env-host:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "from-env")
    monkeypatch.setenv("SCENEGRAPH_HOME", str(tmp_path))
    s = load_settings({"NEO4J_URI": "neo4j://secret-host:7687", "unrelated": {"a": 1}})
    assert s.neo4j is not None and s.neo4j.uri == "neo4j://secret-host:7687"
    assert s.neo4j.password.get_secret_value() == "from-env" and "from-env" not in repr(s) + repr(s.neo4j)
    assert s.home_dir == tmp_path
    monkeypatch.delenv("NEO4J_URI")
    assert load_settings().neo4j is None


def test_data_folder_setting_is_used_when_no_folder_is_given(monkeypatch, capsys):
    monkeypatch.setenv("SCENEGRAPH_DATA", str(FIXTURE))
    assert main(["stats"]) == 0
    assert "│ total " in capsys.readouterr().out
    assert main(["validate"]) == 0
    assert "valid: 19 nodes, 27 relationships" in capsys.readouterr().out


def test_limits_are_overridden_from_the_environment_and_checked():
    code = "from scenegraph.base.limits import LIMITS; print(LIMITS.console_row_cap, LIMITS.console_timeout_s)"
    env = {"SCENEGRAPH_LIMIT_CONSOLE_ROW_CAP": "7", "SCENEGRAPH_LIMIT_CONSOLE_TIMEOUT_S": "2.5", "PATH": "/usr/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.split() == ["7", "2.5"], done.stderr
    done = subprocess.run([sys.executable, "-m", "scenegraph", "stats"], capture_output=True, text=True,
                          env={**env, "SCENEGRAPH_LIMIT_CONSOLE_ROW_CAP": "-3"}, timeout=120)
    assert done.returncode != 0 and "SCENEGRAPH_LIMIT_CONSOLE_ROW_CAP must be a positive number" in done.stderr
