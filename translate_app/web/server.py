"""Serving the web UI: gunicorn's pre-forked workers, or werkzeug's threaded server.

``translate-app serve`` (what ``make run`` calls) uses gunicorn where it runs (POSIX): one
Python process per worker, so pages render on every core at once instead of queueing for one
interpreter lock (figures from bench/web.py in the README).  werkzeug's threaded
server remains for platforms without gunicorn (Windows) and on request (``--server werkzeug``).

The listening socket is opened here, before either server starts, so that ``--port 0`` can
print the port it got, and an address in use is reported before anything forks.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
from typing import Any

from flask import Flask

from translate_app.web.database import EXTENSION, web_state

WORKER_TIMEOUT = 300
"""Seconds a worker may spend on one request (building a PDF edition takes a few)."""


def default_workers() -> int:
    """Workers for this machine: one per core, plus one to cover a worker waiting on I/O."""
    return (os.cpu_count() or 1) + 1


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=2048, reuse_port=False)
    sock.set_inheritable(True)
    return sock


def have_gunicorn() -> bool:
    """Whether gunicorn can run here (it needs POSIX: fork, fcntl)."""
    try:
        import gunicorn.app.base  # noqa: F401, PLC0415 -- optional at run time
    except ImportError:
        return False
    return True


def run_werkzeug(app: Flask, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` with werkzeug's threaded server until interrupted."""
    from werkzeug.serving import make_server  # noqa: PLC0415

    host, port = sock.getsockname()[:2]
    server = make_server(host, port, app, threaded=True, fd=sock.fileno())
    signal.signal(signal.SIGTERM, _interrupt)  # stop as on Ctrl+C (gunicorn does the same)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def freeze_before_fork() -> None:
    """Keep what this process made so far out of the cycle collector of its forked children.

    The preloaded app (Flask, SQLAlchemy's mappers and the rest: ~100,000 objects) lives as
    long as a worker: a full collection that walks it took ~35 ms, a pause of every request
    queued at that worker (bench/web.py's p99), and writes to the pages it shares with the
    other workers (copy-on-write).  Frozen, a worker's full collection walks only what the
    worker made itself (~2 ms).  Garbage of the start-up is collected first, not frozen.
    """
    gc.collect()
    gc.freeze()


def run_gunicorn(app: Flask, sock: socket.socket, workers: int) -> None:
    """Serve ``app`` on ``sock`` with ``workers`` gunicorn sync workers until stopped.

    The app is made once, before the workers fork (preloaded) and frozen for the cycle
    collector (:func:`freeze_before_fork`); each worker then drops the database connections
    it inherited, so that no two processes share one.
    """
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415

    def pre_fork(_server: Any, _worker: Any) -> None:
        freeze_before_fork()

    def post_fork(_server: Any, _worker: Any) -> None:
        if EXTENSION in app.extensions:
            web_state(app).engine.dispose(close=False)

    fd = sock.detach()  # gunicorn owns the socket from here on (and closes it)
    settings: dict[str, Any] = {
        "bind": [f"fd://{fd}"],
        "workers": max(1, workers),
        "worker_class": "sync",
        "preload_app": True,
        "timeout": WORKER_TIMEOUT,
        "graceful_timeout": 5,
        "accesslog": None,  # the app logs one JSON line per request itself
        "errorlog": "-",
        "loglevel": "warning",
        "control_socket_disable": True,
        "pre_fork": pre_fork,
        "post_fork": post_fork,
        "proc_name": "translate-app",
    }

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
        def load_config(self) -> None:
            for name, value in settings.items():
                self.cfg.set(name, value)

        def load(self) -> Flask:
            return app

    Server().run()
