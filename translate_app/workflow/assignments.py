"""Assignments: which person is to translate which segments into a language.

An editor (or an admin) of a language hands segments to a person who may edit it, as
Crowdin's tasks or Pontoon's assignment do, kept lean: one assignee per segment and
language, reassigning replaces, unassigning removes.  Nothing here changes a translation,
so assignments are not events in its history (an :class:`~translate_app.store.models.Event`
belongs to a translation row and is shown with a restore button); the row itself says
who assigned the segment and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Table, delete, exists, select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError, WorkflowError
from translate_app.store.db import upsert_insert
from translate_app.store.models import Assignment, Role, Segment, User, user_languages, utcnow
from translate_app.workflow.policy import EDITING_ROLES, enabled_language, may_edit, require

_TABLE = cast(Table, Assignment.__table__)
CHUNK = 500
"""Segments written per statement (SQLite limits the parameters of one statement)."""


def assignable(session: Session, lang: str) -> list[User]:
    """The people segments in ``lang`` may be assigned to: active, and allowed to edit it
    (admins included), by the name the UI shows."""
    works_on = exists().where(
        user_languages.c.user_id == User.id, user_languages.c.language_code == lang
    )
    query = select(User).where(
        User.active.is_(True),
        User.role.in_([role.value for role in EDITING_ROLES]),
        (User.role == Role.ADMIN.value) | works_on,
    )
    return sorted(session.scalars(query), key=lambda user: (user.label.casefold(), user.name))


def assign(
    session: Session, segment_ids: Iterable[int], lang: str, assignee: User, *, by: User
) -> int:
    """Assign the segments ``segment_ids`` in ``lang`` to ``assignee``; returns how many.

    ``by`` must be an editor of the language or an admin; ``assignee`` must be active and
    allowed to edit the language; obsolete segments are refused.  A segment assigned to
    someone else is reassigned.  Everything is checked before anything is written.
    """
    ids = _unique(segment_ids)
    enabled_language(session, lang)
    require(session, by, lang, review=True, doing="assign segments")
    if not assignee.active:
        raise WorkflowError(f"{assignee.name} is deactivated and cannot be assigned segments")
    if not may_edit(session, assignee, lang):
        raise WorkflowError(
            f"{assignee.name} ({assignee.role}) does not translate {lang!r} "
            f"and cannot be assigned its segments"
        )
    _check_segments(session, ids)
    if not ids:
        return 0
    session.flush()
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {"segment_id": sid, "language_code": lang, "user_id": assignee.id,
         "assigned_by_id": by.id, "created_at": now}
        for sid in ids
    ]  # fmt: skip
    insert = upsert_insert(session.get_bind().dialect.name)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        if insert is not None:
            stmt = insert(_TABLE).values(chunk)
            stmt = stmt.on_conflict_do_update(
                index_elements=["segment_id", "language_code"],
                set_={name: stmt.excluded[name] for name in
                      ("user_id", "assigned_by_id", "created_at")},
            )  # fmt: skip
            session.execute(stmt)
        else:  # other databases: no upsert, single-writer use only
            _delete(session, [row["segment_id"] for row in chunk], lang)
            session.execute(_TABLE.insert(), chunk)
    return len(ids)


def unassign(session: Session, segment_ids: Iterable[int], lang: str, *, by: User) -> int:
    """Take the segments ``segment_ids`` in ``lang`` from whoever has them; returns how many
    were assigned.  ``by`` must be an editor of the language or an admin."""
    ids = _unique(segment_ids)
    enabled_language(session, lang)
    require(session, by, lang, review=True, doing="unassign segments")
    session.flush()
    return sum(_delete(session, ids[start : start + CHUNK], lang)
               for start in range(0, len(ids), CHUNK))  # fmt: skip


def assigned_to(session: Session, segment_ids: Sequence[int], lang: str) -> dict[int, str]:
    """The login name of each segment's assignee in ``lang`` (assigned segments only)."""
    if not segment_ids:
        return {}
    query = (
        select(Assignment.segment_id, User.name)
        .join(User, User.id == Assignment.user_id)
        .where(Assignment.segment_id.in_(segment_ids), Assignment.language_code == lang)
    )
    return dict(session.execute(query).all())


def _unique(segment_ids: Iterable[int]) -> list[int]:
    return sorted(set(segment_ids))


def _check_segments(session: Session, ids: list[int]) -> None:
    found: dict[int, tuple[str, bool]] = {}
    for start in range(0, len(ids), CHUNK):
        query = select(Segment.id, Segment.key, Segment.obsolete).where(
            Segment.id.in_(ids[start : start + CHUNK])
        )
        found.update((sid, (key, obsolete)) for sid, key, obsolete in session.execute(query))
    missing = [sid for sid in ids if sid not in found]
    if missing:
        raise NotFoundError(f"no segment with id {missing[0]}")
    obsolete = [key for key, gone in found.values() if gone]
    if obsolete:
        more = f" (and {len(obsolete) - 1} more)" if len(obsolete) > 1 else ""
        raise WorkflowError(
            f"segment {obsolete[0]}{more} is obsolete (no longer in the source) "
            "and cannot be assigned"
        )


def _delete(session: Session, ids: list[int], lang: str) -> int:
    if not ids:
        return 0
    result = session.connection().execute(
        delete(_TABLE).where(_TABLE.c.segment_id.in_(ids), _TABLE.c.language_code == lang)
    )
    return result.rowcount
