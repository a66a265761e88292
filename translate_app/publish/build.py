"""Build editions: gates first, every file in memory, then each one replaced atomically.

``build`` computes the publish gate of every language asked for, refuses the
whole build when a gate fails (``fallback="fail"``) or a PDF cannot be set
(missing glyphs), and only then returns the files; ``write`` replaces them one
by one with :func:`translate_app.runtime.files.write_atomic`.  A failed build leaves
every previous edition in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from translate_app.errors import TranslateAppError
from translate_app.people.languages import enabled_languages, get_language
from translate_app.publish.colophon import Colophon, build_time, colophon
from translate_app.publish.gate import Fallback, Gate
from translate_app.publish.labels import Alternate, EditionLocale, edition_locale
from translate_app.publish.links import LinkSettings, live_editions, permalink
from translate_app.publish.markdown import Edition, markdown_edition
from translate_app.runtime.files import write_atomic

FORMATS = {
    "md": "{slug}.md",
    "html": "{slug}.html",
    "pdf": "{slug}.pdf",
    "review.html": "{slug}.review.html",
    "review.pdf": "{slug}.review.pdf",
}
"""Formats and their file names under ``<out>/<lang>/``."""
ALIASES = {"review": ("review.html", "review.pdf"), "all": tuple(FORMATS)}


def parse_formats(text: str) -> tuple[str, ...]:
    """``md,html,pdf`` or ``review`` or ``all`` -> the formats, in a fixed order."""
    asked: set[str] = set()
    for name in (part.strip().lower() for part in text.split(",")):
        if not name:
            continue
        if name in ALIASES:
            asked.update(ALIASES[name])
        elif name in FORMATS:
            asked.add(name)
        else:
            known = ", ".join([*FORMATS, *ALIASES])
            raise TranslateAppError(f"unknown format {name!r}; use one or more of: {known}")
    if not asked:
        raise TranslateAppError("no format given; use e.g. --format md,html,pdf")
    return tuple(f for f in FORMATS if f in asked)


@dataclass
class Output:
    """One file of an edition."""

    path: Path
    """Relative to the output folder (``uk/crossing-thresholds.pdf``)."""
    data: bytes


@dataclass
class LanguageBuild:
    """Everything built for one language."""

    gate: Gate
    colophon: Colophon
    markdown: Edition
    outputs: list[Output] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """WeasyPrint's warnings and translations refused by checks."""


def build(
    session: Session,
    found: Sequence[Gate],
    formats: Sequence[str],
    *,
    fallback: Fallback = "source",
    built_at: datetime | None = None,
    links: LinkSettings | None = None,
    note: bool | None = None,
) -> list[LanguageBuild]:
    """Build ``formats`` for each gate, in memory (nothing is written).

    The coverage gate (:mod:`coverage`) is the caller's: ``found`` are the gates it let
    through.  HTML editions link to the editions built now or found under ``links.out``
    (see :mod:`links`), and to the original.  ``note``: Markdown editions end with the
    closing note (None: as ``TRANSLATE_APP_EDITION_NOTE`` says).
    """
    for gate in found:
        gate.require_complete(fallback)
    settings = links or LinkSettings()
    when = built_at or build_time()
    enabled = enabled_languages(session)
    locales = {lang.code: edition_locale(lang.code, lang.direction) for lang in enabled}
    for gate in found:
        if gate.lang not in locales:
            direction = get_language(session, gate.lang).direction
            locales[gate.lang] = edition_locale(gate.lang, direction)
    built = [gate.lang for gate in found] if "html" in formats else []
    result = []
    for gate in found:
        source = gate.document.text
        others = (  # the HTML edition's links: nothing to look for in a Markdown-only build
            live_editions(gate.slug, source, list(locales.values()), built, settings)
            if "html" in formats
            else []
        )
        link = permalink(settings, source, gate.slug, locales[gate.lang].tag)
        info = colophon(session, gate, built_at=when)
        result.append(_language(gate, info, locales[gate.lang], formats, others, link, note))
    return result


def _language(  # noqa: PLR0917 -- an edition's inputs
    gate: Gate,
    info: Colophon,
    loc: EditionLocale,
    formats: Sequence[str],
    links: list[Alternate],
    link: str,
    note: bool | None = None,
) -> LanguageBuild:
    edition = markdown_edition(gate, info, loc=loc, permalink=link, note=note)
    built = LanguageBuild(gate=gate, colophon=info, markdown=edition)
    built.warnings.extend(f"{gate.lang}: {problem}" for problem in edition.problems)
    folder = Path(gate.lang)
    if set(formats) - {"md"}:  # the page renderers (Jinja, WeasyPrint, fonts) load only here
        from translate_app.publish.bilingual import bilingual_html, bilingual_pdf  # noqa: PLC0415
        from translate_app.publish.pages import html_edition, pdf_edition  # noqa: PLC0415
    for fmt in formats:
        warnings: list[str] = []
        if fmt == "md":
            data = edition.text.encode("utf-8")
        elif fmt == "html":
            data = html_edition(gate, info, loc, links).encode("utf-8")
        elif fmt == "pdf":
            data, warnings = pdf_edition(gate, info, loc)
        elif fmt == "review.html":
            data = bilingual_html(gate, info, loc).encode("utf-8")
        else:
            data, warnings = bilingual_pdf(gate, info, loc)
        built.warnings.extend(f"{gate.lang} {fmt}: WeasyPrint: {w}" for w in warnings)
        built.outputs.append(Output(folder / FORMATS[fmt].format(slug=gate.slug), data))
    return built


def write(builds: Sequence[LanguageBuild], out: Path) -> list[Path]:
    """Replace each built file under ``out`` atomically; the paths written, in order."""
    written = []
    for built in builds:
        for output in built.outputs:
            target = out / output.path
            write_atomic(target, output.data)
            written.append(target)
    return written
