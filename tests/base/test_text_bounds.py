"""Items 6-8 of issue 21, as an attacker tries them without a browser: payloads through the inert helpers, a huge
search query, an open address with sign-in off, and what the server reaches out to at start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from markdown_it import MarkdownIt

from scenegraph.base.inert import dot, md, plotly
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import is_loopback, serve_problem
from scenegraph.graph.search import Query, QueryTooLong
from scenegraph.stores import MemoryStore
from tests.browser.test_browser_inert import PAYLOADS
from tests.browser_support import free_port
from tests.conftest import ROOT, app_test, shown


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payloads_become_their_own_characters(payload):
    html = MarkdownIt("commonmark").enable("table").render(md(payload))
    assert "<a" not in html and "<img" not in html and "<script" not in html and "<em" not in html
    assert shown(md(payload)) == payload


def test_plotly_and_dot_texts_are_inert():
    assert "<" not in plotly('<a href="http://example.invalid">x</a>') and "&amp;lt;" in plotly("&lt;")
    # a trailing backslash cannot end the DOT string and open attributes such as URL=
    assert dot('a\\') == 'a\\\\' and dot('x" URL="http://example.invalid') == 'x\\" URL=\\"http://example.invalid'


def test_a_huge_search_query_is_refused_before_any_node_is_looked_at(small_graph):
    store = MemoryStore(small_graph)
    start = time.perf_counter()
    with pytest.raises(QueryTooLong, match="max_query_chars"):
        store.search("anode effect " * 7000)  # 90 KB: 22 s of server time before
    with pytest.raises(QueryTooLong):
        Query.parse("x" * (LIMITS.max_query_chars + 1))  # how the Neo4j store parses it, before sending it
    assert time.perf_counter() - start < 0.5
    assert store.search("x" * LIMITS.max_query_chars) == []


def test_the_search_box_holds_at_most_the_limit_whatever_the_client_sends(monkeypatch):
    at = app_test(monkeypatch)
    at.run()
    assert at.text_input(key="q").proto.max_chars == LIMITS.max_query_chars  # the box stops typing there
    at.session_state["q"] = "铝" * (LIMITS.max_query_chars + 50)  # a value the box would never send
    at.run()
    assert not at.exception, at.exception
    assert len(at.text_input(key="q").value) == LIMITS.max_query_chars
    for key in ("name_0", "region_0"):  # the assessment's free text: names, bounded alike
        at.switch_page("views/assessment.py").run()
        assert at.text_input(key=key).proto.max_chars == LIMITS.max_name_chars


def test_serving_beyond_this_machine_with_sign_in_off_needs_an_explicit_setting():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback(None) and not is_loopback("192.0.2.1")
    assert serve_problem("127.0.0.1", False, False) == (None, None)
    refusal, _ = serve_problem("0.0.0.0", False, False)
    assert refusal and "SCENEGRAPH_OPEN_NETWORK" in refusal
    assert serve_problem("0.0.0.0", True, False) == (None, None)  # sign-in on: a shared server
    none, warning = serve_problem("0.0.0.0", False, True)
    assert none is None and "WARNING" in warning
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEGRAPH_")}
    run = [sys.executable, "-m", "scenegraph.cli.serve"]
    assert subprocess.run(run, env=env, capture_output=True, text=True).stdout.strip() == "127.0.0.1"
    out = subprocess.run(run, env={**env, "SCENEGRAPH_ADDRESS": "0.0.0.0"}, capture_output=True, text=True)
    assert out.returncode == 2 and "refusing" in out.stderr and not out.stdout
    out = subprocess.run(run, env={**env, "SCENEGRAPH_ADDRESS": "0.0.0.0", "SCENEGRAPH_OPEN_NETWORK": "yes"},
                         capture_output=True, text=True)
    assert out.returncode == 0 and "WARNING" in out.stderr and out.stdout.strip() == "0.0.0.0"


_WATCH = """
import sys
SEEN = sys.argv[1]
def hook(event, args):
    if event in ("socket.connect", "socket.getaddrinfo"):
        host = args[1][0] if event == "socket.connect" and isinstance(args[1], tuple) else args[0]
        if isinstance(host, (bytes, str)) and str(host) not in ("127.0.0.1", "localhost", "::1", "0.0.0.0"):
            with open(SEEN, "a") as f:
                f.write(f"{event} {host}\\n")
sys.addaudithook(hook)
if sys.argv[2] == "probe":  # the watch itself, checked
    import socket
    try:
        socket.getaddrinfo("example.invalid", 80)
    except OSError:
        pass
    raise SystemExit(0)
from streamlit.web.cli import main
sys.argv = ["streamlit", *sys.argv[2:]]
main()
"""


def test_the_default_server_listens_on_loopback_and_reaches_nowhere_at_start(tmp_path):
    """As `bash scripts/app` starts it (headless, the project's config, no address given on the command line):
    only 127.0.0.1, no Network or External URL, and no connection or name look-up beyond this machine."""
    port = free_port()
    seen = tmp_path / "outbound.txt"
    subprocess.run([sys.executable, "-c", _WATCH, str(seen), "probe"], check=True, timeout=60)
    assert "example.invalid" in seen.read_text()  # the watch sees a look-up
    seen.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCENEGRAPH_", "NEO4J_"))}
    env["SCENEGRAPH_HOME"] = str(tmp_path / "home")
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", _WATCH, str(seen), "run", "serve.py", "--server.headless",
                                 "true", "--server.port", str(port)],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                    break
                except OSError:
                    assert time.time() < deadline and proc.poll() is None, log.read_text()[-2000:]
                    time.sleep(0.3)
            time.sleep(2)  # the start-up banner and any look-up after it
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    text = log.read_text()
    assert f"URL: http://127.0.0.1:{port}" in text, text
    assert "Network URL" not in text and "External URL" not in text and "external IP" not in text, text
    assert seen.read_text() == "", seen.read_text()
