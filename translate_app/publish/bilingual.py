"""The bilingual edition (``--format review``): source and translation side by side, one row
per segment, the review copy that editors proofread.

For editors who proofread on paper (PDF) or on screen (HTML): every segment in
document order with its state, whether it is in the edition, falls back to the
source or is blocked, and the check failures of its translation.  Placeholders
show as numbered chips, so a missing one is seen at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from translate_app.checks import CheckFailure, run_checks
from translate_app.config import VERSION
from translate_app.publish import templating
from translate_app.publish.colophon import Colophon
from translate_app.publish.fonts import FontSet
from translate_app.publish.gate import BLOCKED, IN, Decision, Gate
from translate_app.publish.labels import SOURCE_LANGUAGE, EditionLocale
from translate_app.publish.markdown import spliced
from translate_app.publish.metadata import read_metadata
from translate_app.publish.pages import PRINT, SCREEN, in_fonts, print_css
from translate_app.publish.pdf import check_glyphs, render_pdf
from translate_app.segment import model
from translate_app.segment.placeholders import PLACEHOLDER_RE
from translate_app.store.states import State

STATE_LABELS = {
    State.EMPTY: "empty",
    State.DRAFT: "draft",
    State.TRANSLATED: "translated",
    State.APPROVED: "approved_state",
}
OUTCOME_LABELS = {IN: "in_edition", BLOCKED: "blocked"}


@dataclass(frozen=True)
class Row:
    """One segment of the bilingual edition."""

    key: str
    line: int
    context: str
    kind: str
    source: Markup
    target: Markup
    state: State
    outcome: str
    """``in``, ``below`` or ``blocked``."""
    failures: tuple[CheckFailure, ...]
    block_start: bool
    """First segment of its block (paragraph, heading, item)."""


def chips(text: str, segment: model.ParsedSegment) -> Markup:
    """``text`` escaped, its placeholders shown as chips titled with what they stand for."""
    labels = {code.token: f"{code.label} {code.markup}".strip() for code in segment.codes}
    out = []
    last = 0
    for match in PLACEHOLDER_RE.finditer(text):
        out.append(escape(text[last : match.start()]))
        token = match.group(0)
        kind = "close" if match.group(1) else ("open" if match.group(2) else "standalone")
        number = match.group(2) or match.group(3)
        out.append(
            Markup('<span class="ph ph-{}" title="{}">{}</span>').format(
                kind, labels.get(token, token), number
            )
        )
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def rows(gate: Gate) -> list[Row]:
    """The rows of ``gate``'s document, with failures for every translation that has text."""
    found = []
    previous_block: int | None = None
    for d in gate.decisions:
        failures = d.failures
        if not failures and d.text and not d.included:
            failures = tuple(run_checks(d.segment.source, d.text, lang=gate.lang))
        found.append(
            Row(
                key=d.segment.key,
                line=d.segment.line,
                context=d.segment.context,
                kind=d.segment.kind,
                source=chips(d.segment.source, d.segment),
                target=chips(d.text, d.segment),
                state=d.state,
                outcome=d.outcome,
                failures=failures,
                block_start=d.segment.block != previous_block,
            )
        )
        previous_block = d.segment.block
    return found


def _counts(decisions: Sequence[Decision]) -> dict[State, int]:
    return {state: sum(d.state == state for d in decisions) for state in State}


def _context(gate: Gate, info: Colophon, loc: EditionLocale, medium: str) -> dict[str, object]:
    meta = read_metadata(spliced(gate)).named(info.author)
    return {
        "loc": loc,
        "meta": meta,
        "title": meta.title,
        "rows": rows(gate),
        "counts": _counts(gate.decisions),
        "state_labels": STATE_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "gate": gate,
        "colophon": info,
        "medium": medium,
        "source_lang": SOURCE_LANGUAGE,
        "version": VERSION,
    }


def bilingual_html(gate: Gate, info: Colophon, loc: EditionLocale) -> str:
    """The bilingual edition as one HTML file (``SLUG.review.html``)."""
    css = templating.stylesheet("edition.css", "review.css")
    return templating.render("review.html", css=css, **_context(gate, info, loc, SCREEN))


def bilingual_pdf(gate: Gate, info: Colophon, loc: EditionLocale) -> tuple[bytes, list[str]]:
    """The bilingual edition as a PDF (A4 landscape, ``SLUG.review.pdf``) and WeasyPrint's
    warnings."""
    context = _context(gate, info, loc, PRINT)

    def page(fonts: FontSet) -> str:
        css = print_css(fonts, loc.direction, "review.css", "review-print.css")
        return templating.render("review.html", css=css, **context)

    html, fonts = in_fonts(loc.code, page)
    check_glyphs(html, fonts, gate.decisions, f"{gate.slug} [{gate.lang}] review")
    return render_pdf(html)
