"""Admin views for people: add, set role and languages, deactivate, reset a password, end
sessions; and the login throttles in force, which an admin may clear."""

from __future__ import annotations

import secrets
import time

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, select

from translate_app.errors import NotFoundError, TranslateAppError
from translate_app.people import throttle, users
from translate_app.people.languages import enabled_languages
from translate_app.store.models import Role, User
from translate_app.web.accounts import person, require_admin
from translate_app.web.admin.blueprint import bp
from translate_app.web.database import db


def _admin() -> User:
    user = person()
    require_admin(user, doing="manage people")
    return user


def new_password() -> str:
    """A password to hand over once (the person changes it on their profile page)."""
    return secrets.token_urlsafe(12)


def _page(status: int = 200, **extra: object) -> tuple[str, int]:
    session = db()
    people = list(session.scalars(select(User).order_by(User.name)))
    throttles = throttle.current(session.connection(), int(time.time()), throttle.Limits())
    body = render_template(
        "admin/users.html", people=people, languages=enabled_languages(session),
        roles=[role.value for role in Role], throttles=throttles, **extra,
    )  # fmt: skip
    return body, status


@bp.get("/users")
def people_page() -> ResponseReturnValue:
    _admin()
    return _page()


@bp.post("/users")
def add() -> ResponseReturnValue:
    _admin()
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "") or new_password()
    try:
        created = users.add_user(
            db(), name, request.form.get("role", ""), request.form.getlist("lang"), password,
            display_name=request.form.get("display_name", ""),
        )  # fmt: skip
    except TranslateAppError as exc:
        return _page(422, error=str(exc), form=request.form)
    shown = None if request.form.get("password") else password
    return _page(created=created, password=shown)


def _person(user_id: int) -> User:
    found = db().get(User, user_id)
    if found is None:
        raise NotFoundError(f"no user {user_id}")
    return found


def _active_admins() -> int:
    query = select(func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True))
    return db().scalar(query) or 0


@bp.post("/users/<int:user_id>")
def update(user_id: int) -> ResponseReturnValue:
    _admin()
    target = _person(user_id)
    session = db()
    try:
        role = users.parse_role(request.form.get("role", target.role))
        active = request.form.get("active") == "1"
        was_admin = target.role == Role.ADMIN and target.active
        if was_admin and (role != Role.ADMIN or not active) and _active_admins() <= 1:
            raise users.UserError(f"{target.name} is the last active admin: appoint another first")
        codes = request.form.getlist("lang")
        if role != Role.ADMIN and not codes:
            raise users.UserError(f"a {role.value} needs at least one language")
        target.role = role.value
        if target.active and not active:
            users.end_sessions(session, target)
        target.active = active
        target.display_name = request.form.get("display_name", target.display_name).strip()
        users.assign_languages(session, target, codes)
    except TranslateAppError as exc:
        session.rollback()
        return _page(422, error=str(exc))
    flash(_("Saved the changes to %(name)s.", name=target.name), "success")
    return redirect(url_for("admin.people_page"), 303)


@bp.post("/users/<int:user_id>/password")
def reset_password(user_id: int) -> ResponseReturnValue:
    _admin()
    target = _person(user_id)
    password = new_password()
    users.set_password(db(), target, password)
    return _page(created=target, password=password)


@bp.post("/users/<int:user_id>/sessions")
def end_sessions(user_id: int) -> ResponseReturnValue:
    """Log a person out everywhere (a lost laptop, a shared computer)."""
    _admin()
    target = _person(user_id)
    users.end_sessions(db(), target)
    flash(_("Ended every session of %(name)s.", name=target.name), "success")
    return redirect(url_for("admin.people_page"), 303)


@bp.post("/throttles/clear")
def clear_throttle() -> ResponseReturnValue:
    """Forget one login throttle (say, a colleague who mistyped their password)."""
    _admin()
    scope = request.form.get("scope", "")
    name, ip = request.form.get("name", ""), request.form.get("ip", "")
    if scope not in (throttle.NAME, throttle.ADDRESS) or not throttle.clear(
        db().connection(), scope, name, ip
    ):
        raise NotFoundError(f"no login throttle for {scope} {name!r} from {ip!r}")
    flash(_("Cleared the login throttle for %(who)s.", who=name or ip), "success")
    return redirect(url_for("admin.people_page") + "#throttles", 303)
