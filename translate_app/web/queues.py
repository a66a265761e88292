"""Each person's own queue: segments assigned to them, drafts to confirm, texts waiting for
their review, rejections of their work, and open comments that mention them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from translate_app.store.models import (
    Approval,
    Assignment,
    Comment,
    Document,
    Event,
    Language,
    Role,
    Segment,
    Translation,
    User,
)
from translate_app.store.states import State
from translate_app.workflow.policy import REVIEWING_ROLES, policy_for

SHOWN = 10
"""Items listed per queue (the counts cover all)."""


@dataclass(frozen=True)
class Count:
    """How many items of a queue are in one document and language."""

    slug: str
    title: str
    lang: str
    count: int


@dataclass(frozen=True)
class Item:
    """One item of a queue, with what the person needs to act on it."""

    slug: str
    lang: str
    key: str
    source: str
    text: str
    note: str
    by: str
    at: datetime


@dataclass
class Queues:
    """A person's queues."""

    assigned: list[Count] = field(default_factory=list)
    """Segments assigned to the person that are not translated yet (empty or draft)."""
    drafts: list[Count] = field(default_factory=list)
    """Drafts (machine, imported, outdated or saved as draft) in the person's languages."""
    review: list[Count] = field(default_factory=list)
    """Translated texts the person may approve (not their own under four-eyes, not approved
    by them yet)."""
    rejected: list[Item] = field(default_factory=list)
    """The person's texts that an editor sent back, with the reason."""
    mentions: list[Item] = field(default_factory=list)
    """Open comments that mention ``@name``."""


def languages_of(session: Session, user: User) -> list[str]:
    """The enabled languages ``user`` works on (all of them for admins), by code."""
    if user.role == Role.ADMIN:
        return list(session.scalars(select(Language.code).where(Language.enabled)))
    # The relationship is loaded once per session; the policy's checks read it too.
    return sorted(language.code for language in user.languages if language.enabled)


def _counts(session: Session, codes: list[str], *conditions: ColumnElement[bool]) -> list[Count]:
    query = (
        select(
            Document.slug, Document.title, Translation.language_code, func.count(Translation.id)
        )
        .join(Segment, Translation.segment_id == Segment.id)
        .join(Document, Segment.document_id == Document.id)
        .where(Segment.obsolete.is_(False), Translation.language_code.in_(codes), *conditions)
        .group_by(Document.slug, Document.title, Translation.language_code)
        .order_by(Document.slug, Translation.language_code)
    )
    return [Count(slug, title, lang, n) for slug, title, lang, n in session.execute(query)]


def queues(session: Session, user: User) -> Queues:
    """The queues of ``user``."""
    codes = languages_of(session, user)
    found = Queues()
    if not codes or not user.active:
        return found
    found.assigned = _assigned(session, user, codes)
    found.drafts = _counts(session, codes, Translation.state == State.DRAFT)
    if user.role in REVIEWING_ROLES:
        approved_by_me = exists().where(
            Approval.translation_id == Translation.id,
            Approval.user_id == user.id,
            Approval.active.is_(True),
        )
        conditions: list[ColumnElement[bool]] = [
            Translation.state == State.TRANSLATED,
            ~approved_by_me,
        ]
        if policy_for(session).four_eyes:
            conditions.append(
                Translation.last_human_author_id.is_(None)
                | (Translation.last_human_author_id != user.id)
            )
        found.review = _counts(session, codes, *conditions)
    found.rejected = _rejected(session, user)
    found.mentions = _mentions(session, user, codes)
    return found


def _assigned(session: Session, user: User, codes: list[str]) -> list[Count]:
    tr = Translation
    query = (
        select(Document.slug, Document.title, Assignment.language_code, func.count(Assignment.id))
        .join(Segment, Assignment.segment_id == Segment.id)
        .join(Document, Segment.document_id == Document.id)
        .outerjoin(tr, (tr.segment_id == Assignment.segment_id)
                   & (tr.language_code == Assignment.language_code))
        .where(Assignment.user_id == user.id, Assignment.language_code.in_(codes),
               Segment.obsolete.is_(False), tr.id.is_(None) | (tr.state <= State.DRAFT))
        .group_by(Document.slug, Document.title, Assignment.language_code)
        .order_by(Document.slug, Assignment.language_code)
    )  # fmt: skip
    return [Count(slug, title, lang, n) for slug, title, lang, n in session.execute(query)]


def _rejected(session: Session, user: User) -> list[Item]:
    reviewer = User.__table__.alias("reviewer")
    query = (
        select(Document.slug, Translation.language_code, Segment.key, Segment.source,
               Translation.text, Event.note, reviewer.c.display_name, reviewer.c.name,
               Event.created_at)
        .join(Segment, Translation.segment_id == Segment.id)
        .join(Document, Segment.document_id == Document.id)
        .join(Event, and_(Event.translation_id == Translation.id,
                          Event.version == Translation.version, Event.action == "reject"))
        .outerjoin(reviewer, reviewer.c.id == Event.user_id)
        .where(Translation.last_human_author_id == user.id, Translation.state == State.DRAFT,
               Segment.obsolete.is_(False))
        .order_by(Event.id.desc())
        .limit(SHOWN)
    )  # fmt: skip
    return [
        Item(slug, lang, key, source, text, note, display or name or "", at)
        for slug, lang, key, source, text, note, display, name, at in session.execute(query)
    ]


def _mentions(session: Session, user: User, codes: list[str]) -> list[Item]:
    author = User.__table__.alias("author")
    query = (
        select(Document.slug, Comment.language_code, Segment.key, Segment.source, Comment.text,
               author.c.display_name, author.c.name, Comment.created_at)
        .join(Segment, Comment.segment_id == Segment.id)
        .join(Document, Segment.document_id == Document.id)
        .join(author, author.c.id == Comment.user_id)
        .where(Comment.resolved_at.is_(None), Comment.text.contains(f"@{user.name}",
                                                                   autoescape=True))
        .order_by(Comment.id.desc())
        .limit(SHOWN)
    )  # fmt: skip
    items = []
    for slug, lang, key, source, text, display, name, at in session.execute(query):
        shown_lang = lang or (codes[0] if codes else "")
        if lang is None or lang in codes:
            items.append(Item(slug, shown_lang, key, source, "", text, display or name, at))
    return items
