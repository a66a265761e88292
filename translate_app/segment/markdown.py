"""Walk a Markdown document once and cut every inline block into sentence segments."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from markdown_it.rules_core import StateCore
from markdown_it.rules_core import block as core_block
from markdown_it.token import Token

from translate_app.errors import SourceError
from translate_app.segment import sentences
from translate_app.segment.inline import make_parser
from translate_app.segment.model import Code, CodeKind, RawSegment, Syntax
from translate_app.segment.pieces import (
    CLOSE,
    CODE,
    OPEN,
    SPACE,
    TEXT,
    Piece,
    pieces_of,
    strip_block_markup,
)
from translate_app.segment.placeholders import PLACEHOLDER_RE
from translate_app.segment.positions import (
    ContentMap,
    Lines,
    map_atx_heading,
    map_lines,
    map_table_cell,
)

_SENTINEL = {OPEN: sentences.OPEN, CLOSE: sentences.CLOSE, CODE: sentences.STANDALONE}
_EDGE_LABELS = frozenset({"liquid", "attributes"})
"""Codes left outside a segment's span when they stand at its start or end."""
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_LETTER = re.compile(r"[^\W\d_]")
_PARSER = make_parser()


@dataclass
class _Block:
    kind: str
    context: str
    cmap: ContentMap
    content: str
    children: list[Token]
    line: int


@dataclass(frozen=True)
class _Where:
    """How to find text in the document: lines of the folded text, the map back, the original."""

    lines: Lines
    to_orig: Callable[[int], int]
    orig: str
    path: str


def walk(norm: str, to_orig: Callable[[int], int], orig: str, *, path: str) -> list[RawSegment]:
    """Segments of the Markdown body of ``norm`` (``\\r\\n`` already folded to ``\\n``).

    ``to_orig`` maps offsets of ``norm`` to offsets of the original text ``orig``.
    """
    where = _Where(Lines(norm), to_orig, orig, path)
    return walk_tokens(_PARSER.parse(norm), where)[0]


def walk_tokens(tokens: list[Token], where: _Where) -> tuple[list[RawSegment], int]:
    """Segments of parsed ``tokens`` (whole top-level blocks), and how many blocks they hold.

    Block indices count from 0 within ``tokens``.
    """
    out: list[RawSegment] = []
    index = -1
    for index, block in enumerate(_blocks(tokens, where.lines)):
        pieces = _protect_literal_placeholders(pieces_of(block.children, block.content))
        pieces, wrappers = strip_block_markup(pieces)
        syntax = Syntax.MARKDOWN
        context = block.context
        if wrappers:
            context = f"{context}, {' and '.join(_ADJECTIVE.get(w, w) for w in wrappers)}"
        solid = [p for p in pieces if p.kind != SPACE]
        if len(solid) == 1 and solid[0].kind == CODE and solid[0].label == "code":
            pieces = [_literal(solid[0], block.content)]
            syntax = Syntax.LITERAL
            if wrappers:
                context = f"pull quote ({block.context})"
        starts = _starts(pieces)
        for a, b in _sentence_ranges(pieces, starts):
            out.append(_make(block, (pieces, starts), (a, b), index, syntax, context, where))
    return out, index + 1


# --------------------------------------------------------------------------- in parts
# A large document is cut into parts walked by worker processes (``segment.begin_segmenting``).
# Where the text allows (``segment.cutting``), each worker parses its own part from the text
# (``walk_alone``).  Otherwise the block structure, which link reference definitions need whole,
# is parsed once (``parse_blocks``) and cut at top-level blocks (``cut_points``, ``walk_part``).
# markdown-it's inline stage only reads the environment, except for footnotes, which number
# themselves in the order they are met and move to the end of the token stream: a document with
# footnotes is walked whole.


def where_in(norm: str, to_orig: Callable[[int], int], orig: str, path: str) -> _Where:
    """How segments of ``norm`` find their lines and original offsets."""
    return _Where(Lines(norm), to_orig, orig, path)


def parse_blocks(norm: str) -> tuple[list[Token], dict[str, Any]] | None:
    """The block tokens of ``norm`` (inline tokens not parsed yet) and the parser's
    environment; None when the document must be walked whole (footnotes)."""
    names = [rule.name for rule in _PARSER.core.ruler.__rules__ if rule.enabled]
    if names != ["block", "inline", "footnote_tail"] or "^[" in norm:
        return None
    env: dict[str, Any] = {}
    state = StateCore(norm, _PARSER, env)
    core_block(state)
    if "footnotes" in env:
        return None
    return state.tokens, env


def cut_points(tokens: list[Token], where: _Where, parts: int) -> list[int]:
    """Indices into ``tokens`` where top-level blocks start, cutting them into at most
    ``parts`` runs of about equal length of text (the first run starts at 0)."""
    total = len(where.lines.text) or 1
    cuts = [0]
    for i, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None or i == 0:
            continue
        if where.lines.start(token.map[0]) * parts >= total * len(cuts):
            cuts.append(i)
            if len(cuts) == parts:
                break
    return cuts


_RAW_BLOCKS = frozenset({"fence", "html_block"})
"""Top-level blocks that stay open across blank lines until their closing line."""


def walk_alone(where: _Where, start: int, end: int) -> tuple[list[RawSegment], int] | None:
    """Parse the lines of the text from offset ``start`` to ``end`` on their own, then walk
    them (see :mod:`translate_app.segment.cutting` for where a text may be cut).

    None when the lines do not parse alone as they do within the whole text: the part ends
    inside a fenced code block or raw HTML block, it does not start with a top-level
    block, or it holds link reference definitions or footnotes.
    """
    text = where.lines.text[start:end]
    env: dict[str, Any] = {}
    state = StateCore(text, _PARSER, env)
    core_block(state)
    tokens = state.tokens
    if env or not tokens:
        return None
    if start > 0 and (tokens[0].level != 0 or tokens[0].map is None or tokens[0].map[0] != 0):
        return None
    if end < len(where.lines.text):
        lines = text.count("\n")  # the part ends with a blank line (see cutting)
        if any(  # a raw block that runs to the end of the part is still open there
            token.level == 0 and token.type in _RAW_BLOCKS and token.map and token.map[1] >= lines
            for token in tokens
        ):
            return None
    first_line = where.lines.number(start) - 1
    if first_line:
        for token in tokens:
            if token.map is not None:
                token.map = [token.map[0] + first_line, token.map[1] + first_line]
    return walk_part(tokens, env, where)


def walk_part(
    tokens: list[Token], env: dict[str, Any], where: _Where
) -> tuple[list[RawSegment], int]:
    """Parse the inline content of ``tokens`` (whole top-level blocks), then walk them."""
    for token in tokens:
        if token.type == "inline":
            token.children = []
            _PARSER.inline.parse(token.content, _PARSER, env, token.children)
    return walk_tokens(tokens, where)


_ADJECTIVE = {"emphasis": "italic", "strong": "bold", "strikethrough": "struck", "link": "linked"}


def _blocks(tokens: list[Token], lines: Lines) -> Iterator[_Block]:
    containers: list[str] = []
    heading = ""
    cursor = (-1, 0)
    for token in tokens:
        if token.nesting == 1 and token.type in _CONTAINERS:
            containers.append(_CONTAINERS[token.type])
        elif token.nesting == -1 and token.type.replace("_close", "_open") in _CONTAINERS:
            containers.pop()
        if token.type == "heading_open":
            heading = token.tag
        elif token.type in ("heading_close", "paragraph_open"):
            heading = ""
        if token.type != "inline" or token.map is None or not token.children:
            continue
        content, line = token.content, token.map[0]
        kind, context = _describe(containers, heading)
        cmap: ContentMap | None
        if kind == "table-cell":
            if cursor[0] != line:
                cursor = (line, 0)
            found = map_table_cell(content, line, cursor[1], lines)
            cmap = found[0] if found else None
            if found:
                cursor = (line, found[1])
        elif heading and lines.line_text(line).lstrip().startswith("#"):
            cmap = map_atx_heading(content, line, lines)
        else:
            cmap = map_lines(content, line, lines)
        if cmap is None:
            continue  # cannot locate the text exactly (tabs in containers): leave it as it is
        yield _Block(kind, context, cmap, content, token.children, line)


_CONTAINERS = {
    "blockquote_open": "quote",
    "list_item_open": "list-item",
    "footnote_open": "footnote",
    "th_open": "table-header",
    "td_open": "table-cell",
}


def _describe(containers: list[str], heading: str) -> tuple[str, str]:
    if heading:
        return "heading", f"heading {heading[1:]}"
    if not containers:
        return "paragraph", "paragraph"
    inner = containers[-1]
    if inner == "table-header":
        return "table-cell", "table header"
    if inner == "table-cell":
        return "table-cell", "table cell"
    names = {"quote": "block quote", "list-item": "list item", "footnote": "footnote"}
    return inner, " in ".join(names[c] for c in reversed(containers))


def _literal(code: Piece, content: str) -> Piece:
    raw = content[code.start : code.end]
    ticks = len(raw) - len(raw.lstrip("`"))
    return Piece(TEXT, raw[ticks : len(raw) - ticks], code.start + ticks, code.end - ticks)


def _protect_literal_placeholders(pieces: list[Piece]) -> list[Piece]:
    """Text that looks like a placeholder becomes a standalone code (no ambiguous notation).

    Runs of adjacent text pieces are checked together: ``\\<g1>`` is an escape
    followed by plain text, and reads as ``<g1>``.
    """
    if not any(p.kind == TEXT and "<" in p.display for p in pieces):
        return pieces
    out: list[Piece] = []
    run: list[Piece] = []
    for piece in [*pieces, Piece(SPACE, "", 0, 0)]:
        if piece.kind == TEXT:
            run.append(piece)
            continue
        out.extend(_split_run(run))
        run = []
        out.append(piece)
    out.pop()
    for i, piece in enumerate(out):  # re-point pairs after the insertions
        if piece.kind == OPEN:
            depth = 0
            for j in range(i, len(out)):
                depth += {OPEN: 1, CLOSE: -1}.get(out[j].kind, 0)
                if depth == 0:
                    piece.partner, out[j].partner = j, i
                    break
    return out


def _split_run(run: list[Piece]) -> list[Piece]:
    display = "".join(p.display for p in run)
    if not PLACEHOLDER_RE.search(display):
        return run
    spans: list[tuple[int, int]] = []  # content range of each display character
    for p in run:
        for k in range(len(p.display)):
            spans.append((p.start + k, p.start + k + 1) if p.exact else (p.start, p.end))
    out: list[Piece] = []
    cursor = 0
    for m in [*PLACEHOLDER_RE.finditer(display), None]:
        stop = m.start() if m else len(display)
        out.extend(_text_pieces(display, spans, cursor, stop, run))
        if m is None:
            break
        out.append(Piece(CODE, "", spans[m.start()][0], spans[m.end() - 1][1], "literal"))
        cursor = m.end()
    return out


def _text_pieces(
    display: str, spans: list[tuple[int, int]], lo: int, hi: int, run: list[Piece]
) -> list[Piece]:
    """Text pieces for characters ``lo:hi`` of a run, one per original piece."""
    out: list[Piece] = []
    at = 0
    for p in run:
        a, b = max(lo, at), min(hi, at + len(p.display))
        if a < b:
            out.append(Piece(TEXT, display[a:b], spans[a][0], spans[b - 1][1], exact=p.exact))
        at += len(p.display)
    return out


def _sentence_ranges(pieces: list[Piece], starts: list[int]) -> list[tuple[int, int]]:
    """Sentence ranges ``(start, end)`` in the plain string of ``pieces``."""
    plain = "".join([_plain(p) for p in pieces])
    cuts = [0, *sentences.split_points(plain), len(plain)]
    out: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        found = _trim(plain, pieces, starts, a, b)
        if found is not None:
            out.append(found)
    return out


def _plain(piece: Piece) -> str:
    """A piece in the splitter's string: text as is, a hard line break as a line break."""
    if piece.kind in (TEXT, SPACE):
        return piece.display
    if piece.label == "break":
        return "\n"  # white space to the splitter, so it is trimmed off segment edges
    return _SENTINEL[piece.kind]


def _trim(
    plain: str, pieces: list[Piece], starts: list[int], a: int, b: int
) -> tuple[int, int] | None:
    """``a:b`` without white space and edge codes (Liquid, attributes) at either end;
    None when no letter is left."""
    while True:
        while a < b and plain[a].isspace():
            a += 1
        while b > a and plain[b - 1].isspace():
            b -= 1
        if (
            a < b
            and plain[a] == sentences.STANDALONE
            and _piece_at(pieces, starts, a).label in _EDGE_LABELS
        ):
            a += 1
            continue
        if (
            a < b
            and plain[b - 1] == sentences.STANDALONE
            and _piece_at(pieces, starts, b - 1).label in _EDGE_LABELS
        ):
            b -= 1
            continue
        break
    if a < b and _LETTER.search(plain, a, b):
        return a, b
    return None


def _starts(pieces: list[Piece]) -> list[int]:
    out, at = [], 0
    for p in pieces:
        out.append(at)
        at += len(p.display) if p.kind in (TEXT, SPACE) else 1
    return out


def _piece_at(pieces: list[Piece], starts: list[int], pos: int) -> Piece:
    return pieces[bisect.bisect_right(starts, pos) - 1]


def _make(  # noqa: PLR0917 - internal, called once
    block: _Block,
    run: tuple[list[Piece], list[int]],
    span: tuple[int, int],
    index: int,
    syntax: Syntax,
    context: str,
    where: _Where,
) -> RawSegment:
    a, b = span
    pieces, starts = run
    first = bisect.bisect_right(starts, a) - 1
    last = bisect.bisect_right(starts, b - 1) - 1
    codes: tuple[Code, ...] = ()
    if first == last:  # inside one piece of text: the common case, no codes
        piece = pieces[first]
        lo, hi = a - starts[first], b - starts[first]
        source = piece.display[lo:hi]
    else:
        source, codes = _text_and_codes(block, run, (first, last), span, where)
    start = _content_offset(pieces[first], a - starts[first], at_end=False)
    end = _content_offset(pieces[last], b - starts[last], at_end=True)
    doc_start = block.cmap(start)
    if "\n" in source or "  " in source or "\t" in source or "\r" in source:
        source = _WHITESPACE.sub(" ", source)
    source = source.strip()
    line = where.lines.number(doc_start)
    # every code is a placeholder with a "<"; without one, there is nothing to count
    if "<" in source and len(PLACEHOLDER_RE.findall(source)) != len(codes):
        raise SourceError(
            "text looks like a translation placeholder (<g1>, <x1/>); put it in backticks",
            path=where.path,
            line=line,
        )
    return RawSegment(
        where.to_orig(doc_start),
        where.to_orig(block.cmap(end)),
        line,
        source,
        codes,
        block.kind,
        context,
        index,
        syntax,
    )


def _text_and_codes(
    block: _Block,
    run: tuple[list[Piece], list[int]],
    bounds: tuple[int, int],
    span: tuple[int, int],
    where: _Where,
) -> tuple[str, tuple[Code, ...]]:
    """The text of pieces ``first..last`` cut to ``span``, codes as placeholders; the codes."""
    (pieces, starts), (first, last), (a, b) = run, bounds, span
    to_orig, orig = where.to_orig, where.orig
    text: list[str] = []
    codes: list[Code] = []
    ids: dict[int, int] = {}
    for i in range(first, last + 1):
        piece = pieces[i]
        if piece.kind in (TEXT, SPACE):
            lo = max(a - starts[i], 0)
            hi = min(b - starts[i], len(piece.display))
            text.append(piece.display[lo:hi])
            continue
        markup = orig[to_orig(block.cmap(piece.start)) : to_orig(block.cmap(piece.end))]
        if piece.kind == CLOSE:
            code = Code(ids[piece.partner], CodeKind.CLOSE, markup, piece.label)
        else:
            ids[i] = len(ids) + 1
            kind = CodeKind.OPEN if piece.kind == OPEN else CodeKind.STANDALONE
            code = Code(ids[i], kind, markup, piece.label)
        codes.append(code)
        text.append(code.token)
    return "".join(text), tuple(codes)


def _content_offset(piece: Piece, within: int, *, at_end: bool) -> int:
    if piece.kind in (TEXT, SPACE) and piece.exact:
        return piece.start + within
    if at_end:
        return piece.end if within > 0 else piece.start
    return piece.start if within == 0 else piece.end
