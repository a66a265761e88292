"""The document model: cut a Jekyll Markdown report into sentence segments.

``segment_text`` walks the document once; each segment records its span in
the source text, so ``rebuild`` can splice translations back while every
other byte stays as it was.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from translate_app.batching import cycle_collector_paused
from translate_app.config import DEFAULT_FRONT_MATTER_KEYS
from translate_app.errors import SourceError
from translate_app.segment.model import Code, CodeKind, Document, Segment, Syntax

if TYPE_CHECKING:
    from translate_app.segment.markdown import RawSegment

__all__ = [
    "Code",
    "CodeKind",
    "Document",
    "Segment",
    "Syntax",
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


def segment_text(
    text: str,
    *,
    path: str = "<text>",
    slug: str | None = None,
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS,
) -> Document:
    """Cut ``text`` into segments (front matter values first, then the body in order)."""
    with cycle_collector_paused():
        return _segment_text(text, path, slug, front_matter_keys)


def _segment_text(
    text: str, path: str, slug: str | None, front_matter_keys: tuple[str, ...]
) -> Document:
    # The parser (markdown-it, PyYAML) loads only here: the modules that need just the model
    # or the placeholders (catalogs, checks, the web UI) start without it.
    from translate_app.segment.frontmatter import (  # noqa: PLC0415
        front_matter_end,
        translatable_values,
    )
    from translate_app.segment.markdown import RawSegment, walk  # noqa: PLC0415

    norm, to_orig = _fold_line_endings(text.replace("\0", "\ufffd"))
    raws: list[RawSegment] = []
    for value in translatable_values(text, front_matter_keys, path=path):
        raws.append(
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
        )
    body = walk(norm, to_orig, text, path=path)
    fm_end = front_matter_end(text)
    raws.extend(r for r in body if r.start >= fm_end)
    seen: dict[str, int] = {}
    segments: list[Segment] = []
    for raw in raws:
        group = group_of(raw.source)
        seen[group] = seen.get(group, 0) + 1
        occurrence = seen[group]
        segments.append(
            Segment(
                key=group if occurrence == 1 else f"{group}-{occurrence}",
                source=raw.source,
                start=raw.start,
                end=raw.end,
                line=raw.line,
                kind=raw.kind,
                block=raw.block,
                syntax=raw.syntax,
                codes=raw.codes,
                context=raw.context,
                occurrence=occurrence,
                group=group,
            )
        )
    return Document(slug=slug or slug_for(path), path=path, text=text, segments=segments)


def load_document(
    path: str | Path, *, front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
) -> Document:
    """Read and segment a UTF-8 Markdown file."""
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
    return segment_text(text, path=str(path), front_matter_keys=front_matter_keys)


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
