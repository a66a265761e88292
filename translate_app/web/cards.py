"""What the editor and the review page show of each segment: one query per page, not per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from translate_app.errors import ConflictError
from translate_app.segment.placeholders import problems
from translate_app.store.models import (
    Approval,
    Assignment,
    CheckResult,
    Comment,
    Event,
    Segment,
    Translation,
    User,
)
from translate_app.store.states import State
from translate_app.web.database import read


class SegmentView(NamedTuple):
    """What a card shows of its segment (read as a plain row: no ORM object per card)."""

    id: int
    key: str
    source: str
    previous_source: str | None
    codes: list[dict[str, Any]]
    context: str
    position: int
    block: int
    kind: str


@dataclass
class CheckView:
    """One failed check of the current text (not acknowledged)."""

    id: int
    """The stored :class:`CheckResult` (a warning is acknowledged by its id)."""
    check_id: str
    severity: str
    """``error`` (blocks approval) or ``warning``."""
    message: str


@dataclass
class Rejection:
    """Why the current text was sent back."""

    reason: str
    by: str
    at: datetime


@dataclass
class ApprovalView:
    """Who approved the current text, and when."""

    by: str
    at: datetime


@dataclass
class Card:
    """One segment with its translation, as the editor and the review page show it."""

    segment: SegmentView
    text: str = ""
    state: State = State.EMPTY
    version: int = 0
    origin: str = ""
    author: str | None = None
    """Who last wrote the text by hand."""
    updated_at: datetime | None = None
    checks: list[CheckView] = field(default_factory=list)
    open_comments: int = 0
    rejection: Rejection | None = None
    approvals: list[ApprovalView] = field(default_factory=list)
    assignee: str | None = None
    """Who the segment is assigned to in the language (the name the UI shows)."""
    conflict: ConflictError | None = None
    """Set when this person's save was refused: both texts are shown."""
    error: str = ""
    """Why the last action on this card was refused."""
    typed: str | None = None
    """What the person typed, kept when a save was refused."""

    @property
    def key(self) -> str:
        return self.segment.key

    @property
    def outdated(self) -> bool:
        """The source was edited since this text was written (DRAFT with a previous source)."""
        return self.segment.previous_source is not None and self.state == State.DRAFT

    @property
    def field_text(self) -> str:
        """What the text field holds: the person's refused text, else the stored one."""
        return self.typed if self.typed is not None else self.text

    @property
    def placeholder_problems(self) -> list[str]:
        """Placeholders of the text that do not match the source, when no stored check says so
        (texts written before the checks ran)."""
        if not self.text or any(c.check_id == "placeholders" for c in self.checks):
            return []
        return problems(self.segment.source, self.text)

    @property
    def blocking(self) -> list[str]:
        """Error-level problems: approval is refused while there are any."""
        found = [c.message for c in self.checks if c.severity == "error"]
        return found + [p for p in self.placeholder_problems if p not in found]


def load_cards(session: Session, segment_ids: Sequence[int], lang: str) -> list[Card]:
    """Cards for ``segment_ids`` (in that order) in ``lang``."""
    if not segment_ids:
        return []
    # Plain rows from statements built once (below): ORM objects, statement building and the
    # ORM's execution path were most of the editor page's database time.
    ids = list(segment_ids)
    rows = read(session, _CARDS, {"ids": ids, "lang": lang}).all()
    comments = dict(read(session, _OPEN_COMMENTS, {"ids": ids, "lang": lang}).all())
    by_id = {row[0]: row for row in rows}
    translated = [row for row in rows if row.tr_id is not None]
    checks = _checks(session, [row.tr_id for row in translated])
    rejections = _rejections(
        session, {row.tr_id: row.version for row in translated if row.state == State.DRAFT}
    )
    approvals = _approvals(
        session, [row.tr_id for row in translated if row.state >= State.TRANSLATED]
    )
    cards = []
    for sid in segment_ids:
        row = by_id[sid]
        card = Card(segment=SegmentView._make(row[:_SEGMENT_WIDTH]),
                    open_comments=comments.get(sid, 0))  # fmt: skip
        if row.assignee_name is not None:
            card.assignee = row.assignee_display or row.assignee_name
        tr_id = row.tr_id
        if tr_id is not None:
            card.text, card.state, card.version, card.origin = (
                row.text, row.state, row.version, row.origin,
            )  # fmt: skip
            card.updated_at = row.updated_at if row.version else None
            if row.author_name is not None:
                card.author = row.author_display or row.author_name
            card.checks = checks.get(tr_id, [])
            card.rejection = rejections.get(tr_id)
            card.approvals = approvals.get(tr_id, [])
        cards.append(card)
    return cards


# The statements of a page, built once: ``ids`` (expanding) and ``lang`` are bound per call.
_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_LANG: BindParameter[str] = bindparam("lang")
_AUTHOR = aliased(User)
_ASSIGNEE = aliased(User)
_SEGMENT_COLUMNS = (
    Segment.id, Segment.key, Segment.source, Segment.previous_source, Segment.codes,
    Segment.context, Segment.position, Segment.block, Segment.kind,
)  # fmt: skip
_SEGMENT_WIDTH = len(_SEGMENT_COLUMNS)
assert len(SegmentView._fields) == _SEGMENT_WIDTH
_CARDS = (
    select(
        *_SEGMENT_COLUMNS,
        Translation.id.label("tr_id"), Translation.text, Translation.state,
        Translation.version, Translation.origin, Translation.updated_at,
        _AUTHOR.name.label("author_name"), _AUTHOR.display_name.label("author_display"),
        _ASSIGNEE.name.label("assignee_name"),
        _ASSIGNEE.display_name.label("assignee_display"),
    )
    .outerjoin(
        Translation, (Translation.segment_id == Segment.id) & (Translation.language_code == _LANG)
    )
    .outerjoin(_AUTHOR, _AUTHOR.id == Translation.last_human_author_id)
    .outerjoin(
        Assignment, (Assignment.segment_id == Segment.id) & (Assignment.language_code == _LANG)
    )
    .outerjoin(_ASSIGNEE, _ASSIGNEE.id == Assignment.user_id)
    .where(Segment.id.in_(_IDS))
)  # fmt: skip
_OPEN_COMMENTS = (
    select(Comment.segment_id, func.count(Comment.id))
    .where(
        Comment.segment_id.in_(_IDS),
        Comment.resolved_at.is_(None),
        (Comment.language_code == _LANG) | Comment.language_code.is_(None),
    )
    .group_by(Comment.segment_id)
)
# Results of the current versions only: every save adds the results of its version, so a
# much-edited text has many older ones.
_CHECKS = (
    select(CheckResult.id, CheckResult.translation_id, CheckResult.check_id,
           CheckResult.severity, CheckResult.message)
    .join(Translation, (Translation.id == CheckResult.translation_id)
          & (Translation.version == CheckResult.version))
    .where(CheckResult.translation_id.in_(_IDS), CheckResult.acknowledged_at.is_(None))
    .order_by(CheckResult.id)
)  # fmt: skip
_REJECTIONS = (
    select(Event.translation_id, Event.version, Event.note, Event.created_at,
           User.name, User.display_name)
    .outerjoin(User, Event.user_id == User.id)
    .where(Event.translation_id.in_(_IDS), Event.action == "reject")
)  # fmt: skip
_APPROVALS = (
    select(Approval.translation_id, Approval.created_at, User.name, User.display_name)
    .join(User, Approval.user_id == User.id)
    .where(Approval.translation_id.in_(_IDS), Approval.active.is_(True))
    .order_by(Approval.id)
)  # fmt: skip


def _checks(session: Session, ids: list[int]) -> dict[int, list[CheckView]]:
    found: dict[int, list[CheckView]] = defaultdict(list)
    if not ids:
        return found
    for result_id, translation_id, check_id, severity, message in read(
        session, _CHECKS, {"ids": ids}
    ):
        found[translation_id].append(CheckView(result_id, check_id, severity, message))
    return found


def _rejections(session: Session, drafts: dict[int, int]) -> dict[int, Rejection]:
    """The rejections of the current versions of ``drafts`` (translation id: version)."""
    if not drafts:
        return {}
    found: dict[int, Rejection] = {}
    for translation_id, version, note, at, name, display in read(
        session, _REJECTIONS, {"ids": list(drafts)}
    ):
        if drafts.get(translation_id) == version:
            found[translation_id] = Rejection(note, display or name or "", at)
    return found


def _approvals(session: Session, ids: list[int]) -> dict[int, list[ApprovalView]]:
    found: dict[int, list[ApprovalView]] = defaultdict(list)
    if not ids:
        return found
    for translation_id, at, name, display in read(session, _APPROVALS, {"ids": ids}):
        found[translation_id].append(ApprovalView(display or name, at))
    return found
