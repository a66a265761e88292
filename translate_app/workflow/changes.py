"""A change of a translation and what follows it: the quality checks of the new
text are recorded and the translation memory is kept in step.

Every writer in the workflow (``editing``, ``approvals``, ``source_updates``)
changes a translation through :func:`write` or :func:`set_state`; the race-safe
row update and its history event are :func:`revisions.write`'s, which knows
nothing of checks or memory.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from translate_app.memory import store as memory_store
from translate_app.store.models import Event, Segment, Translation, User
from translate_app.store.states import State
from translate_app.workflow import check_results, revisions


def prepare(session: Session, segment: Segment, code: str, text: str) -> None:
    """Read and compute ahead what writing ``text`` will need (checks, memory), outside the
    write lock that :func:`revisions.lock_group` takes."""
    check_results.before_write(session, segment, code, text)
    memory_store.before_write(session, segment)


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
    """Change ``tr`` (:func:`revisions.write`), then record its checks and update the memory."""
    old_text, old_state = tr.text, tr.state
    event = revisions.write(
        session,
        tr,
        text=text,
        state=state,
        user=user,
        origin=origin,
        action=action,
        note=note,
        expected_version=expected_version,
        author_id=author_id,
        drop_approvals=drop_approvals,
        attempted=attempted,
    )
    memory_store.after_write(session, tr, old_state=old_state, action=action)
    check_results.after_write(session, tr, old_text=old_text, old_version=expected_version)
    return event


def set_state(
    session: Session,
    tr: Translation,
    state: State,
    *,
    user: User | None,
    action: str,
    note: str = "",
    drop_approvals: bool = True,
) -> Event:
    """Change only the state of ``tr`` (same text, origin and author) from its current version."""
    return write(
        session,
        tr,
        text=tr.text,
        state=state,
        user=user,
        origin=tr.origin,
        action=action,
        note=note,
        expected_version=tr.version,
        author_id=tr.last_human_author_id,
        drop_approvals=drop_approvals,
    )
