"""Another enterprise's saves, sought through the graph pages of a shared server on Neo4j, in a real Chromium
(issue 21, item 1): release 2 showed enterprise A's name, region, stages and answers on Node detail (?id=ent_a),
the network around a scenario A answered and the export page's selection. As another enterprise's user and as a
planner, in both languages: the node card says the node is unknown, and no page's text holds A's id, name or
region. Screenshots: .artifacts/browser/tenant-<role>-<lang>-<page>.png."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scenegraph.assess import parse_assessment
from scenegraph.auth.access import LOCAL
from scenegraph.auth.accounts import Accounts
from scenegraph.base.settings import AuthSettings
from tests.browser.test_browser_journeys import idle
from tests.browser.test_browser_roles import PASSWORD, sign_in
from tests.browser_support import ARTIFACTS, AppFailed, serve_app
from tests.conftest import forget_neo4j_contents, load_into_neo4j

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]
SECRET = ("ent_secretive", "保密铝业 Secretive Aluminium", "Hidden Valley 隐谷")
#: a scenario the secret enterprise answered, so its neighbourhood is where release 2 showed the enterprise
ANSWERED = "sc_elec_anode_effect_prediction"


@pytest.fixture(scope="module")
def server(tmp_path_factory, neo4j_settings, neo4j_store, shipped):
    """A shared server on Neo4j (sign-in on, accounts as :User nodes): the shipped graph, one save of the secret
    enterprise, a planner and a user of another enterprise."""
    from scenegraph.stores.neo4j.users import Neo4jUserStore

    store = load_into_neo4j(neo4j_store, shipped)
    forget_neo4j_contents()
    ent, name, region = SECRET
    store.save_assessment(LOCAL, parse_assessment(
        {"enterprise_id": ent, "name": name, "region": region, "stages": ["electrolysis"],
         "at": datetime(2026, 2, 1, tzinfo=UTC), "answers": {ANSWERED: 4, "sc_elec_bath_online_measurement": 3}},
        shipped))
    users = Neo4jUserStore.connect(neo4j_settings)
    for u in users.list():
        users.remove(u.name)
    accounts = Accounts(users, AuthSettings(bcrypt_rounds=4))
    accounts.add(None, "root", ["admin"], password=PASSWORD)
    root = users.get("root").principal
    accounts.add(root, "plan", ["planner"], password=PASSWORD)
    accounts.add(root, "rival", ["enterprise"], ["ent_rival"], password=PASSWORD)
    env = {"SCENEGRAPH_AUTH": "on", "SCENEGRAPH_BCRYPT_ROUNDS": "4", "NEO4J_URI": neo4j_settings.uri,
           "NEO4J_USER": neo4j_settings.user, "NEO4J_PASSWORD": neo4j_settings.password.get_secret_value()}
    try:
        with serve_app(tmp_path_factory.mktemp("tenant-home"), tmp_path_factory.mktemp("tenant-log") / "server.log",
                       env_extra=env) as url:
            yield url
    except AppFailed as e:
        pytest.fail(str(e))
    finally:
        for u in users.list():
            users.remove(u.name)
        users.close()


@pytest.fixture
def page(fresh_page):
    """A fresh context per test: each signs in as its own user."""
    return fresh_page


def _text(pg) -> str:
    idle(pg)
    return pg.locator("[data-testid='stAppViewContainer']").inner_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("user", ["rival", "plan"])
def test_graph_pages_never_show_another_enterprises_save(server, page, user, lang):
    sign_in(page, server, user, lang)
    ent, name, region = SECRET
    views = {
        "node": f"{server}/node?lang={lang}&id={ent}",
        "network": f"{server}/network?lang={lang}&focus={ANSWERED}&hops=2",
        "answered": f"{server}/node?lang={lang}&id={ANSWERED}",
        "export": f"{server}/export?lang={lang}&focus={ANSWERED}&hops=3",
        "overview": f"{server}/overview?lang={lang}&q={ent}",
    }
    for what, url in views.items():
        page.goto(url, wait_until="domcontentloaded")
        text = _text(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"tenant-{user}-{lang}-{what}.png"), full_page=True)
        for secret in (name, region, "保密铝业", "Secretive", "Hidden Valley", "隐谷"):
            assert secret not in text, (what, secret)
        if what != "node":  # the node card names the id the link asked for, to say it does not exist
            assert ent not in text, what
    html = page.content()
    assert name not in html and region not in html
