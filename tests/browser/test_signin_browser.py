"""Sign-in on a shared server, end to end in a real browser: Streamlit's own OIDC login (st.login) against a
REAL OpenID Connect provider (panva/oidc-provider under tools/oidc, installed by scripts/test), and the built-in
password form. Chromium goes through the provider's own login form and back into the app; the test asserts the
signed-in user, role and enterprise ids the app shows, and keeps screenshots of the sign-in screen in both
languages (.artifacts/signin/)."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from scenegraph.auth.accounts import Accounts
from scenegraph.base.settings import AuthSettings
from scenegraph.dataset.loader import load_graph
from scenegraph.stores.files.users import FileUserStore
from tests.browser.test_browser_journeys import choose
from tests.browser_support import AppFailed, free_port, need, serve_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / ".artifacts" / "signin"
OIDC_DIR = ROOT / "tools" / "oidc"
PASSWORD = "built-in password 1"

IDP_ACCOUNTS = [
    # roles and enterprise ids carried by the identity provider's own claims
    {"id": "alice", "password": "alice idp pass", "email": "alice@example.org", "name": "Alice Example",
     "scenegraph_roles": ["enterprise"], "scenegraph_enterprises": ["ent_alpha", "ent_beta"]},
    # no claims: mapped by a users entry keyed by e-mail (planner)
    {"id": "bob", "password": "bob idp pass", "email": "bob@example.org", "name": "Bob Example"},
    # no claims and no users entry: signed in at the provider, but no role here
    {"id": "eve", "password": "eve idp pass", "email": "eve@example.org", "name": "Eve Example"},
    # attackers: bob's and the IdP-only admin's e-mail, but the provider does not vouch for it (the string "false",
    # null); and a subject equal to the built-in account zhang's name, with an enterprise role by claims
    {"id": "mallory", "password": "mallory idp pass", "email": "boss@example.org", "email_verified": "false",
     "name": "Mallory"},
    {"id": "trudy", "password": "trudy idp pass", "email": "bob@example.org", "email_verified": None,
     "name": "Trudy"},
    {"id": "zhang", "password": "zhang idp pass", "name": "Not Zhang",
     "scenegraph_roles": ["enterprise"], "scenegraph_enterprises": ["ent_gamma"]},
    # mapped by subject to a planner entry, removed while signed in
    {"id": "wu", "password": "wu idp pass", "name": "Wu Example"},
]


def wait_http(url: str, proc: subprocess.Popen, log: Path, what: str, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail(f"{what} did not start: " + log.read_text(errors="replace")[-2000:])


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A shared server as README describes it: the OIDC provider, then the app with sign-in on and [auth] set."""
    node = shutil.which("node")
    need(node is not None, "no node (Node.js 20+) for the test identity provider")
    need((OIDC_DIR / "node_modules" / "oidc-provider").is_dir(),
         "tools/oidc is not installed (scripts/test runs npm ci --prefix tools/oidc)")
    work = tmp_path_factory.mktemp("signin")
    app_port, idp_port = free_port(), free_port()
    app_url, issuer = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{idp_port}"
    client_secret = secrets.token_urlsafe(24)
    (work / "accounts.json").write_text(json.dumps(IDP_ACCOUNTS))
    idp_log = work / "idp.log"
    idp = subprocess.Popen(
        [node, str(OIDC_DIR / "server.mjs"), "--port", str(idp_port), "--accounts", str(work / "accounts.json"),
         "--client-id", "scenegraph", f"--client-secret={client_secret}",
         "--redirect-uri", f"{app_url}/oauth2callback"],
        cwd=OIDC_DIR, stdout=idp_log.open("wb"), stderr=subprocess.STDOUT)
    try:
        wait_http(f"{issuer}/.well-known/openid-configuration", idp, idp_log, "the OIDC provider")
        (work / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "{app_url}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            'client_id = "scenegraph"\n'
            f'client_secret = "{client_secret}"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
            'client_kwargs = { scope = "openid email profile scenegraph", prompt = "login" }\n')
        home = work / "home"
        # the first admin and two built-in accounts, written where the app reads them (the users file)
        accounts = Accounts(FileUserStore(home / "users.json"), AuthSettings(bcrypt_rounds=4))
        accounts.add(None, "root", ["admin"], password=PASSWORD)
        root = accounts.store.get("root").principal
        accounts.add(root, "bob", ["planner"], email="bob@example.org", display_name="Bob (planner)")
        accounts.add(root, "zhang", ["enterprise"], ["ent_gamma"], password=PASSWORD, display_name="张工")
        accounts.add(root, "li", ["enterprise"], ["ent_li"], password=PASSWORD, display_name="李工")
        accounts.add(root, "boss", ["admin"], email="boss@example.org", display_name="Boss (IdP admin)")
        app_log = work / "app.log"
        try:
            with serve_app(home, app_log, port=app_port, args=("--secrets.files", str(work / "secrets.toml")),
                           env_extra={"SCENEGRAPH_AUTH": "on", "SCENEGRAPH_BCRYPT_ROUNDS": "4"}) as url:
                assert url == app_url
                yield {"app": app_url, "issuer": issuer, "logs": (app_log, idp_log), "secret": client_secret,
                       "users": home / "users.json"}
        except AppFailed as e:
            pytest.fail(str(e))
    finally:
        stop(idp)


@pytest.fixture
def page(deployment, fresh_page):
    """A fresh context per test (its own cookies), once the deployment is up."""
    return fresh_page


def sidebar(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def idp_login(page, user: str, password: str) -> None:
    page.get_by_label("User").wait_for(timeout=90_000)
    assert page.url.startswith("http://127.0.0.1:") and "/interaction/" in page.url
    page.get_by_label("User").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_screens_in_both_languages(deployment, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(deployment["app"] + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="使用本单位账号登录").wait_for(timeout=90_000)
    page.get_by_label("用户名").wait_for(timeout=90_000)
    page.get_by_label("密码", exact=True).wait_for(timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "signin-zh.png"))
    page.get_by_text("English", exact=True).first.click()
    page.get_by_role("button", name="Sign in with your organisation's account").wait_for(timeout=90_000)
    page.get_by_label("User name").wait_for(timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "signin-en.png"))
    # no page of the app is reachable before sign-in, not even by its URL
    page.goto(deployment["app"] + "/assessment?lang=en", wait_until="domcontentloaded")
    page.get_by_role("button", name="Sign in with your organisation's account").wait_for(timeout=90_000)
    assert page.get_by_text("Questionnaire").count() == 0


def test_oidc_sign_in_through_the_identity_provider(deployment, page):
    page.goto(deployment["app"] + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="使用本单位账号登录").click(timeout=90_000)
    # the real provider's login form (another origin: the provider's port), then back into the app
    idp_login(page, "alice", "alice idp pass")
    page.get_by_text("当前用户：").first.wait_for(timeout=90_000)
    assert page.url.startswith(deployment["app"])
    page.get_by_text("ent_alpha, ent_beta").first.wait_for(timeout=90_000)  # the sidebar box is drawn whole
    text = sidebar(page)
    assert "Alice Example" in text and "企业用户" in text and "ent_alpha, ent_beta" in text, text
    page.get_by_role("button", name="退出登录").wait_for(timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "signed-in-oidc.png"))
    # a reload keeps the provider's sign-in (Streamlit's signed cookie)
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("当前用户：").first.wait_for(timeout=90_000)
    # sign out: back to the sign-in screen
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="使用本单位账号登录").wait_for(timeout=90_000)
    assert "Alice Example" not in page.content()


def test_oidc_user_mapped_by_a_users_entry(deployment, page):
    page.goto(deployment["app"] + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="使用本单位账号登录").click(timeout=90_000)
    idp_login(page, "bob", "bob idp pass")
    page.get_by_text("当前用户：").first.wait_for(timeout=90_000)
    page.get_by_text("规划人员").first.wait_for(timeout=90_000)
    text = sidebar(page)
    assert "Bob (planner)" in text and "规划人员" in text and "企业用户" not in text, text


def test_oidc_user_without_a_role_is_refused(deployment, page):
    page.goto(deployment["app"] + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="使用本单位账号登录").click(timeout=90_000)
    idp_login(page, "eve", "eve idp pass")
    # the address is shown as text (an invisible word joiner after "@" keeps the browser from linking it)
    page.get_by_text(re.compile("eve@\u2060?example\\.org 已通过身份验证，但尚未分配角色")).wait_for(timeout=90_000)
    assert page.get_by_text("当前用户：").count() == 0


def test_wrong_password_at_the_provider_stays_there(deployment, page):
    page.goto(deployment["app"] + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="使用本单位账号登录").click(timeout=90_000)
    idp_login(page, "alice", "not her password")
    page.get_by_role("alert").wait_for(timeout=90_000)
    assert "/interaction/" in page.url


def test_built_in_account_in_the_browser(deployment, page):
    page.goto(deployment["app"] + "/?lang=en", wait_until="domcontentloaded")
    page.get_by_label("User name").wait_for(timeout=90_000)
    page.get_by_label("User name").fill("zhang")
    page.get_by_label("Password", exact=True).fill("wrong password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("Unknown user or wrong password.").wait_for(timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "signin-failed-en.png"))
    page.get_by_label("User name").fill("zhang")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("Signed in as").first.wait_for(timeout=90_000)
    page.get_by_text("ent_gamma").first.wait_for(timeout=90_000)
    text = sidebar(page)
    assert "张工" in text and "enterprise" in text and "ent_gamma" in text, text
    page.screenshot(path=str(ARTIFACTS / "signed-in-password-en.png"))
    # the password never reaches the server's log
    app_log, idp_log = deployment["logs"]
    assert PASSWORD not in app_log.read_text(errors="replace")
    assert deployment["secret"] not in app_log.read_text(errors="replace") + idp_log.read_text(errors="replace")


def session_cookie(context, seconds: float = 30) -> dict | None:
    """The app's session cookie once the page's script has written it (None if it never appears)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = [c for c in context.cookies() if c["name"] == "scenegraph_session"]
        if found:
            return found[0]
        time.sleep(0.2)
    return None


def test_password_session_survives_a_reload_and_a_new_tab_until_sign_out(deployment, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(deployment["app"] + "/?lang=en", wait_until="domcontentloaded")
    page.get_by_label("User name").wait_for(timeout=90_000)
    page.get_by_label("User name").fill("zhang")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("Signed in as").first.wait_for(timeout=90_000)
    cookie = session_cookie(page.context)
    assert cookie is not None, "the session cookie was never written"
    assert cookie["sameSite"] == "Strict" and cookie["expires"] > time.time() + 60
    assert PASSWORD not in cookie["value"] and "ent_gamma" not in cookie["value"]
    # a reload keeps the user signed in (the cookie, verified by the server against the users file)
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("ent_gamma").first.wait_for(timeout=90_000)
    assert "张工" in sidebar(page) and page.get_by_label("User name").count() == 0
    page.screenshot(path=str(ARTIFACTS / "reloaded-password-en.png"))
    # so does a new tab of the same browser
    tab = page.context.new_page()
    tab.goto(deployment["app"] + "/", wait_until="domcontentloaded")
    tab.get_by_text("所属企业").first.wait_for(timeout=90_000)
    assert "张工" in sidebar(tab)
    tab.screenshot(path=str(ARTIFACTS / "new-tab-password-zh.png"))
    tab.close()
    # sign-out ends it: the sign-in screen, the cookie deleted, a reload stays signed out
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("User name").wait_for(timeout=90_000)
    deadline = time.time() + 30
    while session_cookie(page.context, 0.5) is not None and time.time() < deadline:
        pass
    assert session_cookie(page.context, 0.5) is None, "sign-out left the session cookie behind"
    page.reload(wait_until="domcontentloaded")
    page.get_by_label("User name").wait_for(timeout=90_000)
    assert page.get_by_text("Signed in as").count() == 0
    # and the old cookie, replayed, opens nothing: the server no longer honours it
    page.context.add_cookies([cookie])
    page.reload(wait_until="domcontentloaded")
    page.get_by_label("User name").wait_for(timeout=90_000)
    assert page.get_by_text("Signed in as").count() == 0
    page.screenshot(path=str(ARTIFACTS / "signed-out-replayed-cookie-en.png"))


def password_sign_in(page, user: str) -> None:
    page.get_by_label("User name").wait_for(timeout=90_000)
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("Signed in as").first.wait_for(timeout=90_000)


def settle(page) -> None:
    page.wait_for_timeout(200)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)


def open_page(page, path: str, heading: str) -> None:
    page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").first.click()
    page.locator("h1").filter(has_text=heading).first.wait_for(timeout=90_000)
    settle(page)


def roadmap_box(page):
    return page.locator("[data-testid='stCheckbox']").filter(
        has_text="The roadmap of the assessment on the self-assessment page").locator("input")


def test_the_next_user_of_a_shared_tab_sees_nothing_of_the_last_ones_work(deployment, page):
    """The break: A signed out, B signed in on the same tab and saw A's answer sheet; the Export page offered B
    A's roadmap. Now sign-out clears the tab: B meets an empty form and nothing to export."""
    page.goto(deployment["app"] + "/?lang=en", wait_until="domcontentloaded")
    password_sign_in(page, "zhang")
    open_page(page, "assessment", "Self-assessment")
    page.get_by_label("Enterprise name").fill("Zhang secret smelter")
    page.get_by_label("Region").fill("Binzhou")
    page.get_by_label("Region").press("Enter")
    settle(page)
    choose(page, "Stages operated", load_graph().name("electrolysis", "en"))
    page.get_by_text("Questionnaire").first.wait_for(timeout=90_000)
    settle(page)
    open_page(page, "export", "Export")
    assert roadmap_box(page).is_enabled()  # A may export A's own roadmap
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("User name").wait_for(timeout=90_000)
    settle(page)
    password_sign_in(page, "li")
    page.get_by_text("ent_li").first.wait_for(timeout=90_000)
    settle(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "shared-tab-b-signed-in-en.png"))
    open_page(page, "export", "Export")
    assert roadmap_box(page).is_disabled()  # nothing of A's to export
    open_page(page, "assessment", "Self-assessment")
    assert page.get_by_label("Enterprise name").input_value() == ""
    assert page.get_by_label("Region").input_value() == ""
    assert "Zhang secret smelter" not in page.content() and "Binzhou" not in page.content()
    page.get_by_text("Questionnaire").wait_for(state="detached", timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "shared-tab-next-user-en.png"))
    # and an identity-provider user whose subject is "zhang" does not open zhang's draft either
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("User name").wait_for(timeout=90_000)
    settle(page)
    page.get_by_role("button", name="Sign in with your organisation's account").click(timeout=90_000)
    page.wait_for_url("**/interaction/**", timeout=90_000)
    idp_login(page, "zhang", "zhang idp pass")
    page.get_by_text("Not Zhang").first.wait_for(timeout=90_000)
    page.goto(deployment["app"] + "/assessment?lang=en", wait_until="domcontentloaded")
    page.locator("h1").filter(has_text="Self-assessment").first.wait_for(timeout=90_000)
    settle(page)
    assert "Not Zhang" in sidebar(page)
    assert page.get_by_label("Enterprise name").input_value() == ""
    assert "Zhang secret smelter" not in page.content()


@pytest.mark.parametrize("who", ["mallory", "trudy"])
def test_an_e_mail_the_provider_does_not_vouch_for_maps_no_users_entry(deployment, page, who):
    """The break: `email_verified` absent, null or "false" still mapped the e-mail's users entry; an attacker
    signed in as the IdP-only admin that way. Now the attacker has no role here."""
    page.goto(deployment["app"] + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="使用本单位账号登录").click(timeout=90_000)
    idp_login(page, who, f"{who} idp pass")
    page.get_by_text("已通过身份验证，但尚未分配角色").wait_for(timeout=90_000)
    assert page.get_by_text("当前用户：").count() == 0
    assert "Boss (IdP admin)" not in page.content() and "Bob (planner)" not in page.content()


def test_an_identity_provider_session_ends_when_its_user_is_removed(deployment, page):
    """The break: after `users remove` an open identity-provider session kept its role until it expired."""
    accounts = Accounts(FileUserStore(deployment["users"]), AuthSettings(bcrypt_rounds=4))
    root = accounts.store.get("root").principal
    accounts.add(root, "wu", ["planner"], subject="wu", display_name="Wu (planner)")
    page.goto(deployment["app"] + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="使用本单位账号登录").click(timeout=90_000)
    idp_login(page, "wu", "wu idp pass")
    page.get_by_text("Wu (planner)").first.wait_for(timeout=90_000)
    accounts.remove(root, "wu")
    page.get_by_text("English", exact=True).first.click()  # any next run of the session
    page.get_by_role("button", name=re.compile("使用本单位账号登录|Sign in with your organisation's account")) \
        .wait_for(timeout=90_000)
    assert "Wu (planner)" not in sidebar(page)
