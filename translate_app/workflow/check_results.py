"""Check results in the store: recorded for every version of a translation, acknowledged by people.

``workflow.changes.write`` calls :func:`after_write` for every change: the checks of
the new text run (well under a millisecond) and each failure becomes a
:class:`CheckResult` of that version.  A change of state alone keeps the
acknowledgements of the same failures.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from translate_app.checks.base import ERROR, WARNING, CheckFailure, run_checks
from translate_app.errors import NotFoundError, WorkflowError
from translate_app.glossary.terms import matcher
from translate_app.store.models import CheckResult, Segment, Translation, User, utcnow
from translate_app.workflow import policy


def check_translation(session: Session, tr: Translation) -> list[CheckFailure]:
    """Run every check on the current text of ``tr`` (with its language's glossary)."""
    segment = session.get(Segment, tr.segment_id)
    if segment is None or not tr.text:
        return []
    lang = tr.language_code
    return run_checks(segment.source, tr.text, lang=lang, matcher=matcher(session, lang))


_MEMO_KEY = "translate_app.checks.memo"
"""Key of the memo in ``Session.info`` (``glossary.forget`` drops it with the matchers)."""


def _memo(session: Session) -> dict[tuple[str, str, str], list[CheckFailure]]:
    """Failures already computed in the session's transaction (identical segments share text)."""
    transaction = session.get_transaction()
    memo = session.info.get(_MEMO_KEY)
    if memo is None or memo[0] is not transaction:
        memo = (transaction, {})
        session.info[_MEMO_KEY] = memo
    found: dict[tuple[str, str, str], list[CheckFailure]] = memo[1]
    return found


def before_write(session: Session, segment: Segment, lang: str, text: str) -> None:
    """Run the checks of ``text`` ahead of a write, so that :func:`after_write` finds them.

    A write holds the database's write lock (SQLite: the whole database) from its first
    change to its commit; work done here, before, keeps that window short.
    """
    if text:
        _failures(session, segment, lang, text)


def _failures(session: Session, segment: Segment, lang: str, text: str) -> list[CheckFailure]:
    """The failures of ``text``, computed once per transaction (identical segments share it)."""
    memo = _memo(session)
    key = (segment.source, lang, text)
    found = memo.get(key)
    if found is None:
        if len(memo) > 10_000:
            memo.clear()
        found = memo[key] = run_checks(
            segment.source, text, lang=lang, matcher=matcher(session, lang)
        )
    return found


def after_write(session: Session, tr: Translation, *, old_text: str, old_version: int) -> None:
    """Record the failures of ``tr``'s new version (called by ``workflow.changes.write``)."""
    if not tr.text:
        return
    segment = session.get(Segment, tr.segment_id)
    if segment is None:
        return
    failures = _failures(session, segment, tr.language_code, tr.text)
    if not failures:
        return
    kept: dict[tuple[str, str], CheckResult] = {}
    if tr.text == old_text and old_version:
        previous = session.scalars(
            select(CheckResult).where(
                CheckResult.translation_id == tr.id,
                CheckResult.version == old_version,
                CheckResult.acknowledged_at.is_not(None),
            )
        )
        kept = {(r.check_id, r.message): r for r in previous}
    rows = []
    for failure in failures:
        old = kept.get((failure.check_id, failure.message))
        rows.append({
            "translation_id": tr.id,
            "version": tr.version,
            "check_id": failure.check_id,
            "severity": failure.severity,
            "message": failure.message,
            "acknowledged_by_id": old.acknowledged_by_id if old else None,
            "acknowledged_at": old.acknowledged_at if old else None,
        })  # fmt: skip
    # One statement for all of them, written at once (a save runs this under the write lock).
    session.execute(insert(CheckResult), rows)


def results(session: Session, translation: Translation) -> list[CheckResult]:
    """Failures recorded for the current version of ``translation``."""
    return list(
        session.scalars(
            select(CheckResult)
            .where(
                CheckResult.translation_id == translation.id,
                CheckResult.version == translation.version,
            )
            .order_by(CheckResult.id)
        )
    )


def errors(session: Session, translation: Translation) -> list[CheckResult]:
    """Error-level failures of the current version (they block approval)."""
    return [r for r in results(session, translation) if r.severity == ERROR]


def open_warnings(session: Session, translation: Translation) -> list[CheckResult]:
    """Warnings of the current version that nobody has acknowledged yet."""
    return [
        r
        for r in results(session, translation)
        if r.severity == WARNING and r.acknowledged_at is None
    ]


def acknowledge(session: Session, check_result_id: int, user: User) -> CheckResult:
    """Record that ``user`` looked at a warning and keeps the text as it is.

    Anyone who may edit the language may; errors cannot be acknowledged
    (they must be fixed), nor failures of a text that has changed since.
    """
    result = session.get(CheckResult, check_result_id)
    if result is None:
        raise NotFoundError(f"no check result {check_result_id}")
    tr = result.translation
    policy.require(session, user, tr.language_code, review=False, doing="acknowledge a warning")
    if result.severity != WARNING:
        raise WorkflowError(f"{result.check_id}: an error cannot be acknowledged, only fixed")
    if result.version != tr.version:
        raise WorkflowError(
            f"{result.check_id}: this warning is about version {result.version}; the text is "
            f"at version {tr.version} now"
        )
    if result.acknowledged_at is None:
        result.acknowledged_by_id = user.id
        result.acknowledged_at = utcnow()
        session.flush()
    return result


def blocking(session: Session, tr: Translation) -> list[CheckFailure]:
    """Error-level failures of ``tr``'s text, checked now (what refuses an approval)."""
    return [f for f in check_translation(session, tr) if f.severity == ERROR]
