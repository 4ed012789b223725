"""Who is asking: the identity every assessment-repository call carries, and the rules that follow from it.

Isolation is enforced below the UI: the repository implementations (memory and Neo4j) take a Principal and
apply these rules (pushed down as query parameters on Neo4j), so no page or CLI path can read another
enterprise's answers. The embedded single-user default runs as LOCAL (every right).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from scenegraph.base.errors import AccessDenied

__all__ = ["CYPHER_ROLES", "LOCAL", "Principal", "Role", "may_run_cypher", "require_cypher", "require_enterprise",
           "require_role"]

log = logging.getLogger(__name__)


class Role(StrEnum):
    ENTERPRISE = "enterprise"  # reads and saves only the assessments of its own enterprise ids
    PLANNER = "planner"  # sees aggregates (the observatory) only, never one firm's answers
    CURATOR = "curator"  # manages data loads
    ADMIN = "admin"  # manages users


@dataclass(frozen=True)
class Principal:
    user: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    #: enterprise ids this user may read and save; None means every enterprise (the local single user only)
    enterprises: frozenset[str] | None = frozenset()
    #: the account this is, never shared with another one (what drafts are kept under): "uid:<the account's uid>"
    #: for a users entry, "oidc:<hash of issuer and subject>" for an identity-provider user known by claims only,
    #: "local" for the single local user; "" for a principal made up in code (no draft is kept for it)
    account: str = ""

    def has(self, role: Role) -> bool:
        return role in self.roles

    def may_access(self, enterprise_id: str) -> bool:
        if not self.has(Role.ENTERPRISE):
            return False
        return self.enterprises is None or enterprise_id in self.enterprises

    def visible(self, enterprise_ids: Iterable[str]) -> list[str]:
        return [e for e in enterprise_ids if self.may_access(e)]


#: the embedded single-user default: sign-in off, every right, every enterprise
LOCAL = Principal("local", frozenset(Role), None, "local")


def require_enterprise(principal: Principal, enterprise_id: str) -> None:
    if not principal.may_access(enterprise_id):
        log.info("refused: %s may not use the assessments of %s", principal.user, enterprise_id)
        raise AccessDenied(f"{principal.user} may not read or save assessments of {enterprise_id}")


def require_role(principal: Principal, role: Role) -> None:
    if not principal.has(role):
        log.info("refused: %s lacks the %s role", principal.user, role.value)
        raise AccessDenied(f"{principal.user} lacks the {role.value} role")


#: who may run their own Cypher (the console, the Export page's Cypher selection, `scenegraph query`,
#: `scenegraph export --cypher`): a query is checked against the graph's allow-list, but it is still open-ended and
#: may run for seconds, so only the people who look after the data get it
CYPHER_ROLES = frozenset({Role.CURATOR, Role.ADMIN})


def may_run_cypher(principal: Principal | None) -> bool:
    return principal is not None and bool(principal.roles & CYPHER_ROLES)


def require_cypher(principal: Principal | None) -> None:
    if not may_run_cypher(principal):
        who = principal.user if principal is not None else "nobody signed in"
        log.info("refused: %s may not run Cypher", who)
        raise AccessDenied(f"{who} may not run Cypher: only curators and admins may")
