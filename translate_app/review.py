"""Review: approvals and rejections by editors (DESIGN §4).

An approval is bound to the exact text and version it approved; when a
language's number of approvals is reached the translation becomes APPROVED.
Any later edit deactivates the approvals (``revisions.write``).  A rejection
needs a reason and sends the text back to DRAFT.  Identical, linked segments
with the same text share approvals and rejections.  Use these through
``translate_app.workflow``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from translate_app import revisions
from translate_app.errors import PermissionDeniedError, WorkflowError
from translate_app.models import Approval, Segment, Translation, User
from translate_app.policy import (
    WorkflowPolicy,
    check_approvable,
    check_live,
    enabled_language,
    policy_for,
    require,
)
from translate_app.states import State


def approve(
    session: Session,
    segment: Segment,
    lang: str,
    *,
    user: User,
    version: int,
    policy: WorkflowPolicy | None = None,
) -> Translation:
    """Record ``user``'s approval of the current text (at ``version``).

    Editors and admins only, for their languages.  The text must be
    translated, its placeholders must match the source, the four-eyes rule
    must hold and nobody approves twice.  With enough approvals (per language,
    default from the policy) the state becomes APPROVED and the version moves
    on.  Linked identical segments with the same text get the approval too.
    """
    rules = policy_for(session, policy)
    language = enabled_language(session, lang)
    group = _locked_for_review(session, segment, lang, user, version, doing="approve")
    tr = group.target
    check_approvable(session, segment, tr, user, rules)
    needed = rules.needed_for(language)
    _add_approval(session, tr, user, needed, note="")
    for other in group.linked_others:
        try:
            if other.text == tr.text:
                check_approvable(session, segment, other, user, rules)
                _add_approval(session, other, user, needed, note=f"propagated from {segment.key}")
        except (WorkflowError, PermissionDeniedError):
            continue  # that occurrence needs its own review
    session.flush()
    return tr


def reject(
    session: Session,
    segment: Segment,
    lang: str,
    *,
    user: User,
    version: int,
    reason: str,
) -> Translation:
    """Send the translation back to DRAFT, dropping its approvals; ``reason`` is required.

    Linked identical segments with the same text are rejected along with it.
    """
    if not reason.strip():
        raise WorkflowError("a rejection needs a reason the translator can act on")
    enabled_language(session, lang)
    group = _locked_for_review(session, segment, lang, user, version, doing="reject")
    tr = group.target
    if not tr.text:
        raise WorkflowError(f"segment {segment.key} [{lang}] has no translation to reject")
    revisions.set_state(session, tr, State.DRAFT, user=user, action="reject", note=reason)
    for other in group.linked_others:
        if other.text == tr.text and other.state > State.DRAFT:
            note = f"{reason} (propagated from {segment.key})"
            revisions.set_state(session, other, State.DRAFT, user=user, action="reject", note=note)
    session.flush()
    return tr


def approvals(session: Session, segment: Segment, lang: str) -> list[Approval]:
    """Approvals that stand for the current text, oldest first."""
    tr = revisions.find(session, segment.id, lang)
    return [] if tr is None else revisions.active_approvals(session, tr)


def _add_approval(session: Session, tr: Translation, user: User, needed: int, note: str) -> None:
    revisions.touch(session, tr, tr.version, tr.text)
    session.add(Approval(translation_id=tr.id, user_id=user.id, version=tr.version, text=tr.text))
    session.flush()
    count = revisions.count_active_approvals(session, tr)
    label = f"approval {count} of {needed}" + (f", {note}" if note else "")
    if count >= needed and tr.state != State.APPROVED:
        revisions.set_state(
            session,
            tr,
            State.APPROVED,
            user=user,
            action="approve",
            note=label,
            drop_approvals=False,
        )
    else:
        revisions.record(session, tr, user=user, action="approve", note=label)


def _locked_for_review(
    session: Session, segment: Segment, lang: str, user: User, version: int, *, doing: str
) -> revisions.Group:
    """The segment's group, locked, after the reviewer's rights and the version are checked."""
    require(session, user, lang, review=True, doing=doing)
    check_live(segment)
    group = revisions.lock_group(session, segment, lang)
    if version != group.target.version:
        seen = revisions.text_at_version(session, group.target, version)
        raise revisions.conflict(session, group.target, version, seen)
    return group
