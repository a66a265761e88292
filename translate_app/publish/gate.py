"""The publish gate: which translations go into an edition, and why the others stay out.

A translation goes in when its state is at least ``min_state`` and it has no
error-level check failure (from ``translate_app.checks`` when installed,
placeholder problems otherwise, and errors stored for its current version);
its text must also be writable into the span of its segment.  Every other
segment keeps its source text (``fallback="source"``) or refuses the build
(``fallback="fail"``).  The gate is computed once and serves ``status``, every
format of the build, the colophon and the review copy.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Text, cast, or_, select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError, TranslateAppError
from translate_app.forking import map_in_parts
from translate_app.languages import enabled_languages, get_language
from translate_app.models import CheckResult, Document, GlossaryTerm, Segment, Translation
from translate_app.publish import quality
from translate_app.publish.quality import Failure
from translate_app.segment import model
from translate_app.segment.rebuild import RenderError, render
from translate_app.states import State

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

    segment: model.Segment
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
    failures: tuple[Failure, ...] = ()
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
    def errors(self) -> list[Failure]:
        """The error-level failures."""
        return [f for f in self.failures if f.is_error]


@dataclass
class Gate:
    """The gate's decisions for one document in one language."""

    slug: str
    lang: str
    min_state: State
    document: model.Document
    """The stored source and its segments."""
    revision: int
    """The document's revision (incremented by each ingest that changed the text)."""
    source_hash: str
    """SHA-256 of the source text."""
    decisions: list[Decision] = field(default_factory=list)
    """One per segment, in document order."""
    checks: str = "placeholders"
    """Which checks ran: ``translate_app.checks`` or ``placeholders`` only."""

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


def stored_document(session: Session, slug: str) -> tuple[Document, model.Document]:
    """The stored document and its segment model (spans into the stored source text)."""
    row = session.scalar(select(Document).where(Document.slug == slug))
    if row is None:
        raise NotFoundError(f"no document {slug!r}; ingest it first (translate-app ingest PATH)")
    columns = (
        Segment.key, Segment.source, Segment.start, Segment.end, Segment.line, Segment.kind,
        Segment.block, Segment.syntax, cast(Segment.codes, Text), Segment.context,
        Segment.occurrence, Segment.group_hash,
    )  # fmt: skip
    session.flush()  # the bulk reads below go to the connection (plain rows, no ORM loading)
    found = session.connection().execute(
        select(*columns)
        .where(Segment.document_id == row.id, Segment.obsolete.is_(False))
        .order_by(Segment.position)
    )
    # The codes come as JSON text, decoded only when there are some (most segments have
    # none: "[]"), and the segments are made without dataclass __init__: a 40,000-sentence
    # document is read in a third of the time.
    syntax = {str(member): member for member in model.Syntax}
    segments = []
    for key, source, start, end, line, kind, block, form, codes, *rest in found:
        decoded = _codes(json.loads(codes)) if codes != "[]" else ()
        segments.append(
            model.quick_segment(key, source, start, end, line, kind, block, syntax[form],
                                decoded, *rest)
        )  # fmt: skip
    return row, model.Document(
        slug=row.slug, path=row.path, text=row.source_text, segments=segments
    )


def _codes(stored: list[dict[str, Any]]) -> tuple[model.Code, ...]:
    return tuple(
        model.Code(c["id"], model.CodeKind(c["kind"]), c["markup"], c["label"]) for c in stored
    )


def to_model(  # noqa: PLR0917 - one argument per stored column
    key: str,
    source: str,
    start: int,
    end: int,
    line: int,
    kind: str,
    block: int,
    syntax: str,
    codes: list[dict[str, Any]],
    context: str,
    occurrence: int,
    group: str,
) -> model.Segment:
    """The framework-free segment of a stored one."""
    return model.Segment(
        key=key, source=source, start=start, end=end, line=line, kind=kind, block=block,
        syntax=model.Syntax(syntax), codes=_codes(codes), context=context,
        occurrence=occurrence, group=group,
    )  # fmt: skip


def compute_gate(
    session: Session, slug: str, lang: str, *, min_state: State = State.APPROVED, jobs: int = 1
) -> Gate:
    """The gate's decision for every segment of ``slug`` in ``lang`` (nothing is written).

    With ``jobs`` > 1 a large document's decisions are shared out between that many forked
    processes (:func:`translate_app.forking.map_in_parts`); the gate is the same.
    """
    row, doc = stored_document(session, slug)
    found = (
        session.connection()
        .execute(
            select(
                Segment.key, Translation.text, Translation.state, Translation.origin, Translation.id
            )
            .join(Translation, Translation.segment_id == Segment.id)
            .where(Segment.document_id == row.id, Translation.language_code == lang)
        )
        .all()
    )
    words = dict(
        session.connection()
        .execute(
            select(Segment.key, Segment.words).where(
                Segment.document_id == row.id, Segment.obsolete.is_(False)
            )
        )
        .all()
    )
    rows = {key: (text or "", State(state), origin or "", tid) for key, text, state, origin, tid
            in found}  # fmt: skip
    stored = _stored_errors(session, row.id, lang)
    glossary: tuple[GlossaryTerm, ...] = ()
    if quality.checks_available():
        glossary = tuple(
            session.scalars(
                select(GlossaryTerm).where(
                    or_(GlossaryTerm.language_code == lang, GlossaryTerm.language_code.is_(None))
                )
            )
        )
    gate = Gate(
        slug=slug, lang=lang, min_state=min_state, document=doc, revision=row.revision,
        source_hash=row.source_hash,
        checks="translate_app.checks" if quality.checks_available() else "placeholders",
    )  # fmt: skip
    bases = []
    for segment in doc.segments:
        text, state, origin, tid = rows.get(segment.key, _NO_TRANSLATION)
        base = Decision(segment, state, text, origin, words.get(segment.key, 0), outcome=BELOW)
        bases.append((base, stored.get(tid, [])))

    def decide(run: Sequence[tuple[Decision, list[Failure]]]) -> list[_Verdict]:
        checked: dict[tuple[str, str], list[Failure]] = {}
        verdicts: list[_Verdict] = []
        for base, errors in run:
            decided = _decide(base, min_state, lang, errors, glossary, checked)
            verdicts.append(None if decided is base else _verdict(decided))
        return verdicts

    # Each decision stands alone (checks, rendering): a large document's are shared out
    # between worker processes (the checks and the glossary matcher are loaded here first,
    # so the workers only compute; they send back the outcomes, not the segments).
    parts = jobs if len(bases) >= PARALLEL_MIN_SEGMENTS else 1
    if parts > 1:
        quality.check("warm-up", "warm-up", lang, glossary)
    runs = map_in_parts(decide, bases, parts)
    verdicts = [verdict for run in runs for verdict in run]
    for (base, _errors), verdict in zip(bases, verdicts, strict=True):
        gate.decisions.append(base if verdict is None else _decided(base, *verdict))
    return gate


PARALLEL_MIN_SEGMENTS = 10_000
"""Documents with at least this many segments are decided by worker processes when asked to."""

_NO_TRANSLATION = ("", State.EMPTY, "", 0)
_Verdict = tuple[str, str | None, tuple[Failure, ...]] | None
"""A decision's outcome, rendered text and failures; None: left below the gate."""


def _verdict(decision: Decision) -> tuple[str, str | None, tuple[Failure, ...]]:
    return decision.outcome, decision.rendered, decision.failures


def _decide(  # noqa: PLR0917 -- the decision's inputs, and the memo of checks
    base: Decision,
    min_state: State,
    lang: str,
    stored: list[Failure],
    glossary: tuple[GlossaryTerm, ...],
    memo: dict[tuple[str, str], list[Failure]] | None = None,
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
        checked = quality.check(segment.source, text, lang, glossary)
        if memo is not None:
            memo[pair] = checked
    failures = tuple(dict.fromkeys([*checked, *stored]))
    if any(f.is_error for f in failures):
        return _decided(base, BLOCKED, None, failures)
    try:
        rendered = render(segment, text)
    except RenderError as exc:
        failure = Failure("render", quality.ERROR, str(exc).split(": ", 1)[-1])
        return _decided(base, BLOCKED, None, (*failures, failure))
    return _decided(base, IN, rendered, failures)


def _decided(
    base: Decision, outcome: str, rendered: str | None, failures: tuple[Failure, ...]
) -> Decision:
    """``base`` with its outcome (what ``dataclasses.replace`` does, a fifth of its time)."""
    return Decision(
        base.segment, base.state, base.text, base.origin, base.words, outcome, rendered, failures
    )


def _stored_errors(session: Session, document_id: int, lang: str) -> dict[int, list[Failure]]:
    """Error-level results stored for the current version of each translation."""
    found = session.execute(
        select(CheckResult.translation_id, CheckResult.check_id, CheckResult.message)
        .join(Translation, CheckResult.translation_id == Translation.id)
        .join(Segment, Translation.segment_id == Segment.id)
        .where(
            Segment.document_id == document_id,
            Translation.language_code == lang,
            CheckResult.version == Translation.version,
            CheckResult.severity == quality.ERROR,
        )
    )
    result: dict[int, list[Failure]] = {}
    for tid, check_id, message in found:
        result.setdefault(tid, []).append(Failure(check_id, quality.ERROR, message))
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
    session: Session,
    slug: str,
    langs: Sequence[str],
    *,
    min_state: State = State.APPROVED,
    jobs: int = 1,
) -> list[Gate]:
    """The publish gate of ``slug`` in each of ``langs``."""
    return [compute_gate(session, slug, lang, min_state=min_state, jobs=jobs) for lang in langs]
