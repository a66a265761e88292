"""Who is asking: Flask-Login sessions for people, bearer tokens for the API.

The session cookie holds ``<user id>.<fingerprint>``, a digest of the password hash and
the person's session generation, checked against the database on every request: logging
out, changing the password, deactivation and an admin's "end all sessions" raise the
generation (``people.users.end_sessions``), so a copy of the cookie kept from before is
refused by every process.  API tokens are separate (``people.tokens``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import Flask, g
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user
from sqlalchemy.orm import joinedload

from translate_app.errors import PermissionDeniedError
from translate_app.store.models import Role, User
from translate_app.web.database import db

login_manager = LoginManager()
_WITH_LANGUAGES = [joinedload(User.languages)]


@dataclass
class Account:
    """A logged-in person as Flask-Login sees them (the ORM user inside)."""

    user: User

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.user.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.user.id}.{fingerprint(self.user)}"


def fingerprint(user: User) -> str:
    """A short digest of the password hash and the session generation: sessions end when
    either changes."""
    mark = f"{user.password_hash}\x00{user.session_generation}"
    return hashlib.sha256(mark.encode()).hexdigest()[:16]


def _load(session_id: str) -> Account | None:
    user_id, _, mark = session_id.partition(".")
    if not user_id.isdigit():
        return None
    # The person's languages come with them (one query instead of two, and the page's
    # language is then in the session): nearly every page asks what they work on.
    user = db().get(User, int(user_id), options=_WITH_LANGUAGES)
    if user is None or not user.active or mark != fingerprint(user):
        return None
    return Account(user)


def me() -> User | None:
    """The person making this request: an API token's owner, else the logged-in user."""
    token_user = g.get("api_user")
    if isinstance(token_user, User):
        return token_user
    # Flask-Login keeps the loaded account in g._login_user (login_user and logout_user
    # replace it); reading it directly spares the proxy on the many calls of one page.
    account = g.get("_login_user")
    if account is None:
        account = current_user._get_current_object()
    if isinstance(account, Account) and account.is_authenticated:
        return account.user
    return None


def person() -> User:
    """The person making this request (views behind ``login_required`` only)."""
    user = me()
    if user is None:
        raise PermissionDeniedError("log in first")
    return user


def require_admin(user: User, *, doing: str) -> None:
    """Refuse ``doing`` to anyone but an active admin."""
    if not user.active or user.role != Role.ADMIN:
        raise PermissionDeniedError(f"{user.name} is a {user.role}: only admins may {doing}")


def require_login() -> ResponseReturnValue | None:
    """A blueprint's ``before_request``: anonymous visitors go to the login page."""
    if me() is None:
        return login_manager.unauthorized()  # type: ignore[no-any-return]
    return None


def init_app(app: Flask) -> None:
    """Set up Flask-Login: anonymous visitors are sent to the login page."""
    login_manager.user_loader(_load)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
