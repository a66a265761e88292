"""What the editor and the review page show of each segment: one query per page, not per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from translate_app.errors import ConflictError
from translate_app.models import (
    Approval,
    Assignment,
    CheckResult,
    Comment,
    Event,
    Segment,
    Translation,
    User,
)
from translate_app.segment.placeholders import problems
from translate_app.states import State


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

    segment: Segment
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
    rows = session.execute(
        select(Segment, Translation, Assignment.user_id)
        .outerjoin(
            Translation,
            (Translation.segment_id == Segment.id) & (Translation.language_code == lang),
        )
        .outerjoin(
            Assignment,
            (Assignment.segment_id == Segment.id) & (Assignment.language_code == lang),
        )
        .where(Segment.id.in_(segment_ids))
    ).all()
    by_id = {segment.id: (segment, tr) for segment, tr, _assignee in rows}
    assigned = {segment.id: assignee for segment, _tr, assignee in rows if assignee is not None}
    translations = [tr for _s, tr in by_id.values() if tr is not None]
    names = _names(
        session, {tr.last_human_author_id for tr in translations} | set(assigned.values())
    )
    checks = _checks(session, translations)
    comments = _open_comments(session, segment_ids, lang)
    rejections = _rejections(session, [t for t in translations if t.state == State.DRAFT])
    approvals = _approvals(session, translations)
    cards = []
    for sid in segment_ids:
        segment, tr = by_id[sid]
        card = Card(segment=segment, open_comments=comments.get(sid, 0))
        if sid in assigned:
            card.assignee = names.get(assigned[sid])
        if tr is not None:
            card.text, card.state, card.version, card.origin = (
                tr.text, tr.state, tr.version, tr.origin,
            )  # fmt: skip
            card.updated_at = tr.updated_at if tr.version else None
            card.author = names.get(tr.last_human_author_id or 0)
            card.checks = checks.get(tr.id, [])
            card.rejection = rejections.get(tr.id)
            card.approvals = approvals.get(tr.id, [])
        cards.append(card)
    return cards


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    users = session.scalars(select(User).where(User.id.in_(wanted)))
    return {user.id: user.label for user in users}


def _checks(session: Session, translations: list[Translation]) -> dict[int, list[CheckView]]:
    found: dict[int, list[CheckView]] = defaultdict(list)
    if not translations:
        return found
    # Results of the current versions only: every save adds the results of its version, so
    # a much-edited text has many older ones.
    query = (
        select(CheckResult.id, CheckResult.translation_id, CheckResult.check_id,
               CheckResult.severity, CheckResult.message)
        .join(Translation, (Translation.id == CheckResult.translation_id)
              & (Translation.version == CheckResult.version))
        .where(CheckResult.translation_id.in_([tr.id for tr in translations]),
               CheckResult.acknowledged_at.is_(None))
        .order_by(CheckResult.id)
    )  # fmt: skip
    for result_id, translation_id, check_id, severity, message in session.execute(query):
        found[translation_id].append(CheckView(result_id, check_id, severity, message))
    return found


def _open_comments(session: Session, segment_ids: Sequence[int], lang: str) -> dict[int, int]:
    query = (
        select(Comment.segment_id, func.count(Comment.id))
        .where(
            Comment.segment_id.in_(segment_ids),
            Comment.resolved_at.is_(None),
            (Comment.language_code == lang) | Comment.language_code.is_(None),
        )
        .group_by(Comment.segment_id)
    )
    return {row[0]: row[1] for row in session.execute(query)}


def _rejections(session: Session, drafts: list[Translation]) -> dict[int, Rejection]:
    if not drafts:
        return {}
    version = {tr.id: tr.version for tr in drafts}
    query = (
        select(Event, User)
        .outerjoin(User, Event.user_id == User.id)
        .where(Event.translation_id.in_(version), Event.action == "reject")
    )
    found: dict[int, Rejection] = {}
    for event, user in session.execute(query):
        if version.get(event.translation_id) == event.version:
            found[event.translation_id] = Rejection(
                event.note, user.label if user else "", event.created_at
            )
    return found


def _approvals(session: Session, translations: list[Translation]) -> dict[int, list[ApprovalView]]:
    ids = [tr.id for tr in translations if tr.state >= State.TRANSLATED]
    found: dict[int, list[ApprovalView]] = defaultdict(list)
    if not ids:
        return found
    query = (
        select(Approval, User)
        .join(User, Approval.user_id == User.id)
        .where(Approval.translation_id.in_(ids), Approval.active.is_(True))
        .order_by(Approval.id)
    )
    for approval, user in session.execute(query):
        found[approval.translation_id].append(ApprovalView(user.label, approval.created_at))
    return found
