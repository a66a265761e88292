"""Comments on segments: questions to editors, notes on terminology, review remarks."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError, PermissionDeniedError, WorkflowError
from translate_app.segment import characters
from translate_app.store.models import Comment, Role, Segment, User, utcnow
from translate_app.workflow.policy import enabled_language, may_review, require


def add_comment(
    session: Session, segment: Segment, lang: str | None, text: str, *, user: User
) -> Comment:
    """Comment on ``segment``: on its translation into ``lang``, or on the source (None)."""
    if not text.strip():
        raise WorkflowError("a comment needs some text")
    characters.check(text, what="the comment")
    if lang is None:
        if not user.active:
            raise PermissionDeniedError(f"{user.name} is deactivated and may not comment")
    else:
        enabled_language(session, lang)
        require(session, user, lang, review=False, doing="comment")
    comment = Comment(segment_id=segment.id, language_code=lang, user_id=user.id, text=text.strip())
    session.add(comment)
    session.flush()
    return comment


def resolve_comment(session: Session, comment_id: int, *, user: User) -> Comment:
    """Mark a comment resolved: by its author, an editor of its language or an admin."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFoundError(f"no comment {comment_id}")
    if comment.resolved_at is not None:
        raise WorkflowError(f"comment {comment_id} is resolved already")
    allowed = user.active and (
        user.id == comment.user_id
        or user.role == Role.ADMIN
        or (comment.language_code is not None and may_review(session, user, comment.language_code))
    )
    if not allowed:
        raise PermissionDeniedError(f"{user.name} may not resolve comment {comment_id}")
    comment.resolved_by_id = user.id
    comment.resolved_at = utcnow()
    session.flush()
    return comment


def comments(
    session: Session, segment: Segment, lang: str | None = None, *, open_only: bool = False
) -> list[Comment]:
    """Comments on ``segment`` (on the source and on ``lang``), oldest first."""
    query = select(Comment).where(Comment.segment_id == segment.id)
    if lang is not None:
        query = query.where((Comment.language_code == lang) | Comment.language_code.is_(None))
    if open_only:
        query = query.where(Comment.resolved_at.is_(None))
    return list(session.scalars(query.order_by(Comment.id)))
