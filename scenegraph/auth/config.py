"""Sign-in settings (environment, prefix SCENEGRAPH_): off by default, so the embedded single-user app and the
CLI run as access.LOCAL with every right."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["AuthSettings", "auth_settings"]


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCENEGRAPH_", extra="ignore", frozen=True)

    #: "on" for a shared server: every page and every CLI command touching assessments, loads or users asks who
    auth: Literal["off", "on"] = "off"
    #: built-in accounts (user name and password); off leaves only the identity provider
    password_login: bool = True
    #: a signed-in session ends this many minutes after sign-in
    session_minutes: int = Field(480, ge=1, le=60 * 24 * 30)
    #: failed sign-ins of one user allowed before waiting starts; then the wait doubles per failure up to the cap
    login_free_attempts: int = Field(3, ge=1, le=100)
    login_backoff_s: float = Field(2.0, ge=0.0, le=3600.0)
    login_backoff_max_s: float = Field(300.0, ge=0.0, le=86400.0)
    #: bcrypt cost of new hashes (each +1 doubles the time of a check; 12 is about 0.3 s on a quiet core)
    bcrypt_rounds: int = Field(12, ge=4, le=16)
    #: identity-provider claims carrying roles and enterprise ids, used when no users entry matches the e-mail/sub
    oidc_roles_claim: str = "scenegraph_roles"
    oidc_enterprises_claim: str = "scenegraph_enterprises"

    @property
    def enabled(self) -> bool:
        return self.auth == "on"

    def backoff(self, failures: int) -> float:
        """Seconds to wait after `failures` failed sign-ins before the next attempt is checked."""
        if failures < self.login_free_attempts:
            return 0.0
        return min(self.login_backoff_max_s, self.login_backoff_s * 2 ** min(failures - self.login_free_attempts, 30))


def auth_settings() -> AuthSettings:
    return AuthSettings()
