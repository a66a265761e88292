"""``translate-app languages`` and ``translate-app users``: who translates, into what.

::

    translate-app languages [list | add CODE... [--approvals N] | disable CODE...]
    translate-app users add NAME --role translator|editor|admin [--lang L]... --password-stdin
    translate-app users ensure-admin [--name admin]   # the first admin, password printed once
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from translate_app.commands import add_command
from translate_app.commands.sessions import open_sessions
from translate_app.errors import TranslateAppError

if TYPE_CHECKING:
    import argparse

    from translate_app.commands import SubParsers
    from translate_app.config import Config

DEFAULT_ADMIN = "admin"
"""Login name of the first admin."""


def register(sub: SubParsers) -> None:
    """Add ``languages`` and ``users`` (``add``, ``ensure-admin``)."""
    langs = add_command(
        sub, "languages", cmd_languages, "list, add (any CLDR locale) or disable languages"
    )
    langs.add_argument("action", choices=["list", "add", "disable"], nargs="?", default="list")
    langs.add_argument("codes", nargs="*", help="language codes, e.g. uk pt-BR ar")
    langs.add_argument("--approvals", type=int, help="editor approvals this language needs")
    users = add_command(sub, "users", _no_action, "manage people")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add_user = actions.add_parser("add", help="add a person")
    add_user.set_defaults(handler=cmd_users_add)
    add_user.add_argument("name")
    add_user.add_argument("--role", required=True, choices=["translator", "editor", "admin"])
    add_user.add_argument("--lang", action="append", default=[], help="assigned language(s)")
    add_user.add_argument("--password-stdin", action="store_true")
    ensure = actions.add_parser(
        "ensure-admin", help="create an admin (password printed once) unless one exists"
    )
    ensure.add_argument("--name", default=DEFAULT_ADMIN, help="login name (admin)")
    ensure.set_defaults(handler=cmd_ensure_admin)


def _no_action(args: argparse.Namespace, config: Config) -> int:
    raise TranslateAppError("choose an action")


def cmd_languages(args: argparse.Namespace, config: Config) -> int:
    from sqlalchemy import select

    from translate_app.people import languages
    from translate_app.store import db
    from translate_app.store.models import Language

    with open_sessions(config) as factory, db.transaction(factory) as session:
        if args.action == "add":
            for code in args.codes:
                languages.enable_language(session, code, approvals_needed=args.approvals)
        elif args.action == "disable":
            for code in args.codes:
                languages.disable_language(session, code)
        rows = session.scalars(select(Language).order_by(Language.code)).all()
        lines = [
            f"{lang.code:<8}{lang.english_name:<22}{lang.name:<22}{lang.direction:<5}"
            f"{'enabled' if lang.enabled else 'disabled':<10}{lang.plural_count} plural forms"
            for lang in rows
        ]
    print("\n".join(lines))
    return 0


def cmd_users_add(args: argparse.Namespace, config: Config) -> int:
    from translate_app.people import users
    from translate_app.store import db

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        raise TranslateAppError("give the password on standard input with --password-stdin")
    langs = [code for value in args.lang for code in value.split(",") if code]
    with open_sessions(config) as factory, db.transaction(factory) as session:
        user = users.add_user(session, args.name, args.role, langs, password)
        summary = f"added {user.name} ({user.role}; languages: {', '.join(langs) or 'none'})"
    print(summary)
    return 0


def cmd_ensure_admin(args: argparse.Namespace, config: Config) -> int:
    import secrets

    from sqlalchemy import select

    from translate_app.people import users
    from translate_app.store import db
    from translate_app.store.models import Role, User

    with open_sessions(config) as factory, db.transaction(factory) as session:
        found = session.scalar(
            select(User).where(User.role == Role.ADMIN, User.active.is_(True)).limit(1)
        )
        if found is not None:
            print(f"an admin exists already: {found.name}")
            return 0
        password = secrets.token_urlsafe(12)
        user = users.add_user(session, args.name, Role.ADMIN, [], password)
        name = user.name
    print(f"admin login: {name}  password: {password}  (shown once; change it on /profile)")
    return 0
