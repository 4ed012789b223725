"""Cypher on a shared server, tried as an attacker would (issue 21, item 2): only curators and admins run Cypher
(the console page, the Export page's Cypher selection, `scenegraph query`, `scenegraph export --cypher`), and what
they run is checked against the graph's allow-list before it runs: no account, enterprise, saved answer, save
summary or observatory aggregate can be read, however the query is spelt, and no error repeats what a query read.
Real Neo4j, real accounts, real AppTest pages."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from scenegraph.assess import parse_assessment
from scenegraph.auth.access import LOCAL, Principal, Role
from scenegraph.auth.accounts import Accounts
from scenegraph.auth.passwords import hash_password
from scenegraph.auth.users import User
from scenegraph.base.errors import AccessDenied
from scenegraph.base.settings import AuthSettings
from scenegraph.cli.main import main
from scenegraph.export.selection import Selection, SelectionError, select, selected_ids
from scenegraph.graph.schema import GRAPH_LABELS, GRAPH_RELATIONSHIPS, LABELS, RELATIONSHIPS, TENANT_LABELS
from scenegraph.stores import QueryRefused
from scenegraph.stores.neo4j.guard import ALLOWED, graph_labels_only
from tests.conftest import app_test, forget_neo4j_contents, load_into_neo4j

pytestmark = pytest.mark.neo4j

PASSWORD = "guard test password"
ENTERPRISE_NAME = "Acme Aluminium Secret Co"
CURATOR = Principal("cura", frozenset({Role.CURATOR}), frozenset())
ADMIN = Principal("root", frozenset({Role.ADMIN}), frozenset())
ENTERPRISE = Principal("alice", frozenset({Role.ENTERPRISE}), frozenset({"ent_acme"}))
PLANNER = Principal("plan", frozenset({Role.PLANNER}), frozenset())


@pytest.fixture(scope="module")
def tenant(neo4j_settings, neo4j_store, small_graph):
    """The small graph plus what a shared server holds beside it: an admin account with a bcrypt hash, an
    enterprise with a saved assessment (its :Save and :SaveSummary nodes, tenant data outside the graph)."""
    from scenegraph.stores.neo4j.users import Neo4jUserStore

    forget_neo4j_contents()
    store = load_into_neo4j(neo4j_store, small_graph)
    forget_neo4j_contents()  # the saves below are not the small graph: the next test reloads
    store.save_assessment(LOCAL, parse_assessment(
        {"enterprise_id": "ent_acme", "name": ENTERPRISE_NAME, "stages": ["smelting"],
         "at": datetime(2026, 3, 1, tzinfo=UTC), "answers": {"sc_measure": 2, "sc_feed": 3}}, small_graph))
    users = Neo4jUserStore.connect(neo4j_settings)
    users.remove("guard_root")
    secret = hash_password(PASSWORD, 4)
    users.create(User(name="guard_root", roles=[Role.ADMIN], password_hash=secret))
    yield store, secret
    users.remove("guard_root")
    users.close()


def refused(store, text: str, params: dict | None = None) -> QueryRefused:
    with pytest.raises(QueryRefused) as caught:
        store.run_readonly(text, params)
    return caught.value


# ---------------------------------------------------------------- the allow-list is what the graph is


def test_the_allow_list_is_the_graph():
    assert GRAPH_LABELS == frozenset(LABELS) - TENANT_LABELS and "Enterprise" not in GRAPH_LABELS
    assert "ASSESSED" not in GRAPH_RELATIONSHIPS and GRAPH_RELATIONSHIPS == frozenset(RELATIONSHIPS)
    assert not ALLOWED.labels & TENANT_LABELS and "Source" in ALLOWED.closed
    assert not graph_labels_only({"User"}) and not graph_labels_only({"Entity", "Enterprise"})
    # a node returned must carry a graph label of its own; :Entity is walked (no tenant node carries it) but not enough
    assert "Entity" in ALLOWED.closed
    assert not graph_labels_only({"Entity"}) and graph_labels_only({"Entity", "Scenario"})


# ---------------------------------------------------------------- a curator's queries: the graph only


@pytest.mark.parametrize(
    "text",
    [
        # the admin's hash as an id (the Export page's break), as text, through replace(), properties(), keys()
        "MATCH (u:User) RETURN u.password_hash AS id",
        "MATCH (u:User) RETURN replace(u.password_hash, '$', '#') AS id",
        "MATCH (u:User {name: 'guard_root'}) RETURN properties(u) AS p, keys(u) AS k",
        "MATCH (u:User) RETURN {labels: ['Scenario'], id: u.password_hash} AS n",
        "MATCH (n) WHERE n:User RETURN n",
        "MATCH (n) RETURN n",
        "MATCH (n) RETURN n.password_hash AS id",
        "MATCH (n) RETURN keys(n), count(*)",
        "MATCH (n) WHERE id(n) >= 0 RETURN n",
        "MATCH (s:Scenario) WITH s MATCH (n) WHERE elementId(n) <> elementId(s) RETURN n.password_hash",
        "UNWIND ['User'] AS l MATCH (n:$(l)) RETURN n",
        # tenant labels and relationships
        "MATCH (s:SaveSummary) RETURN s",
        "MATCH (e:Enterprise) RETURN e.name_zh",
        "MATCH (o:ObsDelta|Scenario) RETURN o",
        "MATCH (n:Scenario:User) RETURN n",
        "MATCH (s:Scenario) WHERE EXISTS { MATCH (u:User) WHERE u.password_hash STARTS WITH '$2b' } RETURN s.id",
        "MATCH (s:Scenario) CALL (s) { MATCH (u:User) RETURN u.password_hash AS h } RETURN h",
        "MATCH (:Enterprise)-[a:ASSESSED]->(s:Scenario) RETURN s.id, a.level",
        "MATCH (s:Scenario)<-[a:ASSESSED]-() RETURN s.id, a.level",
        "MATCH (s:Scenario) WHERE s.id = 'sc_measure' RETURN [(s)<-[a:ASSESSED]-() | a.level] AS levels",
        # untyped traversals and counts reach everything
        "MATCH (s:Scenario)<-[r]-(x) RETURN x, r",
        "MATCH (s:Scenario) RETURN s.id, COUNT { (s)<--() } AS n",
        "MATCH ()-[r]->() RETURN count(r)",
        "MATCH (n) RETURN count(n)",
        # procedures and commands
        "CALL db.schema.visualization()",
        "CALL db.schema.nodeTypeProperties()",
        "CALL dbms.components()",
        "CALL dbms.listConfig()",
        "SHOW TRANSACTIONS",
        "SHOW USERS",
        "SHOW CONSTRAINTS",
    ],
)
def test_tenant_data_is_never_readable(tenant, text):
    store, secret = tenant
    e = refused(store, text)
    for said in (str(e), e.in_("zh")):
        assert secret not in said and secret.replace("$", "#") not in said and ENTERPRISE_NAME not in said


@pytest.mark.parametrize(
    "text",
    [  # release 2 kept enterprises under :Entity, with OPERATES stages: these read them then, and were refused
        "MATCH (n:Entity) RETURN n.name_zh",
        "MATCH (n:Entity {id: 'ent_acme'}) RETURN n.region",
        "MATCH (s:Stage)<-[:OPERATES]-(x) RETURN x.name_zh",
        "MATCH ()-[r:OPERATES]->() RETURN startNode(r).name_zh",
        "MATCH (s:Stage) RETURN s.id, COUNT { (s)<-[:OPERATES]-() } AS n",
        "MATCH (s:Stage) OPTIONAL MATCH (s)<-[:OPERATES]-(x) RETURN s.id, x.name_zh",
        "MATCH (a:Stage)((x)<-[:OPERATES]-(y)){1,2}(b) RETURN b.name_zh",
    ],
)
def test_entity_and_operates_reach_graph_nodes_only(tenant, text):
    """Saves are :Save nodes outside the graph now: a curator may walk :Entity and OPERATES, and finds no firm."""
    store, secret = tenant
    rows = repr(store.run_readonly(text).rows)
    assert ENTERPRISE_NAME not in rows and "ent_acme" not in rows and secret not in rows


def test_a_dynamic_label_from_a_parameter_is_refused(tenant):
    store, _ = tenant
    refused(store, "MATCH (n:$($l)) RETURN n", {"l": "User"})


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("MATCH (s:Scenario) RETURN s.id ORDER BY s.id", [["sc_digest"], ["sc_feed"], ["sc_measure"], ["sc_twin"]]),
        ("MATCH (s:Scenario)-[:AT]->(st:Stage) RETURN st.id AS stage, count(s) AS n ORDER BY n DESC",
         [["smelting", 2]]),
        ("MATCH (k:KPI {id: 'kpi_energy'}) OPTIONAL MATCH (k)<-[:IMPROVES]-(s:Scenario) "
         "RETURN s.id ORDER BY s.id", [["sc_feed"], ["sc_twin"]]),
        ("MATCH (s:Scenario {id: 'sc_twin'}) RETURN COUNT { (s)-[:DEPENDS_ON]->() } AS n", [[2]]),
        ("MATCH (s:Scenario) WHERE EXISTS { (s)-[:AT]->(:Process) } RETURN s.id ORDER BY s.id",
         [["sc_digest"], ["sc_measure"]]),
        ("MATCH (n:Scenario&Entity) WHERE n.level = 5 RETURN n.id", [["sc_twin"]]),
        ("MATCH (s:Source) RETURN s.key", [["plan"]]),
        ("MATCH (s:Stage) USING SCAN s:Stage MATCH (s)-[:OPERATES]->(x) RETURN count(x) AS n", [[0]]),
    ],
)
def test_graph_queries_run(tenant, text, expect):
    store, _ = tenant
    assert store.run_readonly(text).rows == expect


def test_graph_paths_come_back_with_their_nodes(tenant):
    store, _ = tenant
    result = store.run_readonly("MATCH p = (:Scenario {id: 'sc_twin'})-[:DEPENDS_ON*1..3]->(b) RETURN p")
    assert sorted(result.graph_ids) == ["sc_digest", "sc_feed", "sc_measure", "sc_twin"]
    labels = {lb for row in store.run_readonly("CALL db.labels()").rows for lb in row}
    assert "Scenario" in labels  # names of labels are schema, not data


def test_refusals_are_written_in_both_languages(tenant):
    store, _ = tenant
    e = refused(store, "MATCH (u:User) RETURN u.password_hash AS id")
    assert "outside the graph" in str(e) and "图谱以外" in e.in_("zh")
    e = refused(store, "MATCH (n) RETURN n")
    assert "every node" in e.in_("en") and "全部节点" in e.in_("zh")


def test_run_time_errors_do_not_repeat_what_the_query_read(tenant):
    store, _ = tenant
    from scenegraph.stores import StoreError

    with pytest.raises(StoreError) as caught:
        store.run_readonly("MATCH (s:Scenario {id: 'sc_feed'}) RETURN date(s.name_en)")
    assert "Alumina" not in str(caught.value) and "failed while running" in str(caught.value)


# ---------------------------------------------------------------- the Export page's Cypher selection


def test_cypher_selection_is_for_curators_and_admins_only(tenant):
    store, _ = tenant
    sel = Selection(cypher="MATCH p = (:Scenario {id: 'sc_feed'})-[:DEPENDS_ON]->() RETURN p")
    for who in (ENTERPRISE, PLANNER, None):
        with pytest.raises(AccessDenied):
            selected_ids(store, sel, principal=who)
    for who in (CURATOR, ADMIN, LOCAL):
        assert selected_ids(store, sel, principal=who) == ["sc_feed", "sc_measure"]


def test_the_hash_is_not_printed_as_an_unknown_id(tenant):
    store, secret = tenant
    for text in ("MATCH (u:User) RETURN u.password_hash AS id",
                 "MATCH (u:User) RETURN {labels: ['User'], id: u.password_hash} AS n",
                 "MATCH (u:User) RETURN {labels: [], id: replace(u.password_hash, '$', '#')} AS n"):
        with pytest.raises(QueryRefused) as caught:
            select(store, Selection(cypher=text), principal=CURATOR)
        assert secret not in str(caught.value) and "#2b#" not in str(caught.value)
    # a graph value dressed as a node is a value, not an id: nothing is looked up, nothing is echoed
    with pytest.raises(SelectionError) as caught:
        select(store, Selection(cypher="MATCH (s:Scenario {id: 'sc_feed'}) RETURN {labels: [], id: s.name_en} AS n"),
               principal=CURATOR)
    assert "Alumina" not in str(caught.value) and "no nodes" in str(caught.value)


# ---------------------------------------------------------------- the command line


def _cli(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def signed_in_cli(tenant, neo4j_settings, monkeypatch):
    """The CLI on a shared server: sign-in on, accounts on the same Neo4j (an enterprise user, a planner and a
    curator)."""
    from scenegraph.stores.neo4j.users import Neo4jUserStore

    monkeypatch.setenv("SCENEGRAPH_AUTH", "on")
    monkeypatch.setenv("SCENEGRAPH_BCRYPT_ROUNDS", "4")
    password = neo4j_settings.password
    for var, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                       ("NEO4J_PASSWORD", getattr(password, "get_secret_value", lambda: password)())):
        monkeypatch.setenv(var, value)
    users = Neo4jUserStore.connect(neo4j_settings)
    names = ("guard_alice", "guard_plan", "guard_cura")
    for name in names:
        users.remove(name)
    accounts = Accounts(users, AuthSettings())
    root = users.get("guard_root").principal
    accounts.add(root, "guard_alice", ["enterprise"], ["ent_acme"], password=PASSWORD)
    accounts.add(root, "guard_plan", ["planner"], password=PASSWORD)
    accounts.add(root, "guard_cura", ["curator"], password=PASSWORD)
    yield tenant
    for name in names:
        users.remove(name)
    users.close()


def test_cli_cypher_is_for_curators_and_graph_only(signed_in_cli, monkeypatch, capsys, tmp_path):
    _, secret = signed_in_cli
    attack = "MATCH (u:User) RETURN u.password_hash AS id"
    out = tmp_path / "x.json"
    for user in ("guard_alice", "guard_plan"):
        for argv in (["query", attack], ["export", "-f", "json", "-o", str(out), "--cypher", attack,
                                         "--store", "neo4j"]):
            code, text = _cli(monkeypatch, capsys, [*argv, "--user", user, "--password-stdin"], PASSWORD + "\n")
            assert code == 2 and "lacks the curator or admin role" in text, text
            assert secret not in text and not out.exists()
    for argv in (["query", attack], ["export", "-f", "json", "-o", str(out), "--cypher", attack, "--store", "neo4j"]):
        code, text = _cli(monkeypatch, capsys, [*argv, "--user", "guard_cura", "--password-stdin"], PASSWORD + "\n")
        assert code == 2 and "outside the graph" in text and secret not in text, text
    code, text = _cli(monkeypatch, capsys, ["export", "-f", "json", "-o", str(out), "--store", "neo4j", "--cypher",
                                            "MATCH p = (:Scenario {id: 'sc_feed'})-[:DEPENDS_ON]->() RETURN p",
                                            "--user", "guard_cura", "--password-stdin"], PASSWORD + "\n")
    assert code == 0 and "exported 2 nodes" in text, text


# ---------------------------------------------------------------- the app: pages follow the role


def _sign_in(at, name: str):
    at.text_input(key="signin_user").input(name)
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[-1].click().run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_app_offers_cypher_to_curators_only(signed_in_cli, neo4j_settings, monkeypatch, lang):
    _, secret = signed_in_cli
    for user in ("guard_alice", "guard_plan", "guard_cura"):
        at = app_test(monkeypatch, settings=neo4j_settings)
        at.query_params["lang"] = lang
        at.run()
        _sign_in(at, user)
        at.switch_page("views/export.py").run()
        assert not at.exception, at.exception
        offered = any(w.key == "ex_cypher" for w in at.text_area)
        assert offered == (user == "guard_cura"), user
        if user != "guard_cura":
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page("views/console.py")
            continue
        # the curator: the attack is refused in the interface language, the hash never shown
        at.text_area(key="ex_cypher").input("MATCH (u:User) RETURN u.password_hash AS id").run()
        shown = " ".join(str(e.value) for e in (*at.error, *at.info))
        assert secret not in shown and ("图谱以外" if lang == "zh" else "outside the graph") in shown, shown
        at.switch_page("views/console.py").run()
        at.text_area(key="cypher").input("MATCH (u:User) RETURN replace(u.password_hash, '$', '#') AS h").run()
        at.button(key="run").click().run()
        assert ("图谱以外" if lang == "zh" else "outside the graph") in at.error[0].value
        assert secret.replace("$", "#") not in at.error[0].value and not at.dataframe
        at.text_area(key="cypher").input("MATCH (s:Scenario) RETURN s.id AS id ORDER BY id").run()
        at.button(key="run").click().run()
        assert not at.error and list(at.dataframe[-1].value["id"]) == ["sc_digest", "sc_feed", "sc_measure",
                                                                       "sc_twin"]


def test_console_page_run_directly_refuses_a_planner(signed_in_cli, neo4j_settings, monkeypatch):
    """The page itself checks the role (a stale tab, a page file run without the navigation)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("SCENEGRAPH_AUTH", "on")
    at = AppTest.from_file(str(ROOT / "views" / "console.py"), default_timeout=60)
    for key, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                       ("NEO4J_PASSWORD", neo4j_settings.password.get_secret_value())):
        at.secrets[key] = value
    from scenegraph.stores.neo4j.users import Neo4jUserStore
    from scenegraph.ui.signin import SESSION

    with Neo4jUserStore.connect(neo4j_settings) as users:
        session = Accounts(users, AuthSettings()).sign_in("guard_plan", PASSWORD)
    at.session_state[SESSION] = session
    at.run()
    assert not at.exception, at.exception
    assert at.error and "数据管理员" in at.error[0].value
    assert not any(w.key == "cypher" for w in at.text_area)
