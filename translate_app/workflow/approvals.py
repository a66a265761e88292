"""Review: approvals and rejections by editors (DESIGN §4).

An approval is bound to the exact text and version it approved; when a
language's number of approvals is reached the translation becomes APPROVED.
Any later edit deactivates the approvals (``revisions.write``).  A rejection
needs a reason and sends the text back to DRAFT.  Identical, linked segments
with the same text share approvals and rejections.  Use these through
``translate_app.workflow.editing``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from translate_app.errors import PermissionDeniedError, WorkflowError
from translate_app.segment import characters
from translate_app.segment.placeholders import problems
from translate_app.store.models import Approval, Segment, Translation, User
from translate_app.store.states import State
from translate_app.workflow import changes, check_results, revisions
from translate_app.workflow.policy import (
    WorkflowPolicy,
    check_live,
    enabled_language,
    policy_for,
    require,
)


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
    characters.check(reason, what="the reason")
    enabled_language(session, lang)
    group = _locked_for_review(session, segment, lang, user, version, doing="reject")
    tr = group.target
    if not tr.text:
        raise WorkflowError(f"segment {segment.key} [{lang}] has no translation to reject")
    changes.set_state(session, tr, State.DRAFT, user=user, action="reject", note=reason)
    for other in group.linked_others:
        if other.text == tr.text and other.state > State.DRAFT:
            note = f"{reason} (propagated from {segment.key})"
            changes.set_state(session, other, State.DRAFT, user=user, action="reject", note=note)
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
        changes.set_state(
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

def check_approvable(
    session: Session, segment: Segment, tr: Translation, user: User, policy: WorkflowPolicy
) -> None:
    """Refuse an approval of ``tr`` by ``user`` that the workflow does not allow.

    The text must be translated with the placeholders of the source and pass
    every error-level check (``check_results.blocking``: a forbidden term...); with the
    four-eyes rule its last human author may not approve it; nobody approves
    the same text twice.  (Role and language are checked by :func:`require`.)
    """
    where = f"segment {segment.key} [{tr.language_code}]"
    if not tr.text or tr.state < State.TRANSLATED:
        raise WorkflowError(f"{where} is {tr.state.label}: only a translated text is approved")
    found = problems(segment.source, tr.text)
    if found:
        raise WorkflowError(f"{where} cannot be approved: " + "; ".join(found))
    failed = check_results.blocking(session, tr)
    if failed:
        raise WorkflowError(f"{where} cannot be approved: " + "; ".join(map(str, failed)))
    if policy.four_eyes and tr.last_human_author_id == user.id:
        raise PermissionDeniedError(
            f"{user.name} wrote the current text of {where} and may not approve it "
            "(four-eyes rule: another editor must)"
        )
    if any(a.user_id == user.id for a in revisions.active_approvals(session, tr)):
        raise WorkflowError(f"{user.name} has approved {where} already")
