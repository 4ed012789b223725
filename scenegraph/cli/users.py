"""The command line's side of sign-in: who runs a command (`--user NAME`, password prompted or read from stdin)
and `scenegraph users add|list|reset|remove`.

With sign-in off (SCENEGRAPH_AUTH=off, the default) a command without --user runs as access.LOCAL. With sign-in
on, every command that reads or saves assessments, loads data or manages users needs --user; the one exception
is adding the very first user, who must be an admin (the bootstrap of a new server). Accounts live in the
configured store: Neo4j :User nodes when NEO4J_URI is set, else the users file of SCENEGRAPH_HOME.
Passwords are never echoed, printed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys

from rich.console import Console
from rich.table import Table

from scenegraph.auth.access import LOCAL, Principal, Role
from scenegraph.auth.accounts import Accounts
from scenegraph.base.errors import AccessDenied, InputRejected
from scenegraph.base.settings import AuthSettings
from scenegraph.stores.compose import open_user_store

__all__ = ["add_users_parser", "auth_options", "caller", "principal_of"]

log = logging.getLogger(__name__)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def auth_options() -> argparse.ArgumentParser:
    """The options every command that needs an identity takes (a parent parser)."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("sign-in (when SCENEGRAPH_AUTH=on)")
    g.add_argument("--user", help="sign in as this user; the password is prompted (never echoed)")
    g.add_argument("--password-stdin", action="store_true",
                   help="read the --user password from the first line of standard input")
    return p


def _neo4j_settings():
    from scenegraph.base.settings import load_settings

    return load_settings().neo4j


def _accounts() -> Accounts:
    return Accounts(open_user_store(_neo4j_settings()), AuthSettings())


def _close(accounts: Accounts) -> None:
    getattr(accounts.store, "close", lambda: None)()


def _read_secret(from_stdin: bool, prompt: str, confirm: bool = False) -> str:
    """A password from stdin's next line, or prompted on the terminal (twice when `confirm`)."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InputRejected("no password on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputRejected("no terminal to ask for the password: use --password-stdin (or --new-password-stdin)")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != first:
        raise InputRejected("the two passwords differ")
    return first


def principal_of(args: argparse.Namespace, accounts: Accounts | None = None) -> Principal | None:
    """Who runs the command: the --user signed in here, LOCAL with sign-in off, or None (sign-in on, no --user)."""
    name = getattr(args, "user", None)
    if not name:
        return None if AuthSettings().enabled else LOCAL
    own = accounts is None
    accounts = accounts or _accounts()
    try:
        password = _read_secret(getattr(args, "password_stdin", False), f"password of {name}: ")
        return accounts.sign_in(name, password, source="cli").principal
    finally:
        if own:
            _close(accounts)


def caller(args: argparse.Namespace, *roles: Role) -> Principal:
    """Who runs this command, refused unless they hold one of `roles` (when given): with sign-in on, --user is
    needed; with it off, the local user (every role)."""
    principal = principal_of(args)
    if principal is None:
        log.info("refused: sign-in is on and no --user was given")
        raise AccessDenied("sign-in is on (SCENEGRAPH_AUTH=on): give --user NAME (password prompted, or "
                           "--password-stdin)")
    if roles and not any(principal.has(r) for r in roles):
        log.info("refused: %s lacks the %s role", principal.user, " or ".join(r.value for r in roles))
        raise AccessDenied(f"{principal.user} lacks the {' or '.join(r.value for r in roles)} role")
    return principal


# ---------------------------------------------------------------- scenegraph users ...


def cmd_users(args: argparse.Namespace) -> int:
    accounts = _accounts()
    try:
        actor = principal_of(args, accounts)  # None: sign-in on and no --user (only the first admin may be added)
        return _USERS[args.users_cmd](args, accounts, actor)
    finally:
        _close(accounts)


def _new_password(args: argparse.Namespace) -> str | None:
    if getattr(args, "no_password", False):
        return None
    return _read_secret(args.new_password_stdin, f"new password for {args.name}: ", confirm=True)


def _users_add(args, accounts: Accounts, actor) -> int:
    user = accounts.add(actor, args.name, args.role, args.enterprise or (), _new_password(args),
                        email=args.email, subject=args.subject, display_name=args.display_name or "")
    out.print(f"added {user.name} ({', '.join(r.value for r in user.roles)}) to {accounts.store.where}",
              markup=False)
    return 0


def _users_list(args, accounts: Accounts, actor) -> int:
    users = accounts.list(actor)
    table = Table(title=f"{len(users)} user(s) in {accounts.store.where}", title_justify="left")
    for col in ("name", "display name", "roles", "enterprises", "sign-in", "e-mail / subject", "failures"):
        table.add_column(col)
    for u in users:
        how = " + ".join(x for x, on in (("password", u.has_password), ("identity provider", u.email or u.subject))
                         if on)
        table.add_row(u.name, u.display_name, ", ".join(r.value for r in u.roles), ", ".join(u.enterprises),
                      how, " / ".join(x for x in (u.email, u.subject) if x), str(accounts.failed_sign_ins(u)))
    out.print(table)
    return 0


def _users_reset(args, accounts: Accounts, actor) -> int:
    password = None if args.keep_password else _new_password(args)
    user = accounts.reset(actor, args.name, password, roles=args.role, enterprises=args.enterprise)
    out.print(f"changed {user.name}: roles {', '.join(r.value for r in user.roles) or 'none'}"
              + (f", enterprises {', '.join(user.enterprises)}" if user.enterprises else "")
              + ("" if password is None else ", new password") + "; failed sign-ins cleared", markup=False)
    return 0


def _users_remove(args, accounts: Accounts, actor) -> int:
    accounts.remove(actor, args.name)
    out.print(f"removed {args.name} from {accounts.store.where}", markup=False)
    return 0


_USERS = {"add": _users_add, "list": _users_list, "reset": _users_reset, "remove": _users_remove}


def add_users_parser(sub) -> None:
    """`scenegraph users add|list|reset|remove` (admins; the first user added to a new server is the admin)."""
    auth = auth_options()
    users = sub.add_parser("users", help="manage the accounts of a shared server (admins)",
                           description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    users_sub = users.add_subparsers(dest="users_cmd", required=True, metavar="add|list|reset|remove")
    roles = [r.value for r in Role]

    def secret_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("--new-password-stdin", action="store_true",
                       help="read the new password from standard input (the line after the --user password, if any); "
                            "otherwise it is prompted twice, never echoed")

    p = users_sub.add_parser("add", parents=[auth], help="add a user")
    p.add_argument("name", help="user name (lower-case; an e-mail address works)")
    p.add_argument("--role", action="append", required=True, choices=roles, help="a role (repeatable)")
    p.add_argument("--enterprise", action="append", help="an enterprise id the user may read and save (repeatable)")
    p.add_argument("--email", help="match identity-provider sign-ins with this e-mail")
    p.add_argument("--subject", help="match identity-provider sign-ins with this subject (sub)")
    p.add_argument("--display-name", help="the name shown in the app")
    p.add_argument("--no-password", action="store_true", help="identity-provider sign-in only (needs --email or "
                                                              "--subject)")
    secret_opts(p)

    users_sub.add_parser("list", parents=[auth], help="list users (never their passwords)")

    p = users_sub.add_parser("reset", parents=[auth], help="set a new password (and/or roles, enterprises); clears "
                                                          "failed sign-ins")
    p.add_argument("name")
    p.add_argument("--role", action="append", choices=roles, help="replace the roles (repeatable)")
    p.add_argument("--enterprise", action="append", help="replace the enterprise ids (repeatable)")
    p.add_argument("--keep-password", action="store_true", help="change roles or enterprises only")
    secret_opts(p)

    p = users_sub.add_parser("remove", parents=[auth], help="remove a user (not the last admin)")
    p.add_argument("name")
    users.set_defaults(func=cmd_users)
