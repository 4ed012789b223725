"""Accounts: bcrypt hashes, both user stores (users file and a real Neo4j), slowing of repeated failures,
identity-provider claims to roles, admin rules, session expiry, and the `scenegraph users` command."""

from __future__ import annotations

import io
import json
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


@pytest.fixture(params=["file", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def users(request, tmp_path):
    """The same account rules on each store."""
    if request.param == "file":
        yield FileUserStore(tmp_path / "users.json")
        return
    from scenegraph.stores.neo4j.users import Neo4jUserStore

    settings = request.getfixturevalue("neo4j_settings")
    store = Neo4jUserStore.connect(settings)

    def empty() -> None:
        for u in store.list():
            store.remove(u.name)
        store.execute("MATCH (f:SignInFailure) DELETE f")

    empty()
    yield store
    empty()
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
    at = datetime(2026, 1, 1, tzinfo=UTC)
    later = at + timedelta(hours=1)
    threads = [threading.Thread(target=users.record_failure, args=("k1", "s1", at, later)) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    users.record_failure("k2", "s1", at, later)
    users.record_failure("k3", "s2", at, later)
    got = users.failures(["k1", "k2", "k3", "k4"])
    assert got["k1"].count == 8 and got["k1"].last == at and got["k1"].expires == later and "k4" not in got
    assert users.scope_failures("s1", at) == 9 and users.scope_failures("s1", later) == 0
    # an expired counter starts again from 1, and expired ones are dropped on the way
    assert users.record_failure("k1", "s1", later, later + timedelta(hours=1)) == 1
    assert "k2" not in users.failures(["k2"])
    users.clear_failures(key="k1")
    assert users.failures(["k1"]) == {}
    users.record_failure("k5", "s2", later, later + timedelta(hours=1))
    users.clear_failures(scope="s2")
    assert users.failures(["k3", "k5"]) == {}


def test_a_users_files_failure_counters_are_bounded(tmp_path):
    """Counters of many sources (an attacker's many addresses) never grow the file without end: the ones soonest
    to be forgotten go first, and expired ones are dropped."""
    from scenegraph.base.limits import LIMITS

    store = FileUserStore(tmp_path / "users.json")
    at = datetime(2026, 1, 1, tzinfo=UTC)
    kept = LIMITS.signin_counters_kept
    object.__setattr__(LIMITS, "signin_counters_kept", 5)
    try:
        for i in range(8):
            store.record_failure(f"k{i}", "s", at + timedelta(seconds=i), at + timedelta(hours=1, seconds=i))
    finally:
        object.__setattr__(LIMITS, "signin_counters_kept", kept)
    assert sorted(store.failures([f"k{i}" for i in range(8)])) == ["k3", "k4", "k5", "k6", "k7"]
    assert store.failures_path.stat().st_mode & 0o077 == 0
    store.record_failure("late", "s", at + timedelta(hours=2), at + timedelta(hours=3))
    assert list(store.failures([f"k{i}" for i in range(8)] + ["late"])) == ["late"]


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


def test_repeated_failures_are_slowed_per_account_and_source(accounts, clock):
    accounts.add(admin(accounts), "alice", ["enterprise"], ["ent_a"], password=PASSWORD)
    for _ in range(3):  # login_free_attempts
        with pytest.raises(SignInFailed):
            accounts.sign_in("alice", "wrong password!", "203.0.113.9")
    # now even the right password is refused unchecked from that source until the wait is over
    with pytest.raises(SignInSlowed) as e:
        accounts.sign_in("alice", PASSWORD, "203.0.113.9")
    assert e.value.wait_s == 2
    assert accounts.sign_in("root", PASSWORD, "203.0.113.9")  # another account is not slowed
    clock.advance(2.1)
    with pytest.raises(SignInFailed):
        accounts.sign_in("alice", "wrong password!", "203.0.113.9")  # 4th failure: the wait doubles
    clock.advance(3)
    with pytest.raises(SignInSlowed) as e:
        accounts.sign_in("alice", PASSWORD, "203.0.113.9")
    assert e.value.wait_s == 1
    assert accounts.failed_sign_ins(accounts.store.get("alice")) == 4
    clock.advance(1.1)
    accounts.sign_in("alice", PASSWORD, "203.0.113.9")  # success forgets that source's failures
    assert accounts.failed_sign_ins(accounts.store.get("alice")) == 0


def test_unknown_names_are_slowed_like_known_ones(accounts, clock):
    for _ in range(3):
        with pytest.raises(SignInFailed):
            accounts.sign_in("ghost", PASSWORD)
    with pytest.raises(SignInSlowed):
        accounts.sign_in("ghost", PASSWORD)


def test_an_attacker_guessing_every_window_does_not_lock_the_admin_out(accounts, clock):
    """The break: failures were counted per user only, so an attacker guessing once per window kept the admin's
    right password refused unchecked. Now the admin's own source is not held up by the attacker's."""
    for i in range(12):
        if i >= 3:
            with pytest.raises(SignInSlowed) as e:
                accounts.sign_in("root", "attacker's guess", "203.0.113.9")
            clock.advance(e.value.wait_s)  # the attacker waits out each window and guesses again
        with pytest.raises(SignInFailed):
            accounts.sign_in("root", "attacker's guess", "203.0.113.9")
        if i < 2:
            continue
        with pytest.raises(SignInSlowed):  # the attacker's source stays slowed...
            accounts.sign_in("root", PASSWORD, "203.0.113.9")
        # ...while the admin, from the office, signs in at once, every time
        assert accounts.sign_in("root", PASSWORD, "198.51.100.7").principal.user == "root"
    # one IPv6 client holds a whole /64: another address of it is the same source
    for _ in range(3):
        with pytest.raises(SignInFailed):
            accounts.sign_in("root", "a guess", "2001:db8:1:2::1")
    with pytest.raises(SignInSlowed):
        accounts.sign_in("root", PASSWORD, "2001:db8:1:2::ffff")
    assert accounts.sign_in("root", PASSWORD, "2001:db8:1:3::1")


def test_password_spraying_from_one_source_is_slowed_across_accounts(accounts, clock):
    """The break: 3 guesses per user were free, so one source could try a common password on every account
    unslowed. Now a source is slowed after LIMITS.signin_source_free_failures failures, whichever accounts."""
    from scenegraph.base.limits import LIMITS

    root = admin(accounts)
    names = [f"user{i}" for i in range(LIMITS.signin_source_free_failures + 2)]
    for name in names:
        accounts.add(root, name, ["planner"], password=PASSWORD)
    for name in names[:LIMITS.signin_source_free_failures]:  # one guess per account: each one's first failure
        with pytest.raises(SignInFailed):
            accounts.sign_in(name, "Summer2026!!", "203.0.113.9")
    with pytest.raises(SignInSlowed):  # the next account, even with its right password, waits
        accounts.sign_in(names[-1], PASSWORD, "203.0.113.9")
    with pytest.raises(SignInSlowed):  # unknown names too
        accounts.sign_in("nobody-at-all", PASSWORD, "203.0.113.9")
    assert accounts.sign_in(names[-1], PASSWORD, "198.51.100.7")  # another source is not held up
    # a quiet hour later the source's count is forgotten
    clock.advance(LIMITS.signin_source_memory_s + 1)
    assert accounts.sign_in(names[-1], PASSWORD, "203.0.113.9")


def test_backoff_is_capped():
    s = AuthSettings(login_free_attempts=3, login_backoff_s=2, login_backoff_max_s=300)
    assert [s.backoff(n) for n in (0, 2, 3, 4, 5)] == [0, 0, 2, 4, 8] and s.backoff(1000) == 300
    assert [s.backoff(n, free=10) for n in (9, 10, 11)] == [0, 2, 4]


def test_sources_are_addresses_an_ipv6_client_by_its_64():
    from scenegraph.auth.accounts import source_of

    assert source_of(None) == source_of("") == "local" and source_of("cli") == "cli"
    assert source_of("203.0.113.9") == "203.0.113.9" and source_of("::ffff:203.0.113.9") == "203.0.113.9"
    assert source_of("2001:db8:1:2::1") == source_of("2001:db8:1:2:aaaa::5") == "2001:db8:1:2::/64"
    assert source_of("not an address; drop table") == "unknown"


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
    s = accounts.identity_session({"sub": "x2", "email": "dan@example.org", "email_verified": True, "name": "Dan",
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


@pytest.mark.parametrize("verified", ["absent", None, "false", "true", 1, "False", False])
def test_email_maps_a_users_entry_only_when_verified_is_the_boolean_true(accounts, verified):
    """The break: a token whose `email_verified` was absent, null or the string "false" still picked the users
    entry of that e-mail; an attacker signed in as an IdP-only admin that way."""
    accounts.add(admin(accounts), "boss", ["admin"], email="boss@example.org")
    claims = {"sub": "attacker-1", "email": "boss@example.org"}
    if verified != "absent":
        claims["email_verified"] = verified
    with pytest.raises(AccessDenied, match="no role"):
        accounts.identity_session(claims)
    # with role claims of its own, the attacker is just that claims-only user, never boss
    s = accounts.identity_session({**claims, "scenegraph_roles": ["planner"]})
    assert s.principal.user == "attacker-1" and Role.ADMIN not in s.principal.roles and s.uid is None
    # the provider vouching for the address (the boolean true) maps it
    assert accounts.identity_session({**claims, "email_verified": True}).principal.user == "boss"


def test_identity_provider_sessions_are_checked_again_on_every_run(accounts):
    """The break: after `users remove` an identity-provider session kept its role until it expired (8 h)."""
    root = admin(accounts)
    accounts.add(root, "li", ["planner"], subject="idp-li")
    session = accounts.identity_session({"sub": "idp-li", "scenegraph_roles": ["admin"]})
    assert session.principal.user == "li" and session.principal.roles == {Role.PLANNER}
    assert accounts.still_valid(session)
    accounts.remove(root, "li")
    assert not accounts.still_valid(session)
    # a reset (new roles) ends it too; a new sign-in picks the new roles
    accounts.add(root, "li", ["planner"], subject="idp-li")
    session = accounts.identity_session({"sub": "idp-li"})
    accounts.reset(root, "li", roles=["curator"])
    assert not accounts.still_valid(session)
    session = accounts.identity_session({"sub": "idp-li"})
    assert session.principal.roles == {Role.CURATOR} and accounts.still_valid(session)
    # sign-out ends every session of the account, as for a password
    other_tab = accounts.identity_session({"sub": "idp-li"})
    accounts.sign_out(session)
    assert not accounts.still_valid(other_tab)
    # a session known by the token's claims only ends once an administrator adds an entry for that identity
    claims_only = accounts.identity_session({"sub": "idp-wu", "scenegraph_roles": ["planner"]})
    assert accounts.still_valid(claims_only)
    accounts.add(root, "wu", ["curator"], subject="idp-wu")
    assert not accounts.still_valid(claims_only)


def test_an_identity_provider_subject_equal_to_a_user_name_is_another_account(accounts, tmp_path):
    """The break: drafts were kept under the bare user name, so an IdP subject "alice" opened alice's draft."""
    from scenegraph.assess.form import AnswerSheet
    from scenegraph.stores.files.drafts import DraftBox

    accounts.add(admin(accounts), "alice", ["enterprise"], ["ent_a"], password=PASSWORD)
    alice = accounts.sign_in("alice", PASSWORD).principal
    mallory = accounts.identity_session({"sub": "alice", "iss": "https://idp.example.org",
                                         "scenegraph_roles": ["enterprise"],
                                         "scenegraph_enterprises": ["ent_a"]}).principal
    assert mallory.user == "alice" and mallory.account != alice.account
    assert alice.account == f"uid:{accounts.store.get('alice').uid}" and mallory.account.startswith("oidc:")
    drafts = DraftBox(tmp_path / "drafts")
    drafts.save(alice.account, AnswerSheet("ent_a", "Alice's plant", "", ["s"], {"x": 3}))
    mine = drafts.load(alice.account)
    assert drafts.load(mallory.account) is None and mine is not None and mine.name == "Alice's plant"


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


def test_a_cookie_from_before_removal_opens_nothing_when_the_name_is_added_back(accounts, tmp_path, monkeypatch):
    """The break: the session epoch restarted at 0 for a user added again under the same name, so a cookie of
    the removed account opened a session with the new account's rights. Now a token names the account's uid."""
    monkeypatch.setenv("SCENEGRAPH_HOME", str(tmp_path / "home"))
    root = admin(accounts)
    accounts.add(root, "temp", ["enterprise"], ["ent_old"], password=PASSWORD)
    old = accounts.sign_in("temp", PASSWORD)
    old_token, old_uid = accounts.token(old), accounts.store.get("temp").uid
    accounts.remove(root, "temp")
    accounts.add(root, "temp", ["admin"], password="the new account's password")
    new = accounts.store.get("temp")
    assert new.uid != old_uid and new.session_epoch == old.epoch == 0
    assert accounts.resume(old_token) is None and not accounts.still_valid(old)
    # the old session signing out leaves the new account's sessions alone
    live = accounts.sign_in("temp", "the new account's password")
    accounts.sign_out(old)
    assert accounts.still_valid(live) and accounts.store.get("temp").session_epoch == 0
    # an old copy of the removed account never overwrites the new one
    with pytest.raises(InputRejected, match="no user"):
        accounts.store.replace(new.model_copy(update={"uid": old_uid}))
    with pytest.raises(InputRejected, match="already"):
        accounts.store.create(User(name="twin", uid=new.uid, roles=[Role.PLANNER]))


def test_accounts_stored_without_a_uid_get_one_kept(users):
    """Users files and :User nodes written before accounts had a uid keep working: each account gets a uid once,
    the same one on every read after."""
    at = "2026-01-01T00:00:00+00:00"
    if isinstance(users, FileUserStore):
        users.path.write_text(json.dumps({"format": 1, "users": [
            {"name": "old", "roles": ["planner"], "password_hash": hash_password(PASSWORD, 4), "failures": 2,
             "last_failure": at, "session_epoch": 3},
            {"name": "older", "roles": ["curator"], "email": "older@example.org"}]}))
    else:
        for name, props in (("old", {"roles": ["planner"], "password_hash": hash_password(PASSWORD, 4),
                                     "failures": 2, "last_failure": at, "session_epoch": 3}),
                            ("older", {"roles": ["curator"], "email": "older@example.org"})):
            users.execute("CREATE (u:User) SET u = $props", {"props": {"name": name, **props}})
    first = {u.name: u.uid for u in users.list()}
    assert len(set(first.values())) == 2 and all(len(uid) == 32 for uid in first.values())
    assert users.get("old").uid == first["old"] and users.find_identity("older@example.org", None).uid == \
        first["older"]
    assert users.get("old").session_epoch == 3
    if isinstance(users, FileUserStore):
        assert all(row["uid"] for row in json.loads(users.path.read_text())["users"])
    acc = Accounts(users, AuthSettings())
    session = acc.sign_in("old", PASSWORD)
    assert session.uid == first["old"] and acc.still_valid(session)


def test_an_unknown_user_costs_as_much_as_a_known_one_whatever_its_hash_cost(users):
    """The break: a user whose stored hash was made at a lower cost than SCENEGRAPH_BCRYPT_ROUNDS answered a
    wrong password in 6 ms, an unknown user in 500 ms. Now a cheaper hash is padded to the cost in use (and
    moved to it at the next sign-in), and an unknown user costs the highest cost in use."""
    import statistics
    import time

    from scenegraph.auth.passwords import hash_cost

    users.create(User(name="cheap", roles=[Role.PLANNER], password_hash=hash_password(PASSWORD, 4)))
    acc = Accounts(users, AuthSettings(bcrypt_rounds=11, login_free_attempts=100))

    sources = iter(range(10_000))

    def seconds(name: str, n: int = 7) -> float:
        """The median time of `n` wrong guesses, each from a fresh source (no slowing in the way)."""
        took = []
        for i in range(n):
            start = time.perf_counter()
            with pytest.raises(SignInFailed):
                acc.sign_in(name, "wrong password!", f"10.0.{next(sources)}.{i + 1}")
            took.append(time.perf_counter() - start)
        return statistics.median(took)

    seconds("cheap", 1)  # warm up (the dummy hashes are made once per cost)
    known, unknown = seconds("cheap"), seconds("nobody")
    assert 0.5 < known / unknown < 2, (known, unknown)
    # the right password moves the hash to today's cost
    acc.sign_in("cheap", PASSWORD, "198.51.100.99")
    assert hash_cost(users.get("cheap").password_hash) == 11
    # a stored hash dearer than today's cost: unknown users cost as much as it does
    users.create(User(name="dear", roles=[Role.PLANNER], password_hash=hash_password(PASSWORD, 11)))
    acc = Accounts(users, AuthSettings(bcrypt_rounds=9, login_free_attempts=100))
    seconds("dear", 1)
    known, unknown = seconds("dear", 5), seconds("noone", 5)
    assert 0.5 < known / unknown < 2, (known, unknown)


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
