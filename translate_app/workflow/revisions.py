"""Low-level, race-safe writing of translations; used by ``workflow.changes`` only.

Every change of a translation's text or state goes through :func:`write`:
one ``UPDATE ... WHERE id = :id AND version = :expected`` whose row count
decides whether the change happened, so two writers starting from the same
version can never both win, on SQLite or PostgreSQL.  The change is recorded
as an :class:`Event` in the same transaction.

Rows of a group of identical segments are created and locked in one fixed
order (by id), so concurrent saves that propagate to each other wait instead
of deadlocking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from translate_app.errors import ConflictError
from translate_app.store.db import upsert_insert
from translate_app.store.models import Approval, Event, Segment, Translation, User, utcnow
from translate_app.store.states import State

_TABLE = cast(Table, Translation.__table__)


@dataclass
class Group:
    """A translation and those of the other segments with the same source (locked)."""

    target: Translation
    """The translation being changed."""
    others: list[Translation]
    """Translations of the other, non-obsolete segments of the group, by id."""

    @property
    def linked_others(self) -> list[Translation]:
        """The others that share text with the target (empty if the target is unlinked)."""
        if not self.target.linked:
            return []
        return [tr for tr in self.others if tr.linked]


def empty_translation(segment: Segment, code: str) -> Translation:
    """A transient EMPTY translation (not added to the session)."""
    return Translation(
        segment_id=segment.id,
        language_code=code,
        text="",
        state=State.EMPTY,
        version=0,
        origin="",
        linked=True,
    )


def find(session: Session, segment_id: int, code: str) -> Translation | None:
    """The stored translation, re-read from the database, or None."""
    query = select(Translation).where(
        Translation.segment_id == segment_id, Translation.language_code == code
    )
    return session.scalars(query.execution_options(populate_existing=True)).one_or_none()


def ensure_rows(session: Session, segment_ids: Sequence[int], code: str) -> None:
    """Create EMPTY rows that do not exist yet, in id order, without racing other writers."""
    if not segment_ids:
        return
    session.flush()
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {
            "segment_id": sid,
            "language_code": code,
            "text": "",
            "state": State.EMPTY,
            "version": 0,
            "origin": "",
            "linked": True,
            "updated_at": now,
        }
        for sid in sorted(set(segment_ids))
    ]
    insert = upsert_insert(session.get_bind().dialect.name)
    if insert is not None:
        stmt = (
            insert(_TABLE)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["segment_id", "language_code"])
        )
        session.execute(stmt)
        return
    for row in rows:  # other databases: no concurrent-safe upsert, single-writer use only
        if find(session, row["segment_id"], code) is None:
            session.add(Translation(**row))
    session.flush()


def lock_group(session: Session, segment: Segment, code: str) -> Group:
    """Create (if needed), lock and read the translations of ``segment``'s group.

    Locks are taken with ``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the
    row creation already holds the database's write lock until commit (for a group of
    identical sentences; a lone sentence's existing row is not locked before its write).
    """
    ids = [segment.id]
    if segment.group_hash:
        ids += session.scalars(
            select(Segment.id).where(
                Segment.document_id == segment.document_id,
                Segment.group_hash == segment.group_hash,
                Segment.obsolete.is_(False),
                Segment.id != segment.id,
            )
        ).all()
    query = (
        select(Translation)
        .where(Translation.segment_id.in_(ids), Translation.language_code == code)
        .order_by(Translation.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    # A sentence without twins: when its row exists, nothing needs the lock before the write
    # itself, whose version check settles any race.  SQLite then holds its database-wide write
    # lock only from that write to the commit.
    rows = list(session.scalars(query)) if len(ids) == 1 else []
    if not rows:
        ensure_rows(session, ids, code)
        rows = list(session.scalars(query))
    target = next(tr for tr in rows if tr.segment_id == segment.id)
    return Group(target=target, others=[tr for tr in rows if tr is not target])


def conflict(session: Session, tr: Translation, base_version: int, attempted: str) -> ConflictError:
    """The error for a write that named ``base_version`` when another one was current."""
    text, version = session.execute(
        select(Translation.text, Translation.version).where(Translation.id == tr.id)
    ).one()
    key = session.scalar(select(Segment.key).where(Segment.id == tr.segment_id))
    return ConflictError(
        f"segment {key} [{tr.language_code}] was changed by someone else: it is at version "
        f"{version}, your change started from version {base_version}; your text was kept",
        current_text=text,
        current_version=version,
        attempted_text=attempted,
    )


def write(
    session: Session,
    tr: Translation,
    *,
    text: str,
    state: State,
    user: User | None,
    origin: str,
    action: str,
    note: str = "",
    expected_version: int,
    author_id: int | None,
    drop_approvals: bool = True,
    attempted: str | None = None,
) -> Event:
    """Change ``tr`` if it is still at ``expected_version``; record and return the event.

    ``author_id`` becomes the last human author of the text.  Raises
    :class:`ConflictError` (carrying ``attempted`` or ``text``) when the row
    moved on.
    """
    session.flush()
    now = utcnow()
    values: dict[str, Any] = {
        "text": text,
        "state": state,
        "version": expected_version + 1,
        "origin": origin,
        "updated_at": now,
        "updated_by_id": user.id if user is not None else None,
        "last_human_author_id": author_id,
    }
    result = session.connection().execute(
        update(_TABLE)
        .where(_TABLE.c.id == tr.id, _TABLE.c.version == expected_version)
        .values(**values)
    )
    if result.rowcount != 1:
        raise conflict(session, tr, expected_version, text if attempted is None else attempted)
    old_text, old_state = tr.text, tr.state
    for name, value in values.items():
        set_committed_value(tr, name, value)
    session.expire(tr, ["updated_by", "last_human_author"])
    if drop_approvals:
        deactivate_approvals(session, tr)
    event = Event(
        translation_id=tr.id,
        user_id=user.id if user is not None else None,
        created_at=now,
        action=action,
        old_text=old_text,
        new_text=text,
        old_state=old_state,
        new_state=state,
        origin=origin,
        note=note,
        version=expected_version + 1,
    )
    session.add(event)
    return event


def touch(session: Session, tr: Translation, expected_version: int, attempted: str) -> None:
    """Lock ``tr``'s row and check it is still at ``expected_version`` without changing it."""
    session.flush()
    result = session.connection().execute(
        update(_TABLE)
        .where(_TABLE.c.id == tr.id, _TABLE.c.version == expected_version)
        .values(version=_TABLE.c.version)
    )
    if result.rowcount != 1:
        raise conflict(session, tr, expected_version, attempted)


def record(
    session: Session, tr: Translation, *, user: User | None, action: str, note: str = ""
) -> Event:
    """An event that changes neither text nor state (approval counted, unlink, ...)."""
    event = Event(
        translation_id=tr.id,
        user_id=user.id if user is not None else None,
        created_at=utcnow(),
        action=action,
        old_text=tr.text,
        new_text=tr.text,
        old_state=tr.state,
        new_state=tr.state,
        origin=tr.origin,
        note=note,
        version=tr.version,
    )
    session.add(event)
    return event


def deactivate_approvals(session: Session, tr: Translation) -> None:
    """Make every approval of ``tr`` inactive (they were bound to another text)."""
    session.execute(
        update(Approval)
        .where(Approval.translation_id == tr.id, Approval.active.is_(True))
        .values(active=False)
        .execution_options(synchronize_session=False)
    )


def active_approvals(session: Session, tr: Translation) -> list[Approval]:
    """Approvals of ``tr`` that still stand, oldest first."""
    query = select(Approval).where(Approval.translation_id == tr.id, Approval.active.is_(True))
    return list(session.scalars(query.order_by(Approval.id)))


def count_active_approvals(session: Session, tr: Translation) -> int:
    """Number of approvals of ``tr`` that still stand."""
    query = select(func.count(Approval.id)).where(
        Approval.translation_id == tr.id, Approval.active.is_(True)
    )
    return session.scalar(query) or 0


def text_at_version(session: Session, tr: Translation, version: int) -> str:
    """The text ``tr`` had at ``version`` (from its history; empty if unknown)."""
    query = (
        select(Event.new_text)
        .where(Event.translation_id == tr.id, Event.version == version)
        .order_by(Event.id.desc())
        .limit(1)
    )
    return session.scalar(query) or ""
