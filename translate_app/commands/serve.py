"""``translate-app serve`` (the web UI) and ``translate-app users ensure-admin``.

``serve`` runs gunicorn's pre-forked workers where gunicorn runs (POSIX), else werkzeug's
threaded server (see :mod:`translate_app.web.server`).  Any other WSGI server can load
``translate_app:create_app()``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from translate_app.commands import SubParsers
    from translate_app.config import Config

DEFAULT_ADMIN = "admin"
"""Login name of the first admin."""


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    from sqlalchemy import inspect

    from translate_app.errors import ConfigurationError
    from translate_app.store.db import make_engine, upgrade
    from translate_app.web import create_app, server

    engine = make_engine(config.database_url)
    try:
        if not inspect(engine).has_table("documents"):
            where = engine.url.render_as_string(hide_password=True)
            raise ConfigurationError(f"no translate_app database at {where}: translate-app init")
        upgrade(engine)  # idempotent: the UI needs the tables of the current schema
    finally:
        engine.dispose()
    kind = args.server or ("gunicorn" if server.have_gunicorn() else "werkzeug")
    if kind == "gunicorn" and not server.have_gunicorn():
        raise ConfigurationError("gunicorn is not installed here: use --server werkzeug")
    try:
        sock = server.listen(args.host, args.port)
    except OSError as exc:
        where = f"{args.host}:{args.port}"
        raise ConfigurationError(f"cannot listen on {where}: {exc.strerror}") from None
    app = create_app()  # before printing: a bad setting stops here, with its message
    host = f"[{args.host}]" if ":" in args.host else args.host
    workers = args.workers or server.default_workers()
    how = f"gunicorn, {workers} workers" if kind == "gunicorn" else "werkzeug, threaded"
    print(f"translate_app web UI: http://{host}:{sock.getsockname()[1]}/  ({how}; Ctrl+C "
          "stops it)", flush=True)  # fmt: skip
    try:
        if kind == "gunicorn":
            server.run_gunicorn(app, sock, workers)
        else:
            server.run_werkzeug(app, sock)
    finally:
        sock.close()
    return 0


def cmd_ensure_admin(args: argparse.Namespace, config: Config) -> int:
    import secrets

    from sqlalchemy import select

    from translate_app.people import users
    from translate_app.store import db
    from translate_app.store.models import Role, User

    engine = db.make_engine(config.database_url)
    try:
        factory = db.make_session_factory(engine, config)
        with db.transaction(factory) as session:
            found = session.scalar(
                select(User).where(User.role == Role.ADMIN, User.active.is_(True)).limit(1)
            )
            if found is not None:
                print(f"an admin exists already: {found.name}")
                return 0
            password = secrets.token_urlsafe(12)
            user = users.add_user(session, args.name, Role.ADMIN, [], password)
            name = user.name
    finally:
        engine.dispose()
    print(f"admin login: {name}  password: {password}  (shown once; change it on /profile)")
    return 0


def register(sub: SubParsers) -> None:
    """Add ``serve``, and ``ensure-admin`` under ``users``."""
    serve = sub.add_parser("serve", help="run the web UI", description="run the web UI")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=5000, help="port (5000; 0 picks a free one)")
    serve.add_argument("--server", choices=["gunicorn", "werkzeug"],
                       help="gunicorn's worker processes (the default where gunicorn runs) or "
                       "werkzeug's threaded server (one process)")  # fmt: skip
    serve.add_argument("--workers", type=int, default=0, metavar="N",
                       help="gunicorn worker processes (default: cores + 1)")  # fmt: skip
    serve.set_defaults(handler=cmd_serve)
    users = sub.choices.get("users")
    if users is None:
        return
    # argparse keeps a parser's subcommands in a private action; it is the only way to extend
    # the ``users`` command that cli.py defines.
    actions = [a for a in users._actions if isinstance(a, argparse._SubParsersAction)]
    if not actions:
        return
    ensure = actions[0].add_parser(
        "ensure-admin", help="create an admin (password printed once) unless one exists"
    )
    ensure.add_argument("--name", default=DEFAULT_ADMIN, help="login name (admin)")
    ensure.set_defaults(handler=cmd_ensure_admin)
