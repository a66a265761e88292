"""Source-language stretches of an HTML edition, marked as such.

``markdown.spliced(..., mark_fallbacks=True)`` puts ``MARK_OPEN``/``MARK_CLOSE``
around each run of sentences that stayed in the source language.  Here the
marks in the inline tokens become one ``<span class="untranslated" lang="en">``
per run, so the run is hyphenated and read aloud as English and, in a
right-to-left edition, isolated as one left-to-right run (``dir="ltr"``): a
span per text token would let the bidi algorithm reorder the pieces of one
English sentence.  A block that is wholly in the source language gets
``lang`` (and ``dir``) itself.  A run that does not nest with the inline markup
around it (it never should) falls back to a span per text token, without ``dir``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from translate_app.publish.markdown import MARK_CLOSE, MARK_OPEN

OPEN = "untranslated_open"
CLOSE = "untranslated_close"
_MARKS = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}])")
_LOOSE = "untranslated_loose"
"""``env`` key: inside a run that could not be wrapped in one span."""
_EDGE = frozenset({"em_open", "em_close", "strong_open", "strong_close"})


def split_marks(tokens: Sequence[Token], attrs: dict[str, str]) -> None:
    """Turn the marks in inline children into ``untranslated_open``/``_close`` tokens.

    ``attrs`` (``lang``, ``dir``) go on each run's span, and on a block that is
    wholly in the source language.
    """
    for idx, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        if not any(MARK_OPEN in c.content or MARK_CLOSE in c.content for c in token.children
                   if c.type == "text"):  # fmt: skip
            continue
        token.children = _split(token.children)
        _pair(token.children)
        if _whole(token.children):
            opener = _block_opener(tokens, idx)
            if opener is not None:
                for name, value in attrs.items():
                    opener.attrSet(name, value)


def _split(children: list[Token]) -> list[Token]:
    out: list[Token] = []
    for child in children:
        if child.type != "text" or not _MARKS.search(child.content):
            out.append(child)
            continue
        for part in _MARKS.split(child.content):
            if part == MARK_OPEN:
                out.append(Token(OPEN, "span", 0))
            elif part == MARK_CLOSE:
                out.append(Token(CLOSE, "span", 0))
            elif part:
                out.append(Token("text", "", 0, content=part))
    return out


def _pair(children: list[Token]) -> None:
    """Mark each open/close pair that nests with the markup between them (``meta["wrap"]``)."""
    start: int | None = None
    depth = 0
    for i, child in enumerate(children):
        if child.type == OPEN:
            start, depth = i, 0
        elif child.type == CLOSE and start is not None:
            if depth == 0:
                children[start].meta["wrap"] = child.meta["wrap"] = True
            start = None
        elif start is not None:
            depth += child.nesting
            if depth < 0:
                start = None


def _whole(children: list[Token]) -> bool:
    """Whether one run covers all the text of the block (emphasis around it aside)."""
    solid = [
        c for c in children
        if c.type not in _EDGE and not (c.type == "text" and not c.content.strip())
    ]  # fmt: skip
    opens = sum(c.type == OPEN for c in children)
    return opens == 1 and len(solid) >= 2 and solid[0].type == OPEN and solid[-1].type == CLOSE


def _block_opener(tokens: Sequence[Token], idx: int) -> Token | None:
    """The element that holds the inline token at ``idx`` (a tight list's ``<li>``)."""
    if idx == 0:
        return None
    opener = tokens[idx - 1]
    if opener.type == "paragraph_open" and opener.hidden and idx >= 2:
        opener = tokens[idx - 2]
    return opener if opener.nesting == 1 else None


def render_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    if tokens[idx].meta.get("wrap"):
        return f'<span class="untranslated"{env["span"]}>'
    env[_LOOSE] = True
    return ""


def render_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    if tokens[idx].meta.get("wrap"):
        return "</span>"
    env[_LOOSE] = False
    return ""


def render_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    text = escapeHtml(tokens[idx].content)
    if env.get(_LOOSE) and text.strip():
        return f'<span class="untranslated" lang="{env["source_lang"]}">{text}</span>'
    return text


def marked_text(content: str, env: dict[str, Any]) -> str:
    """``content`` escaped, marked stretches (in a code span) wrapped in spans."""
    out = []
    for part in _MARKS.split(content):
        if part == MARK_OPEN:
            out.append(f'<span class="untranslated"{env["span"]}>')
        elif part == MARK_CLOSE:
            out.append("</span>")
        elif part:
            out.append(escapeHtml(part))
    return "".join(out)
