"""Login throttling: too many failures for a name or from an address lock logins for a while.

Every attempt is a :class:`LoginAttempt` row (also the audit trail).  While
locked, the password is not even checked, so guessing gains nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from translate_app.store.models import LoginAttempt, utcnow


@dataclass(frozen=True)
class Limits:
    """How many failures within ``window`` lock further attempts."""

    per_name: int = 5
    """Failed attempts for one login name."""
    per_ip: int = 20
    """Failed attempts from one address (any names)."""
    window: timedelta = timedelta(minutes=15)
    """How far back failures count; the lock ends when old failures age out."""


def locked(session: Session, name: str, ip: str, limits: Limits) -> bool:
    """Whether attempts for ``name`` or from ``ip`` are locked right now.

    A successful login for the name resets its count (failures before it no longer count).
    """
    since = utcnow() - limits.window
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.name == name, LoginAttempt.success.is_(True), LoginAttempt.at >= since
        )
    )
    failed = LoginAttempt.success.is_(False)
    by_name = session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.name == name, failed, LoginAttempt.at >= (last_success or since)
        )
    )
    by_ip = session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.ip == ip, failed, LoginAttempt.at >= since
        )
    )
    return (by_name or 0) >= limits.per_name or (by_ip or 0) >= limits.per_ip


def record(session: Session, name: str, ip: str, *, success: bool) -> None:
    """Remember one attempt."""
    session.add(LoginAttempt(name=name[:255], ip=ip[:64], at=utcnow(), success=success))
    session.flush()
