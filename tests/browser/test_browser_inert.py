"""Names as text, in a real browser, as an attacker would try it: node names and descriptions, a user's display
name, an enterprise's name and its region hold Markdown and HTML payloads (links, images, autolinks, script,
`javascript:`, KaTeX, Streamlit's shortcodes, entities). Every page is opened in Chromium: no request leaves
127.0.0.1, no link or image from data exists, no script from data runs. The enterprise's answers are downloaded
without any /media URL (nothing to fetch without the session, nor after sign-out)."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import yaml

from scenegraph.assess.form import AnswerSheet
from scenegraph.assess.model import Assessment
from scenegraph.auth.accounts import Accounts
from scenegraph.base.i18n import t
from scenegraph.base.settings import AuthSettings
from scenegraph.dataset.loader import load_graph
from scenegraph.stores.files.assessments import AssessmentArchive
from scenegraph.stores.files.drafts import DraftBox
from scenegraph.stores.files.users import FileUserStore
from tests.browser.test_browser_journeys import download, idle, see
from tests.browser_support import ARTIFACTS, AppFailed, serve_app
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser
PASSWORD = "inert page password"
#: what an attacker puts where a name goes
PAYLOADS = [
    "[x](http://example.invalid/l)", "![x](http://example.invalid/i.png)", "<img src=http://example.invalid/a.png>",
    '<a href="http://example.invalid/h">x</a>', "<script>window.__pwned=1</script>", "[j](javascript:window.__pwned=2)",
    "**bold** _it_", "$$\\x$$", ":material/home: :smile: :red[red]", "http://example.invalid/auto www.example.invalid",
    "a@example.invalid", "&amp; &lt;b&gt; &#60;", "<svg onload=window.__pwned=3>", "<b onmouseover=alert(1)>b</b>",
]


def _evil_data(folder):
    """The small fixture with every node's names and descriptions replaced by payloads (ids kept)."""
    shutil.copytree(FIXTURES / "small", folder)
    i = 0
    for path in folder.glob("*.yaml"):
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(rows, list):
            continue
        for row in rows:
            if isinstance(row, dict) and "name_en" in row:
                row["name_en"] = f"{PAYLOADS[i % len(PAYLOADS)]} {i}"
                row["name_zh"] = f"名{PAYLOADS[(i + 3) % len(PAYLOADS)]} {i}"
                text = f"{PAYLOADS[(i + 5) % len(PAYLOADS)]}\n{PAYLOADS[i % 4]}"
                row["description_en"] = row["description_zh"] = text
                i += 1
        path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_graph(folder)  # still valid data: the payloads are allowed text
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A shared server on the payload data: a user (enterprise and planner) whose display name is a payload,
    six enterprises whose region is one (a group the observatory shows), and the user's draft with a payload
    enterprise name and region."""
    home = tmp_path_factory.mktemp("inert-home")
    data = _evil_data(tmp_path_factory.mktemp("inert-data") / "data")
    region = '[r](http://example.invalid/r) <a href="http://example.invalid/r2">r</a>'
    AssessmentArchive(home / "assessments.json")._write([
        Assessment(enterprise_id=f"ent_e{i}", name=PAYLOADS[i], region=region, stages=["smelting"],
                   at=datetime(2026, 1, 1 + i, tzinfo=UTC), answers={"sc_feed": 1 + i % 4}) for i in range(6)])
    accounts = Accounts(FileUserStore(home / "users.json"), AuthSettings(bcrypt_rounds=4))
    accounts.add(None, "root", ["admin"], password=PASSWORD)
    root = accounts.store.get("root").principal
    accounts.add(root, "eve", ["enterprise", "planner"], ["ent_evil"], password=PASSWORD,
                 display_name="![p](http://example.invalid/p.png) [me](http://example.invalid/me)")
    eve = accounts.store.get("eve").principal.account  # drafts are kept under the account's id
    DraftBox(home / "drafts").save(eve, AnswerSheet("ent_evil", PAYLOADS[0], region, ["smelting"],
                                                    {"sc_feed": 2, "sc_measure": 1}))
    try:
        with serve_app(home, tmp_path_factory.mktemp("inert-log") / "server.log",
                       env_extra={"SCENEGRAPH_AUTH": "on", "SCENEGRAPH_BCRYPT_ROUNDS": "4",
                                  "SCENEGRAPH_DATA": str(data)}) as url:
            yield url
    except AppFailed as e:
        pytest.fail(str(e))


@pytest.fixture
def page(fresh_page):
    """A fresh context per test: each test signs in itself."""
    return fresh_page


#: every link and picture in the page that does not point at the app itself (or is a script: URL)
_FOREIGN = """() => [...document.querySelectorAll('a[href], img[src], image, iframe[src], source[src]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href') || '')
    .filter(u => { try { const x = new URL(u, location.href);
        return x.origin !== location.origin && !['data:', 'blob:'].includes(x.protocol); } catch { return true; } })"""


def _text(locator) -> str:
    """What a reader sees (the invisible word joiners that keep autolinks off left out)."""
    return locator.inner_text().replace("\u2060", "")


def _clean(page, where: str) -> None:
    foreign = page.evaluate(_FOREIGN)
    assert not foreign, f"{where}: links or pictures from data: {foreign[:5]}"
    assert page.evaluate("window.__pwned") is None, f"{where}: a script from data ran"
    text = _text(page.locator("[data-testid='stMain']"))
    markers = ("example.invalid", "javascript:", "<script>", "**bold**", "$$", ":material/", "&amp;", "<svg", "<b ")
    assert any(m in text for m in markers) or where == "network", f"{where}: no payload shown as text"


def test_every_page_shows_payloads_as_text_and_nothing_leaves_localhost(server, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    lang = "en"
    page.goto(f"{server}/?lang={lang}", wait_until="domcontentloaded")
    page.get_by_label(t("username", lang)).fill("eve")
    page.get_by_label(t("password", lang), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("signin", lang), exact=True).click()
    see(page, t("signed_in_as", lang))
    idle(page)
    # the display name, shown as its characters in the sidebar
    assert "![p](http://example.invalid/p.png)" in _text(page.locator("[data-testid='stSidebar']"))
    for path in ("overview?q=example", "network?focus=sc_feed", "node?id=sc_feed", "node?id=smelting",
                 "paths?from=sc_twin&to=kpi_energy", "lens", "assessment", "observatory", "export?stages=smelting"):
        page.goto(f"{server}/{path}&lang={lang}" if "?" in path else f"{server}/{path}?lang={lang}",
                  wait_until="domcontentloaded")
        page.locator("h1").first.wait_for()
        idle(page)
        page.wait_for_timeout(500)
        name = path.split("?")[0]
        if name == "observatory":  # the region an enterprise typed, on the planners' chart and table
            page.locator("[data-testid='stRadio'] label").filter(has_text=t("obs_dim_region", lang)).first.click()
            idle(page)
            chart = page.locator("[data-testid='stPlotlyChart']").first
            chart.wait_for()
            assert "[r](http://example.invalid/r)" in _text(chart)
            assert not chart.locator("a").count(), "a link in the chart"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"inert-{name}.png"), full_page=True)
        _clean(page, name)
    outside = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
               and urlsplit(u).hostname not in ("127.0.0.1", "localhost")]
    assert not outside, f"requests left localhost: {outside[:5]}"


def test_private_download_has_no_url_to_fetch_without_the_session(server, page, tmp_path):
    """The enterprise's answers reach the browser over its own session only: no /media URL carries them, so a
    client without the cookie, or after sign-out, has nothing to fetch."""
    lang = "en"
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(f"{server}/?lang={lang}", wait_until="domcontentloaded")
    page.get_by_label(t("username", lang)).fill("eve")
    page.get_by_label(t("password", lang), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("signin", lang), exact=True).click()
    see(page, t("signed_in_as", lang))
    idle(page)  # the session's cookie is written by this run
    page.goto(f"{server}/assessment?lang={lang}", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for()
    idle(page)
    path = download(page, t("download_json", lang), tmp_path)
    answers = json.loads(path.read_text(encoding="utf-8"))
    assert answers["enterprise_id"] == "ent_evil" and answers["answers"]["sc_feed"] == 2
    media = [u for u in seen if urlsplit(u).path.startswith("/media/")]
    assert not media, f"private data served at a URL: {media}"
    # sign out; then every URL the session used, fetched without its cookie, holds none of the answers
    page.get_by_role("button", name=t("sign_out", lang)).click()
    page.get_by_label(t("username", lang)).wait_for()
    for url in {u for u in seen if urlsplit(u).hostname == "127.0.0.1" and urlsplit(u).scheme == "http"}:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                body = r.read()
        except urllib.error.HTTPError:
            continue
        assert b"ent_evil" not in body, url
