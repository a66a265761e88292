"""Views of the ``auth`` blueprint."""

from __future__ import annotations

import time

from flask import g, make_response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_user, logout_user
from sqlalchemy.orm import Session

from translate_app.people import throttle, users
from translate_app.store.models import LoginAttempt, utcnow
from translate_app.web.accounts import Account, me
from translate_app.web.auth.blueprint import bp
from translate_app.web.database import db, keep_changes, web_state
from translate_app.web.i18n import SESSION_KEY, UI_LOCALES
from translate_app.web.navigation import back, local_target

LIMITS = throttle.Limits()


@bp.get("/login")
def login() -> ResponseReturnValue:
    if me() is not None:
        return redirect(local_target(request.args.get("next"), url_for("dashboard.index")))
    return render_template("auth/login.html", name="", next=request.args.get("next", ""))


@bp.post("/login")
def login_post() -> ResponseReturnValue:
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    target = request.form.get("next", "")
    ip = request.remote_addr or "unknown"
    engine = web_state().engine
    # The attempt is reserved (and committed) before the password is checked: concurrent
    # attempts for one name cannot all slip through, whichever process they reach.
    with engine.begin() as connection:
        decision = throttle.reserve(connection, name, ip, int(time.time()), LIMITS)
    g.throttle = decision.as_log()
    session_ = db()
    if not decision.allowed:
        _audit(session_, name, ip, success=False)
        minutes = max(1, -(-decision.retry_after // 60))
        message = ngettext(
            "Too many failed attempts. Try again in %(num)d minute.",
            "Too many failed attempts. Try again in %(num)d minutes.",
            minutes,
        )
        response = make_response(_form(name, target, message), 429)
        response.headers["Retry-After"] = str(decision.retry_after)
        return response
    user = users.authenticate(session_, name, password) if name and password else None
    with engine.begin() as connection:
        if user is None:
            throttle.failed(connection, ip, int(time.time()), LIMITS)
        else:
            throttle.succeeded(connection, name, ip)
    _audit(session_, name, ip, success=user is not None)
    if user is None:
        return _form(name, target, _("Wrong name or password.")), 401
    chosen = session.get(SESSION_KEY)
    session.clear()  # a fresh session on login: nothing from before carries over
    if chosen in UI_LOCALES and user.ui_locale is None:
        user.ui_locale = chosen
    login_user(Account(user))
    return redirect(local_target(target, url_for("dashboard.index")))


def _audit(session_: Session, name: str, ip: str, *, success: bool) -> None:
    """Every attempt is a :class:`LoginAttempt` row, kept even when the answer is an error."""
    session_.add(LoginAttempt(name=name[:255], ip=ip[:64], at=utcnow(), success=success))
    session_.flush()
    keep_changes()


def _form(name: str, target: str, error: str) -> str:
    return render_template("auth/login.html", name=name, next=target, error=error)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    user = me()
    if user is not None:  # the cookie alone cannot be taken back: end the session here
        users.end_sessions(db(), user)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.post("/locale")
def locale() -> ResponseReturnValue:
    """Choose the UI's language: kept in the session, and on the account when logged in."""
    code = request.form.get("locale", "")
    user = me()
    if code in UI_LOCALES:
        session[SESSION_KEY] = code
        if user is not None:
            user.ui_locale = code
    elif code == "" and user is not None:  # back to the browser's language
        user.ui_locale = None
        session.pop(SESSION_KEY, None)
    return redirect(back(url_for("dashboard.index")))
