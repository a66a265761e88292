"""The history of everything, newest first, filtered: the events of the workflow as a feed."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.orm import Session

from translate_app.store.models import Document, Event, Segment, Translation, User
from translate_app.web.database import read

PER_PAGE = 50
"""Events per page."""
ACTIONS = ("edit", "approve", "reject", "restore", "import", "draft", "propagate", "outdated")
"""Actions the feed can be filtered by."""


@dataclass(frozen=True)
class FeedFilters:
    """What the person wants to see."""

    document: str = ""
    lang: str = ""
    user: str = ""
    action: str = ""
    new_only: bool = False
    """Only events since the person last marked the feed as seen."""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> FeedFilters:
        action = args.get("action", "")
        return cls(
            document=args.get("document", "").strip(),
            lang=args.get("lang", "").strip(),
            user=args.get("user", "").strip(),
            action=action if action in ACTIONS else "",
            new_only=args.get("new") == "1",
        )

    def as_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {k: v for k, v in self.__dict__.items() if v and k != "new_only"}
        if self.new_only:
            args["new"] = "1"
        return args


@dataclass(frozen=True)
class Entry:
    """One event as the feed shows it."""

    id: int
    at: datetime
    action: str
    who: str
    slug: str
    lang: str
    key: str
    source: str
    old_text: str
    new_text: str
    note: str
    new: bool
    """Happened since the person last looked."""


def feed(
    session: Session, filters: FeedFilters, languages: list[str], seen: datetime | None, page: int
) -> tuple[list[Entry], int]:
    """One page of events in ``languages`` matching ``filters``, and the number of pages."""
    query = (
        select(Event, Document.slug, Translation.language_code, Segment.key, Segment.source,
               User.display_name, User.name)
        .join(Translation, Event.translation_id == Translation.id)
        .join(Segment, Translation.segment_id == Segment.id)
        .join(Document, Segment.document_id == Document.id)
        .outerjoin(User, Event.user_id == User.id)
        .where(Translation.language_code.in_(languages))
    )  # fmt: skip
    if filters.document:
        query = query.where(Document.slug == filters.document)
    if filters.lang:
        query = query.where(Translation.language_code == filters.lang)
    if filters.user:
        query = query.where(User.name == filters.user)
    if filters.action:
        query = query.where(Event.action == filters.action)
    if filters.new_only and seen is not None:
        query = query.where(Event.created_at > seen)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    rows = session.execute(
        query.order_by(Event.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    )
    entries = [
        Entry(
            id=event.id, at=event.created_at, action=event.action,
            who=display or name or "", slug=slug, lang=lang, key=key, source=source,
            old_text=event.old_text, new_text=event.new_text, note=event.note,
            new=seen is None or event.created_at > seen,
        )
        for event, slug, lang, key, source, display, name in rows
    ]
    return entries, pages


def count_new(
    session: Session, languages: list[str], seen: datetime | None, *, up_to: int | None = None
) -> int:
    """Events in ``languages`` since ``seen`` (all when never seen); counting stops at
    ``up_to`` (the badge shows "99+": no need to count a long history on every page)."""
    query = _count_query(since=seen is not None, capped=up_to is not None)
    params = {"languages": languages, "seen": seen, "up_to": up_to}
    return read(session, query, params).scalar() or 0


@functools.lru_cache(maxsize=4)
def _count_query(*, since: bool, capped: bool) -> Select[int]:
    """The statement of :func:`count_new` (built once per shape: every page shows the badge)."""
    query = (
        select(Event.id)
        .join(Translation, Event.translation_id == Translation.id)
        .where(Translation.language_code.in_(bindparam("languages", expanding=True)))
    )
    if since:
        query = query.where(Event.created_at > bindparam("seen", type_=Event.created_at.type))
    if capped:
        query = query.limit(bindparam("up_to", type_=Integer))
    return select(func.count()).select_from(query.subquery())
