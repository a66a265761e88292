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
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from translate_app.errors import SourceError
from translate_app.models import Document, Segment, utcnow
from translate_app.segment import model
from translate_app.segment.frontmatter import translatable_values
from translate_app.segment.placeholders import strip
from translate_app.source_updates import fill_from_group, outdate
from translate_app.status import DocumentStatus, LanguageStatus, status

__all__ = ["DocumentStatus", "IngestReport", "LanguageStatus", "ingest", "status"]

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


def ingest(session: Session, doc: model.Document, *, title: str | None = None) -> IngestReport:
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


def _check(doc: model.Document) -> None:
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
    session: Session, document: Document, segments: list[model.Segment], report: IngestReport
) -> None:
    rows = list(session.scalars(select(Segment).where(Segment.document_id == document.id)))
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
    new_rows: list[dict[str, object]] = []
    edited: list[Segment] = []
    for index in unmatched:
        segment = segments[index]
        match = pairs.get(index)
        if match is None:
            new_rows.append({"document_id": document.id, **_values(segment, index)})
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
    if new_rows:  # one multi-row INSERT: a 40,000-sentence document is common
        session.execute(insert(Segment), new_rows)
    report.translations_outdated = outdate(session, edited, note="source edited")
    translated_groups = {r.group_hash for r in rows if not r.obsolete}
    fill_keys = [r["key"] for r in new_rows if r["group_hash"] in translated_groups]
    if fill_keys:
        for row in session.scalars(
            select(Segment).where(Segment.document_id == document.id, Segment.key.in_(fill_keys))
        ):
            fill_from_group(session, row)


def _similar(
    segments: list[model.Segment],
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


def _values(segment: model.Segment, position: int) -> dict[str, object]:
    """Column values of a stored segment for ``segment`` at ``position``."""
    return {
        "key": segment.key,
        "group_hash": segment.group,
        "source": segment.source,
        "position": position,
        "start": segment.start,
        "end": segment.end,
        "line": segment.line,
        "kind": segment.kind,
        "block": segment.block,
        "syntax": str(segment.syntax),
        "context": segment.context,
        "codes": [
            {"id": c.id, "kind": str(c.kind), "markup": c.markup, "label": c.label}
            for c in segment.codes
        ],
        "occurrence": segment.occurrence,
        "words": len(strip(segment.source).split()),
        "obsolete": False,
    }


def _copy(row: Segment, segment: model.Segment, position: int) -> None:
    for name, value in _values(segment, position).items():
        if getattr(row, name) != value:
            setattr(row, name, value)
