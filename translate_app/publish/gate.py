"""The publish gate: which translations go into an edition, and why the others stay out.

A translation goes in when its state is at least ``min_state`` and it has no
error-level check failure (``checks.run_checks`` with the language's glossary,
and errors stored for its current version);
its text must also be writable into the span of its segment.  Every other
segment keeps its source text (``fallback="source"``) or refuses the build
(``fallback="fail"``).  The gate is computed once and serves ``status``, every
format of the build, the colophon and the bilingual review copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.checks import ERROR, CheckFailure, run_checks
from translate_app.errors import TranslateAppError
from translate_app.glossary.terms import GlossaryMatcher, matcher
from translate_app.people.languages import enabled_languages, get_language
from translate_app.segment import model
from translate_app.segment.rebuild import RenderError, render
from translate_app.store.models import CheckResult, Segment, Translation
from translate_app.store.parsed import SEGMENT_COLUMNS, document_row, parsed_segment
from translate_app.store.states import State

Fallback = Literal["source", "fail"]

IN = "in"
"""Outcome: the translation goes into the edition."""
BELOW = "below"
"""Outcome: no translation at or above the gate; the source stays."""
BLOCKED = "blocked"
"""Outcome: a translation at the gate with an error-level failure; the source stays."""


class BuildError(TranslateAppError):
    """An edition cannot be built as asked (segments below the gate with ``fallback="fail"``)."""


@dataclass(frozen=True)
class Decision:
    """What the gate decided for one segment."""

    segment: model.ParsedSegment
    """The segment (span into the stored source text)."""
    state: State
    """State of its translation (EMPTY when there is none)."""
    text: str
    """The translation ("" when there is none)."""
    origin: str
    """Where the translation came from (``human:olena``, ``mt:google``, ``import:uk.po``)."""
    words: int
    """Source words of the segment."""
    outcome: str
    """:data:`IN`, :data:`BELOW` or :data:`BLOCKED`."""
    rendered: str | None = None
    """The translation in source-text form (Markdown, YAML) when it goes in."""
    failures: tuple[CheckFailure, ...] = ()
    """Check failures of the translation (errors and warnings)."""

    @property
    def included(self) -> bool:
        """Whether the translation goes into the edition."""
        return self.outcome == IN

    @property
    def machine_unedited(self) -> bool:
        """A machine or memory draft nobody has confirmed yet."""
        return self.state == State.DRAFT and self.origin.startswith(("mt:", "tm:"))

    @property
    def errors(self) -> list[CheckFailure]:
        """The error-level failures."""
        return [f for f in self.failures if f.is_error]


@dataclass
class Gate:
    """The gate's decisions for one document in one language."""

    slug: str
    lang: str
    min_state: State
    document: model.ParsedDocument
    """The stored source and its segments."""
    revision: int
    """The document's revision (incremented by each ingest that changed the text)."""
    source_hash: str
    """SHA-256 of the source text."""
    decisions: list[Decision] = field(default_factory=list)
    """One per segment, in document order."""
    checks: ClassVar[str] = "translate_app.checks"
    """Which checks ran, as ``status --json``, the gate's first line and the bilingual review
    copy say it: always the checks package (kept as it was written before: a file format)."""

    def by_outcome(self, outcome: str) -> list[Decision]:
        """Decisions with ``outcome``."""
        return [d for d in self.decisions if d.outcome == outcome]

    @property
    def included(self) -> list[Decision]:
        """Segments whose translation goes in."""
        return self.by_outcome(IN)

    @property
    def falling_back(self) -> list[Decision]:
        """Segments that keep the source (below the gate or blocked)."""
        return [d for d in self.decisions if not d.included]

    @property
    def blocked(self) -> list[Decision]:
        """Segments with a translation at the gate refused for an error-level failure."""
        return self.by_outcome(BLOCKED)

    def below_by_state(self) -> dict[State, int]:
        """Segments below the gate, per state of their translation."""
        counts = Counter(d.state for d in self.by_outcome(BELOW))
        return {state: counts[state] for state in State if counts[state]}

    def require_complete(self, fallback: Fallback) -> None:
        """Raise :class:`BuildError` when segments fall back and ``fallback`` is ``fail``."""
        missing = self.falling_back
        if fallback != "fail" or not missing:
            return
        below = len(self.by_outcome(BELOW))
        blocked = len(self.blocked)
        shown = ", ".join(d.segment.key for d in missing[:5]) + (" ..." if len(missing) > 5 else "")
        why = f"{below} of {len(self.decisions)} segments are below {self.min_state.label}"
        if blocked:
            why += f", {blocked} blocked by error-level checks"
        raise BuildError(
            f"{self.slug} [{self.lang}]: {why} ({shown}); translate them or use --fallback source"
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON (``status --lang L --json``)."""
        return {
            "slug": self.slug,
            "language": self.lang,
            "min_state": self.min_state.label,
            "checks": self.checks,
            "segments": len(self.decisions),
            "included": len(self.included),
            "falling_back": len(self.falling_back),
            "below": {s.label: n for s, n in self.below_by_state().items()},
            "blocked": [_entry(d) for d in self.blocked],
            "fallbacks": [_entry(d) for d in self.falling_back],
        }


def _entry(d: Decision) -> dict[str, Any]:
    return {
        "key": d.segment.key,
        "line": d.segment.line,
        "state": d.state.label,
        "source": d.segment.source,
        "errors": [{"check": f.check_id, "message": f.message} for f in d.errors],
    }


def compute_gate(
    session: Session, slug: str, lang: str, *, min_state: State = State.APPROVED
) -> Gate:
    """The gate's decision for every segment of ``slug`` in ``lang`` (nothing is written)."""
    row = document_row(session, slug)
    # One read of the segments with their translations (plain rows): a 40,000-sentence
    # document is in memory in a fifth of a second.
    found = session.connection().execute(
        select(*SEGMENT_COLUMNS, Segment.words, Translation.text, Translation.state,
               Translation.origin, Translation.id)
        .outerjoin(Translation, (Translation.segment_id == Segment.id)
                   & (Translation.language_code == lang))
        .where(Segment.document_id == row.id, Segment.obsolete.is_(False))
        .order_by(Segment.position)
    )  # fmt: skip
    stored = _stored_errors(session, row.id, lang)
    terms = matcher(session, lang)
    doc = model.ParsedDocument(slug=row.slug, path=row.path, text=row.source_text)
    gate = Gate(
        slug=slug, lang=lang, min_state=min_state, document=doc, revision=row.revision,
        source_hash=row.source_hash,
    )  # fmt: skip
    states = {int(state): state for state in State}
    checked: dict[tuple[str, str], list[CheckFailure]] = {}
    width = len(SEGMENT_COLUMNS)
    for values in found:
        segment = parsed_segment(values[:width])
        extra: Sequence[Any] = values[width:]
        words, text, state, origin, tid = extra
        doc.segments.append(segment)
        base = Decision(
            segment, states[state] if state is not None else State.EMPTY, text or "",
            origin or "", words, outcome=BELOW,
        )  # fmt: skip
        decision = _decide(base, min_state, lang, stored.get(tid, []), terms, checked)
        gate.decisions.append(decision)
    return gate


def _decide(  # noqa: PLR0917 -- the decision's inputs, and the memo of checks
    base: Decision,
    min_state: State,
    lang: str,
    stored: list[CheckFailure],
    terms: GlossaryMatcher,
    memo: dict[tuple[str, str], list[CheckFailure]] | None = None,
) -> Decision:
    """``base`` (below the gate) decided: in, blocked, or still below.

    ``memo`` keeps the check results of (source, translation) pairs already seen: identical
    sentences with identical translations (propagation makes them common) are checked once.
    """
    segment, text = base.segment, base.text
    if not text or base.state < min_state:
        return base
    pair = (segment.source, text)
    checked = memo.get(pair) if memo is not None else None
    if checked is None:
        checked = run_checks(segment.source, text, lang=lang, matcher=terms)
        if memo is not None:
            memo[pair] = checked
    failures = tuple(dict.fromkeys([*checked, *stored]))
    if any(f.is_error for f in failures):
        return _decided(base, BLOCKED, None, failures)
    try:
        rendered = render(segment, text)
    except RenderError as exc:
        failure = CheckFailure("render", ERROR, str(exc).split(": ", 1)[-1])
        return _decided(base, BLOCKED, None, (*failures, failure))
    return _decided(base, IN, rendered, failures)


def _decided(
    base: Decision, outcome: str, rendered: str | None, failures: tuple[CheckFailure, ...]
) -> Decision:
    """``base`` with its outcome (what ``dataclasses.replace`` does, a fifth of its time)."""
    return Decision(
        base.segment, base.state, base.text, base.origin, base.words, outcome, rendered, failures
    )


def _stored_errors(session: Session, document_id: int, lang: str) -> dict[int, list[CheckFailure]]:
    """Error-level results stored for the current version of each translation."""
    found = session.execute(
        select(CheckResult.translation_id, CheckResult.check_id, CheckResult.message)
        .join(Translation, CheckResult.translation_id == Translation.id)
        .join(Segment, Translation.segment_id == Segment.id)
        .where(
            Segment.document_id == document_id,
            Translation.language_code == lang,
            CheckResult.version == Translation.version,
            CheckResult.severity == ERROR,
        )
    )
    result: dict[int, list[CheckFailure]] = {}
    for tid, check_id, message in found:
        result.setdefault(tid, []).append(CheckFailure(check_id, ERROR, message))
    return result


def languages_for(session: Session, lang: str) -> list[str]:
    """``all`` -> every enabled language; otherwise the stored codes of the list ``lang``."""
    if lang.strip() == "all":
        found = [language.code for language in enabled_languages(session)]
        if not found:
            raise TranslateAppError("no enabled languages: translate-app languages add CODE")
        return found
    return [get_language(session, code.strip()).code for code in lang.split(",") if code.strip()]


def gates(
    session: Session, slug: str, langs: Sequence[str], *, min_state: State = State.APPROVED
) -> list[Gate]:
    """The publish gate of ``slug`` in each of ``langs``."""
    return [compute_gate(session, slug, lang, min_state=min_state) for lang in langs]
