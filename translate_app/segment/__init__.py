"""The document model: cut a Jekyll Markdown report into sentence segments.

``segment_text`` walks the document once; each segment records its span in
the source text, so ``rebuild`` can splice translations back while every
other byte stays as it was.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from translate_app.config import DEFAULT_FRONT_MATTER_KEYS
from translate_app.errors import SourceError
from translate_app.runtime.collector import cycle_collector_paused
from translate_app.runtime.forking import Forked, can_fork
from translate_app.segment.model import (
    Code,
    CodeKind,
    ParsedDocument,
    ParsedSegment,
    RawSegment,
    Syntax,
    quick_segment,
)

__all__ = [
    "Code",
    "CodeKind",
    "ParsedDocument",
    "ParsedSegment",
    "Syntax",
    "begin_loading",
    "begin_segmenting",
    "load_document",
    "normalize",
    "segment_text",
    "slug_for",
]

_JEKYLL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def normalize(source: str) -> str:
    """The form of a segment's text that its key is derived from."""
    return " ".join(unicodedata.normalize("NFC", source).split())


def group_of(source: str) -> str:
    """Hash shared by segments with the same normalized text."""
    return hashlib.sha1(normalize(source).encode("utf-8")).hexdigest()[:12]


def slug_for(path: str | Path) -> str:
    """Document slug from a file name: ``2024-06-18-report.md`` -> ``report``."""
    return _JEKYLL_DATE.sub("", Path(path).stem)


PARALLEL_MIN_CHARS = 400_000
"""Documents at least this long are segmented in worker processes when ``jobs`` > 1: below
it, starting the workers and sending segments back costs more than it saves."""


def segment_text(
    text: str,
    *,
    path: str = "<text>",
    slug: str | None = None,
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS,
    jobs: int = 1,
) -> ParsedDocument:
    """Cut ``text`` into segments (front matter values first, then the body in order).

    With ``jobs`` > 1 a long document is segmented by that many forked worker processes
    (the result is the same); see :func:`begin_segmenting`.
    """
    return begin_segmenting(
        text, path=path, slug=slug, front_matter_keys=front_matter_keys, jobs=jobs
    ).result()


def begin_segmenting(
    text: str,
    *,
    path: str = "<text>",
    slug: str | None = None,
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS,
    jobs: int = 1,
) -> PendingDocument:
    """Start cutting ``text`` into segments; :meth:`PendingDocument.result` finishes.

    With ``jobs`` > 1, a document of at least :data:`PARALLEL_MIN_CHARS` characters and a
    process that may fork (:func:`translate_app.runtime.forking.can_fork`), the body is cut into
    ``jobs`` parts (see :func:`_start_parts`), each segmented by a forked worker while the
    caller goes on (e.g. loads the database layer); otherwise all the work happens in
    ``result()``.
    Errors in the front matter are raised here, errors in the body by ``result()``.
    """
    # The parser (markdown-it, PyYAML) loads only here: the modules that need just the model
    # or the placeholders (catalogs, checks, the web UI) start without it.
    from translate_app.segment.frontmatter import (  # noqa: PLC0415
        front_matter_end,
        translatable_values,
    )

    with cycle_collector_paused():
        norm, to_orig = _fold_line_endings(text.replace("\0", "\ufffd"))
        head = [
            RawSegment(
                start=value.start,
                end=value.end,
                line=value.line,
                source=normalize(value.value),
                codes=(),
                kind="front-matter",
                context=f"front matter: {value.key}",
                block=-1,
                syntax=value.syntax,
            )
            for value in translatable_values(text, front_matter_keys, path=path)
        ]
        pending = PendingDocument(text, path, slug or slug_for(path), head)
        pending.body_from = front_matter_end(text)
        pending.folded = (norm, to_orig)
        pending.parts = _start_parts(norm, to_orig, text, path, jobs)
    return pending


class PendingDocument:
    """A document being segmented (see :func:`begin_segmenting`)."""

    def __init__(self, text: str, path: str, slug: str, head: list[RawSegment]) -> None:
        self.text, self.path, self.slug, self.head = text, path, slug, head
        self.body_from = 0
        self.parts: list[Forked[_Part | None]] = []
        self.folded: tuple[str, Callable[[int], int]] = (text, _identity)
        """The text with its line endings folded, and the map back (see ``walk``)."""

    def result(self) -> ParsedDocument:
        """The segmented document (waits for the workers)."""
        with cycle_collector_paused():
            parts = [part.result() for part in self.parts]
            if not parts or None in parts:  # not cut, or a cut that does not hold: whole
                parts = [self._whole()]
            return ParsedDocument(
                slug=self.slug,
                path=self.path,
                text=self.text,
                segments=self._segments(parts),  # type: ignore[arg-type]
            )

    def _whole(self) -> _Part:
        from translate_app.segment.markdown import walk  # noqa: PLC0415

        norm, to_orig = self.folded
        return _grouped(walk(norm, to_orig, self.text, path=self.path), 0)

    def _segments(self, parts: list[_Part]) -> list[ParsedSegment]:
        seen: dict[str, int] = {}
        segments: list[ParsedSegment] = []
        offset = 0
        pieces = [_grouped(self.head, 0), *parts]
        for raws, groups, blocks in pieces:
            for raw, group in zip(raws, groups, strict=True):
                if raw.block >= 0 and raw.start < self.body_from:
                    continue
                occurrence = seen[group] = seen.get(group, 0) + 1
                segments.append(
                    quick_segment(
                        group if occurrence == 1 else f"{group}-{occurrence}",
                        raw.source,
                        raw.start,
                        raw.end,
                        raw.line,
                        raw.kind,
                        raw.block + offset if raw.block >= 0 else raw.block,
                        raw.syntax,
                        raw.codes,
                        raw.context,
                        occurrence,
                        group,
                    )
                )
            offset += blocks
        return segments


_Part = tuple[list[RawSegment], list[str], int]
"""A part's segments (block indices from 0), their groups, and how many blocks it holds."""


def _grouped(raws: list[RawSegment], blocks: int) -> _Part:
    return raws, [group_of(raw.source) for raw in raws], blocks


def _start_parts(
    norm: str, to_orig: Callable[[int], int], orig: str, path: str, jobs: int
) -> list[Forked[_Part | None]]:
    """Workers walking ``jobs`` parts of the body, or none when it is walked whole.

    Where the text allows it, it is cut at blank lines before a paragraph or a heading and
    each worker parses its own part (:func:`translate_app.segment.cutting.cut_text`);
    otherwise the block structure is parsed here, once, and cut at top-level blocks.  A part
    whose cut turns out not to hold comes back as None: then the body is walked whole.
    """
    if jobs < 2 or len(norm) < PARALLEL_MIN_CHARS or not can_fork():
        return []
    from translate_app.segment import cutting  # noqa: PLC0415 - with the front matter reader

    cuts = cutting.cut_text(norm, jobs)
    if cuts is not None:

        def alone(lo: int, hi: int) -> Callable[[], _Part | None]:
            def walk() -> _Part | None:
                from translate_app.segment import markdown  # noqa: PLC0415 - in the worker

                found = markdown.walk_alone(markdown.where_in(norm, to_orig, orig, path), lo, hi)
                return None if found is None else _grouped(*found)

            return walk

        return [Forked(alone(lo, hi)) for lo, hi in itertools.pairwise(cuts)]
    from translate_app.segment import markdown  # noqa: PLC0415

    parsed = markdown.parse_blocks(norm)
    if parsed is None:
        return []
    tokens, env = parsed
    where = markdown.where_in(norm, to_orig, orig, path)
    points = [*markdown.cut_points(tokens, where, jobs), len(tokens)]

    def part(lo: int, hi: int) -> Callable[[], _Part | None]:
        def walk() -> _Part | None:
            return _grouped(*markdown.walk_part(tokens[lo:hi], env, where))

        return walk

    return [Forked(part(lo, hi)) for lo, hi in itertools.pairwise(points)]


def load_document(
    path: str | Path,
    *,
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS,
    jobs: int = 1,
) -> ParsedDocument:
    """Read and segment a UTF-8 Markdown file."""
    return begin_loading(path, front_matter_keys=front_matter_keys, jobs=jobs).result()


def begin_loading(
    path: str | Path,
    *,
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS,
    jobs: int = 1,
) -> PendingDocument:
    """Read a UTF-8 Markdown file and start segmenting it (see :func:`begin_segmenting`)."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the file ({exc.strerror})", path=str(path)) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            "not valid UTF-8; save the file as UTF-8", path=str(path), line=line
        ) from exc
    if text.startswith("\ufeff"):
        raise SourceError(
            "starts with a byte-order mark; save as UTF-8 without BOM", path=str(path), line=1
        )
    return begin_segmenting(text, path=str(path), front_matter_keys=front_matter_keys, jobs=jobs)


def _fold_line_endings(text: str) -> tuple[str, Callable[[int], int]]:
    """markdown-it folds ``\\r\\n`` and ``\\r`` to ``\\n``; return that text and a map back."""
    if "\r" not in text:
        return text, _identity
    crlf = [m.start() for m in re.finditer("\r\n", text)]
    folded = text.replace("\r\n", "\n").replace("\r", "\n")
    folded_at = [pos - i for i, pos in enumerate(crlf)]  # where each folded \n sits

    def to_orig(offset: int) -> int:
        return offset + bisect.bisect_right(folded_at, offset - 1)

    return folded, to_orig


def _identity(offset: int) -> int:
    return offset
