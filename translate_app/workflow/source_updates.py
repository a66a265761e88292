"""What a source update does to translations (system actions, no user).

Called by ``documents.ingest``: an edited sentence keeps its translations as
drafts (:func:`outdate`); a new occurrence of a translated sentence gets the
translation of its identical, linked segments (:func:`fill_from_group`).
Both write through ``changes`` like every other change, so both are events.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.store.models import Segment, Translation
from translate_app.store.states import State
from translate_app.workflow import changes, revisions

_CHUNK = 500
"""Segments per query (bound parameters stay well under SQLite's limit)."""


def outdate(session: Session, segments: Sequence[Segment], *, note: str = "") -> int:
    """Drop every non-empty translation of ``segments`` to DRAFT (source edited; system action).

    Returns how many translations were outdated.
    """
    ids = sorted(segment.id for segment in segments)
    count = 0
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(Translation)
            .where(Translation.segment_id.in_(ids[start : start + _CHUNK]), Translation.text != "")
            .order_by(Translation.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        for tr in list(session.scalars(query)):
            changes.set_state(session, tr, State.DRAFT, user=None, action="outdated", note=note)
            count += 1
    return count


def fill_from_group(session: Session, segment: Segment) -> int:
    """Give a new segment the translations of its identical, linked segments (system action).

    Returns how many translations were filled.
    """
    if not segment.group_hash:
        return 0
    query = (
        select(Translation)
        .join(Segment, Translation.segment_id == Segment.id)
        .where(
            Segment.document_id == segment.document_id,
            Segment.group_hash == segment.group_hash,
            Segment.id != segment.id,
            Segment.obsolete.is_(False),
            Translation.linked.is_(True),
            Translation.text != "",
        )
        .order_by(Translation.updated_at.desc(), Translation.id.desc())
    )
    best: dict[str, Translation] = {}
    for tr in session.scalars(query):
        best.setdefault(tr.language_code, tr)
    for code, source in sorted(best.items()):
        group = revisions.lock_group(session, segment, code)
        tr = group.target
        if tr.text or not tr.linked:
            continue
        changes.write(
            session,
            tr,
            text=source.text,
            state=min(source.state, State.TRANSLATED),
            user=None,
            origin=source.origin,
            action="propagate",
            note="new occurrence of a translated sentence",
            expected_version=tr.version,
            author_id=source.last_human_author_id,
        )
    return len(best)
