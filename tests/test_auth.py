"""Accounts: bcrypt hashes, both user stores (users file and a real Neo4j), slowing of repeated failures,
identity-provider claims to roles, admin rules, session expiry, and the `scenegraph users` command."""

from __future__ import annotations

import io
import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest

from scenegraph.auth.access import Role
from scenegraph.auth.accounts import Accounts, SignInFailed, SignInSlowed
from scenegraph.auth.passwords import hash_password, verify_password
from scenegraph.auth.users import User
from scenegraph.base.errors import AccessDenied, InputRejected
from scenegraph.base.settings import AuthSettings
from scenegraph.cli.main import main
from scenegraph.stores.files.users import FileUserStore

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch):
    """bcrypt cost 4 in tests (the default 12 is ~0.3-0.8 s per check); the code path is the same."""
    monkeypatch.setenv("SCENEGRAPH_BCRYPT_ROUNDS", "4")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(params=["file", "neo4j"])
def users(request, tmp_path):
    """The same account rules on each store."""
    if request.param == "file":
        yield FileUserStore(tmp_path / "users.json")
        return
    from scenegraph.stores.neo4j.users import Neo4jUserStore

    settings = request.getfixturevalue("neo4j_settings")
    store = Neo4jUserStore.connect(settings)
    for u in store.list():
        store.remove(u.name)
    yield store
    for u in store.list():
        store.remove(u.name)
    store.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(users, clock) -> Accounts:
    acc = Accounts(users, AuthSettings(), clock)
    acc.add(None, "root", ["admin"], password=PASSWORD)
    return acc


def admin(accounts: Accounts):
    return accounts.store.get("root").principal


# ---------------------------------------------------------------- passwords


def test_hash_is_bcrypt_salted_and_verifies():
    h1, h2 = hash_password(PASSWORD, 4), hash_password(PASSWORD, 4)
    assert h1.startswith("$2b$04$") and h1 != h2 and PASSWORD not in h1
    assert verify_password(PASSWORD, h1) and not verify_password(PASSWORD + "x", h1)
    assert not verify_password(PASSWORD, None) and not verify_password(PASSWORD, "not a hash")


@pytest.mark.parametrize("bad, why", [("short", "at least"), ("é" * 40, "at most 72 bytes"),
                                      ("line\nbreak in it", "control characters")])
def test_bad_passwords_are_refused_without_echo(bad, why):
    with pytest.raises(InputRejected, match=why) as e:
        hash_password(bad, 4)
    assert bad not in str(e.value)


# ---------------------------------------------------------------- stores


def test_store_round_trip_and_uniqueness(users):
    u = users.create(User(name="alice", roles=[Role.ENTERPRISE], enterprises=["ent_b", "ent_a"],
                          email="Alice@Example.org", password_hash=hash_password(PASSWORD, 4)))
    got = users.get("alice")
    assert got == u and got.enterprises == ["ent_a", "ent_b"] and got.email == "alice@example.org"
    assert users.find_identity("ALICE@example.org", None) == u
    assert users.find_identity(None, "nobody") is None
    with pytest.raises(InputRejected, match="already"):
        users.create(User(name="alice", roles=[Role.PLANNER]))
    with pytest.raises(InputRejected, match="already"):
        users.create(User(name="alice2", roles=[Role.PLANNER], email="alice@example.org"))
    users.create(User(name="carol", roles=[Role.PLANNER], email="carol@example.org"))
    with pytest.raises(InputRejected, match="already has"):
        users.replace(u.model_copy(update={"email": "carol@example.org"}))
    assert users.remove("carol")
    users.replace(u.model_copy(update={"roles": [Role.PLANNER], "enterprises": []}))
    assert users.get("alice").roles == [Role.PLANNER]
    with pytest.raises(InputRejected, match="no user"):
        users.replace(User(name="ghost", roles=[Role.PLANNER]))
    assert [x.name for x in users.list()] == ["alice"]
    assert "password_hash" not in users.get("alice").public()
    assert users.remove("alice") and not users.remove("alice") and users.get("alice") is None


def test_failures_are_counted_atomically(users):
    users.create(User(name="bob", roles=[Role.PLANNER], password_hash=hash_password(PASSWORD, 4)))
    at = datetime(2026, 1, 1, tzinfo=UTC)
    threads = [threading.Thread(target=users.record_failure, args=("bob", at)) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert users.get("bob").failures == 8 and users.get("bob").last_failure == at
    users.clear_failures("bob")
    assert users.get("bob").failures == 0 and users.get("bob").last_failure is None


def test_users_file_is_private_and_damage_is_one_clear_line(tmp_path):
    store = FileUserStore(tmp_path / "users.json")
    store.create(User(name="a", roles=[Role.PLANNER]))
    assert (tmp_path / "users.json").stat().st_mode & 0o077 == 0
    (tmp_path / "users.json").write_text('{"users": [{"name": "A B", "password_hash": "$2b$secret"}]}')
    with pytest.raises(Exception, match="damaged") as e:
        store.list()
    assert "$2b$secret" not in str(e.value)


# ---------------------------------------------------------------- signing in


def test_sign_in_and_its_single_answer_for_wrong_password_and_unknown_user(accounts):
    accounts.add(admin(accounts), "alice", ["enterprise"], ["ent_a"], password=PASSWORD)
    s = accounts.sign_in(" Alice ", PASSWORD)
    assert s.principal.user == "alice" and s.principal.enterprises == {"ent_a"} and s.method == "password"
    for name, pw in (("alice", "wrong password!"), ("nobody", PASSWORD), ("BAD NAME!", PASSWORD)):
        with pytest.raises(SignInFailed) as e:
            accounts.sign_in(name, pw)
        assert str(e.value) == "unknown user or wrong password"


def test_repeated_failures_are_slowed_per_user(accounts, clock):
    accounts.add(admin(accounts), "alice", ["enterprise"], ["ent_a"], password=PASSWORD)
    for _ in range(3):  # login_free_attempts
        with pytest.raises(SignInFailed):
            accounts.sign_in("alice", "wrong password!")
    # now even the right password is refused unchecked until the wait is over
    with pytest.raises(SignInSlowed) as e:
        accounts.sign_in("alice", PASSWORD)
    assert e.value.wait_s == 2
    assert accounts.sign_in("root", PASSWORD)  # another user is not slowed
    clock.advance(2.1)
    with pytest.raises(SignInFailed):
        accounts.sign_in("alice", "wrong password!")  # 4th failure: the wait doubles
    clock.advance(3)
    with pytest.raises(SignInSlowed) as e:
        accounts.sign_in("alice", PASSWORD)
    assert e.value.wait_s == 1
    clock.advance(1.1)
    accounts.sign_in("alice", PASSWORD)  # success forgets the failures
    assert accounts.store.get("alice").failures == 0


def test_unknown_names_are_slowed_like_known_ones(accounts, clock):
    for _ in range(3):
        with pytest.raises(SignInFailed):
            accounts.sign_in("ghost", PASSWORD)
    with pytest.raises(SignInSlowed):
        accounts.sign_in("ghost", PASSWORD)


def test_backoff_is_capped():
    s = AuthSettings(login_free_attempts=3, login_backoff_s=2, login_backoff_max_s=300)
    assert [s.backoff(n) for n in (0, 2, 3, 4, 5)] == [0, 0, 2, 4, 8] and s.backoff(1000) == 300


def test_sessions_expire(accounts, clock, monkeypatch):
    monkeypatch.setenv("SCENEGRAPH_SESSION_MINUTES", "30")
    acc = Accounts(accounts.store, AuthSettings(), clock)
    s = acc.sign_in("root", PASSWORD)
    assert s.expires - s.started == timedelta(minutes=30)
    assert not s.expired(clock.now + timedelta(minutes=29)) and s.expired(clock.now + timedelta(minutes=30))


def test_no_password_in_logs_or_errors(accounts, caplog):
    caplog.set_level(logging.DEBUG)
    accounts.add(admin(accounts), "alice", ["enterprise"], ["ent_a"], password=PASSWORD)
    accounts.sign_in("alice", PASSWORD)
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in("alice", "my secret guess")
    text = caplog.text + str(e.value)
    assert "alice" in caplog.text and PASSWORD not in text and "my secret guess" not in text
    # hashes: never at INFO and above (the Neo4j driver's own DEBUG log shows query parameters, opt-in only)
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and "$2b$" in r.getMessage()]


# ---------------------------------------------------------------- identity provider


def test_identity_provider_users_map_by_entry_then_by_claims(accounts):
    accounts.add(admin(accounts), "carol", ["planner"], email="carol@example.org")
    s = accounts.identity_session({"sub": "x1", "email": "Carol@example.org", "email_verified": True,
                                   "scenegraph_roles": ["admin"]})
    assert s.principal.user == "carol" and s.principal.roles == {Role.PLANNER}  # the users entry wins
    s = accounts.identity_session({"sub": "x2", "email": "dan@example.org", "name": "Dan",
                                   "scenegraph_roles": ["enterprise"], "scenegraph_enterprises": "ent_d ent_e"})
    assert s.principal.user == "dan@example.org" and s.display_name == "Dan" and s.method == "oidc"
    assert s.principal.roles == {Role.ENTERPRISE} and s.principal.enterprises == {"ent_d", "ent_e"}
    with pytest.raises(AccessDenied, match="no role"):
        accounts.identity_session({"sub": "x3", "email": "eve@example.org"})
    with pytest.raises(AccessDenied, match="not valid"):
        accounts.identity_session({"sub": "x4", "email": "mal@example.org", "scenegraph_roles": ["god"]})
    # an unverified e-mail does not pick up carol's entry
    with pytest.raises(AccessDenied):
        accounts.identity_session({"sub": "x5", "email": "carol@example.org", "email_verified": False})


# ---------------------------------------------------------------- who manages accounts


def test_only_admins_manage_users_and_the_last_admin_stays(accounts):
    accounts.add(admin(accounts), "alice", ["enterprise"], ["ent_a"], password=PASSWORD)
    alice = accounts.store.get("alice").principal
    with pytest.raises(AccessDenied):
        accounts.add(alice, "mallory", ["admin"], password=PASSWORD)
    with pytest.raises(AccessDenied):
        accounts.add(None, "mallory", ["admin"], password=PASSWORD)  # bootstrap is over: an admin exists
    with pytest.raises(InputRejected, match="last administrator"):
        accounts.remove(admin(accounts), "root")
    with pytest.raises(InputRejected, match="enterprise role needs"):
        accounts.add(admin(accounts), "x", ["enterprise"], password=PASSWORD)
    accounts.reset(admin(accounts), "alice", PASSWORD + "2")
    assert accounts.sign_in("alice", PASSWORD + "2")
    accounts.remove(admin(accounts), "alice")
    assert accounts.store.get("alice") is None


# ---------------------------------------------------------------- the command line


def run(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_users_command(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("SCENEGRAPH_AUTH", "on")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    code, text = run(monkeypatch, capsys, ["users", "add", "alice", "--role", "enterprise", "--enterprise", "ent_a",
                                           "--new-password-stdin"], PASSWORD + "\n")
    assert code == 2 and "first user added must have the admin role" in text
    code, text = run(monkeypatch, capsys, ["users", "add", "root", "--role", "admin", "--new-password-stdin"],
                     PASSWORD + "\n")
    assert code == 0 and "added root" in text and PASSWORD not in text
    code, text = run(monkeypatch, capsys, ["users", "list"])
    assert code == 2 and "--user" in text
    code, text = run(monkeypatch, capsys, ["users", "add", "alice", "--role", "enterprise", "--enterprise", "ent_a",
                                           "--user", "root", "--password-stdin", "--new-password-stdin"],
                     f"{PASSWORD}\nalice password 1\n")
    assert code == 0, text
    code, text = run(monkeypatch, capsys, ["users", "list", "--user", "root", "--password-stdin"], PASSWORD + "\n")
    assert code == 0 and "alice" in text and "ent_a" in text and "$2b$" not in text and PASSWORD not in text
    code, text = run(monkeypatch, capsys, ["users", "list", "--user", "alice", "--password-stdin"],
                     "alice password 1\n")
    assert code == 2 and "lacks the admin role" in text
    code, text = run(monkeypatch, capsys, ["users", "list", "--user", "root", "--password-stdin"], "wrong one!!\n")
    assert code == 2 and "unknown user or wrong password" in text and "wrong one" not in text
    code, text = run(monkeypatch, capsys, ["users", "reset", "alice", "--user", "root", "--password-stdin",
                                           "--new-password-stdin"], f"{PASSWORD}\nalice password 2\n")
    assert code == 0 and "new password" in text
    code, text = run(monkeypatch, capsys, ["users", "remove", "alice", "--user", "root", "--password-stdin"],
                     PASSWORD + "\n")
    assert code == 0 and "removed alice" in text
    assert [u.name for u in FileUserStore().list()] == ["root"]


# ---------------------------------------------------------------- the console never shows account secrets


def test_redact_drops_hashes_at_any_depth():
    from scenegraph.auth.redact import REDACTED, redact

    h = hash_password(PASSWORD, 4)
    row = [{"labels": ["User"], "name": "a", "password_hash": h}, h, [f"x {h} y"], 3]
    out = redact(row)
    assert "$2b$" not in str(out) and out[0] == {"labels": ["User"], "name": "a"} and out[1] == REDACTED
    assert out[2] == [f"x {REDACTED} y"] and out[3] == 3


@pytest.mark.neo4j
def test_console_never_reaches_accounts_on_neo4j(neo4j_settings, neo4j_store, monkeypatch, capsys):
    """:User nodes are outside the graph's allow-list: the query is refused before it runs, so no hash is ever
    read (redaction, which replace() got round, is no longer what keeps it out)."""
    from scenegraph.stores import QueryRefused
    from scenegraph.stores.neo4j.users import Neo4jUserStore

    with Neo4jUserStore.connect(neo4j_settings) as users:
        users.remove("console_probe")
        h = hash_password(PASSWORD, 4)
        users.create(User(name="console_probe", roles=[Role.PLANNER], password_hash=h))
        try:
            with pytest.raises(QueryRefused) as caught:
                neo4j_store.run_readonly("MATCH (u:User {name: 'console_probe'}) RETURN u, u.password_hash AS h")
            assert h not in str(caught.value)
            password = neo4j_settings.password
            for var, value in (("NEO4J_URI", neo4j_settings.uri), ("NEO4J_USER", neo4j_settings.user),
                               ("NEO4J_PASSWORD", getattr(password, "get_secret_value", lambda: password)())):
                monkeypatch.setenv(var, value)
            code, text = run(monkeypatch, capsys, ["query", "MATCH (u:User {name: 'console_probe'}) "
                                                            "RETURN replace(u.password_hash, '$', '#') AS h"])
            assert code == 2 and "outside the graph" in text and h.replace("$", "#") not in text
        finally:
            users.remove("console_probe")


# ---------------------------------------------------------------- session cookie (password sessions)


def test_session_token_reopens_the_session_until_it_expires(accounts, clock, tmp_path, monkeypatch):
    monkeypatch.setenv("SCENEGRAPH_HOME", str(tmp_path / "home"))
    accounts.add(admin(accounts), "alice", ["enterprise"], ["ent_a"], password=PASSWORD, display_name="Alice")
    session = accounts.sign_in("alice", PASSWORD)
    token = accounts.token(session)
    assert PASSWORD not in token and "$2b$" not in token and "ent_a" not in token
    again = accounts.resume(token)
    assert again is not None and again.principal == session.principal and again.display_name == "Alice"
    assert again.expires == session.expires and again.method == "password"
    # the key was created once, private, in the home folder
    key = tmp_path / "home" / "session.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text()) >= 43
    # forged, truncated, foreign or oversized tokens open nothing (and raise nothing)
    other = Accounts(accounts.store, AuthSettings(session_secret="another key of at least 32 characters!"), clock)
    assert other.resume(token) is None
    for bad in (token[:-2] + "xx", token.replace(".", "", 1), "", None, "a" * 5000, "<script>", token + "'"):
        assert accounts.resume(bad) is None
    # expiry: one second before the end it holds, at the end it does not
    clock.advance(accounts.settings.session_minutes * 60 - 1)
    assert accounts.resume(token) is not None
    clock.advance(2)
    assert accounts.resume(token) is None


def test_sign_out_reset_and_remove_end_every_cookie(accounts, tmp_path, monkeypatch):
    monkeypatch.setenv("SCENEGRAPH_HOME", str(tmp_path / "home"))
    root = admin(accounts)
    accounts.add(root, "alice", ["enterprise"], ["ent_a"], password=PASSWORD)
    first = accounts.sign_in("alice", PASSWORD)
    tab_a, tab_b = accounts.token(first), accounts.token(accounts.sign_in("alice", PASSWORD))
    assert accounts.still_valid(first)
    accounts.sign_out(first)
    assert accounts.resume(tab_a) is None and accounts.resume(tab_b) is None and not accounts.still_valid(first)
    # a new sign-in works again; a password reset ends it
    token = accounts.token(accounts.sign_in("alice", PASSWORD))
    assert accounts.resume(token) is not None
    accounts.reset(root, "alice", password="a brand new password")
    assert accounts.resume(token) is None
    token = accounts.token(accounts.sign_in("alice", "a brand new password"))
    accounts.remove(root, "alice")
    assert accounts.resume(token) is None
    # an identity-provider session is not kept in this cookie (Streamlit's own keeps it)
    oidc = accounts.session(root, "root", "oidc")
    with pytest.raises(InputRejected):
        accounts.token(oidc)
    assert accounts.still_valid(oidc)


def test_session_secret_is_a_secret_and_bounded(monkeypatch):
    from scenegraph.base.errors import SettingsError
    from scenegraph.base.settings import load_auth_settings

    secret = "x" * 40
    s = load_auth_settings({"SCENEGRAPH_SESSION_SECRET": secret, "SCENEGRAPH_AUTH": "on"})
    assert s.enabled and s.session_secret.get_secret_value() == secret
    assert secret not in repr(s) and secret not in str(s)
    with pytest.raises(SettingsError) as e:
        load_auth_settings({"SCENEGRAPH_SESSION_SECRET": "short secret"})
    assert "SCENEGRAPH_SESSION_SECRET" in str(e.value) and "short secret" not in str(e.value)
    monkeypatch.setenv("SCENEGRAPH_SESSION_MINUTES", "45")
    assert load_auth_settings({}).session_minutes == 45
