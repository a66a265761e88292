"""Personal API tokens: shown once when created, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError, PermissionDeniedError, WorkflowError
from translate_app.store.models import ApiToken, User, utcnow

TOKEN_PREFIX = "ta_"
"""Every token starts with this, so a leaked one is easy to recognise (and to scan for)."""
PREFIX_LENGTH = 8
"""Characters of the token kept in clear, to tell tokens apart."""
TOUCH_EVERY = timedelta(minutes=1)
"""``last_used_at`` is updated at most this often (no write per request)."""


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` is shown once and never stored."""

    row: ApiToken
    secret: str


def digest(secret: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create(session: Session, user: User, name: str) -> NewToken:
    """A new token for ``user`` called ``name``."""
    name = name.strip()
    if not name or len(name) > 100:
        raise WorkflowError("a token needs a name of 1 to 100 characters (what it is for)")
    if not user.active:
        raise PermissionDeniedError(f"{user.name} is deactivated and may not create tokens")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id, name=name, token_hash=digest(secret), prefix=secret[:PREFIX_LENGTH]
    )
    session.add(row)
    session.flush()
    return NewToken(row=row, secret=secret)


def revoke(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens (revoking twice changes nothing)."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFoundError(f"no API token {token_id} of {user.name}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
    return row


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """``user``'s tokens, newest first (revoked ones included)."""
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(session.scalars(query))


def verify(session: Session, secret: str) -> User | None:
    """The active owner of the live token ``secret``, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        row.last_used_at = now
    return row.user
