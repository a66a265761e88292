"""The Markdown edition: translations spliced into the spans of the stored source.

A publish gate (``publish.gate``) decides what goes in: translations at or
above ``min_state`` without error-level check failures; every other segment
keeps its source text (``fallback="source"``) or the build is refused
(``fallback="fail"``).  The post gets ``lang``, a ``translation_key`` linking
the editions of a multilingual Jekyll site, and its colophon as front matter
keys; unless left out (``note=False``), a closing note says in the edition's
language what the text is (the colophon's disclosure).  Every other byte is
the source's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy.orm import Session

from translate_app.publish.colophon import Colophon, colophon
from translate_app.publish.coverage import coverage_of, partial_notice
from translate_app.publish.gate import BuildError, Fallback, Gate, compute_gate
from translate_app.publish.labels import SOURCE_LANGUAGE, EditionLocale, edition_locale
from translate_app.publish.metadata import add_keys, read_metadata
from translate_app.segment import model
from translate_app.segment.rebuild import splice
from translate_app.store.states import State

__all__ = [
    "MARK_CLOSE",
    "MARK_OPEN",
    "BuildError",
    "Edition",
    "Fallback",
    "build_markdown",
    "closing_note",
    "edition_keys",
    "markdown_edition",
    "spliced",
]

MARK_OPEN = "\u2e24"
"""Put before a source sentence that stands in for a missing translation (HTML editions).

Punctuation (Unicode Ps), so CommonMark's rules for emphasis delimiters read a
marked span as they read it between spaces."""
MARK_CLOSE = "\u2e25"
"""Put after such a sentence (Unicode Pe)."""


@dataclass
class Edition:
    """A built Markdown edition and what went into it."""

    slug: str
    lang: str
    text: str
    """The edition's Markdown."""
    translated: int = 0
    """Segments whose translation went in."""
    fallback: int = 0
    """Segments that kept the source text."""
    problems: list[str] = field(default_factory=list)
    """Translations at the gate refused by an error-level check (key, line: reason)."""

    @property
    def total(self) -> int:
        """Segments in the document."""
        return self.translated + self.fallback


def spliced(gate: Gate, *, mark_fallbacks: bool = False) -> str:
    """The source with every translation that passed the gate in its span.

    With ``mark_fallbacks``, each run of body sentences of one block kept in
    the source language is wrapped in :data:`MARK_OPEN` … :data:`MARK_CLOSE`
    (not front matter values: the edition knows those from the gate).
    """
    rendered = {d.segment.key: d.rendered for d in gate.decisions}
    text = gate.document.text
    if not mark_fallbacks or MARK_OPEN in text or MARK_CLOSE in text:
        return splice(gate.document, lambda segment: rendered.get(segment.key))
    marks: dict[str, tuple[str, str]] = {}
    body = [s for s in gate.document.segments if s.kind != "front-matter"]
    for i, segment in enumerate(body):  # one run per stretch of a block in the source language
        if rendered.get(segment.key) is not None:
            continue
        before = body[i - 1] if i else None
        after = body[i + 1] if i + 1 < len(body) else None
        opens = not _continues(before, segment, rendered)
        closes = not _continues(after, segment, rendered)
        marks[segment.key] = (MARK_OPEN if opens else "", MARK_CLOSE if closes else "")

    def replace(segment: model.ParsedSegment) -> str | None:
        found = rendered.get(segment.key)
        if found is not None or segment.key not in marks:
            return found
        opening, closing = marks[segment.key]
        return opening + text[segment.start : segment.end] + closing

    return splice(gate.document, replace)


def _continues(
    other: model.ParsedSegment | None, segment: model.ParsedSegment, rendered: dict[str, str | None]
) -> bool:
    """Whether ``other`` is in the same block as ``segment`` and also in the source language."""
    return other is not None and other.block == segment.block and rendered.get(other.key) is None


def edition_keys(gate: Gate, info: Colophon) -> dict[str, Any]:
    """Front matter keys of the edition: language, the key shared by editions, the colophon."""

    def percent(part: int, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 0.0

    return {
        "lang": gate.lang.replace("_", "-"),
        "translation_key": gate.slug,
        "translation": {
            "source_lang": SOURCE_LANGUAGE,
            "gate": gate.min_state.label,
            "approved_percent": percent(info.approved, info.segments),
            "translated_percent": percent(info.included, info.segments),
            "machine_unedited_percent": percent(info.machine_unedited, info.segments),
            "human_percent": percent(info.human, info.segments),
            "translators": info.translators,
            "editors": info.editors,
            "engines": info.engines,
            "translation_memory": info.memory,
            "disclosure": info.disclosure_text(edition_locale(gate.lang)),
            "built": info.built_at.date().isoformat(),
            "source_revision": info.revision,
            "source_sha256": info.source_hash,
        },
    }


def closing_note(gate: Gate, info: Colophon) -> str:
    """The note that ends a Markdown edition: what its text is, in its language."""
    loc = edition_locale(gate.lang)
    said = escape(info.disclosure_text(loc), quote=False)
    title = escape(loc.label("note"), quote=False)
    return (
        f'<p class="edition-note" lang="{loc.tag}" dir="{loc.direction}">'
        f"<em>{title}.</em> {said}</p>"
    )


NOTE_SETTING = "TRANSLATE_APP_EDITION_NOTE"
"""Environment variable: ``0`` (or ``no``, ``off``) leaves :func:`closing_note` out of
Markdown editions by default (the front matter still carries the disclosure)."""


def note_wanted() -> bool:
    """Whether Markdown editions end with the closing note (:data:`NOTE_SETTING`)."""
    return os.environ.get(NOTE_SETTING, "").strip().lower() not in {"0", "no", "off", "false"}


def _with_note(text: str, note: str) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.rstrip("\r\n") + newline * 2 + note + newline


def markdown_edition(
    gate: Gate,
    info: Colophon,
    *,
    loc: EditionLocale | None = None,
    permalink: str = "",
    note: bool | None = None,
) -> Edition:
    """The Markdown edition of ``gate`` (check the gate against the fallback first).

    With ``loc`` (as ``build`` gives it), an edition with sentences in the source
    language gets ``partial: true`` and ``partial_note`` (the notice in its language)
    after the colophon; ``permalink`` (when set) comes after ``translation_key`` and
    replaces the source's own.  ``note``: end the post with :func:`closing_note`
    (None: unless :data:`NOTE_SETTING` says no).  ``author`` becomes the name as the
    edition writes it, when that differs (:mod:`names`).
    """
    keys = edition_keys(gate, info)
    if permalink:
        keys = {"lang": keys.pop("lang"), "translation_key": keys.pop("translation_key"),
                "permalink": permalink, **keys}  # fmt: skip
    notice = partial_notice(coverage_of(gate), loc) if loc is not None else ""
    if notice:
        keys.update({"partial": True, "partial_note": notice})
    replace = {"lang", "permalink"} if permalink else {"lang"}
    if info.author and info.author != read_metadata(gate.document.text).author:
        keys["author"] = info.author  # the name as the edition's text writes it (names.py)
        replace.add("author")
    text = add_keys(spliced(gate), keys, replace=replace)
    if note_wanted() if note is None else note:  # what the text is, where readers see it
        text = _with_note(text, closing_note(gate, info))
    included = sum(d.included for d in gate.decisions)
    return Edition(
        slug=gate.slug,
        lang=gate.lang,
        text=text,
        translated=included,
        fallback=len(gate.decisions) - included,
        problems=[
            f"segment {d.segment.key} (line {d.segment.line}): "
            + "; ".join(str(f) for f in d.errors)
            for d in gate.blocked
        ],
    )


def build_markdown(
    session: Session,
    slug: str,
    lang: str,
    *,
    min_state: State = State.APPROVED,
    fallback: Fallback = "source",
    built_at: datetime | None = None,
    note: bool | None = None,
) -> Edition:
    """Build the Markdown edition of ``slug`` in ``lang`` (nothing is written)."""
    gate = compute_gate(session, slug, lang, min_state=min_state)
    gate.require_complete(fallback)
    return markdown_edition(gate, colophon(session, gate, built_at=built_at), note=note)
