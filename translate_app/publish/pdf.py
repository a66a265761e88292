"""HTML to PDF with WeasyPrint, offline and in known fonts.

Everything WeasyPrint would otherwise guess is passed explicitly: the base URL
(the templates folder, so nothing resolves against the working directory), a
URL fetcher that allows ``file:`` and ``data:`` only (an edition never fetches
from the network at build time) and a font configuration holding the
``@font-face`` rules of :mod:`translate_app.publish.fonts`.  Before rendering,
every character of the page is looked up in those fonts: a missing glyph is a
:class:`MissingGlyphsError` naming the character and where it occurs, never a
box in print.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from translate_app.publish.fonts import FontSet, describe, install_hint
from translate_app.publish.gate import BuildError, Decision

_SKIPPED = frozenset({"head", "style", "script", "title"})
_SHOWN = 20


class MissingGlyphsError(BuildError):
    """Characters of an edition that none of its fonts can print."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


class _Text(HTMLParser):
    """The text a reader sees on the page (head, styles and scripts left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The visible text of ``html``."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def check_glyphs(html: str, fonts: FontSet, decisions: Sequence[Decision], where: str) -> None:
    """Raise :class:`MissingGlyphsError` when a character of ``html`` is in none of ``fonts``.

    ``decisions`` locate each character in the segments whose text carries it;
    ``where`` names the edition (``crossing-thresholds [am]``).
    """
    missing = fonts.missing(page_text(html))
    if not missing:
        return
    lines = [
        f"{where}: {len(missing)} character{'s' if len(missing) > 1 else ''} "
        f"{'have' if len(missing) > 1 else 'has'} no glyph in the edition's fonts "
        f"({', '.join(fonts.names)}):"
    ]
    for char in missing[:_SHOWN]:
        lines.append(f"  {describe(char)}: {_locate(char, decisions)}")
    if len(missing) > _SHOWN:
        lines.append(f"  ... and {len(missing) - _SHOWN} more")
    lines.append(f"  {install_hint(missing)}; nothing was written")
    raise MissingGlyphsError("\n".join(lines), missing)


def _locate(char: str, decisions: Sequence[Decision]) -> str:
    found = []
    for d in decisions:
        shown = d.text if d.included else d.segment.source
        if char in shown:
            found.append(f"segment {d.segment.key} (line {d.segment.line}, {d.segment.context})")
            if len(found) == 3:
                found.append("...")
                break
    return ", ".join(found) if found else "in the edition's labels or colophon"


def render_pdf(html: str) -> tuple[bytes, list[str]]:
    """The PDF of ``html`` and WeasyPrint's warnings (fonts are declared in the page's CSS)."""
    # WONTFIX: WeasyPrint takes ~0.3 s to import; only builds that make a PDF pay for it
    from weasyprint import HTML  # noqa: PLC0415
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    base = (Path(__file__).parent / "templates").as_uri() + "/"
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)
    fonts = FontConfiguration()
    with _captured("weasyprint") as warnings:
        document = HTML(string=html, base_url=base, url_fetcher=fetcher)
        data = document.write_pdf(font_config=fonts)
    assert isinstance(data, bytes)
    return data, warnings


@contextmanager
def _captured(name: str) -> Iterator[list[str]]:
    """Collect the warnings logger ``name`` emits while the block runs."""
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    logger = logging.getLogger(name)
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)
