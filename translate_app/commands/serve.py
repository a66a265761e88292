"""``translate-app serve``: the web UI.

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


def register(sub: SubParsers) -> None:
    """Add ``serve``."""
    serve = sub.add_parser("serve", help="run the web UI", description="run the web UI")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=5000, help="port (5000; 0 picks a free one)")
    serve.add_argument("--server", choices=["gunicorn", "werkzeug"],
                       help="gunicorn's worker processes (the default where gunicorn runs) or "
                       "werkzeug's threaded server (one process)")  # fmt: skip
    serve.add_argument("--workers", type=int, default=0, metavar="N",
                       help="gunicorn worker processes (default: cores + 1)")  # fmt: skip
    serve.set_defaults(handler=cmd_serve)
