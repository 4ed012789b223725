"""Every setting scenegraph reads, read here and nowhere else (pydantic-settings).

Sources, strongest first: a mapping the caller passes in (the UI passes Streamlit secrets; nothing else in the
package knows Streamlit), then the environment. Names:

- NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (a SecretStr: never printed), NEO4J_DATABASE: the shared graph;
  without NEO4J_URI everything runs on the embedded graph.
- NEO4J_HOME: the database home of a local server (tools/neo4j/server.py), where `load --bulk` imports offline.
- SCENEGRAPH_DATA: the data directory used when a command or the app is given none (default: the shipped data).
- SCENEGRAPH_HOME: the user's data folder (saved assessments of the embedded store); default: the platform's
  user data folder.
- SCENEGRAPH_LIMIT_<NAME>: overrides one field of `scenegraph.base.limits.Limits`
  (e.g. SCENEGRAPH_LIMIT_CONSOLE_ROW_CAP).
- SCENEGRAPH_ADDRESS, SCENEGRAPH_OPEN_NETWORK: where `bash scripts/app` listens (ServeSettings).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from scenegraph.base.errors import SettingsError

__all__ = ["AuthSettings", "Neo4jSettings", "ServeSettings", "Settings", "home_dir", "is_loopback", "limit_overrides",
           "load_auth_settings", "load_serve_settings", "load_settings", "safe_uri", "serve_problem"]

#: URI schemes the Neo4j driver speaks (bolt to one server, neo4j with routing; +s / +ssc with TLS)
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_HOST_PORT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]*)(?::(\d{1,5}))?$")


def safe_uri(uri: str) -> str:
    """The URI reduced to scheme, host and port, fit for messages and logs.

    Never a character of a password: whatever precedes the last `@` is dropped before anything else is looked
    at (a password may hold `/`, `#`, `?` or `@`, which a URL parser would take for path, fragment or query),
    and a host part that does not look like a host is replaced by `<unparsable host>`."""
    m = _SCHEME.match(uri.strip())
    scheme = m.group(1).lower() if m else "?"
    rest = uri.strip()[m.end():] if m else uri.strip()
    if "@" in rest:
        rest = rest.rsplit("@", 1)[1]
    elif not m:
        return "<unparsable URI>"
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if not _HOST_PORT.match(host) or not host:
        return f"{scheme}://<unparsable host>"
    return f"{scheme}://{host}"


class Neo4jSettings(BaseModel):
    """Where the shared graph lives. `neo4j://` and `neo4j+s://` (clusters, Aura) work as well as `bolt://`.

    Built only through `check`, which refuses a URI the driver cannot use with one line that names the fix and
    never repeats the password (credentials inside the URI are refused: they belong in NEO4J_USER and
    NEO4J_PASSWORD)."""

    model_config = ConfigDict(frozen=True)

    uri: str
    user: str = "neo4j"
    password: SecretStr = SecretStr("")
    database: str | None = None

    def __init__(self, uri: str, user: str = "neo4j", password: str | SecretStr = "", database: str | None = None,
                 **kw: Any):
        super().__init__(uri=uri, user=user, password=password, database=database or None, **kw)

    @property
    def safe_uri(self) -> str:
        return safe_uri(self.uri)

    def __repr__(self) -> str:
        return f"Neo4jSettings(uri={self.safe_uri!r}, user={self.user!r}, database={self.database!r})"

    __str__ = __repr__

    def problem(self) -> str | None:
        """Why the driver cannot use this URI (one line, no password), or None."""
        m = _SCHEME.match(self.uri.strip())
        if not m:
            return (f"NEO4J_URI is not a URI ({self.safe_uri}); write it as bolt://host:7687, neo4j://host:7687 "
                    "or neo4j+s://host (Aura)")
        scheme = m.group(1).lower()
        if scheme in ("http", "https"):
            return (f"NEO4J_URI {self.safe_uri} is Neo4j's HTTP address (the browser's), not Bolt: use "
                    "bolt://host:7687 or neo4j://host:7687 (neo4j+s://host for Aura)")
        if scheme not in NEO4J_SCHEMES:
            return (f"NEO4J_URI {self.safe_uri} has the scheme '{scheme}', which the Neo4j driver does not speak: "
                    f"use one of {', '.join(s + '://' for s in NEO4J_SCHEMES)}")
        rest = self.uri.strip()[m.end():]
        if "@" in rest:
            return (f"NEO4J_URI {self.safe_uri} holds a user or password before '@': give them as NEO4J_USER and "
                    "NEO4J_PASSWORD instead (the URI is shown in messages; a password is never)")
        if "<unparsable" in self.safe_uri:
            return f"NEO4J_URI {self.safe_uri} has no valid host[:port]; write it as bolt://host:7687"
        port = _HOST_PORT.match(re.split(r"[/?#]", rest, maxsplit=1)[0]).group(2)  # type: ignore[union-attr]
        if port is not None and not 0 < int(port) < 65536:
            return f"NEO4J_URI {self.safe_uri} has a port out of range"
        return None


class _LimitBase(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCENEGRAPH_LIMIT_", extra="ignore", case_sensitive=False)


def limit_overrides(limits: type[Any], values: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Fields of the dataclass `limits` (scenegraph.base.limits.Limits, passed in so that limits.py imports this
    module and not the other way round) overridden by SCENEGRAPH_LIMIT_<NAME> (or by `values`, keys as in the
    environment); only those that are set. A malformed value is one clear line naming the variable."""
    hints: dict[str, type] = {"float": float, "int": int}
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(limits):
        tp: Any = hints.get(f.type, f.type) if isinstance(f.type, str) else f.type
        fields[f.name] = (tp | None, Field(default=None, gt=0))
    model = create_model("LimitSettings", __base__=_LimitBase, **fields)
    given = {k[len("SCENEGRAPH_LIMIT_"):].lower(): v for k, v in (values or {}).items()
             if k.upper().startswith("SCENEGRAPH_LIMIT_")}
    try:
        read = model(**given)
    except ValidationError as e:
        first = e.errors()[0]
        raise SettingsError(f"SCENEGRAPH_LIMIT_{str(first['loc'][0]).upper()} must be a positive number "
                            f"({first['msg']})") from None
    return {k: v for k, v in read.model_dump().items() if v is not None}


class Settings(BaseSettings):
    """The settings of one process (or one Streamlit session, with its secrets)."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(default=SecretStr(""), validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(default=None, validation_alias="NEO4J_DATABASE")
    #: the local database home of a server started by tools/neo4j/server.py (`scenegraph load --bulk` imports there)
    neo4j_home: Path | None = Field(default=None, validation_alias="NEO4J_HOME")
    data_dir: Path | None = Field(default=None, validation_alias="SCENEGRAPH_DATA")
    home: Path | None = Field(default=None, validation_alias="SCENEGRAPH_HOME")

    @property
    def neo4j(self) -> Neo4jSettings | None:
        """The Neo4j settings, or None when NEO4J_URI is not set (the embedded graph serves)."""
        if not self.neo4j_uri:
            return None
        return Neo4jSettings(self.neo4j_uri, self.neo4j_user or "neo4j", self.neo4j_password,
                             self.neo4j_database or None)

    @property
    def home_dir(self) -> Path:
        """The user's data folder: SCENEGRAPH_HOME, else the platform's (e.g. ~/.local/share/scenegraph)."""
        if self.home:
            return self.home
        from platformdirs import user_data_dir

        return Path(user_data_dir("scenegraph", appauthor=False))


_KEYS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "NEO4J_HOME", "SCENEGRAPH_DATA",
         "SCENEGRAPH_HOME")


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """The environment, with `overrides` (e.g. Streamlit secrets) taking precedence key by key.

    Only top-level string values of known keys are taken from `overrides`; sections and other keys are left
    alone. Never raises with a value in the message."""
    given: dict[str, Any] = {}
    for key in _KEYS:
        try:
            value = overrides.get(key) if overrides is not None else None
        except Exception:  # noqa: BLE001 - a secrets mapping that cannot be read counts as empty
            value = None
        if isinstance(value, str | int | float) and str(value) != "":
            given[key] = str(value)
    try:
        return Settings(**given)
    except ValidationError as e:
        bad = ", ".join(str(err["loc"][0]).upper() for err in e.errors())
        raise SettingsError(f"malformed setting(s): {bad}") from None


def home_dir() -> Path:
    return load_settings().home_dir


# ---------------------------------------------------------------- sign-in (a shared server)


class AuthSettings(BaseSettings):
    """Sign-in settings (environment, prefix SCENEGRAPH_): off by default, so the embedded single-user app and
    the CLI run as access.LOCAL with every right. README "Running a shared server" lists them."""

    model_config = SettingsConfigDict(env_prefix="SCENEGRAPH_", extra="ignore", frozen=True)

    #: "on" for a shared server: every page and every CLI command touching assessments, loads or users asks who
    auth: Literal["off", "on"] = "off"
    #: built-in accounts (user name and password); off leaves only the identity provider
    password_login: bool = True
    #: a signed-in session ends this many minutes after sign-in
    session_minutes: int = Field(480, ge=1, le=60 * 24 * 30)
    #: failed sign-ins of one account from one source allowed before waiting starts; then the wait doubles per
    #: failure up to the cap (per source across accounts: LIMITS.signin_source_*)
    login_free_attempts: int = Field(3, ge=1, le=100)
    login_backoff_s: float = Field(2.0, ge=0.0, le=3600.0)
    login_backoff_max_s: float = Field(300.0, ge=0.0, le=86400.0)
    #: bcrypt cost of new hashes (each +1 doubles the time of a check; 12 is about 0.3 s on a quiet core)
    bcrypt_rounds: int = Field(12, ge=4, le=16)
    #: identity-provider claims carrying roles and enterprise ids, used when no users entry matches the e-mail/sub
    oidc_roles_claim: str = "scenegraph_roles"
    oidc_enterprises_claim: str = "scenegraph_enterprises"
    #: the key signing the session cookie of built-in accounts (SCENEGRAPH_SESSION_SECRET, at least 32 characters);
    #: without it a random key kept in the home folder (session.key, owner-only) serves. Servers behind one
    #: address that do not share a home folder must share this key.
    session_secret: SecretStr | None = Field(None, min_length=32)

    @property
    def enabled(self) -> bool:
        return self.auth == "on"

    def backoff(self, failures: int, free: int | None = None) -> float:
        """Seconds to wait after `failures` failed sign-ins before the next attempt is checked (`free`: failures
        allowed before waiting starts; login_free_attempts unless given)."""
        free = self.login_free_attempts if free is None else free
        if failures < free:
            return 0.0
        return min(self.login_backoff_max_s, self.login_backoff_s * 2.0 ** min(failures - free, 30))


def load_auth_settings(overrides: Mapping[str, Any] | None = None, **fixed: Any) -> AuthSettings:
    """The sign-in settings: the environment, with `overrides` (Streamlit secrets: SCENEGRAPH_AUTH,
    SCENEGRAPH_SESSION_SECRET, ...) taking precedence key by key, and `fixed` fields above both. A malformed value
    is one line naming the variable, never its value."""
    given: dict[str, Any] = {}
    for name in AuthSettings.model_fields:
        try:
            value = overrides.get(f"SCENEGRAPH_{name.upper()}") if overrides is not None else None
        except Exception:  # noqa: BLE001 - a secrets mapping that cannot be read counts as empty
            value = None
        if isinstance(value, str | int | float | bool) and str(value) != "":
            given[name] = value
    try:
        return AuthSettings(**{**given, **fixed})
    except ValidationError as e:
        bad = ", ".join(f"SCENEGRAPH_{str(err['loc'][0]).upper()}" for err in e.errors())
        raise SettingsError(f"malformed sign-in setting(s): {bad}") from None


# ---------------------------------------------------------------- where the app listens


class ServeSettings(BaseSettings):
    """Where `bash scripts/app` serves (environment, prefix SCENEGRAPH_). Loopback by default: with sign-in off
    everyone who reaches the app is the local user, with every right and the local user's draft."""

    model_config = SettingsConfigDict(env_prefix="SCENEGRAPH_", extra="ignore", frozen=True)

    #: the address to listen on (127.0.0.1 unless told otherwise; 0.0.0.0 for every interface)
    address: str = "127.0.0.1"
    #: "yes" lets a non-loopback address serve with sign-in off (everyone on that network is the local user)
    open_network: bool = False


def is_loopback(address: str | None) -> bool:
    """Whether only this machine can reach an address (127.0.0.0/8, ::1, localhost, a unix socket)."""
    import ipaddress

    a = (address or "").strip().strip("[]")
    if a in ("localhost",) or a.startswith("unix://"):
        return True
    try:
        return ipaddress.ip_address(a).is_loopback
    except ValueError:
        return False


def serve_problem(address: str | None, auth_on: bool, open_network: bool) -> tuple[str | None, str | None]:
    """(refusal, warning) for serving on `address`: a non-loopback address with sign-in off is refused unless
    SCENEGRAPH_OPEN_NETWORK=yes, and then warned about. An unset address counts as every interface (Streamlit's
    own default)."""
    if is_loopback(address):
        return None, None
    shown = address or "every interface"
    if auth_on:
        return None, None
    if not open_network:
        return (f"refusing to serve on {shown} with sign-in off: anyone on that network would be the local user. "
                "Turn sign-in on (SCENEGRAPH_AUTH=on), serve on 127.0.0.1, or set SCENEGRAPH_OPEN_NETWORK=yes "
                "to allow it"), None
    return None, (f"WARNING: serving on {shown} with sign-in off (SCENEGRAPH_OPEN_NETWORK=yes): everyone who "
                  "reaches this address uses the app as the local user and shares the local user's draft")


def load_serve_settings() -> ServeSettings:
    try:
        return ServeSettings()
    except ValidationError as e:
        bad = ", ".join(f"SCENEGRAPH_{str(err['loc'][0]).upper()}" for err in e.errors())
        raise SettingsError(f"malformed serve setting(s): {bad}") from None
