"""The app as a user runs it, and Debian's Chromium to drive it: shared by the browser tests and
bench/browser.py, so both measure and check the same thing."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: screenshots of the browser tests (each step, and where each test ended)
ARTIFACTS = ROOT / ".artifacts" / "browser"
#: the browser tests' patience for one step (ms): a Streamlit rerun on a loaded 2-core machine
LONG = 60_000
LANGS = ["zh", "en"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
#: the sidebar entries (a page's title holds both languages), and what each page shows once drawn
PAGES = {
    "overview": ("场景地图", "Scenario map"),
    "network": ("网络视图", "Network"),
    "node": ("节点详情", "Node detail"),
    "paths": ("路径查找", "Paths"),
    "lens": ("政策目标透视", "Policy lens"),
    "assessment": ("成熟度自评", "Self-assessment"),
    "export": ("导出", "Export"),
}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def need(condition: bool, reason: str) -> None:
    """Locally a missing Chromium (or Playwright, or Node) skips the browser tests; in CI it fails them."""
    if not condition:
        import pytest

        if IN_CI:
            pytest.fail(f"browser test could not run in CI: {reason}")
        pytest.skip(reason)


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium under Playwright, headless (a Browser: each test or module opens its own contexts)."""
    path = chromium_path()
    need(path is not None, "no Chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def browser_context(browser) -> Iterator:
    """A context of its own (cookies, history, downloads) at 1440 x 1000, waiting up to LONG for each step."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(LONG)
    try:
        yield context
    finally:
        context.close()


def end_shot(page, test_name: str) -> None:
    """A screenshot of where a test ended, pass or fail (.artifacts/browser/end-<test>.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"end-{test_name.replace('/', '_')}.png"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppFailed(RuntimeError):
    """The app did not come up (its log's tail is the message)."""


@contextlib.contextmanager
def serve_app(home: Path, log: Path, timeout_s: float = 90, port: int | None = None,
              env_extra: dict[str, str] | None = None, args: tuple[str, ...] = (),
              script: Path | None = None) -> Iterator[str]:
    """`streamlit run serve.py` (the app as scripts/app serves it) on the embedded graph, on a free port (or
    `port`); its URL. The server's output goes to a file: an undrained pipe fills up and blocks the server (and its
    shutdown). `env_extra` and `args` (more streamlit options) serve the sign-in tests' shared server; `script`
    another page run the same way (the benches' trivial page, the floor)."""
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCENEGRAPH_"))}
    env["SCENEGRAPH_HOME"] = str(home)
    env.update(env_extra or {})
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script or ROOT / "serve.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + timeout_s
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    if time.time() > deadline or proc.poll() is not None:
                        raise AppFailed("streamlit did not start: " + log.read_text(errors="replace")[-2000:]) from None
                    time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=20)


#: the network component's root in the page (ui/vis_network: drawn in the page, no iframe)
NETWORK = "[data-testid='stMain'] .sgn"


def pick_language(page, lang: str) -> None:
    """Click the sidebar's language radio on `lang` (the caller waits for what the switch should show)."""
    page.locator("[data-testid='stSidebar'] [data-testid='stRadio'] label").filter(
        has_text={"zh": "中文", "en": "English"}[lang]).first.click()


def network_frame(page, timeout_ms: float = 60_000):
    """The frame the network view is drawn in (the page's own), once it has drawn: its root carries data-settled
    (the node count drawn) and `network` is its vis-network instance."""
    page.wait_for_selector(f"{NETWORK}[data-settled]", state="attached", timeout=timeout_ms)
    return page.main_frame


def stage_section(page, stage_name: str):
    """The questionnaire's section of a stage: the expander whose own title is the stage's name (the plant profile's
    expander names every stage too, in its capacity boxes, so a text filter alone finds that one first)."""
    title = page.locator("summary [data-testid='stMarkdownContainer']").filter(
        has_text=re.compile(rf"^\s*{re.escape(stage_name)}\s*$"))
    return page.locator("[data-testid='stExpander']").filter(has=title).first
