"""Views of the profile page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_user

from translate_app.people import tokens, users
from translate_app.web.accounts import Account, person
from translate_app.web.database import db
from translate_app.web.profile.blueprint import bp

MIN_PASSWORD = 10
"""Shortest password accepted."""


def _page(status: int = 200, **extra: object) -> tuple[str, int]:
    user = person()
    body = render_template("profile/page.html", user=user, tokens=tokens.tokens_of(db(), user),
                           **extra)  # fmt: skip
    return body, status


@bp.get("/")
def page() -> ResponseReturnValue:
    return _page()


@bp.post("/password")
def password() -> ResponseReturnValue:
    user = person()
    current = request.form.get("current", "")
    new = request.form.get("new", "")
    if not users.verify_password(user.password_hash, current):
        return _page(422, password_error=_("Your current password is not right."))
    if len(new) < MIN_PASSWORD:
        return _page(422, password_error=_("The new password needs at least %(n)d characters.",
                                            n=MIN_PASSWORD))  # fmt: skip
    if new != request.form.get("again", ""):
        return _page(422, password_error=_("The two new passwords differ."))
    users.set_password(db(), user, new)
    login_user(Account(user))  # the session follows the new password; others end
    flash(_("Your password was changed. Other sessions have been logged out."), "success")
    return redirect(url_for("profile.page"), 303)


@bp.post("/tokens")
def create_token() -> ResponseReturnValue:
    created = tokens.create(db(), person(), request.form.get("name", ""))
    return _page(new_token=created.secret, new_token_name=created.row.name)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int) -> ResponseReturnValue:
    row = tokens.revoke(db(), person(), token_id)
    flash(_("Token %(name)s was revoked.", name=row.name), "success")
    return redirect(url_for("profile.page"), 303)
