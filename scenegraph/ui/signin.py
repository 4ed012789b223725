"""Sign-in on a shared server (SCENEGRAPH_AUTH=on): the sign-in screen, the signed-in user in the sidebar, and
`current_principal()` for the pages. With sign-in off (the embedded single-user default) every page runs as
access.LOCAL and nothing here shows.

`gate()` runs in app.py before the navigation, so no page draws before the user is known. The rules (password
check, slowing down repeated failures, roles from the identity provider, session tokens) live in scenegraph.auth;
this module only draws and keeps the session (which expires `session_minutes` after sign-in). A password session
is also kept in a signed cookie (auth.sessions), so it survives a reload and opens in a new tab; Streamlit can
only read cookies (st.context.cookies), so the cookie is written and deleted by a one-line script (st.html).

Whatever ends a session in a tab (sign-out, expiry, removal, another user signing in) first clears every trace of
the user's work from the tab's session: answer sheet, selections, downloads, the URL's parameters; only the
language and the sign-in screen's own notes stay (`_clear_work`). The next user of the tab starts empty.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from scenegraph.auth.access import LOCAL, Principal, Role
from scenegraph.auth.accounts import Accounts, Session, SignInFailed, SignInSlowed
from scenegraph.auth.sessions import COOKIE
from scenegraph.base.errors import AccessDenied, ScenegraphError
from scenegraph.base.i18n import Lang, t
from scenegraph.base.inert import md
from scenegraph.base.limits import LIMITS
from scenegraph.base.settings import AuthSettings, load_auth_settings, load_serve_settings, serve_problem
from scenegraph.stores.compose import open_user_store
from scenegraph.stores.files.users import FileUserStore, default_users_path
from scenegraph.ui.context import LANG_KEY, language, neo4j_settings

__all__ = ["allowed_pages", "current_principal", "enterprise_choices", "enterprise_input", "gate",
           "require_session"]

SESSION = "_scenegraph_session"  # session-state key of the signed-in Session
OWNER = "_scenegraph_work_owner"  # session-state key: the account (Principal.account) the tab's work belongs to
#: session-state keys that outlive a session in the tab (the language, the sign-in screen's own state); every other
#: key is the user's work or follows from it, and goes when the session ends
_KEPT = frozenset({LANG_KEY, "_signin_dead_cookie", "_signin_forget", "_signin_logout", "_signin_note",
                   "_signin_who"})
#: pages only some roles open when sign-in is on (by url_path); every other page is open to every signed-in user.
#: The rules themselves are enforced below the UI (the assessment repository, the observatory); this only keeps
#: the navigation to what the user can use.
PAGE_ROLES: dict[str, frozenset[Role]] = {
    "assessment": frozenset({Role.ENTERPRISE}),
    "observatory": frozenset({Role.PLANNER}),
    "console": frozenset({Role.CURATOR, Role.ADMIN}),
}


def _settings() -> AuthSettings:
    """The sign-in settings: Streamlit secrets (SCENEGRAPH_SESSION_SECRET, ...) over the environment."""
    try:
        secrets = dict(st.secrets)
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        secrets = {}
    return load_auth_settings(secrets)


def _lang() -> Lang:
    return language()


def _accounts(neo4j, settings: AuthSettings) -> Accounts:
    """One Accounts per process and store (the users file's folder or the Neo4j server), so failed sign-ins of
    unknown names are counted across sessions."""
    return _cached_accounts(neo4j, settings, None if neo4j is not None else str(default_users_path()))


@st.cache_resource(show_spinner=False)
def _cached_accounts(neo4j, settings: AuthSettings, users_file: str | None) -> Accounts:
    return Accounts(open_user_store(neo4j) if users_file is None else FileUserStore(users_file), settings)


def _oidc_configured() -> bool:
    try:
        section = st.secrets.get("auth")
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False
    return section is not None and bool(section) and bool(section.get("server_metadata_url") or any(
        isinstance(v, dict) and v.get("server_metadata_url") for v in section.values()))


def current_principal() -> Principal:
    """Who is using the app: access.LOCAL with sign-in off, else the signed-in user (gate() has made sure)."""
    if not _settings().enabled:
        return LOCAL
    session: Session | None = st.session_state.get(SESSION)
    if session is None or session.expired():
        raise AccessDenied("not signed in")
    return session.principal


def enterprise_choices(principal: Principal | None = None) -> list[str] | None:
    """The enterprise ids the assessment page may offer: the user's own, or None (any id) for LOCAL."""
    principal = principal or current_principal()
    if principal.enterprises is None:
        return None
    return sorted(principal.enterprises) if principal.has(Role.ENTERPRISE) else []


def enterprise_input(container, label: str, current: str, key: str) -> str:
    """The enterprise id field of the assessment page: free text for the local user; for a signed-in enterprise
    user a choice among their own enterprise ids only (the repository refuses any other one anyway)."""
    choices = enterprise_choices()
    if choices is None:  # bounded like every name (a longer one is cut; the assessment refuses it anyway)
        limit = LIMITS.max_name_chars
        return (container.text_input(label, current[:limit], key=key, max_chars=limit) or "")[:limit]
    if not choices:
        return current
    return container.selectbox(label, choices, index=choices.index(current) if current in choices else 0, key=key)


def allowed_pages(pages: list, principal: Principal) -> list:
    """The st.Page entries this user may open (all of them for the local user)."""
    return [p for p in pages if principal is LOCAL or p.url_path not in PAGE_ROLES
            or principal.roles & PAGE_ROLES[p.url_path]]


def role_names(principal: Principal, lang: Lang) -> str:
    return t("list_sep", lang).join(t(f"role_{r.value}", lang) for r in Role if r in principal.roles)


def gate() -> Principal:
    """The signed-in user's Principal; with none, the sign-in screen is drawn and the run stops here."""
    settings = _settings()
    if not settings.enabled:
        _open_network_check()
        return LOCAL
    if st.session_state.pop("_signin_logout", False):
        st.logout()
    session: Session | None = st.session_state.get(SESSION)
    if session is not None:
        alive = "expired" if session.expired() else _still_valid(session, settings)
        if alive != "live":
            _clear_work()
            st.session_state.setdefault("_signin_note", "session_expired")
            if session.method == "oidc" and alive != "down":
                st.logout()
            session = None
    if session is None:
        session = _cookie_session(settings)
    if session is None and _oidc_configured() and st.user.is_logged_in:
        session = _identity_session(settings)
    if session is not None:
        _sidebar(session)
        _write_cookie()
        return session.principal
    # the only page there is before sign-in (no other page, not even by its URL, runs)
    st.navigation([st.Page(lambda: _screen(settings), title="登录 / Sign in", url_path="signin", default=True)],
                  position="hidden").run()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() ends the run


def _open_network_check() -> None:
    """With sign-in off, every visitor is the local user: a server listening beyond this machine (however it was
    started: `streamlit run --server.address 0.0.0.0` too) shows nothing unless SCENEGRAPH_OPEN_NETWORK=yes."""
    refusal, _ = serve_problem(st.get_option("server.address"), False, load_serve_settings().open_network)
    if refusal:
        st.error(md(refusal))
        st.stop()


def require_session() -> None:
    """Every page's own check (state.guarded calls it): with sign-in on and no live session, the sign-in screen
    instead of the page. A no-op when gate() has already run this time (the normal path through app.py)."""
    settings = _settings()
    if not settings.enabled:
        return
    session: Session | None = st.session_state.get(SESSION)
    if session is not None and not session.expired():
        return
    if session is not None:
        _clear_work()
        st.session_state["_signin_note"] = "session_expired"
    _screen(settings)
    st.stop()


def _still_valid(session: Session, settings: AuthSettings) -> str:
    """"live", "dead" or "down": every session, password or identity provider, ends as soon as its account signs
    out elsewhere, is reset or removed (checked each run against the user store)."""
    try:
        if _accounts(neo4j_settings(), settings).still_valid(session):
            return "live"
    except ScenegraphError:
        st.session_state["_signin_note"] = "accounts_down"
        return "down"  # the cookie stays: the next run, once the store answers, resumes the session
    if session.method == "password":
        st.session_state["_signin_forget"] = True
    return "dead"


def _clear_work() -> None:
    """Forgets everything of the tab's session but the language and the sign-in screen's notes: the signed-in
    session, the answer sheet, history, selections, widget values, downloads; and the URL's parameters but
    ?lang= (a selection lives there too)."""
    for key in [k for k in st.session_state if k not in _KEPT]:
        del st.session_state[key]
    for key in [k for k in st.query_params if k != "lang"]:
        del st.query_params[key]


def _begin(session: Session) -> None:
    """Keeps `session` as the tab's; work left in the tab by another account (a session that ended without this
    tab seeing it end) is cleared first."""
    owner = st.session_state.get(OWNER)
    if owner is not None and owner != session.principal.account:
        _clear_work()
    st.session_state[SESSION] = session
    st.session_state[OWNER] = session.principal.account


def _source() -> str | None:
    """Where this browser connects from (failed sign-ins are counted per account and source): the address
    Streamlit's server saw (None on this machine); behind a reverse proxy on this machine the client's address
    from X-Forwarded-For, which uvicorn trusts from 127.0.0.1 and ::1 only (FORWARDED_ALLOW_IPS names others)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no client context (a script run outside a server): this machine
        return None
    return address if isinstance(address, str) else None


def _cookie_session(settings: AuthSettings) -> Session | None:
    """The password session the browser's cookie stands for (after a reload, in a new tab), or None. A cookie
    the user store no longer honours is deleted."""
    token = st.context.cookies.get(COOKIE)
    if not token or token == st.session_state.get("_signin_dead_cookie"):
        return None
    try:
        session = _accounts(neo4j_settings(), settings).resume(token)
    except ScenegraphError:
        st.session_state["_signin_note"] = "accounts_down"
        return None
    if session is None:
        st.session_state["_signin_dead_cookie"] = token
        st.session_state["_signin_forget"] = True
        return None
    _begin(session)
    return session


def _cookie_script(value: str, expires: datetime | None) -> None:
    """Sets (or, with expires None, deletes) the session cookie: first-party, this origin only, never sent to
    another site (SameSite=Strict), Secure when the app is served over HTTPS. `value` is a signed token of
    URL-safe characters only (checked), so it cannot break out of the script."""
    if not all(c.isalnum() or c in "-_." for c in value):
        raise AccessDenied("refusing to write a malformed session token")
    until = "Max-Age=0" if expires is None else f"Expires={expires.astimezone(UTC):%a, %d %b %Y %H:%M:%S} GMT"
    st.html(f"<script>document.cookie = '{COOKIE}={value}; Path=/; {until}; SameSite=Strict'"
            " + (location.protocol === 'https:' ? '; Secure' : '');</script>", unsafe_allow_javascript=True)


def _write_cookie() -> None:
    """The script writing the cookie of a password sign-in made in this tab. Drawn on every run of the session
    (the same element each time, so the browser runs it once): a rerun or a page switch right after sign-in
    cannot remove it before it has run."""
    token = st.session_state.get("_signin_cookie")
    session: Session | None = st.session_state.get(SESSION)
    if token and session is not None:
        with st.sidebar:
            _cookie_script(token, session.expires)


def _forget_cookie() -> None:
    if st.session_state.pop("_signin_forget", False):
        st.session_state.pop("_signin_cookie", None)
        _cookie_script("gone", None)


def _identity_session(settings: AuthSettings) -> Session | None:
    """A session from Streamlit's OIDC sign-in (st.user), started when the identity provider issued the token."""
    claims = st.user.to_dict()
    iat = claims.get("iat")
    started = datetime.fromtimestamp(iat, UTC) if isinstance(iat, int | float) else None
    try:
        session = _accounts(neo4j_settings(), settings).identity_session(claims, started)
    except AccessDenied:
        st.session_state["_signin_note"] = "no_role"
        st.session_state["_signin_who"] = str(claims.get("email") or claims.get("sub") or "")[:120]
        return None
    except ScenegraphError:
        st.session_state["_signin_note"] = "accounts_down"
        return None
    if session.expired():
        st.session_state["_signin_note"] = "session_expired"
        st.logout()
        return None
    _begin(session)
    return session


def _sidebar(session: Session) -> None:
    lang = _lang()
    p = session.principal
    box = st.sidebar.container(border=True)
    box.markdown(f"**{t('signed_in_as', lang)}** {md(session.display_name)}")
    box.caption(t("role_line", lang).format(roles=role_names(p, lang)))
    if p.enterprises:
        box.caption(t("enterprises_line", lang).format(ids=md(", ".join(sorted(p.enterprises)))))
    box.button(t("sign_out", lang), key="sign_out", on_click=_sign_out)


def _sign_out() -> None:
    """Ends the session (a callback: it runs before the next run draws anything): in the user store too (every
    cookie and session of the account is dead), its cookie in this browser, and every trace of its work in this
    tab (the next user of the tab starts with an empty form and nothing to export)."""
    session: Session | None = st.session_state.get(SESSION)
    token = st.context.cookies.get(COOKIE)
    _clear_work()
    if session is not None and session.method == "oidc":
        st.session_state["_signin_logout"] = True  # st.logout() then clears Streamlit's identity cookie
    if session is not None and session.method == "password":
        if token:
            st.session_state["_signin_dead_cookie"] = token
        st.session_state["_signin_forget"] = True
    if session is not None:
        try:
            _accounts(neo4j_settings(), _settings()).sign_out(session)
        except ScenegraphError:
            st.session_state["_signin_note"] = "accounts_down"


def _screen(settings: AuthSettings) -> None:
    lang = language()
    _forget_cookie()
    st.title(t("signin_title", lang))
    st.caption(t("app_title", lang))
    note = st.session_state.pop("_signin_note", None)
    if note == "no_role":
        st.error(t("signin_no_role", lang).format(who=md(st.session_state.pop("_signin_who", ""))))
        if st.button(t("sign_out", lang), key="oidc_sign_out"):
            st.logout()
    elif note:
        st.warning(t(f"signin_{note}", lang))
    if _oidc_configured() and st.button(t("signin_oidc", lang), type="primary", key="signin_oidc"):
        st.login()
    if not settings.password_login:
        return
    with st.form("signin", clear_on_submit=True, border=True):
        name = st.text_input(t("username", lang), key="signin_user", max_chars=64)
        password = st.text_input(t("password", lang), type="password", key="signin_password", max_chars=200)
        submitted = st.form_submit_button(t("signin", lang))
    if not submitted:
        return
    try:
        accounts = _accounts(neo4j_settings(), settings)
        session = accounts.sign_in(name, password, _source())
    except SignInSlowed as e:
        st.error(t("signin_slowed", lang).format(s=e.wait_s))
        return
    except SignInFailed:
        st.error(t("signin_failed", lang))
        return
    except AccessDenied:
        st.error(t("signin_no_role", lang).format(who=md(name.strip().lower()[:64])))
        return
    except ScenegraphError:
        st.error(t("signin_accounts_down", lang))
        return
    _begin(session)
    st.session_state["_signin_cookie"] = accounts.token(session)
    st.rerun()
