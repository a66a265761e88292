"""An inline block as a flat run of pieces: text, spaces and codes.

Pieces are what sentence splitting and placeholder numbering work on.
Offsets are in the block's *content* coordinates (see ``positions``).
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token

from translate_app.segment.inline import ATOMIC, SPAN

TEXT = "text"
SPACE = "space"
OPEN = "open"
CLOSE = "close"
CODE = "code"

_PAIRED = {
    "em_open": "emphasis",
    "strong_open": "strong",
    "s_open": "strikethrough",
    "link_open": "link",
}
_CLOSING = {
    "em_close": "emphasis",
    "strong_close": "strong",
    "s_close": "strikethrough",
    "link_close": "link",
}
_STANDALONE = {
    "code_inline": "code",
    "html_inline": "html",
    "image": "image",
    "footnote_ref": "footnote",
    "hardbreak": "break",
}


@dataclass
class Piece:
    """One run of an inline block."""

    kind: str
    """``text``, ``space`` (a line break inside a paragraph), ``open``, ``close`` or ``code``."""
    display: str
    """What the translator reads for text; empty for codes."""
    start: int
    """Content offset where the piece starts."""
    end: int
    """Content offset just past the piece."""
    label: str = ""
    """For codes: what the markup is (``emphasis``, ``link``, ``code``, ``liquid``...)."""
    exact: bool = True
    """For text: ``display`` is exactly ``content[start:end]`` (no escape or entity)."""
    partner: int = -1
    """For paired codes: index of the matching open or close piece."""


def pieces_of(children: list[Token], content: str) -> list[Piece]:
    """Flatten the inline tokens of one block into pieces."""
    out: list[Piece] = []
    stack: list[int] = []
    seen_atomic: set[tuple[int, int]] = set()
    for token in children:
        start, end = token.meta[SPAN]
        atomic = token.meta.get(ATOMIC)
        if atomic is not None:
            if atomic not in seen_atomic:
                seen_atomic.add(atomic)
                out.append(Piece(CODE, "", start, end, "link"))
            continue
        kind = token.type
        if kind == "text":
            if token.content:
                out.append(Piece(TEXT, token.content, start, end))
        elif kind == "text_special":
            out.append(Piece(TEXT, token.content, start, end, exact=False))
        elif kind == "softbreak":
            out.append(Piece(SPACE, " ", start, end))
        elif kind in _PAIRED:
            stack.append(len(out))
            out.append(Piece(OPEN, "", start, end, _PAIRED[kind]))
        elif kind in _CLOSING and stack:
            opener = stack.pop()
            out[opener].partner = len(out)
            out.append(Piece(CLOSE, "", start, end, _CLOSING[kind], partner=opener))
        elif kind == "hardbreak":
            while start > 0 and content[start - 1] == " ":
                start -= 1
            out.append(Piece(CODE, "", start, end, "break"))
        elif kind == "liquid":
            out.append(Piece(CODE, "", start, end, token.info))
        else:
            out.append(Piece(CODE, "", start, end, _STANDALONE.get(kind, kind)))
    return out


def strip_block_markup(pieces: list[Piece]) -> tuple[list[Piece], list[str]]:
    """Remove paired codes that wrap the whole block (an italic lead, a bold label).

    Returns the inner pieces and the labels removed, outermost first.
    """
    removed: list[str] = []
    lo, hi = 0, len(pieces)
    while True:
        while lo < hi and pieces[lo].kind == SPACE:
            lo += 1
        while hi > lo and pieces[hi - 1].kind == SPACE:
            hi -= 1
        if hi - lo >= 2 and pieces[lo].kind == OPEN and pieces[lo].partner == hi - 1:
            removed.append(pieces[lo].label)
            lo += 1
            hi -= 1
            continue
        break
    inner = pieces[lo:hi]
    if lo == 0 and hi == len(pieces):
        return pieces, removed
    offset = lo
    for piece in inner:
        if piece.partner >= 0:
            piece.partner -= offset
    return inner, removed
