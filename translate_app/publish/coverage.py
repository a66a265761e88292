"""The coverage gate: an edition is published only when enough of it is at the chosen state.

The publish gate (:mod:`gate`) decides sentence by sentence; this module decides
for the edition as a whole.  Its coverage is the share of segments that pass the
gate (at ``min_state``, without error-level check failures).  Below the minimum
(``--min-coverage``, ``TRANSLATE_APP_MIN_COVERAGE_<LANG>``,
``TRANSLATE_APP_MIN_COVERAGE``, default 100 %) the build is refused with the
counts, unless the publisher asks for a partial edition (``--partial``).  Every
edition below 100 % says so on its cover and pages (:func:`partial_notice`),
however it came to be built.

The same :class:`Verdict` backs ``translate-app build`` and the web publish page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from translate_app.errors import TranslateAppError
from translate_app.publish.gate import BuildError, Gate
from translate_app.publish.labels import EditionLocale
from translate_app.store.states import State

DEFAULT_MIN_COVERAGE = 100.0
"""Least share (percent) of segments at the gate for an edition to be built, unless partial."""
SETTING = "TRANSLATE_APP_MIN_COVERAGE"
"""The setting (environment) of the minimum; ``<SETTING>_<LANG>`` (``_UK``, ``_PT_BR``) per
language."""


class CoverageError(BuildError):
    """An edition is below its minimum coverage and no partial edition was asked for."""


def floor_percent(part: int, whole: int) -> float:
    """``part / whole`` in percent, rounded down to one decimal (411 of 412 is 99.7, never 100)."""
    if not whole:
        return 100.0
    return math.floor(1000 * part / whole) / 10


def _shown(percent: float) -> str:
    """``0%``, ``99.7%``, ``100%``."""
    return f"{percent:g}%"


@dataclass(frozen=True)
class Coverage:
    """How much of one edition is in translation."""

    lang: str
    min_state: State
    """The gate the coverage is measured at."""
    segments: int
    """Segments in the document."""
    included: int
    """Segments whose translation passes the gate (goes into the edition)."""
    approved: int
    """Segments in the edition whose translation is approved."""
    blocked: int
    """Segments at the gate kept out by error-level checks."""

    @property
    def partial(self) -> bool:
        """Whether some sentences are shown in the source language."""
        return self.included < self.segments

    @property
    def translated_percent(self) -> float:
        """Share of segments in translation, rounded down (one decimal)."""
        return floor_percent(self.included, self.segments)

    @property
    def approved_percent(self) -> float:
        """Share of segments approved, rounded down (one decimal)."""
        return floor_percent(self.approved, self.segments)

    @property
    def state_words(self) -> str:
        """``approved``, or ``at least translated`` for a lower gate."""
        label = self.min_state.label
        return label if self.min_state == State.APPROVED else f"at least {label}"


def coverage_of(gate: Gate) -> Coverage:
    """The :class:`Coverage` of ``gate``'s edition."""
    included = gate.included
    return Coverage(
        lang=gate.lang,
        min_state=gate.min_state,
        segments=len(gate.decisions),
        included=len(included),
        approved=sum(d.state == State.APPROVED for d in included),
        blocked=len(gate.blocked),
    )


def parse_percent(text: str) -> float:
    """``80``, ``80%`` or ``99.5`` -> the percentage; a clear error for anything else."""
    cleaned = text.strip().removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 100:  # also refuses nan
        raise TranslateAppError(f"minimum coverage {text!r}: give a percentage from 0 to 100")
    return value


def required_coverage(lang: str, settings: Mapping[str, str], given: float | None = None) -> float:
    """The minimum coverage of ``lang``: ``given``, else its setting, else the general one."""
    if given is not None:
        return given
    own = f"{SETTING}_{lang.upper().replace('-', '_')}"
    for key in (own, SETTING):
        value = settings.get(key, "").strip()
        if value:
            try:
                return parse_percent(value)
            except TranslateAppError as exc:
                raise TranslateAppError(f"{key}: {exc}") from exc
    return DEFAULT_MIN_COVERAGE


@dataclass(frozen=True)
class Verdict:
    """Whether one edition may be built, and why."""

    coverage: Coverage
    required: float
    """Least coverage in percent."""
    partial_asked: bool
    """Whether the publisher asked for a partial edition."""

    @property
    def meets(self) -> bool:
        """Whether the coverage reaches the minimum (counted exactly, never rounded up)."""
        found = self.coverage
        return 100 * found.included >= self.required * found.segments

    @property
    def builds(self) -> bool:
        """Whether the edition is built: it meets the minimum or a partial edition was asked."""
        return self.meets or self.partial_asked

    def summary(self) -> str:
        """``uk: 0 of 412 segments approved (0%), at least 100% needed``."""
        found = self.coverage
        text = (
            f"{found.lang}: {found.included} of {found.segments} segments {found.state_words} "
            f"({_shown(found.translated_percent)}), at least {_shown(self.required)} needed"
        )
        if found.blocked:
            text += f" ({found.blocked} more blocked by error-level checks)"
        return text

    def refusal(self) -> str:
        """The summary and what the publisher can do about it."""
        return (
            f"{self.summary()}; use --min-coverage N or --partial to publish a partial translation"
        )


def verdicts(
    found: Sequence[Gate],
    settings: Mapping[str, str],
    *,
    min_coverage: float | None = None,
    partial: bool = False,
) -> list[Verdict]:
    """The :class:`Verdict` of each gate (``settings``: the ``TRANSLATE_APP_*`` environment)."""
    return [
        Verdict(coverage_of(gate), required_coverage(gate.lang, settings, min_coverage), partial)
        for gate in found
    ]


def require_coverage(found: Sequence[Verdict]) -> None:
    """Raise :class:`CoverageError` naming every edition that may not be built."""
    refused = [v for v in found if not v.builds]
    if refused:
        raise CoverageError(
            "; ".join(v.summary() for v in refused)
            + "; use --min-coverage N or --partial to publish a partial translation"
            + "; nothing was written"
        )


def partial_notice(coverage: Coverage, loc: EditionLocale) -> str:
    """``Partial translation: 75% translated, 50% approved`` in the edition's language
    ("" for an edition whose every sentence is in translation)."""
    if not coverage.partial:
        return ""
    return loc.label(
        "partial",
        translated=loc.percent(coverage.translated_percent, 100),
        approved=loc.percent(coverage.approved_percent, 100),
    )
