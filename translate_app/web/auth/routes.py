"""Views of the ``auth`` blueprint."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from translate_app.people import users
from translate_app.web import throttle
from translate_app.web.accounts import Account, me
from translate_app.web.auth.blueprint import bp
from translate_app.web.database import db, keep_changes
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
    session_ = db()
    if throttle.locked(session_, name, ip, LIMITS):
        throttle.record(session_, name, ip, success=False)
        keep_changes()
        message = _("Too many failed attempts. Wait a quarter of an hour and try again.")
        return _form(name, target, message), 429
    user = users.authenticate(session_, name, password) if name and password else None
    throttle.record(session_, name, ip, success=user is not None)
    if user is None:
        keep_changes()
        return _form(name, target, _("Wrong name or password.")), 401
    chosen = session.get(SESSION_KEY)
    session.clear()  # a fresh session on login: nothing from before carries over
    if chosen in UI_LOCALES and user.ui_locale is None:
        user.ui_locale = chosen
    login_user(Account(user))
    return redirect(local_target(target, url_for("dashboard.index")))


def _form(name: str, target: str, error: str) -> str:
    return render_template("auth/login.html", name=name, next=target, error=error)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
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
