"""Who may sign in, as whom, and who may change accounts: the sign-in rules shared by the app and the CLI.

- A password sign-in checks the bcrypt hash. Failures are counted in the user store (so every server process and
  the CLI see them) per account and source (the client's address): past `login_free_attempts` the next attempt
  from that source waits `login_backoff_s`, doubling per failure up to `login_backoff_max_s`, and is refused
  unchecked until then; the same account from another source is not held up. Failures are also counted per source
  across all accounts (password spraying): past LIMITS.signin_source_free_failures that source waits the same way.
  Unknown names get the same answer, the same counting and the same time as known ones: every check costs one
  bcrypt check at the highest cost in use (stored hashes of a lower cost are padded, and moved to today's cost
  when their user signs in), so neither the answer nor its time tells whether an account exists.
- An identity-provider sign-in maps to a users entry by subject, or by e-mail when the token says the e-mail is
  verified (`email_verified` is the boolean true, nothing else); without one, to the roles and enterprise ids in
  the token's claims (names configurable); with neither the user has no role and is refused.
- Every session names its account by the account's uid (never reused) and its session epoch, and is checked
  against the user store on every run (`still_valid`), whichever way it was opened: sign-out, a reset and removal
  end it everywhere, and a user added again under the same name is another account.
- Only admins add, change or remove accounts; the very first account, when no admin exists yet, must be an
  admin and may be added by the server's operator (the CLI without sign-in). The last admin cannot be removed.
- Nothing here logs or raises a password, a hash or a token.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from scenegraph.auth.access import Principal, Role, require_role
from scenegraph.auth.passwords import hash_cost, hash_password, rehash, verify_password
from scenegraph.auth.sessions import SessionTokens, session_key
from scenegraph.auth.users import Failures, User, UserStore, check_name, parse_roles
from scenegraph.base.errors import AccessDenied, InputRejected, ScenegraphError
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import AuthSettings

__all__ = ["Accounts", "Session", "SignInFailed", "SignInSlowed", "source_of"]

log = logging.getLogger(__name__)
#: how long the highest stored hash cost is remembered before it is read again
_COST_TTL_S = 600


class SignInFailed(ScenegraphError):
    """Unknown user or wrong password (one answer for both)."""

    def __init__(self) -> None:
        super().__init__("unknown user or wrong password")


class SignInSlowed(ScenegraphError):
    """Too many failed sign-ins of this account from this source, or from this source: the next attempt is
    checked only after `wait_s` seconds."""

    def __init__(self, wait_s: float) -> None:
        self.wait_s = max(1, math.ceil(wait_s))
        super().__init__(f"too many failed sign-ins; try again in {self.wait_s} s")


@dataclass(frozen=True)
class Session:
    """A signed-in user: who, how, and until when (sessions expire `session_minutes` after sign-in)."""

    principal: Principal
    display_name: str
    method: str  # "password" or "oidc"
    started: datetime
    expires: datetime
    #: the user's session epoch when the session started (see sessions.py)
    epoch: int = 0
    #: the users entry's uid (None: an identity-provider user known by the token's claims only)
    uid: str | None = None
    #: the identity an identity-provider session was matched by (verified e-mail only), to check it again
    email: str | None = None
    subject: str | None = None

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= self.expires


def source_of(address: str | None) -> str:
    """Where a sign-in comes from, for counting failures: the client's IP address (an IPv6 address by its /64,
    which one client usually holds whole), "local" when there is none (the same machine), or a fixed label the
    caller gives ("cli")."""
    if not address:
        return "local"
    text = str(address).strip()[:80]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return text if text.isalnum() else "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _key(*parts: str) -> str:
    """An opaque counter key: no user name or address reaches the store."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:40]


def _bad_input(e: ValidationError) -> InputRejected:
    """A validation error as one line naming the fields, without echoing their values."""
    where = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'user'}: {err['msg']}" for err in e.errors()[:5])
    return InputRejected(f"the account is not valid: {where}")


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v]
    if isinstance(value, Iterable):
        return [str(v) for v in value][:1000]
    return []


class Accounts:
    def __init__(self, store: UserStore, settings: AuthSettings | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.store = store
        self.settings = settings or AuthSettings()
        self.clock = clock
        self._tokens: SessionTokens | None = None
        self._cost: tuple[int, float] | None = None  # (the highest cost in use, when it was read)

    # ------------------------------------------------------------ signing in

    def session(self, principal: Principal, display_name: str, method: str, started: datetime | None = None,
                epoch: int = 0, uid: str | None = None, email: str | None = None,
                subject: str | None = None) -> Session:
        started = started or self.clock()
        return Session(principal, display_name, method, started,
                       started + timedelta(minutes=self.settings.session_minutes), epoch, uid, email, subject)

    @property
    def tokens(self) -> SessionTokens:
        """The session-cookie signer (its key read or created on first use, not before)."""
        if self._tokens is None:
            self._tokens = SessionTokens(session_key(self.settings), self.settings.session_minutes * 60, self.clock)
        return self._tokens

    def token(self, session: Session) -> str:
        """The cookie value that reopens a password session in another tab or after a reload."""
        if session.method != "password" or session.uid is None:
            raise InputRejected("only a built-in account's session is kept in a cookie")
        return self.tokens.issue(session.principal.user, session.uid, session.epoch)

    def _live_user(self, name: str, uid: str | None, epoch: int, password: bool = True) -> User | None:
        """The account a session stands for, while it is still the same account (uid), in the same session epoch,
        with a role (and a password, for a password session)."""
        user = self.store.get(name)
        if user is None or uid is None or user.uid != uid or user.session_epoch != epoch or not user.roles:
            return None
        if password and not user.has_password:
            return None
        return user

    def resume(self, token: str | None) -> Session | None:
        """The session a cookie stands for, checked against the user store; None when the token is forged,
        expired, or the account was signed out, reset or removed since it was issued."""
        read = self.tokens.read(token)
        if read is None:
            return None
        name, uid, epoch, issued = read
        user = self._live_user(name, uid, epoch)
        if user is None:
            return None
        session = self.session(user.principal, user.display_name or user.name, "password", issued, epoch, uid)
        return None if session.expired(self.clock()) else session

    def still_valid(self, session: Session) -> bool:
        """False once the session's account has signed out elsewhere, been reset or removed; for an
        identity-provider session also once its identity maps to another users entry (or, known by claims only
        until now, to one)."""
        if session.method == "password":
            return self._live_user(session.principal.user, session.uid, session.epoch) is not None
        user = self.store.find_identity(session.email, session.subject)
        if session.uid is None:
            return user is None
        return user is not None and user.name == session.principal.user and \
            self._live_user(user.name, session.uid, session.epoch, password=False) is not None

    def sign_out(self, session: Session) -> None:
        """Ends the session and every other session of the same account (the epoch moves on)."""
        if session.uid is None:
            return
        user = self.store.get(session.principal.user)
        if user is not None and user.uid == session.uid and user.session_epoch == session.epoch:
            try:
                self.store.replace(user.model_copy(update={"session_epoch": user.session_epoch + 1}))
            except InputRejected:  # removed meanwhile: nothing left to end
                pass
        log.info("%s signed out", session.principal.user)

    def _check_cost(self) -> int:
        """The cost every password check spends: today's (bcrypt_rounds), or a stored hash's if higher (read from
        the store at most every 10 minutes)."""
        now = time.monotonic()
        if self._cost is None or now - self._cost[1] > _COST_TTL_S:
            costs = [c for u in self.store.list() if (c := hash_cost(u.password_hash)) is not None]
            self._cost = (max([self.settings.bcrypt_rounds, *costs]), now)
        return self._cost[0]

    def _wait(self, counter: Failures | None, now: datetime, free: int) -> float:
        if counter is None or counter.expires <= now:
            return 0.0
        return self.settings.backoff(counter.count, free) - (now - counter.last).total_seconds()

    def sign_in(self, name: str, password: str, source: str | None = None) -> Session:
        """A session for a built-in account, or SignInFailed / SignInSlowed / AccessDenied (no role). `source`:
        where the attempt comes from: the client's address, or a label ("cli"); None for this machine."""
        now = self.clock()
        source = source_of(source)
        name = (name or "").strip().lower()
        try:
            check_name(name)
            user = self.store.get(name)
        except InputRejected:
            name, user = "", None  # not a possible name: counted and timed as an unknown one
        who = f"uid:{user.uid}" if user else f"name:{name}"
        pair, from_source = _key("pair", who, source), _key("source", source)
        found = self.store.failures([pair, from_source])
        wait = max(self._wait(found.get(pair), now, self.settings.login_free_attempts),
                   self._wait(found.get(from_source), now, LIMITS.signin_source_free_failures))
        if wait > 0:
            log.info("sign-in of %s refused unchecked: too many failures, %.0f s to wait", name or "?", wait)
            raise SignInSlowed(wait)
        cost = self._check_cost()
        if not verify_password(password or "", user.password_hash if user else None, cost) or user is None:
            account_days = timedelta(seconds=LIMITS.signin_account_memory_s)
            count = self.store.record_failure(pair, _key("account", who), now, now + account_days)
            self.store.record_failure(from_source, from_source, now,
                                      now + timedelta(seconds=LIMITS.signin_source_memory_s))
            log.info("failed sign-in for %s (%d in a row from that source)", name or "?", count)
            raise SignInFailed()
        if pair in found:
            self.store.clear_failures(key=pair)
        if hash_cost(user.password_hash) != self.settings.bcrypt_rounds:
            user = self._rehash(user, password)
        if not user.roles:
            log.info("sign-in of %s refused: no role yet", name)
            raise AccessDenied(f"{name} has no role yet; an administrator can give one")
        log.info("%s signed in with a password", name)
        return self.session(user.principal, user.display_name or user.name, "password", now, user.session_epoch,
                            user.uid)

    def _rehash(self, user: User, password: str) -> User:
        """The account with its hash made again at today's cost (kept if the store refuses: removed meanwhile)."""
        new = user.model_copy(update={"password_hash": rehash(password, self.settings.bcrypt_rounds)})
        try:
            self.store.replace(new)
        except InputRejected:
            return user
        self._cost = None
        return new

    def failed_sign_ins(self, user: User) -> int:
        """Failed sign-ins of an account not yet forgotten, from every source (for `users list`)."""
        return self.store.scope_failures(_key("account", f"uid:{user.uid}"), self.clock())

    def identity_session(self, claims: Mapping[str, Any], started: datetime | None = None) -> Session:
        """A session for an identity-provider user (Streamlit's st.user): a users entry matched by subject or
        verified e-mail, else the roles and enterprise ids the token's claims carry; AccessDenied when neither
        gives a role."""
        subject = str(claims.get("sub") or "")[:255] or None
        email = str(claims.get("email") or "") or None
        if claims.get("email_verified") is not True:  # absent, null, "true", "false", 1: not verified
            email = None
        if subject is None:
            raise AccessDenied("the identity provider's token names no subject (sub)")
        user = self.store.find_identity(email, subject)
        if user is None:
            label = email or subject
            try:
                claimed = User(name=check_name(label.lower()[:64]) if email else "oidc-user",
                               display_name=str(claims.get("name") or label)[:120],
                               roles=parse_roles(_as_list(claims.get(self.settings.oidc_roles_claim))),
                               enterprises=_as_list(claims.get(self.settings.oidc_enterprises_claim)),
                               email=email, subject=subject)
            except (ValidationError, InputRejected):
                raise AccessDenied(f"{label[:80]} signed in, but the identity provider's roles or enterprise ids "
                                   "are not valid; an administrator can add a users entry") from None
            account = "oidc:" + _key("oidc", str(claims.get("iss") or ""), subject)
            principal = Principal(label[:120], frozenset(claimed.roles), frozenset(claimed.enterprises), account)
            display, uid, epoch = claimed.display_name or principal.user, None, 0
        else:
            principal, display, uid, epoch = user.principal, user.display_name or user.name, user.uid, \
                user.session_epoch
        if not principal.roles:
            raise AccessDenied(f"{principal.user} has no role yet; an administrator can add a users entry")
        log.info("%s signed in through the identity provider", principal.user)
        return self.session(principal, display, "oidc", started, epoch, uid, email, subject)

    # ------------------------------------------------------------ managing accounts

    def has_admin(self) -> bool:
        return any(Role.ADMIN in u.roles for u in self.store.list())

    def _require_admin(self, actor: Principal | None, bootstrap_role: Iterable[Role] = ()) -> None:
        if actor is not None:
            require_role(actor, Role.ADMIN)
            return
        if self.has_admin():
            raise AccessDenied("an administrator must sign in to manage users (--user NAME)")
        if Role.ADMIN not in set(bootstrap_role):
            raise AccessDenied("there is no administrator yet: the first user added must have the admin role")

    def list(self, actor: Principal | None) -> list[User]:
        self._require_admin(actor, (Role.ADMIN,) if actor is None else ())
        return self.store.list()

    def add(self, actor: Principal | None, name: str, roles: Iterable[str], enterprises: Iterable[str] = (),
            password: str | None = None, email: str | None = None, subject: str | None = None,
            display_name: str = "") -> User:
        """A new account (password hashed here); a user without a password signs in only through the IdP."""
        role_list = parse_roles(roles)
        self._require_admin(actor, role_list)
        if password is None and not (email or subject):
            raise InputRejected("a user needs a password, or an e-mail or subject for the identity provider")
        try:
            user = User(name=check_name(name), display_name=display_name, roles=role_list,
                        enterprises=list(enterprises), email=email, subject=subject,
                        password_hash=hash_password(password, self.settings.bcrypt_rounds) if password is not None
                        else None)
        except ValidationError as e:
            raise _bad_input(e) from None
        self.store.create(user)
        log.info("user %s added (%s)", user.name, ", ".join(r.value for r in user.roles))
        return user

    def reset(self, actor: Principal | None, name: str, password: str | None = None,
              roles: Iterable[str] | None = None, enterprises: Iterable[str] | None = None) -> User:
        """A new password and/or roles and enterprise ids; failed sign-ins are forgotten and every session of
        the user ends (its cookies no longer open one)."""
        self._require_admin(actor)
        user = self.store.get(check_name(name))
        if user is None:
            raise InputRejected(f"no user {name}")
        changes: dict[str, Any] = {"session_epoch": user.session_epoch + 1}
        if password is not None:
            changes["password_hash"] = hash_password(password, self.settings.bcrypt_rounds)
        if roles is not None:
            changes["roles"] = parse_roles(roles)
            if Role.ADMIN in user.roles and Role.ADMIN not in changes["roles"]:
                self._keep_an_admin(name)
        if enterprises is not None:
            changes["enterprises"] = list(enterprises)
        try:
            new = User.model_validate({**user.model_dump(), **changes})
        except ValidationError as e:
            raise _bad_input(e) from None
        self.store.replace(new)
        self.store.clear_failures(scope=_key("account", f"uid:{user.uid}"))
        log.info("user %s changed", name)
        return new

    def remove(self, actor: Principal | None, name: str) -> None:
        self._require_admin(actor)
        user = self.store.get(check_name(name))
        if user is None:
            raise InputRejected(f"no user {name}")
        if Role.ADMIN in user.roles:
            self._keep_an_admin(name)
        self.store.remove(name)
        self.store.clear_failures(scope=_key("account", f"uid:{user.uid}"))
        log.info("user %s removed", name)

    def _keep_an_admin(self, leaving: str) -> None:
        if not any(Role.ADMIN in u.roles for u in self.store.list() if u.name != leaving):
            raise InputRejected(f"{leaving} is the last administrator; add another one first")


