"""Who may sign in, as whom, and who may change accounts: the sign-in rules shared by the app and the CLI.

- A password sign-in checks the bcrypt hash. Failures are counted per user (in the user store, so every server
  process and the CLI see them); past `login_free_attempts` the next attempt waits `login_backoff_s` doubling
  per failure up to `login_backoff_max_s`, and is refused unchecked until then. Unknown names get the same
  answer, the same cost and the same slowing (counted in this process), so the answer does not tell whether
  an account exists.
- An identity-provider sign-in maps to a users entry by subject or e-mail; without one, to the roles and
  enterprise ids in the token's claims (names configurable); with neither the user has no role and is refused.
- Only admins add, change or remove accounts; the very first account, when no admin exists yet, must be an
  admin and may be added by the server's operator (the CLI without sign-in). The last admin cannot be removed.
- A password session is kept in the browser as a signed, expiring cookie (sessions.py); it reopens the session
  only while the user store agrees (same session epoch): sign-out, a reset and removal end it everywhere.
- Nothing here logs or raises a password, a hash or a token.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError

from scenegraph.auth.access import Principal, Role, require_role
from scenegraph.auth.passwords import hash_password, verify_password, waste_time
from scenegraph.auth.sessions import SessionTokens, session_key
from scenegraph.auth.users import User, UserStore, check_name, parse_roles
from scenegraph.base.errors import AccessDenied, InputRejected, ScenegraphError
from scenegraph.base.settings import AuthSettings

__all__ = ["Accounts", "Session", "SignInFailed", "SignInSlowed"]

log = logging.getLogger("scenegraph.auth")
_UNKNOWN_TRACKED = 10_000


class SignInFailed(ScenegraphError):
    """Unknown user or wrong password (one answer for both)."""

    def __init__(self) -> None:
        super().__init__("unknown user or wrong password")


class SignInSlowed(ScenegraphError):
    """Too many failed sign-ins of this user: the next attempt is checked only after `wait_s` seconds."""

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
    #: the user's session epoch when the session started (password sessions; see sessions.py)
    epoch: int = 0

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= self.expires


def _bad_input(e: ValidationError) -> InputRejected:
    """A validation error as one line naming the fields, without echoing their values."""
    where = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'user'}: {err['msg']}" for err in e.errors()[:5])
    return InputRejected(f"the account is not valid: {where}")


def _as_list(value) -> list[str]:
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
        self._unknown: OrderedDict[str, tuple[int, datetime]] = OrderedDict()
        self._lock = threading.Lock()
        self._tokens: SessionTokens | None = None

    # ------------------------------------------------------------ signing in

    def session(self, principal: Principal, display_name: str, method: str,
                started: datetime | None = None, epoch: int = 0) -> Session:
        started = started or self.clock()
        return Session(principal, display_name, method, started,
                       started + timedelta(minutes=self.settings.session_minutes), epoch)

    @property
    def tokens(self) -> SessionTokens:
        """The session-cookie signer (its key read or created on first use, not before)."""
        if self._tokens is None:
            self._tokens = SessionTokens(session_key(self.settings), self.settings.session_minutes * 60, self.clock)
        return self._tokens

    def token(self, session: Session) -> str:
        """The cookie value that reopens a password session in another tab or after a reload."""
        if session.method != "password":
            raise InputRejected("only a built-in account's session is kept in a cookie")
        return self.tokens.issue(session.principal.user, session.epoch)

    def _live_user(self, name: str, epoch: int) -> User | None:
        user = self.store.get(name)
        if user is None or not user.has_password or not user.roles or user.session_epoch != epoch:
            return None
        return user

    def resume(self, token: str | None) -> Session | None:
        """The session a cookie stands for, checked against the user store; None when the token is forged,
        expired, or the user was signed out, reset or removed since it was issued."""
        read = self.tokens.read(token)
        if read is None:
            return None
        name, epoch, issued = read
        user = self._live_user(name, epoch)
        if user is None:
            return None
        session = self.session(user.principal, user.display_name or user.name, "password", issued, epoch)
        return None if session.expired(self.clock()) else session

    def still_valid(self, session: Session) -> bool:
        """False once a password session's user has signed out elsewhere, been reset or removed."""
        return session.method != "password" or self._live_user(session.principal.user, session.epoch) is not None

    def sign_out(self, session: Session) -> None:
        """Ends a password session and every other session and cookie of the same user (the epoch moves on)."""
        if session.method != "password":
            return
        user = self.store.get(session.principal.user)
        if user is not None and user.session_epoch == session.epoch:
            self.store.replace(user.model_copy(update={"session_epoch": user.session_epoch + 1}))
        log.info("%s signed out", session.principal.user)

    def sign_in(self, name: str, password: str) -> Session:
        """A session for a built-in account, or SignInFailed / SignInSlowed / AccessDenied (no role)."""
        now = self.clock()
        name = (name or "").strip().lower()
        try:
            check_name(name)
        except InputRejected:
            waste_time(self.settings.bcrypt_rounds)
            raise SignInFailed() from None
        user = self.store.get(name)
        failures, last = (user.failures, user.last_failure) if user else self._unknown.get(name, (0, None))
        if last is not None:
            wait = self.settings.backoff(failures) - (now - last).total_seconds()
            if wait > 0:
                log.info("sign-in of %s refused unchecked: %d failures, %.0f s to wait", name, failures, wait)
                raise SignInSlowed(wait)
        if not verify_password(password or "", user.password_hash if user else None,
                               self.settings.bcrypt_rounds):
            self._failed(name, user is not None, now)
            raise SignInFailed()
        if user.failures:
            self.store.clear_failures(name)
        if not user.roles:
            raise AccessDenied(f"{name} has no role yet; an administrator can give one")
        log.info("%s signed in with a password", name)
        return self.session(user.principal, user.display_name or user.name, "password", now, user.session_epoch)

    def _failed(self, name: str, known: bool, now: datetime) -> None:
        if known:
            count = self.store.record_failure(name, now)
        else:
            with self._lock:
                count = self._unknown.pop(name, (0, now))[0] + 1
                self._unknown[name] = (count, now)
                while len(self._unknown) > _UNKNOWN_TRACKED:
                    self._unknown.popitem(last=False)
        log.info("failed sign-in for %s (%d in a row)", name, count)

    def identity_session(self, claims: Mapping, started: datetime | None = None) -> Session:
        """A session for an identity-provider user (Streamlit's st.user): a users entry matched by subject or
        verified e-mail, else the roles and enterprise ids the token's claims carry; AccessDenied when neither
        gives a role."""
        subject = str(claims.get("sub") or "") or None
        email = str(claims.get("email") or "") or None
        if claims.get("email_verified") is False:
            email = None
        user = self.store.find_identity(email, subject)
        if user is None:
            label = email or subject or "?"
            try:
                user = User(name=check_name(label.lower()[:64]) if email else "oidc-user",
                            display_name=str(claims.get("name") or label)[:120],
                            roles=parse_roles(_as_list(claims.get(self.settings.oidc_roles_claim))),
                            enterprises=_as_list(claims.get(self.settings.oidc_enterprises_claim)),
                            email=email, subject=subject)
            except (ValidationError, InputRejected):
                raise AccessDenied(f"{label[:80]} signed in, but the identity provider's roles or enterprise ids "
                                   "are not valid; an administrator can add a users entry") from None
            principal = Principal(label[:120], frozenset(user.roles), frozenset(user.enterprises))
        else:
            principal = user.principal
        if not principal.roles:
            raise AccessDenied(f"{principal.user} has no role yet; an administrator can add a users entry")
        log.info("%s signed in through the identity provider", principal.user)
        return self.session(principal, user.display_name or principal.user, "oidc", started)

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
        changes: dict = {"failures": 0, "last_failure": None, "session_epoch": user.session_epoch + 1}
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
        log.info("user %s removed", name)

    def _keep_an_admin(self, leaving: str) -> None:
        if not any(Role.ADMIN in u.roles for u in self.store.list() if u.name != leaving):
            raise InputRejected(f"{leaving} is the last administrator; add another one first")


