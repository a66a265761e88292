"""The application factory (flaskr's pattern): settings, extensions, blueprints, hooks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, g, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from translate_app.config import VERSION, Config
from translate_app.people import tokens
from translate_app.store.db import make_engine, make_session_factory
from translate_app.web import (
    accounts,
    database,
    error_pages,
    i18n,
    inputs,
    jinja_env,
    operations,
)
from translate_app.web.activity import bp as activity
from translate_app.web.admin import bp as admin
from translate_app.web.api import bp as api
from translate_app.web.auth import bp as auth
from translate_app.web.dashboard import bp as dashboard
from translate_app.web.database import WebState, db
from translate_app.web.editor import bp as editor
from translate_app.web.profile import bp as profile
from translate_app.web.publish import bp as publish
from translate_app.web.review import bp as review
from translate_app.web.settings import flask_settings

HTMX = "vendor/htmx-2.0.11.min.js"
"""The vendored htmx (2.0.x: ``hx-headers`` on ``<body>`` is inherited, so CSRF works)."""
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
"""Methods that change state: each needs a CSRF token or an API token."""
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
"""Content security policy: no inline or foreign scripts (a second line of defence)."""

csrf = CSRFProtect()


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """The web application.

    Settings come from the environment (:meth:`Config.from_env`); ``overrides``
    are Flask settings applied last, plus three of our own for tests and
    embedding: ``TRANSLATE_APP_CONFIG`` (a :class:`Config`), ``DATABASE_URL``
    and ``DATABASE_ENGINE`` (an :class:`Engine` to share).
    """
    extra = dict(overrides or {})
    config = extra.pop("TRANSLATE_APP_CONFIG", None) or Config.from_env()
    assert isinstance(config, Config)
    url = extra.pop("DATABASE_URL", None) or config.database_url
    engine = extra.pop("DATABASE_ENGINE", None)
    owns = engine is None
    if engine is None:
        engine = make_engine(url)
    assert isinstance(engine, Engine)

    app = Flask(__name__, instance_path=str(config.instance_path))
    inputs.init_app(app)  # before any route: every <int:…> is bounded to the database's range
    app.config.update(flask_settings(config, secret=extra.pop("SECRET_KEY", None)))
    app.config.update(extra)
    state = WebState(config, engine, make_session_factory(engine, config), owns_engine=owns)
    database.init_app(app, state)
    csrf.init_app(app)
    accounts.init_app(app)
    accounts.login_manager.unauthorized_handler(_unauthorized)
    i18n.init_app(app)
    error_pages.init_app(app)
    jinja_env.init_app(app, htmx=HTMX, version=VERSION)
    proxies = int(config.extra.get("TRANSLATE_APP_TRUSTED_PROXIES", "0") or 0)
    if proxies > 0:  # behind N reverse proxies: the client's address is in X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.before_request(_authenticate_and_protect)
    app.after_request(_security_headers)
    _register_blueprints(app)
    operations.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    for blueprint in (auth, dashboard, editor, review, publish, activity, admin, profile, api):
        app.register_blueprint(blueprint)


def _authenticate_and_protect() -> ResponseReturnValue | None:
    """API token requests are authenticated here and need no CSRF token; all others do."""
    header = request.headers.get("Authorization", "")
    if request.path.startswith("/api/"):
        if header.startswith("Bearer "):
            user = tokens.verify(db(), header.removeprefix("Bearer ").strip())
            if user is None:
                return _api_unauthorized("invalid or revoked API token")
            g.api_user = user
            return None
        if not current_user.is_authenticated:
            return _api_unauthorized("authentication required (Authorization: Bearer <token>)")
    if request.method in UNSAFE_METHODS and request.endpoint:
        csrf.protect()
    return None


def _api_unauthorized(message: str) -> Response:
    response = jsonify({"error": message, "status": 401})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="translate_app"'
    return response


def _unauthorized() -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        return _api_unauthorized("authentication required (Authorization: Bearer <token>)")
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if request.headers.get("HX-Request") == "true":
        response = Response(status=401)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.method != "GET" or request.path.startswith(
        ("/api/", "/documents/", "/review/", "/publish/")
    ):
        response.headers.setdefault("Cache-Control", "no-store")
    response.headers["Vary"] = "Cookie, Accept-Language, HX-Request"
    return response
