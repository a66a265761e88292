"""The workflow of translations (DESIGN §4): the only way anything changes one.

The web UI, the API, the CLI's import and machine drafting all call these
functions with a session, the acting :class:`User` and keyword arguments; the
caller commits (``db.transaction``).  Every change is an :class:`Event`;
nothing is deleted.  Saves are optimistic (``base_version``); approvals are
bound to the exact text they approved.  Identical sentences of a document
share their translation (propagation) unless a translator unlinks one.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError, PermissionDeniedError, WorkflowError
from translate_app.segment import characters
from translate_app.store.models import Event, Segment, Translation, User
from translate_app.store.states import State
from translate_app.workflow import changes, revisions
from translate_app.workflow.policy import (
    check_live,
    check_save_state,
    enabled_language,
    require,
)

__all__ = ["SAVE_ACTIONS", "get_translation", "history", "link", "restore", "save", "unlink"]

SAVE_ACTIONS = frozenset({"edit", "restore", "import", "draft"})
"""Event actions a :func:`save` may be recorded as."""
_MACHINE_ORIGINS = ("mt:", "tm:")


def get_translation(
    session: Session, segment: Segment, lang: str, *, create: bool = False
) -> Translation:
    """The translation of ``segment`` into ``lang``.

    When there is none yet: a transient EMPTY translation at version 0, or with
    ``create`` a stored one (created safely against concurrent writers).
    """
    tr = revisions.find(session, segment.id, lang)
    if tr is not None:
        return tr
    if not create:
        return revisions.empty_translation(segment, lang)
    revisions.ensure_rows(session, [segment.id], lang)
    tr = revisions.find(session, segment.id, lang)
    if tr is None:  # cannot happen: just inserted, or inserted by a concurrent writer
        raise WorkflowError(f"translation of {segment.key} [{lang}] could not be created")
    return tr


def save(
    session: Session,
    segment: Segment,
    lang: str,
    text: str,
    *,
    user: User | None,
    base_version: int,
    state: State = State.TRANSLATED,
    origin: str | None = None,
    note: str = "",
    action: str = "edit",
) -> Translation:
    """Write ``text`` as the translation of ``segment`` into ``lang``.

    ``base_version`` is the version the person started from; when another
    change came first, :class:`ConflictError` carries the current text and
    ``text``.  ``state`` is EMPTY (clearing; ``text`` must be empty), DRAFT or
    TRANSLATED, never APPROVED.  ``origin`` defaults to ``human:<name>``;
    ``user`` may be None only for system writes that name their origin
    (``import:<file>``, ``mt:<engine>``).  Saving the text and state already
    there changes nothing.  A text with a control character or a lone surrogate is
    refused (:class:`~translate_app.segment.characters.CharacterError`).  A real change
    drops every approval and is copied to the linked translations of identical segments
    (action ``propagate``).
    """
    characters.check(text)
    enabled_language(session, lang)
    origin = _check_writer(session, user, lang, origin, doing="translate")
    state = check_save_state(text, state)
    if origin.startswith(_MACHINE_ORIGINS) and state > State.DRAFT:
        raise WorkflowError(f"{origin} output is a draft until a person confirms it")
    if action not in SAVE_ACTIONS:
        raise WorkflowError(f"unknown action {action!r} for a save")
    check_live(segment)
    changes.prepare(session, segment, lang, text)
    group = revisions.lock_group(session, segment, lang)
    tr = group.target
    if base_version != tr.version:
        raise revisions.conflict(session, tr, base_version, text)
    if _unchanged(tr, text, state):
        return tr
    author = _author(user, origin)
    changes.write(
        session,
        tr,
        text=text,
        state=state,
        user=user,
        origin=origin,
        action=action,
        note=note,
        expected_version=base_version,
        author_id=author,
    )
    for other in group.linked_others:
        if _unchanged(other, text, state):
            continue
        changes.write(
            session,
            other,
            text=text,
            state=state,
            user=user,
            origin=origin,
            action="propagate",
            note=f"from {segment.key}",
            expected_version=other.version,
            author_id=author,
        )
    session.flush()
    return tr


def restore(
    session: Session,
    event_id: int,
    *,
    user: User,
    base_version: int,
    side: Literal["new", "old"] = "new",
) -> Translation:
    """Save the text of a past event again (its ``new`` or ``old`` side) as action ``restore``.

    The restored text is TRANSLATED (DRAFT if it was a draft then, EMPTY if
    empty); the event stays in the history like every other.
    """
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"no history event {event_id}")
    if side not in {"new", "old"}:
        raise WorkflowError(f"side must be 'new' or 'old', not {side!r}")
    text = event.new_text if side == "new" else event.old_text
    then = event.new_state if side == "new" else event.old_state
    state = State.EMPTY if not text else min(max(then, State.DRAFT), State.TRANSLATED)
    tr = event.translation
    return save(
        session,
        tr.segment,
        tr.language_code,
        text,
        user=user,
        base_version=base_version,
        state=state,
        action="restore",
        note=f"restored the {side} text of event {event_id}",
    )


def unlink(session: Session, segment: Segment, lang: str, *, user: User) -> Translation:
    """Split this occurrence from its identical segments: edits no longer propagate."""
    enabled_language(session, lang)
    require(session, user, lang, review=False, doing="unlink a translation")
    group = revisions.lock_group(session, segment, lang)
    tr = group.target
    if tr.linked:
        tr.linked = False
        revisions.record(session, tr, user=user, action="unlink", note=f"split {segment.key}")
        session.flush()
    return tr


def link(session: Session, segment: Segment, lang: str, *, user: User) -> Translation:
    """Join this occurrence to its identical segments again, taking their latest text."""
    enabled_language(session, lang)
    require(session, user, lang, review=False, doing="link a translation")
    group = revisions.lock_group(session, segment, lang)
    tr = group.target
    if tr.linked:
        return tr
    tr.linked = True
    sources = sorted((o for o in group.linked_others if o.text), key=lambda o: (o.updated_at, o.id))
    if sources and (sources[-1].text, sources[-1].state) != (tr.text, tr.state):
        source = sources[-1]
        changes.write(
            session,
            tr,
            text=source.text,
            state=min(source.state, State.TRANSLATED),
            user=user,
            origin=source.origin,
            action="link",
            note=f"joined {segment.key}",
            expected_version=tr.version,
            author_id=source.last_human_author_id,
        )
    else:
        revisions.record(session, tr, user=user, action="link", note=f"joined {segment.key}")
    session.flush()
    return tr


def history(session: Session, segment: Segment, lang: str) -> list[Event]:
    """Events of the translation of ``segment`` into ``lang``, newest first."""
    query = (
        select(Event)
        .join(Translation, Event.translation_id == Translation.id)
        .where(Translation.segment_id == segment.id, Translation.language_code == lang)
        .order_by(Event.id.desc())
    )
    return list(session.scalars(query))


def _check_writer(
    session: Session, user: User | None, lang: str, origin: str | None, *, doing: str
) -> str:
    if user is None:
        if not origin or origin.startswith("human:"):
            raise PermissionDeniedError(
                "a change without a user must name a non-human origin (import:, mt:, tm:)"
            )
        return origin
    require(session, user, lang, review=False, doing=doing)
    own = f"human:{user.name}"
    if origin and origin.startswith("human:") and origin != own:
        raise PermissionDeniedError(f"{user.name} cannot save as {origin!r}")
    return origin or own


def _author(user: User | None, origin: str) -> int | None:
    """Who wrote the text, for the four-eyes rule (nobody when a machine did)."""
    if user is None or origin.startswith(_MACHINE_ORIGINS):
        return None
    return user.id


def _unchanged(tr: Translation, text: str, state: State) -> bool:
    """Same text, and same state (or TRANSLATED asked of an APPROVED text)."""
    if tr.text != text:
        return False
    return tr.state == state or (state == State.TRANSLATED and tr.state == State.APPROVED)
