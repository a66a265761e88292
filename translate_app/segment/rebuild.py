"""Splice translations into the source text: spans replaced last to first.

Every byte outside a translated span stays as it was, so a build with no
translations is the source, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from translate_app.errors import TranslateAppError
from translate_app.segment import placeholders
from translate_app.segment.frontmatter import render_scalar
from translate_app.segment.model import Code, CodeKind, ParsedDocument, ParsedSegment, Syntax


class RenderError(TranslateAppError):
    """A translation cannot be written into its span (bad placeholders, a stray backtick)."""

    def __init__(self, segment: ParsedSegment, message: str) -> None:
        self.key = segment.key
        super().__init__(f"segment {segment.key} (line {segment.line}): {message}")


_ALWAYS = re.compile(r"([\\`*_\[\]~|{}])")
_SPECIAL = re.compile(r"[\\`*_\[\]~|{}<&]")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(?:[#>+=-]|\d+(?=[.)](?:\s|$)))")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_SPLIT = re.compile(r"(</?g\d+>|<x\d+/>)")


def escape_markdown(text: str) -> str:
    """Escape ``text`` so Markdown reads it as the same characters, and nothing more."""
    if not _SPECIAL.search(text):
        return text
    text = _ALWAYS.sub(r"\\\1", text)
    text = _TAG_START.sub(r"\\<", text)
    return _ENTITY.sub(r"\\&", text)


def render(segment: ParsedSegment, translation: str) -> str:
    """The source-text form of ``translation`` for ``segment``'s span."""
    text = translation.strip()
    if "\n" in text or "\r" in text:
        text = _LINE_BREAKS.sub(" ", text)
    if segment.syntax in (Syntax.YAML_PLAIN, Syntax.YAML_DOUBLE, Syntax.YAML_SINGLE):
        return render_scalar(placeholders.strip(text), segment.syntax)
    problems = placeholders.problems(segment.source, text)
    if problems:
        raise RenderError(segment, "; ".join(problems))
    if segment.syntax is Syntax.LITERAL:
        if "`" in text:
            raise RenderError(segment, "a backtick cannot stand inside this code-styled quote")
        return text
    return _render_markdown(segment, text)


def _render_markdown(segment: ParsedSegment, text: str) -> str:
    by_token = {code.token: code for code in segment.codes}
    parts = _fix_spaces(_SPLIT.split(text), by_token)
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            chunk = escape_markdown(part)
            if i == 0:
                chunk = _BLOCK_START.sub(_escape_block_start, chunk, count=1)
            if (
                chunk.endswith("!")
                and i + 1 < len(parts)
                and by_token[parts[i + 1]].markup.startswith("[")
            ):
                chunk = chunk[:-1] + "\\!"
            out.append(chunk)
        else:
            out.append(
                _markup(
                    by_token[part],
                    out[-1] if out else "",
                    parts[i + 1] if i + 1 < len(parts) else "",
                )
            )
    result = "".join(out)
    if result.endswith("#"):
        result = result[:-1] + "\\#"
    return result


def _escape_block_start(m: re.Match[str]) -> str:
    """``# x`` -> ``\\# x``; ``1. x`` -> ``1\\. x``: text must not open a new block."""
    return m.group(0) + "\\" if m.group(0).isdigit() else "\\" + m.group(0)


def _fix_spaces(parts: list[str], by_token: dict[str, Code]) -> list[str]:
    """Move spaces out of paired codes (``<g1> word</g1>`` -> `` <g1>word</g1>``).

    CommonMark does not read ``** word**`` as emphasis; the translator meant
    the emphasis, so the space goes outside.
    """
    for i in range(1, len(parts), 2):
        code = by_token.get(parts[i])
        if code is None:
            continue
        if code.kind is CodeKind.OPEN and parts[i + 1][:1].isspace():
            parts[i + 1] = parts[i + 1].lstrip()
            if not parts[i - 1].endswith(" "):
                parts[i - 1] += " "
        elif code.kind is CodeKind.CLOSE and parts[i - 1][-1:].isspace():
            parts[i - 1] = parts[i - 1].rstrip()
            if not parts[i + 1].startswith(" "):
                parts[i + 1] = " " + parts[i + 1]
    return parts


def _markup(code: Code, before: str, after: str) -> str:
    """A code's markup; ``_`` emphasis becomes ``*`` where it would sit inside a word."""
    markup = code.markup
    if code.label in ("emphasis", "strong") and set(markup) == {"_"}:
        outside = before[-1:] if code.kind is CodeKind.OPEN else after[:1]
        if outside.isalnum():
            markup = "*" * len(markup)
    return markup


def splice(document: ParsedDocument, replace: Callable[[ParsedSegment], str | None]) -> str:
    """The document with each segment's span replaced by ``replace(segment)``, verbatim.

    ``replace`` returns source text for the span (see :func:`render`), or None
    to keep the source bytes.
    """
    text = document.text
    pieces: list[str] = []
    cursor = len(text)
    for segment in sorted(document.segments, key=lambda s: s.start, reverse=True):
        replacement = replace(segment)
        if replacement is None:
            continue
        pieces.append(text[segment.end : cursor])
        pieces.append(replacement)
        cursor = segment.start
    pieces.append(text[:cursor])
    return "".join(reversed(pieces))


def rebuild(document: ParsedDocument, choose: Callable[[ParsedSegment], str | None]) -> str:
    """The document with each segment's span replaced by the translation ``choose(segment)``.

    ``choose`` returns the translation to use, or None to keep the source bytes.
    Raises RenderError for a translation that cannot be written back.
    """

    def replace(segment: ParsedSegment) -> str | None:
        translation = choose(segment)
        return None if translation is None else render(segment, translation)

    return splice(document, replace)
