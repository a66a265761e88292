"""Operations: ``/healthz`` for load balancers and container health checks, and request ids.

``/healthz`` answers without a login: 200 when the database answers and the job
queue is reachable, 503 naming what is down.  It reveals nothing else.

Every request gets an id (the ``X-Request-Id`` it came with, if it looks sane, or
a new one), echoed in the response and written with the method, path, status,
duration and user (and, for a login, the throttle's decision) in one structured (JSON)
log line on the ``translate_app.web`` logger, so a line in the logs of one of several
web processes can be matched to what a person saw.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from pathlib import Path

from flask import Blueprint, Flask, Response, g, jsonify, request
from flask_login import current_user
from sqlalchemy import text

from translate_app.web.database import web_state

bp = Blueprint("operations", __name__)
log = logging.getLogger("translate_app.web")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@bp.get("/healthz")
def healthz() -> Response:
    state = web_state()
    checks: dict[str, str] = {}
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "down", named in the answer
        checks["database"] = f"down: {exc.__class__.__name__}"
    checks["queue"] = _queue(state.config.instance_path)
    healthy = all(value == "ok" for value in checks.values())
    response = jsonify({"status": "ok" if healthy else "down", **checks})
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _queue(instance: Path) -> str:
    url = os.environ.get("REDIS_URL")
    if not url:  # the embedded queue is a SQLite file in the instance folder (made on demand)
        folder = instance if instance.exists() else instance.parent
        return "ok" if os.access(folder, os.W_OK) else "down: instance folder not writable"
    import redis  # noqa: PLC0415 - only deployments with Redis load it

    try:
        redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"down: {exc.__class__.__name__}"
    return "ok"


def _start() -> None:
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    request_id = getattr(g, "request_id", "")
    response.headers["X-Request-Id"] = request_id
    if request.endpoint != "static":
        user = current_user.get_id() if current_user and current_user.is_authenticated else None
        started = g.get("request_started", time.perf_counter())
        line = {
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "user": user,
        }
        if "throttle" in g:  # a login attempt: the throttle's decision and its key
            line["throttle"] = g.throttle
        log.info(json.dumps(line))
    return response


def init_app(app: Flask) -> None:
    """Register ``/healthz`` and the request-id hooks (before every other hook)."""
    if not app.testing and not log.handlers:  # one JSON line per request on stderr
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
    app.register_blueprint(bp)
