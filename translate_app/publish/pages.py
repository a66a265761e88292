"""The HTML and PDF editions: one page template, rendered for the screen or for print.

Both read the built Markdown (``markdown.spliced`` with source-language
sentences marked) through :func:`html.render_body`; the print page adds the
cover, the contents with page numbers and the running heads (``print.css``)
and is set in the fonts of :mod:`fonts`, checked glyph by glyph first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from translate_app.config import VERSION
from translate_app.publish import templating
from translate_app.publish.colophon import Colophon
from translate_app.publish.coverage import coverage_of, partial_notice
from translate_app.publish.fonts import FontSet, edition_fonts
from translate_app.publish.gate import Gate
from translate_app.publish.html import render_body
from translate_app.publish.labels import SOURCE_LANGUAGE, Alternate, EditionLocale, alternates
from translate_app.publish.markdown import spliced
from translate_app.publish.metadata import read_metadata
from translate_app.publish.pdf import check_glyphs, page_text, render_pdf

SCREEN = "screen"
PRINT = "print"


def untranslated(text: str, direction: str) -> Markup:
    """``text`` kept in the source language, marked as such."""
    extra = Markup(' dir="ltr"') if direction == "rtl" else Markup("")
    return Markup('<span class="untranslated" lang="{}"{}>{}</span>').format(
        SOURCE_LANGUAGE, extra, text
    )


def page_context(
    gate: Gate, info: Colophon, loc: EditionLocale, medium: str, editions: Sequence[Alternate]
) -> dict[str, Any]:
    """What ``edition.html`` needs for ``gate``'s edition on ``medium``.

    ``editions`` are the document's editions for ``hreflang`` links (this one is added
    when missing); print has no links.
    """
    links = list(editions)
    if medium == SCREEN and not any(e.code == loc.code for e in links):
        links += alternates(gate.slug, [loc])
    text = spliced(gate, mark_fallbacks=True)
    meta = read_metadata(text).named(info.author)  # one form of the author's name
    body = render_body(
        text, medium=medium, source_lang=SOURCE_LANGUAGE, direction=loc.direction,
        excerpt_separator=meta.excerpt_separator, image_label="",
    )  # fmt: skip
    kept = {
        d.segment.context.removeprefix("front matter: ")
        for d in gate.decisions
        if d.segment.kind == "front-matter" and not d.included
    }

    def value(key: str, shown: str) -> Markup | str:
        return untranslated(shown, loc.direction) if key in kept else shown

    return {
        "loc": loc,
        "meta": meta,
        "title": value("title", meta.title),
        "description": value("description", meta.description),
        "body": body,
        "colophon": info,
        "medium": medium,
        "partial": partial_notice(coverage_of(gate), loc),
        "alternates": links if medium == SCREEN else [],
        "others": [e for e in links if e.code != loc.code] if medium == SCREEN else [],
        "version": VERSION,
    }


def html_edition(
    gate: Gate, info: Colophon, loc: EditionLocale, editions: Sequence[Alternate]
) -> str:
    """The standalone HTML edition (one file: styles inline, the cover image linked)."""
    context = page_context(gate, info, loc, SCREEN, editions)
    return templating.render("edition.html", css=templating.stylesheet("edition.css"), **context)


def print_css(fonts: FontSet, direction: str, *sheets: str) -> Markup:
    """Stylesheets for print, followed by the font rules of ``fonts``."""
    names = ["edition.css", "print.css", *sheets]
    if direction == "rtl":
        names.append("print-rtl.css")
    text, display = fonts.stack("Edition Text"), fonts.stack("Edition Display")
    mono = fonts.stack("Edition Mono") if fonts.has("Edition Mono") else text
    font_rules = (
        f"{fonts.face_css()}\n"
        f"body, .cover .subtitle {{ font-family: {text}; }}\n"
        f"code, kbd, pre, samp, .body code, .key {{ font-family: {mono}; }}\n"
        "h1, h2, h3, h4, h5, h6, .kicker, .edition-line, .byline, nav, .colophon dt,"
        " .run-in-head, .body p.kicker, .badge, .ph, p.failure, th, td.where, td.state,"
        f" .review-table th {{ font-family: {display}; }}\n"
    )
    return templating.stylesheet(*names) + Markup(font_rules)


def in_fonts(lang: str, page: Callable[[FontSet], str]) -> tuple[str, FontSet]:
    """``page`` rendered in the fonts for ``lang``, widened by fontconfig to its characters."""
    fonts = edition_fonts(lang)
    html = page(fonts)
    wider = fonts.covering(page_text(html))
    return (page(wider), wider) if wider is not fonts else (html, fonts)


def pdf_edition(gate: Gate, info: Colophon, loc: EditionLocale) -> tuple[bytes, list[str]]:
    """The PDF edition and WeasyPrint's warnings; :class:`MissingGlyphsError` first if needed."""
    context = page_context(gate, info, loc, PRINT, [])

    def page(fonts: FontSet) -> str:
        return templating.render("edition.html", css=print_css(fonts, loc.direction), **context)

    html, fonts = in_fonts(loc.code, page)
    check_glyphs(html, fonts, gate.decisions, f"{gate.slug} [{gate.lang}]")
    return render_pdf(html)
