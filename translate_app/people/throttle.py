"""Login throttling that cannot be raced, and that cannot be turned against the people it guards.

The decision to check a password is one atomic statement on the database (an
``INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING``, the same on SQLite and
PostgreSQL): it reserves the attempt on the row of the login name and address
*before* the password is checked, so concurrent attempts cannot overshoot, and
every process of the web server agrees.

- **Per name and address**: :attr:`Limits.free` attempts without a wait, then each
  further attempt waits ``base_delay · 2^k`` seconds (capped at ``max_delay``).  A
  success forgets the name's failures from that address; so does a day without attempts.
- **Per address**: a much higher ceiling of failures (any names) within a window.  It
  only holds back names that already failed from that address: a person who has not
  failed from there always gets their password checked, so an address shared by an
  office, a shelter or a VPN is never locked for everyone by one guesser.
- Another address never slows a name: the owner logs in from theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, and_, case, delete, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from translate_app.store.db import upsert_insert
from translate_app.store.models import LoginThrottle

NAME: Literal["name"] = "name"
"""Scope of a login name's row (per address)."""
ADDRESS: Literal["address"] = "address"
"""Scope of an address's row (any names; its ``name`` is empty)."""
_TABLE = LoginThrottle.__table__


@dataclass(frozen=True)
class Limits:
    """How attempts are slowed."""

    free: int = 5
    """Attempts for one name from one address before waits begin."""
    base_delay: int = 30
    """Seconds of the first wait; each further attempt doubles it."""
    max_delay: int = 15 * 60
    """Longest wait between attempts for one name and address."""
    forget_after: int = 24 * 3600
    """A name's failures are forgotten after this long without attempts."""
    per_address: int = 100
    """Failures from one address within ``window`` that hold back names which failed there."""
    window: int = 15 * 60
    """Seconds over which an address's failures count."""

    def delay(self, attempts: int) -> int:
        """Seconds to wait after the ``attempts``-th attempt (0 below :attr:`free`)."""
        if attempts < self.free:
            return 0
        return min(self.base_delay << min(attempts - self.free, 30), self.max_delay)


@dataclass(frozen=True)
class Decision:
    """Whether a password is checked, and which throttle key decided."""

    outcome: Literal["allowed", "delayed", "refused"]
    """``allowed``: checked; ``delayed``: this name and address must wait;
    ``refused``: the address's ceiling holds back a name that failed there."""
    key: Literal["name", "address"]
    """The row that decided (``name``: the name and address; ``address``: the address)."""
    attempts: int
    """The name's attempts counted from this address (this one included when allowed)."""
    retry_after: int
    """Seconds until an attempt may be checked again (0 when allowed)."""

    @property
    def allowed(self) -> bool:
        return self.outcome == "allowed"

    def as_log(self) -> dict[str, Any]:
        """Fields for the request's log line."""
        return {
            "decision": self.outcome,
            "key": self.key,
            "attempts": self.attempts,
            "retry_after": self.retry_after,
        }


def _insert(connection: Connection) -> Any:
    return upsert_insert(connection.dialect.name)(_TABLE)


def reserve(connection: Connection, name: str, ip: str, now: int, limits: Limits) -> Decision:
    """Decide whether a password for ``name`` from ``ip`` is checked, counting the attempt
    as a failure until :func:`succeeded` says otherwise (call in a transaction of its own,
    committed before the password is checked)."""
    name, ip = name[:255], ip[:64]
    t = _TABLE.c
    remembered = t.last_at >= now - limits.forget_after
    before: ColumnElement[int] = case((remembered, t.failures), else_=0)
    attempts = before + 1
    steps = [
        (attempts == n, limits.delay(n))
        for n in range(limits.free, limits.free + 32)
        if limits.delay(n) < limits.max_delay
    ]
    delay = case(*steps, else_=limits.max_delay) if steps else limits.max_delay
    blocked = case((attempts >= limits.free, now + delay), else_=0)
    address = _TABLE.alias("address")
    address_failures = (
        select(address.c.failures)
        .where(
            address.c.scope == ADDRESS,
            address.c.name == "",
            address.c.ip == ip,
            address.c.first_at > now - limits.window,
        )
        .scalar_subquery()
    )
    statement = (
        _insert(connection)
        .values(
            scope=NAME,
            name=name,
            ip=ip,
            failures=1,
            first_at=now,
            last_at=now,
            blocked_until=now + limits.delay(1) if limits.delay(1) else 0,
        )
        .on_conflict_do_update(
            index_elements=[t.scope, t.name, t.ip],
            set_={
                "failures": attempts,
                "last_at": now,
                "blocked_until": blocked,
                "first_at": case((remembered, t.first_at), else_=now),
            },
            where=and_(
                t.blocked_until <= now,
                or_(before == 0, func.coalesce(address_failures, 0) < limits.per_address),
            ),
        )
        .returning(t.failures)
    )
    counted = connection.execute(statement).scalar()
    if counted is not None:
        return Decision("allowed", NAME, counted, 0)
    row = connection.execute(
        select(t.failures, t.blocked_until).where(t.scope == NAME, t.name == name, t.ip == ip)
    ).first()
    if row is None:  # forgotten meanwhile by a success: the next attempt decides afresh
        return Decision("delayed", NAME, 0, 1)
    if row.blocked_until > now:
        return Decision("delayed", NAME, row.failures, row.blocked_until - now)
    since = connection.execute(
        select(t.first_at).where(t.scope == ADDRESS, t.name == "", t.ip == ip)
    ).scalar()
    wait = (since or now) + limits.window - now
    return Decision("refused", ADDRESS, row.failures, max(wait, 1))


def failed(connection: Connection, ip: str, now: int, limits: Limits) -> None:
    """Count a wrong password against the address (the name's row counted it already)."""
    ip = ip[:64]
    t = _TABLE.c
    current = t.first_at > now - limits.window
    connection.execute(
        _insert(connection)
        .values(
            scope=ADDRESS, name="", ip=ip, failures=1, first_at=now, last_at=now, blocked_until=0
        )
        .on_conflict_do_update(
            index_elements=[t.scope, t.name, t.ip],
            set_={
                "failures": case((current, t.failures + 1), else_=1),
                "first_at": case((current, t.first_at), else_=now),
                "last_at": now,
            },
        )
    )
    # Rows nobody has used for a day say nothing any more.
    connection.execute(delete(LoginThrottle).where(t.last_at < now - limits.forget_after))


def succeeded(connection: Connection, name: str, ip: str) -> None:
    """A right password: the name's failures from this address are forgotten."""
    t = _TABLE.c
    connection.execute(
        delete(LoginThrottle).where(t.scope == NAME, t.name == name[:255], t.ip == ip[:64])
    )


@dataclass(frozen=True)
class Throttle:
    """A throttle in force, as an admin sees it."""

    scope: str
    name: str
    ip: str
    failures: int
    last_at: int
    retry_after: int
    """Seconds until the next attempt is checked (0: not waiting now)."""


def current(connection: Connection, now: int, limits: Limits) -> list[Throttle]:
    """Throttles that still count: names with failures remembered, addresses in their window."""
    t = _TABLE.c
    live = or_(
        and_(t.scope == NAME, t.failures > 0, t.last_at >= now - limits.forget_after),
        and_(t.scope == ADDRESS, t.first_at > now - limits.window),
    )
    rows = connection.execute(
        select(t.scope, t.name, t.ip, t.failures, t.first_at, t.last_at, t.blocked_until)
        .where(live)
        .order_by(t.last_at.desc())
        .limit(200)
    )
    found = []
    for row in rows:
        if row.scope == NAME:
            wait = max(row.blocked_until - now, 0)
        elif row.failures >= limits.per_address:
            wait = row.first_at + limits.window - now
        else:
            wait = 0
        found.append(Throttle(row.scope, row.name, row.ip, row.failures, row.last_at, wait))
    return found


def clear(connection: Connection, scope: str, name: str, ip: str) -> bool:
    """Forget one throttle (an admin's decision); whether there was one."""
    t = _TABLE.c
    result = connection.execute(
        delete(LoginThrottle).where(t.scope == scope, t.name == name, t.ip == ip)
    )
    return bool(result.rowcount)
