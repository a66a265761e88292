"""Documents in the store: ingest a segmented source (again), and report progress.

Re-ingesting an edited source loses nothing (DESIGN §3): a segment whose key
is still there keeps its row and translations, wherever it moved; an edited
sentence takes over the row of the old one (history continues) and its
translations drop to DRAFT with the previous source kept for a diff; a removed
segment becomes obsolete, never deleted, and is revived if its key returns.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Table, insert, select
from sqlalchemy.orm import Session

from translate_app.errors import SourceError
from translate_app.segment import model
from translate_app.segment.frontmatter import translatable_values
from translate_app.segment.placeholders import strip
from translate_app.store.models import Document, Segment, utcnow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

__all__ = ["IngestReport", "ingest"]

SIMILARITY = 0.6
"""Least ``difflib`` ratio for an edited sentence to inherit an old one's translations."""
WINDOW = 25
"""How many positions around its expected place an edited sentence is looked for."""


@dataclass
class IngestReport:
    """What an ingest did to the segments of one document."""

    kept: int = 0
    """Segments found again by key (moved ones included)."""
    outdated: int = 0
    """Edited segments: old row reused, translations back to DRAFT."""
    new: int = 0
    """Segments never seen before."""
    obsolete: int = 0
    """Segments gone from the source (kept, marked obsolete)."""
    revived: int = 0
    """Obsolete segments whose key came back."""
    slug: str = ""
    created: bool = False
    """True on the first ingest of the document."""
    revision: int = 1
    """Revision of the document after the ingest."""
    translations_outdated: int = 0
    """Translations (all languages) that dropped to DRAFT."""

    def __str__(self) -> str:
        return (
            f"{self.slug}: revision {self.revision}, {self.kept} kept, {self.new} new, "
            f"{self.outdated} outdated, {self.obsolete} obsolete, {self.revived} revived"
        )


def ingest(
    session: Session, doc: model.ParsedDocument, *, title: str | None = None
) -> IngestReport:
    """Store ``doc`` (first time) or merge it into the stored document (the caller commits)."""
    _check(doc)
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    title = _front_matter_title(doc.text) if title is None else title
    row = session.scalar(select(Document).where(Document.slug == doc.slug))
    report = IngestReport(slug=doc.slug)
    if row is None:
        row = Document(slug=doc.slug, path=doc.path, title=title, source_text=doc.text)
        row.source_hash, row.revision, report.created = digest, 1, True
        session.add(row)
        session.flush()
    elif row.source_hash != digest or row.path != doc.path or row.title != title:
        if row.source_hash != digest:
            row.revision += 1
        row.path, row.title, row.source_text, row.source_hash = doc.path, title, doc.text, digest
        row.updated_at = utcnow()
    report.revision = row.revision
    _merge(session, row, doc.segments, report)
    session.flush()
    return report


def _check(doc: model.ParsedDocument) -> None:
    if not doc.slug.strip():
        raise SourceError("a document needs a slug", path=doc.path)
    seen: set[str] = set()
    for segment in doc.segments:
        if segment.key in seen:
            raise SourceError(f"segment key {segment.key} occurs twice", path=doc.path)
        seen.add(segment.key)


def _front_matter_title(text: str) -> str:
    """The front matter's title (the segmenter already validated the YAML)."""
    try:
        found = translatable_values(text, ("title",))
    except SourceError:
        return ""
    return found[0].value.strip() if found else ""


def _merge(
    session: Session, document: Document, segments: list[model.ParsedSegment], report: IngestReport
) -> None:
    rows = list(session.scalars(select(Segment).where(Segment.document_id == document.id)))
    if not rows:  # nothing stored yet: every segment is new, nothing to keep or outdate
        _insert_rows(session, document.id, list(enumerate(segments)))
        report.new = len(segments)
        return
    by_key = {row.key: row for row in rows}
    old_position = {row.id: row.position for row in rows if not row.obsolete}
    taken: set[int] = set()
    unmatched: list[int] = []
    expected: dict[int, int] = {}
    anchor_old, anchor_new = -1, -1
    for index, segment in enumerate(segments):
        row = by_key.get(segment.key)
        if row is None:
            unmatched.append(index)
            expected[index] = anchor_old + (index - anchor_new)
            continue
        if row.obsolete:
            row.obsolete = False
            report.revived += 1
        else:
            report.kept += 1
            anchor_old, anchor_new = old_position[row.id], index
        _copy(row, segment, index)
        taken.add(row.id)
    keys = {segment.key for segment in segments}
    left = sorted(
        (r for r in rows if not r.obsolete and r.id not in taken and r.key not in keys),
        key=lambda r: old_position[r.id],
    )
    pairs = _similar(segments, unmatched, expected, left, old_position)
    new: list[tuple[int, model.ParsedSegment]] = []
    edited: list[Segment] = []
    for index in unmatched:
        segment = segments[index]
        match = pairs.get(index)
        if match is None:
            new.append((index, segment))
            report.new += 1
            continue
        taken.add(match.id)
        previous = match.source
        _copy(match, segment, index)
        if previous == segment.source:  # same text, renumbered occurrence
            report.kept += 1
            continue
        match.previous_source = previous
        edited.append(match)
    report.outdated = len(edited)
    for row in left:
        if row.id not in taken:
            row.obsolete = True
            report.obsolete += 1
    session.flush()
    _insert_rows(session, document.id, new)
    translated_groups = {r.group_hash for r in rows if not r.obsolete}
    fill_keys = [segment.key for _, segment in new if segment.group in translated_groups]
    if not edited and not fill_keys:
        return
    # The workflow's writers (history, checks, memory) load only when a source update needs them.
    from translate_app.workflow.source_updates import fill_from_group, outdate  # noqa: PLC0415

    report.translations_outdated = outdate(session, edited, note="source edited")
    if fill_keys:
        for row in session.scalars(
            select(Segment).where(Segment.document_id == document.id, Segment.key.in_(fill_keys))
        ):
            fill_from_group(session, row)


def _similar(
    segments: list[model.ParsedSegment],
    unmatched: list[int],
    expected: dict[int, int],
    left: list[Segment],
    old_position: dict[int, int],
) -> dict[int, Segment]:
    """Pair edited sentences with old ones nearby: best ratio first, nearer wins ties."""
    if not unmatched or not left:
        return {}
    positions = [old_position[r.id] for r in left]
    scored: list[tuple[float, int, Segment]] = []
    matcher = SequenceMatcher(autojunk=False)
    for index in unmatched:
        source = segments[index].source
        matcher.set_seq2(source)
        where = expected[index]
        lo = bisect.bisect_left(positions, where - WINDOW)
        hi = bisect.bisect_right(positions, where + WINDOW)
        for row in left[lo:hi]:
            matcher.set_seq1(row.source)
            if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILARITY:
                distance = abs(old_position[row.id] - where)
                scored.append((ratio - distance / 1000, index, row))
    scored.sort(key=lambda item: (-item[0], item[1], item[2].id))
    pairs: dict[int, Segment] = {}
    used: set[int] = set()
    for _score, index, row in scored:
        if index not in pairs and row.id not in used:
            pairs[index] = row
            used.add(row.id)
    return pairs


_COLUMNS = (
    "key", "group_hash", "source", "position", "start", "end", "line", "kind", "block",
    "syntax", "context", "codes", "occurrence", "words", "obsolete",
)  # fmt: skip
"""Columns of a stored segment that come from the segmenter, in the order of :func:`_row`."""


def _row(segment: model.ParsedSegment, position: int) -> tuple[object, ...]:
    """Values of :data:`_COLUMNS` for ``segment`` at ``position``."""
    return (
        segment.key,
        segment.group,
        segment.source,
        position,
        segment.start,
        segment.end,
        segment.line,
        segment.kind,
        segment.block,
        str(segment.syntax),
        segment.context,
        [code.as_dict() for code in segment.codes],
        segment.occurrence,
        len(strip(segment.source).split()),
        False,
    )


def _values(segment: model.ParsedSegment, position: int) -> dict[str, object]:
    """Column values of a stored segment for ``segment`` at ``position``."""
    return dict(zip(_COLUMNS, _row(segment, position), strict=True))


def _insert_rows(
    session: Session, document_id: int, new: Sequence[tuple[int, model.ParsedSegment]]
) -> None:
    """Store the ``(position, segment)`` pairs ``new`` as segments of ``document_id``: one
    executemany (a 40,000-sentence document is common)."""
    if not new:
        return
    table = Segment.__table__
    assert isinstance(table, Table)
    columns = ("document_id", *_COLUMNS)
    rows = [(document_id, *_row(segment, position)) for position, segment in new]
    connection = session.connection()
    if connection.dialect.name == "sqlite" and connection.dialect.positional:
        _executemany_sqlite(connection, table, columns, rows)
    else:  # Core's executemany: batched by SQLAlchemy's insertmanyvalues
        connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


def _executemany_sqlite(
    connection: Connection, table: Table, columns: Sequence[str], rows: list[tuple[object, ...]]
) -> None:
    """``INSERT`` ``rows`` into ``table`` with the driver's executemany, tuples as they are.

    What SQLAlchemy's own executemany does, minus building and processing a
    dictionary per row (two thirds of its time for 40,000 rows): the
    statement is SQLAlchemy's, and the values of each column go through its
    type's bind processor (JSON), so the stored values are the same.
    """
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    values: list[list[object]] = []
    assert compiled.positiontup is not None  # qmark: the parameters go by position
    for name in compiled.positiontup:
        at = columns.index(name)
        column = [row[at] for row in rows]
        kind = table.c[name].type
        process = kind.dialect_impl(dialect).bind_processor(dialect)
        if process is not None and isinstance(kind, JSON):
            empty = process([])  # most segments have no codes: serialize [] once
            column = [empty if value == [] else process(value) for value in column]
        elif process is not None:
            column = [process(value) for value in column]
        values.append(column)
    connection.exec_driver_sql(str(compiled), list(zip(*values, strict=True)))


def _copy(row: Segment, segment: model.ParsedSegment, position: int) -> None:
    for name, value in _values(segment, position).items():
        if getattr(row, name) != value:
            setattr(row, name, value)
