"""The document model: segments with spans into the source text, and inline codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple


class CodeKind(StrEnum):
    """How an inline code behaves for the translator."""

    OPEN = "open"
    """Start of a paired code (``<g1>``): emphasis, link text, ..."""
    CLOSE = "close"
    """End of a paired code (``</g1>``)."""
    STANDALONE = "standalone"
    """An opaque part (``<x2/>``): inline code, URL, inline HTML, Liquid, footnote reference."""


@dataclass(frozen=True)
class Code:
    """One placeholder in a segment: what the translator sees and what it stands for."""

    id: int
    """Number shown in the placeholder, 1-based within the segment."""
    kind: CodeKind
    """Open, close or standalone."""
    markup: str
    """The exact source text the placeholder replaces (``**``, ``](https://...)``, ``{{ x }}``)."""
    label: str
    """What the markup is: ``emphasis``, ``strong``, ``link``, ``code``, ``html``, ``liquid``..."""

    def as_dict(self) -> dict[str, Any]:
        """The code as the store keeps it (one item of a segment's JSON ``codes``)."""
        return {"id": self.id, "kind": str(self.kind), "markup": self.markup, "label": self.label}

    @property
    def token(self) -> str:
        """The placeholder as written in segment text."""
        if self.kind is CodeKind.OPEN:
            return f"<g{self.id}>"
        if self.kind is CodeKind.CLOSE:
            return f"</g{self.id}>"
        return f"<x{self.id}/>"


class Syntax(StrEnum):
    """How a translation is written back into the span of its segment."""

    MARKDOWN = "markdown"
    """Markdown inline text: placeholders restored, Markdown-special characters escaped."""
    LITERAL = "literal"
    """Literal text inside a code span that styles a whole block (the report's pull quotes)."""
    YAML_PLAIN = "yaml-plain"
    """A plain YAML scalar in the front matter (quoted on output if needed)."""
    YAML_DOUBLE = "yaml-double"
    """A double-quoted YAML scalar."""
    YAML_SINGLE = "yaml-single"
    """A single-quoted YAML scalar."""


@dataclass(frozen=True)
class ParsedSegment:
    """One translatable unit (a sentence, a heading, a title) as cut from a document's text.

    The stored row of a segment is ``store.models.Segment``; this is what the
    segmenter made of the text, with its span and placeholders."""

    key: str
    """Stable key: a hash of the normalized source text, plus ``-N`` for the N-th repeat."""
    source: str
    """The text a translator sees, inline markup replaced by placeholders."""
    start: int
    """Offset of the first character of the span in the document text."""
    end: int
    """Offset just past the span; a build replaces ``text[start:end]``."""
    line: int
    """1-based line of ``start`` in the document (for ``#:`` references and errors)."""
    kind: str
    """Block type: ``front-matter``, ``heading``, ``paragraph``, ``list-item``, ``quote``,
    ``table-cell``, ``footnote``."""
    block: int
    """Index of the block (paragraph, heading, cell) the segment belongs to, in document order."""
    syntax: Syntax
    """How a translation is written back."""
    codes: tuple[Code, ...] = ()
    """Placeholders in ``source``, in order of appearance."""
    context: str = ""
    """A short note for the translator (``front matter: title``, ``heading 3``, ``pull quote``)."""
    occurrence: int = 1
    """1 for the first segment with this normalized text, 2 for the next, ..."""
    group: str = ""
    """Hash of the normalized text: segments sharing it share a translation by propagation."""


@dataclass
class ParsedDocument:
    """A source document cut into segments (the stored row is ``store.models.Document``)."""

    slug: str
    """Short name used in paths and commands (``crossing-thresholds``)."""
    path: str
    """Where the text came from, as given (for messages and ``#:`` references)."""
    text: str
    """The whole source text; segment spans index into it."""
    segments: list[ParsedSegment] = field(default_factory=list)
    """Segments in document order."""


class RawSegment(NamedTuple):
    """A segment before keys are given (see ``segment.begin_segmenting``).

    A named tuple, not a frozen dataclass: a 6 MB document makes 40,000 of
    them, and a tuple is built in a third of the time.
    """

    start: int
    end: int
    line: int
    source: str
    codes: tuple[Code, ...]
    kind: str
    context: str
    block: int
    syntax: Syntax


def quick_segment(  # noqa: PLR0917 - one argument per field, in field order
    key: str,
    source: str,
    start: int,
    end: int,
    line: int,
    kind: str,
    block: int,
    syntax: Syntax,
    codes: tuple[Code, ...],
    context: str,
    occurrence: int,
    group: str,
) -> ParsedSegment:
    """``ParsedSegment(...)`` in a third of the time, for the many a large document has.

    A frozen dataclass's ``__init__`` sets each of the 12 fields with its own
    ``object.__setattr__`` (1.7 µs a segment, 0.07 s for a 6 MB document); this fills the
    new object's ``__dict__`` at once, as pickle and copy do. Same object, same equality
    and hash (tests check the fields stay the dataclass's own).
    """
    segment = _new_object(ParsedSegment)
    segment.__dict__.update(
        key=key,
        source=source,
        start=start,
        end=end,
        line=line,
        kind=kind,
        block=block,
        syntax=syntax,
        codes=codes,
        context=context,
        occurrence=occurrence,
        group=group,
    )
    return segment


_new_object = object.__new__
