"""Which segments a page shows: filters (state, failing checks, outdated, search, assigned to
me, my texts) and pages cut at block boundaries, so a paragraph is never split across two
pages."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, exists, select
from sqlalchemy.orm import Session

from translate_app.store.models import Assignment, CheckResult, Document, Segment, Translation, User
from translate_app.store.states import State
from translate_app.web.database import read

PAGE_SIZE = 40
"""Segments per page, about (a page ends at the end of a block)."""
UNTRANSLATED = "untranslated"
"""The ``state`` value that asks for empty texts and drafts together (not translated yet)."""


@dataclass(frozen=True)
class Filters:
    """What the person asked to see."""

    state: State | None = None
    untranslated: bool = False
    """Only segments not translated yet: empty or draft (``state=untranslated``)."""
    checks: bool = False
    """Only texts with failed checks."""
    outdated: bool = False
    """Only drafts whose source was edited since."""
    q: str = ""
    """Text to find in the source or the translation."""
    mine: bool = False
    """Only segments assigned to me (``mine=1``; the API also reads ``assigned=me``)."""
    wrote: bool = False
    """Only texts I wrote last (rejections of them included)."""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        """Read filters from query parameters (unknown values are ignored)."""
        state = None
        name = args.get("state", "")
        if name and name != UNTRANSLATED:
            try:
                state = State.parse(name)
            except ValueError:
                state = None
        return cls(
            state=state,
            untranslated=name == UNTRANSLATED,
            checks=args.get("checks") == "1",
            outdated=args.get("outdated") == "1",
            q=args.get("q", "").strip()[:200],
            mine=args.get("mine") == "1" or args.get("assigned") == "me",
            wrote=args.get("wrote") == "1",
        )

    def as_args(self) -> dict[str, Any]:
        """Query parameters that give these filters back."""
        args: dict[str, Any] = {}
        if self.state is not None:
            args["state"] = self.state.label
        elif self.untranslated:
            args["state"] = UNTRANSLATED
        for name in ("checks", "outdated", "mine", "wrote"):
            if getattr(self, name):
                args[name] = "1"
        if self.q:
            args["q"] = self.q
        return args

    @property
    def active(self) -> bool:
        return bool(self.as_args())


def matching(
    session: Session, document: Document, lang: str, filters: Filters, user: User | None
) -> list[tuple[int, int]]:
    """``(segment id, block)`` of the live segments that match, in document order."""
    query = _matching_query(
        filters.state,
        untranslated=filters.untranslated,
        outdated=filters.outdated,
        mine=filters.mine and user is not None,
        wrote=filters.wrote and user is not None,
        checks=filters.checks,
    )
    if filters.q:
        tr = Translation
        query = query.where(
            Segment.source.icontains(filters.q, autoescape=True)
            | tr.text.icontains(filters.q, autoescape=True)
        )
    params = {"document": document.id, "lang": lang, "user": user.id if user else None}
    return [(sid, block) for sid, block in read(session, query, params).all()]


@functools.lru_cache(maxsize=128)
def _matching_query(
    state: State | None,
    *,
    untranslated: bool,
    outdated: bool,
    mine: bool,
    wrote: bool,
    checks: bool,
) -> Select[int, int]:
    """The statement of one combination of filters (search aside), built once; the document,
    language and person are bound per call (``document``, ``lang``, ``user``)."""
    tr = Translation
    lang: BindParameter[str] = bindparam("lang")
    query = (
        select(Segment.id, Segment.block)
        .outerjoin(tr, (tr.segment_id == Segment.id) & (tr.language_code == lang))
        .where(Segment.document_id == bindparam("document"), Segment.obsolete.is_(False))
        .order_by(Segment.position)
    )
    if state is State.EMPTY:
        query = query.where(tr.id.is_(None) | (tr.state == State.EMPTY))
    elif state is not None:
        query = query.where(tr.state == state)
    elif untranslated:
        query = query.where(tr.id.is_(None) | (tr.state <= State.DRAFT))
    if outdated:
        query = query.where(Segment.previous_source.is_not(None), tr.state == State.DRAFT)
    if mine:
        query = query.where(
            exists().where(
                Assignment.segment_id == Segment.id,
                Assignment.language_code == lang,
                Assignment.user_id == bindparam("user"),
            )
        )
    if wrote:
        query = query.where(tr.last_human_author_id == bindparam("user"))
    if checks:
        query = query.where(
            exists().where(
                CheckResult.translation_id == tr.id,
                CheckResult.version == tr.version,
                CheckResult.acknowledged_at.is_(None),
            )
        )
    return query


def pages(rows: list[tuple[int, int]], size: int | None = None) -> list[list[int]]:
    """Segment ids cut into pages of about ``size`` (:data:`PAGE_SIZE`), each ending at the
    end of a block."""
    size = size or PAGE_SIZE
    result: list[list[int]] = []
    current: list[int] = []
    previous_block: int | None = None
    for sid, block in rows:
        if len(current) >= size and block != previous_block:
            result.append(current)
            current = []
        current.append(sid)
        previous_block = block
    if current:
        result.append(current)
    return result


def page_of(all_pages: list[list[int]], segment_id: int) -> int:
    """The 1-based page holding ``segment_id`` (1 if none does)."""
    for number, ids in enumerate(all_pages, 1):
        if segment_id in ids:
            return number
    return 1
