"""Enterprise privacy on a shared server, tried the ways a user could: the Python API (the assessment
repository), the CLI (`assess --save`, `assessments`) and the app (AppTest), on both stores (the embedded
archive and a real Neo4j). An enterprise user reads and saves only its own enterprises; planners, curators and
admins read no firm's answers; with sign-in on, nobody acts without signing in."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from scenegraph.assess import parse_assessment
from scenegraph.auth.access import LOCAL, Principal, Role
from scenegraph.auth.accounts import Accounts
from scenegraph.base.errors import AccessDenied
from scenegraph.base.settings import AuthSettings
from scenegraph.cli.main import main
from scenegraph.stores import MemoryStore
from scenegraph.stores.files.assessments import AssessmentArchive
from scenegraph.stores.files.users import FileUserStore
from tests.conftest import app_test, forget_neo4j_contents, load_into_neo4j

WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PASSWORD = "isolation password"
ALICE = Principal("alice", frozenset({Role.ENTERPRISE}), frozenset({"ent_acme"}))
BOTH = Principal("group", frozenset({Role.ENTERPRISE}), frozenset({"ent_acme", "ent_other"}))
PLANNER = Principal("plan", frozenset({Role.PLANNER}), frozenset())
ADMIN = Principal("root", frozenset({Role.ADMIN, Role.CURATOR}), frozenset())


def small_assessment(graph, ent: str, level: int = 2, at: datetime = WHEN):
    return parse_assessment({"enterprise_id": ent, "name": ent, "stages": ["smelting"], "at": at,
                             "answers": {"sc_measure": level}}, graph)


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def repo(request, small_graph, tmp_path):
    """Each store, holding one save of ent_acme and one of ent_other (made by the local operator)."""
    if request.param == "memory":
        store = MemoryStore(small_graph, AssessmentArchive(tmp_path / "archive.json"))
    else:
        store = load_into_neo4j(request.getfixturevalue("neo4j_store"), small_graph)
        forget_neo4j_contents()  # saves below add enterprises: the next test reloads a clean graph
    store.save_assessment(LOCAL, small_assessment(small_graph, "ent_acme"))
    store.save_assessment(LOCAL, small_assessment(small_graph, "ent_other", 4))
    yield store
    forget_neo4j_contents()


# ---------------------------------------------------------------- the Python API


def test_enterprise_user_reads_and_saves_only_its_own(repo, small_graph):
    assert {s.enterprise_id for s in repo.assessments(ALICE)} == {"ent_acme"}
    assert [s.enterprise_id for s in repo.assessments(ALICE, "ent_acme")] == ["ent_acme"]
    with pytest.raises(AccessDenied):
        repo.assessments(ALICE, "ent_other")
    with pytest.raises(AccessDenied):
        repo.load_assessment(ALICE, "ent_other", WHEN)
    assert repo.load_assessment(ALICE, "ent_acme", WHEN).answers == {"sc_measure": 2}
    with pytest.raises(AccessDenied):
        repo.save_assessment(ALICE, small_assessment(small_graph, "ent_other", 1, WHEN + timedelta(days=1)))
    repo.save_assessment(ALICE, small_assessment(small_graph, "ent_acme", 3, WHEN + timedelta(days=1)))
    # the refused save changed nothing of ent_other
    assert [s.at for s in repo.assessments(LOCAL, "ent_other")] == [WHEN]
    assert {s.enterprise_id for s in repo.assessments(BOTH)} == {"ent_acme", "ent_other"}


@pytest.mark.parametrize("who", [PLANNER, ADMIN], ids=["planner", "admin-curator"])
def test_other_roles_read_no_firms_answers(repo, small_graph, who):
    with pytest.raises(AccessDenied):
        repo.assessments(who)
    with pytest.raises(AccessDenied):
        repo.load_assessment(who, "ent_acme", WHEN)
    with pytest.raises(AccessDenied):
        repo.save_assessment(who, small_assessment(small_graph, "ent_acme", 1, WHEN + timedelta(days=2)))


# ---------------------------------------------------------------- the command line


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def cli_store(request, monkeypatch, small_graph, tmp_path):
    """Sign-in on; alice (ent_acme) and a planner in the store's own account list; two enterprises saved."""
    monkeypatch.setenv("SCENEGRAPH_AUTH", "on")
    monkeypatch.setenv("SCENEGRAPH_BCRYPT_ROUNDS", "4")
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    if request.param == "memory":
        store = MemoryStore(small_graph, AssessmentArchive())  # $SCENEGRAPH_HOME, as the CLI uses it
        users = FileUserStore()
    else:
        from scenegraph.stores.neo4j.users import Neo4jUserStore

        settings = request.getfixturevalue("neo4j_settings")
        store = load_into_neo4j(request.getfixturevalue("neo4j_store"), small_graph)
        forget_neo4j_contents()
        monkeypatch.setenv("NEO4J_URI", settings.uri)
        monkeypatch.setenv("NEO4J_USER", settings.user)
        password = settings.password
        monkeypatch.setenv("NEO4J_PASSWORD", getattr(password, "get_secret_value", lambda: password)())
        users = Neo4jUserStore.connect(settings)
        for u in users.list():
            users.remove(u.name)
    accounts = Accounts(users, AuthSettings())
    accounts.add(None, "root", ["admin"], password=PASSWORD)
    root = users.get("root").principal
    accounts.add(root, "alice", ["enterprise"], ["ent_acme"], password=PASSWORD)
    accounts.add(root, "plan", ["planner"], password=PASSWORD)
    store.save_assessment(LOCAL, small_assessment(small_graph, "ent_acme"))
    store.save_assessment(LOCAL, small_assessment(small_graph, "ent_other", 4))
    yield request.param, store
    if request.param == "neo4j":
        for u in users.list():
            users.remove(u.name)
        users.close()
    forget_neo4j_contents()


def run(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_cli_keeps_enterprises_apart(cli_store, monkeypatch, capsys, tmp_path):
    which, store = cli_store
    from tests.conftest import FIXTURES

    common = ["--store", which, "--data", str(FIXTURES / "small")]
    code, text = run(monkeypatch, capsys, ["assessments", *common])
    assert code == 2 and "--user" in text  # sign-in on: nobody reads without signing in
    code, text = run(monkeypatch, capsys, ["assessments", *common, "--user", "alice", "--password-stdin"],
                     PASSWORD + "\n")
    assert code == 0 and "ent_acme" in text and "ent_other" not in text, text
    code, text = run(monkeypatch, capsys, ["assessments", *common, "--enterprise", "ent_other", "--user", "alice",
                                           "--password-stdin"], PASSWORD + "\n")
    assert code == 2 and "ent_other" in text and "may not" in text
    code, text = run(monkeypatch, capsys, ["assessments", *common, "--user", "plan", "--password-stdin"],
                     PASSWORD + "\n")
    assert code == 2 and "ent_acme" not in text.replace("may not", "")
    # saving another enterprise's assessment is refused; one's own goes through
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"enterprise_id": "ent_other", "name": "x", "stages": ["smelting"],
                                 "answers": {"sc_measure": 1}}))
    code, text = run(monkeypatch, capsys, ["assess", str(other), "--save", *common, "--user", "alice",
                                           "--password-stdin"], PASSWORD + "\n")
    assert code == 2 and "may not" in text
    assert len(store.assessments(LOCAL, "ent_other")) == 1
    own = tmp_path / "own.json"
    own.write_text(json.dumps({"enterprise_id": "ent_acme", "name": "x", "stages": ["smelting"],
                               "answers": {"sc_measure": 5}}))
    code, text = run(monkeypatch, capsys, ["assess", str(own), "--save", *common, "--user", "alice",
                                           "--password-stdin"], PASSWORD + "\n")
    assert code == 0 and "saved" in text, text
    assert len(store.assessments(LOCAL, "ent_acme")) == 2
    assert PASSWORD not in text


# ---------------------------------------------------------------- the app


@pytest.mark.parametrize("backend", ["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_app_shows_and_saves_only_the_users_enterprises(backend, request, monkeypatch, shipped):
    monkeypatch.setenv("SCENEGRAPH_AUTH", "on")
    monkeypatch.setenv("SCENEGRAPH_BCRYPT_ROUNDS", "4")

    def saved(ent: str, level: int):
        return parse_assessment({"enterprise_id": ent, "name": ent, "stages": ["rolling"], "at": WHEN,
                                 "answers": {"sc_roll_gauge_flatness_control": level}}, shipped)

    if backend == "memory":
        store, users, settings = MemoryStore(shipped, AssessmentArchive()), FileUserStore(), None
    else:
        from scenegraph.stores.neo4j.users import Neo4jUserStore

        settings = request.getfixturevalue("neo4j_settings")
        store = load_into_neo4j(request.getfixturevalue("neo4j_store"), shipped)
        forget_neo4j_contents()
        users = Neo4jUserStore.connect(settings)
        for u in users.list():
            users.remove(u.name)
    try:
        accounts = Accounts(users, AuthSettings())
        accounts.add(None, "root", ["admin"], password=PASSWORD)
        accounts.add(users.get("root").principal, "alice", ["enterprise"], ["ent_app_acme"], password=PASSWORD)
        store.save_assessment(LOCAL, saved("ent_app_acme", 2))
        store.save_assessment(LOCAL, saved("ent_app_other", 5))
        at = app_test(monkeypatch, settings=settings)
        at.run()
        at.text_input(key="signin_user").input("alice")
        at.text_input(key="signin_password").input(PASSWORD)
        at.button[-1].click().run()
        at.switch_page("views/assessment.py").run()
        assert not at.exception, at.exception
        assert at.selectbox(key="ent_0").options == ["ent_app_acme"]
        at.multiselect(key="stages_0_zh").set_value(["rolling"]).run()
        shown = "\n".join(str(e.value) for kind in ("markdown", "caption", "dataframe", "selectbox", "text")
                          for e in getattr(at, kind))
        assert "ent_app_other" not in shown
        # a forged form (another enterprise's id in the session) is refused below the UI: nothing is saved
        at.session_state["assess_form"].enterprise_id = "ent_app_other"
        at.run()
        if any(b.key == "save" for b in at.button):
            at.button(key="save").click().run()
        assert len(store.assessments(LOCAL, "ent_app_other")) == 1
        assert not at.exception, at.exception
    finally:
        if backend == "neo4j":
            for u in users.list():
                users.remove(u.name)
            users.close()
        forget_neo4j_contents()


def test_data_loads_are_the_curators(monkeypatch, capsys, tmp_path):
    """With sign-in on, `load` and `import --store neo4j` are refused to anyone but a curator, before any work."""
    monkeypatch.setenv("SCENEGRAPH_AUTH", "on")
    monkeypatch.setenv("SCENEGRAPH_BCRYPT_ROUNDS", "4")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    accounts = Accounts(FileUserStore(), AuthSettings())
    accounts.add(None, "root", ["admin"], password=PASSWORD)
    accounts.add(FileUserStore().get("root").principal, "alice", ["enterprise"], ["ent_acme"], password=PASSWORD)
    for argv in (["load"], ["import", str(tmp_path / "x.json"), "--store", "neo4j"]):
        code, text = run(monkeypatch, capsys, argv)
        assert code == 2 and "--user" in text
        code, text = run(monkeypatch, capsys, [*argv, "--user", "alice", "--password-stdin"], PASSWORD + "\n")
        assert code == 2 and "lacks the curator role" in text
