"""Where inline content sits in the document.

markdown-it hands each inline token the *content* of its block: container
markers (``> ``, list indentation) removed, white space trimmed, escaped table
pipes unescaped.  A :class:`ContentMap` maps offsets in that content back to
offsets in the document, piecewise linearly (one break point per line or
escape).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


class Lines:
    """Line starts of a text, for line numbers and line slices."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def start(self, line: int) -> int:
        """Offset where 0-based ``line`` starts."""
        return self.starts[line]

    def line_text(self, line: int) -> str:
        """0-based ``line`` without its line break."""
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]

    def number(self, offset: int) -> int:
        """1-based line number of ``offset``."""
        return bisect.bisect_right(self.starts, offset)


@dataclass(frozen=True)
class ContentMap:
    """Piecewise-linear map from content offsets to document offsets."""

    content_points: tuple[int, ...]
    """Content offsets where a linear piece starts (ascending, first is 0)."""
    doc_points: tuple[int, ...]
    """Document offsets of those points."""

    def __call__(self, offset: int) -> int:
        i = bisect.bisect_right(self.content_points, offset) - 1
        return self.doc_points[i] + offset - self.content_points[i]


def map_lines(content: str, first_line: int, lines: Lines) -> ContentMap | None:
    """Map for content made of whole lines (paragraphs, setext headings, list items).

    Each content line is the tail of its source line (the last one without
    trailing white space).  Returns None when that does not hold (tabs expanded
    inside a container), and the caller leaves the block untranslated.
    """
    content_points: list[int] = []
    doc_points: list[int] = []
    offset = 0
    parts = content.split("\n")
    for i, part in enumerate(parts):
        source = lines.line_text(first_line + i)
        if i == len(parts) - 1:
            source = source.rstrip()
        if not source.endswith(part):
            return None
        content_points.append(offset)
        doc_points.append(lines.start(first_line + i) + len(source) - len(part))
        offset += len(part) + 1
    return ContentMap(tuple(content_points), tuple(doc_points))


_ATX_OPEN = re.compile(r"[ \t]*#{1,6}")


def map_atx_heading(content: str, line: int, lines: Lines) -> ContentMap | None:
    """Map for an ATX heading (``## Title ##``)."""
    source = lines.line_text(line)
    opening = _ATX_OPEN.match(source)
    at = source.find(content, opening.end() if opening else 0)
    if at < 0:
        return None
    return ContentMap((0,), (lines.start(line) + at,))


def map_table_cell(
    content: str, line: int, cursor: int, lines: Lines
) -> tuple[ContentMap, int] | None:
    """Map for a table cell searched from column ``cursor`` of its row.

    Escaped pipes (``\\|``) are unescaped in the content: each one adds a break
    point.  Returns the map and the column after the cell.
    """
    source = lines.line_text(line)
    pattern = "".join(r"\\?\|" if ch == "|" else re.escape(ch) for ch in content)
    found = re.compile(pattern).search(source, cursor)
    if found is None:
        return None
    content_points = [0]
    doc_points = [lines.start(line) + found.start()]
    column = found.start()
    for i, ch in enumerate(content):
        if ch == "|" and source[column] == "\\":
            column += 1
            content_points.append(i)
            doc_points.append(lines.start(line) + column)
        column += 1
    return ContentMap(tuple(content_points), tuple(doc_points)), found.end()
