"""PO exchange with the store: export a document's catalog, import a translated one.

An import is all or nothing: the file is validated completely (syntax the way
msgfmt reads it, the catalog's language, every key and placeholder against the
current source) before a single translation is written, and every problem is
reported with its file and line.  An import never approves; the origin of each
translation it writes is ``import:<file name>``.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, defer

from translate_app.catalog.po import (
    ParsedUnit,
    Unit,
    check_placeholders,
    po_entries,
    po_entry_texts,
    po_header,
    read_po,
)
from translate_app.catalog.po_rules import quoted
from translate_app.errors import CatalogError, NotFoundError, Problem
from translate_app.people.languages import get_language
from translate_app.runtime.forking import Forked, can_fork, map_in_parts
from translate_app.segment import model
from translate_app.store.models import Document, Event, Segment, Translation
from translate_app.store.states import State

PROJECT = "translate_app"
MARK_HEADER = "X-Translate-App-Mark"
"""Header holding the newest history event at export time, for the three-way merge on import."""
_MARK = re.compile(rb'"X-Translate-App-Mark: (\d+)\\n"')
ORIGIN_HEADER = "X-Translate-App-Origin"
"""Header of a catalog drafted by a machine (``mt:<engine>``): its entries import as drafts
recorded with that origin instead of ``import:<file>``."""
_ORIGIN = re.compile(rb'"X-Translate-App-Origin: ((?:mt|tm):[^"\\]+)\\n"')


def default_po_path(root: Path, slug: str, lang: str) -> Path:
    """``locales/<lang>/LC_MESSAGES/<slug>.po`` under ``root``."""
    return root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"


def default_pot_path(root: Path, slug: str) -> Path:
    """``locales/<slug>.pot`` under ``root``."""
    return root / "locales" / f"{slug}.pot"


def _document(session: Session, slug: str) -> Document:
    row = session.scalar(
        select(Document).where(Document.slug == slug).options(defer(Document.source_text))
    )
    if row is None:
        raise NotFoundError(f"no document {slug!r}; ingest it first (translate-app ingest PATH)")
    return row


def _notes(context: str, codes: list[dict[str, Any]]) -> tuple[str, ...]:
    """``#.`` lines: where the segment is, and what each placeholder stands for."""
    notes = [context] if context else []
    for code in codes:
        ident, kind, markup = code["id"], code["kind"], code["markup"]
        if kind == "close":
            continue
        shown = " ".join(markup.split())
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        if kind == "open":
            notes.append(f"<g{ident}>…</g{ident}>: {code['label']} ({shown})")
        else:
            notes.append(f"<x{ident}/>: {code['label']} ({shown})")
    return tuple(notes)


def texts_at_export(
    session: Session, doc: Document, lang: str, mark: int | None, own: str
) -> dict[str, str]:
    """Texts of the translations changed since an export marked ``mark`` (None: no mark, {})."""
    return {} if mark is None else _texts_at(session, doc, lang, mark, own)


def _texts_at(session: Session, doc: Document, lang: str, mark: int, own: str) -> dict[str, str]:
    """Translations changed by others since the export (key -> the text this file last saw).

    ``mark`` is the newest event at export time; events with origin ``own``
    (earlier imports of this same file) are the file's own changes, not others'.
    """
    newest = (
        select(Segment.key, Translation.id)
        .join(Translation, Translation.segment_id == Segment.id)
        .join(Event, Event.translation_id == Translation.id)
        .where(
            Segment.document_id == doc.id,
            Translation.language_code == lang,
            Event.id > mark,
            Event.origin != own,
        )
        .group_by(Segment.key, Translation.id)
    )
    then: dict[str, str] = {}
    for key, translation_id in session.execute(newest).all():
        text = session.scalar(
            select(Event.new_text)
            .where(
                Event.translation_id == translation_id, (Event.id <= mark) | (Event.origin == own)
            )
            .order_by(Event.id.desc())
            .limit(1)
        )
        then[key] = text or ""
    return then


def catalog_units(session: Session, doc: Document, lang: str | None) -> list[Unit]:
    """The units of ``doc`` in ``lang`` (every exchange format writes these), in order."""
    return _units(_catalog_rows(session, doc, lang), doc.path)


_Row = tuple[str, str, str | None, int, str, str | list[dict[str, Any]], str, State]
"""key, source, previous source, line, context, codes (JSON text or decoded), translation,
state."""


def _catalog_rows(session: Session, doc: Document, lang: str | None) -> list[_Row]:
    connection = session.connection()
    segments = (
        select(
            Segment.id, Segment.key, Segment.source, Segment.previous_source, Segment.line,
            Segment.context, cast(Segment.codes, Text),
        )
        .where(Segment.document_id == doc.id, Segment.obsolete.is_(False))
        .order_by(Segment.position)
    )  # fmt: skip
    # Core rows, not ORM ones, and the codes as JSON text decoded later: most segments have
    # none ("[]"). Translations come in a query of their own (see _translations).
    translated = _translations(session, doc, lang, Translation.segment_id)
    return [
        (key, source, previous, line, context, codes, *translated.get(segment_id, _UNTRANSLATED))
        for segment_id, key, source, previous, line, context, codes in connection.execute(
            segments
        ).all()
    ]


def _rows_of_stored(
    session: Session, doc: Document, lang: str | None, stored: Sequence[model.ParsedSegment]
) -> list[_Row]:
    """The rows :func:`_catalog_rows` reads, made from the segments ingest just stored."""
    previous, translated = _after_ingest(session, doc, lang)
    return _stored_rows(stored, previous, translated)


_Translated = dict[str, tuple[str, State]]
"""Key -> text and state of the translations in one language."""


def _after_ingest(
    session: Session, doc: Document, lang: str | None
) -> tuple[dict[str, str | None], _Translated]:
    """What the segments ingest stored do not hold: previous sources, translations in
    ``lang`` (none for a template), by segment key."""
    connection = session.connection()
    earlier = (
        select(Segment.key, Segment.previous_source)
        .where(Segment.document_id == doc.id, Segment.previous_source.is_not(None))
        .where(Segment.obsolete.is_(False))
    )
    previous: dict[str, str | None] = {row[0]: row[1] for row in connection.execute(earlier)}
    return previous, _translations(session, doc, lang, Segment.key)


def _translations(
    session: Session, doc: Document, lang: str | None, by: InstrumentedAttribute[Any]
) -> dict[Any, tuple[str, State]]:
    """Text and state of the translations of ``doc`` in ``lang`` that are not empty, by the
    column ``by`` (the segment's id or key); none for a template (``lang`` None).  The query
    starts from the language: no look-up per segment while a language has few translations."""
    if lang is None:
        return {}
    texts = (
        select(by, Translation.text, Translation.state)
        .join(Segment, Segment.id == Translation.segment_id)
        .where(
            Translation.language_code == lang,
            Segment.document_id == doc.id,
            Translation.text != "",
        )
    )
    return {row[0]: (row[1], row[2]) for row in session.connection().execute(texts)}


def _stored_rows(
    stored: Sequence[model.ParsedSegment], previous: dict[str, str | None], translated: _Translated
) -> list[_Row]:
    return [
        (
            segment.key,
            segment.source,
            previous.get(segment.key),
            segment.line,
            segment.context,
            [code.as_dict() for code in segment.codes],
            *translated.get(segment.key, _UNTRANSLATED),
        )
        for segment in stored
    ]


def _units(rows: Sequence[_Row], path: str) -> list[Unit]:
    units = []
    for key, source, previous, line, context, codes, text, state in rows:
        notes: tuple[str, ...]
        if not codes or codes == "[]":
            notes = (context,) if context else ()
        else:
            notes = _notes(context, json.loads(codes) if isinstance(codes, str) else codes)
        units.append(
            Unit(
                key=key,
                source=source,
                target=text,
                state=state,
                previous_source=previous if state == State.DRAFT else None,
                references=(f"{path}:{line}",),
                notes=notes,
            )
        )
    return units


_UNTRANSLATED = ("", State.EMPTY)


def current_mark(session: Session) -> int:
    """The newest history event: exported as the mark of the three-way merge on import."""
    return session.scalar(select(func.max(Event.id))) or 0


PARALLEL_MIN_UNITS = 10_000
"""Catalogs with at least this many entries are written by worker processes when asked to."""


def export_catalog(session: Session, slug: str, lang: str | None, *, jobs: int = 1) -> str:
    """The PO catalog of ``slug`` in ``lang``, or the POT template when ``lang`` is None.

    With ``jobs`` > 1 a large catalog's entries are made by that many forked processes
    (:func:`translate_app.runtime.forking.map_in_parts`); the text is the same.
    """
    return b"".join(catalog_runs(session, slug, lang, jobs=jobs)).decode("utf-8")


def catalog_runs(
    session: Session,
    slug: str,
    lang: str | None,
    *,
    jobs: int = 1,
    stored: Sequence[model.ParsedSegment] | None = None,
) -> list[bytes]:
    """:func:`export_catalog` as UTF-8 runs that make the file when written one after the
    other: what a worker process made stays one run, never joined into one more copy.

    ``stored``: the document's segments as :func:`translate_app.documents.ingesting.ingest` has just
    stored them, in order (``ingest --export``).  They are the document's current segments:
    the catalog is made from them instead of reading them back; only what ingest does not
    hold (translations, previous sources) is read.
    """
    doc = _document(session, slug)
    header = _header(session, doc, lang)
    if stored is None:
        rows = _catalog_rows(session, doc, lang)
    else:
        rows = _rows_of_stored(session, doc, lang, stored)
    path, template = doc.path, lang is None

    def entries(run: Sequence[_Row]) -> bytes:
        # Keys are unique in a document: runs written apart cannot repeat an entry.
        return po_entries(_units(run, path), template=template).encode("utf-8")

    parts = jobs if len(rows) >= PARALLEL_MIN_UNITS else 1
    return _po_file(header, [[run] for run in map_in_parts(entries, rows, parts)])


def _po_file(header: str, parts: Sequence[Sequence[bytes]]) -> list[bytes]:
    """The runs of a PO file: ``header``, then each part's runs of entries after one line
    break (as :func:`translate_app.catalog.po.join_po` joins text); empty parts left out."""
    out = [header.encode("utf-8")]
    for part in parts:
        if any(part):
            out += [b"\n", *part]
    return out


def _header(session: Session, doc: Document, lang: str | None) -> str:
    plural_forms = get_language(session, lang).plural_forms if lang is not None else None
    return po_header(
        language=lang,
        plural_forms=plural_forms,
        project=f"{PROJECT} {doc.slug}",
        revision_date=datetime.now(UTC),
        creation_date=doc.updated_at,
        extra_headers={MARK_HEADER: str(current_mark(session))},
    )


def begin_catalog(doc: model.ParsedDocument, lang: str, *, jobs: int = 1) -> PendingCatalog:
    """Start the PO catalog in ``lang`` of ``doc``, a document about to be ingested (``ingest
    --export``); :meth:`PendingCatalog.runs` finishes it once ingest has stored ``doc``.

    With ``jobs`` > 1 and a large document, ``jobs`` - 1 forked workers write its entries as
    if nothing were translated while the caller updates the store; ``runs`` then rewrites
    the entries that have a translation.  Otherwise all the work happens in ``runs``.
    """
    return PendingCatalog(doc, lang, jobs)


class PendingCatalog:
    """A catalog being written while its document is ingested (see :func:`begin_catalog`)."""

    def __init__(self, doc: model.ParsedDocument, lang: str, jobs: int) -> None:
        self.doc, self.lang, self.jobs = doc, lang, jobs
        segments, path = doc.segments, doc.path
        self.bounds: list[tuple[int, int]] = []
        self.workers: list[Forked[tuple[bytes, list[int]]]] = []
        if jobs < 2 or len(segments) < PARALLEL_MIN_UNITS or not can_fork():
            return
        parts = jobs - 1  # the caller updates the store meanwhile
        cuts = [len(segments) * i // parts for i in range(parts + 1)]
        self.bounds = list(itertools.pairwise(cuts))
        self.workers = [
            Forked(functools.partial(_entries, segments[lo:hi], {}, {}, path))
            for lo, hi in self.bounds
        ]

    def runs(self, session: Session) -> list[bytes]:
        """The catalog as :func:`catalog_runs` makes it, once ingest has stored the document
        (in ``session``, before its commit)."""
        segments = self.doc.segments
        if not self.workers:
            return catalog_runs(session, self.doc.slug, self.lang, jobs=self.jobs, stored=segments)
        doc = _document(session, self.doc.slug)
        previous, translated = _after_ingest(session, doc, self.lang)
        parts = []
        for worker, (lo, hi) in zip(self.workers, self.bounds, strict=True):
            blob, lengths = worker.result()
            part = segments[lo:hi]
            # Written as untranslated by the worker: the translated ones again, as they are now.
            changed = [i for i, segment in enumerate(part) if segment.key in translated]
            again = _cut(*_entries([part[i] for i in changed], previous, translated, doc.path))
            parts.append(_splice(blob, lengths, dict(zip(changed, again, strict=True))))
        return _po_file(_header(session, doc, self.lang), parts)


def _entries(
    segments: Sequence[model.ParsedSegment],
    previous: dict[str, str | None],
    translated: _Translated,
    path: str,
) -> tuple[bytes, list[int]]:
    """PO entries of stored ``segments`` joined by blank lines, and the length of each."""
    rows = _stored_rows(segments, previous, translated)
    texts = [text.encode("utf-8") for text in po_entry_texts(_units(rows, path), template=False)]
    return b"\n\n".join(texts) + b"\n", [len(text) for text in texts]


def _cut(blob: bytes, lengths: Sequence[int]) -> list[bytes]:
    """The entries joined in ``blob`` (see :func:`_entries`), one by one."""
    out, at = [], 0
    for length in lengths:
        out.append(blob[at : at + length])
        at += length + 2
    return out


def _splice(blob: bytes, lengths: Sequence[int], replaced: dict[int, bytes]) -> list[bytes]:
    """``blob``, entries of ``lengths`` bytes each joined by blank lines, with the entries
    at the indices of ``replaced`` replaced."""
    if not replaced:
        return [blob]
    out: list[bytes] = []
    at = done = 0  # where entry i starts in blob; how far blob is copied out
    for i, length in enumerate(lengths):
        if i in replaced:
            out += [blob[done:at], replaced[i]]
            done = at + length
        at += length + 2
    out.append(blob[done:])
    return out


@dataclass
class ImportReport:
    """What an import changed."""

    path: str
    slug: str
    lang: str
    updated: int = 0
    """Translations written (new text or state)."""
    unchanged: int = 0
    """Entries identical to what the store has."""
    empty: int = 0
    """Entries without a translation (nothing is cleared by an import)."""
    kept_newer: list[str] = field(default_factory=list)
    """Keys left alone: changed in the store since the export, untouched in the file."""

    def __str__(self) -> str:
        newer = f", {len(self.kept_newer)} kept (newer here)" if self.kept_newer else ""
        return (
            f"{self.path}: {self.updated} updated, {self.unchanged} unchanged{newer}, "
            f"{self.empty} untranslated ({self.slug} [{self.lang}])"
        )


def import_catalog(
    session: Session,
    data: bytes,
    *,
    path: str,
    lang: str,
    slug: str | None = None,
    overwrite: bool = False,
    only_empty: bool = False,
) -> ImportReport:
    """Validate the catalog ``data`` completely, then apply it (the caller commits).

    ``slug`` defaults to the file name's stem (``crossing-thresholds.po``).
    A three-way merge protects work done since the export (the catalog's
    ``X-Translate-App-Mark``): an entry the file left as exported keeps the
    newer text of the store; an entry changed on both sides is a conflict,
    refused unless ``overwrite``.  With ``only_empty`` only segments without
    a translation are filled (what ``make run`` does with the shipped draft).
    A catalog whose header names a machine origin (``X-Translate-App-Origin:
    mt:<engine>``) imports as drafts with that origin.  Raises CatalogError
    listing every problem; then nothing was written.
    """
    get_language(session, lang)
    units = read_po(data, path=path, language=lang)
    mark = _MARK.search(data[:4096])
    machine = _ORIGIN.search(data[:4096])
    return apply_import(
        session, units, path=path, lang=lang, slug=slug or Path(path).stem,
        mark=int(mark.group(1)) if mark else None,
        machine_origin=machine.group(1).decode() if machine else None,
        overwrite=overwrite, only_empty=only_empty,
    )  # fmt: skip


def apply_import(
    session: Session,
    units: Sequence[ParsedUnit],
    *,
    path: str,
    lang: str,
    slug: str,
    mark: int | None,
    machine_origin: str | None = None,
    overwrite: bool = False,
    only_empty: bool = False,
    problems: Sequence[Problem] = (),
) -> ImportReport:
    """Apply the validated entries of any exchange file (PO, XLIFF) to ``slug`` in ``lang``.

    Checks every key, source and placeholder against the document, then the
    three-way merge with ``mark`` (the newest event at export time): see
    :func:`import_catalog`.  ``problems`` already found by the caller are
    reported with these.  Raises CatalogError; then nothing was written.
    """
    doc = session.scalar(select(Document).where(Document.slug == slug))
    if doc is None:
        raise CatalogError(
            [Problem(path, 0, f"no document {slug!r} for this catalog; name the file <slug>.po")]
        )
    segments = {
        s.key: s
        for s in session.scalars(
            select(Segment).where(Segment.document_id == doc.id, Segment.obsolete.is_(False))
        )
    }
    found = list(problems)
    found += check_placeholders(units, {k: s.source for k, s in segments.items()}, path)
    origin = f"import:{Path(path).name}"
    # The workflow (history, checks, memory) is loaded by imports only: exports start faster.
    from translate_app import workflow  # noqa: PLC0415

    exported = texts_at_export(session, doc, lang, mark, origin) if not only_empty else {}
    report = ImportReport(path=path, slug=slug, lang=lang)
    skip: set[str] = set()
    for unit in units:
        if unit.key not in exported or not unit.target:
            continue
        current = workflow.get_translation(session, segments[unit.key], lang).text
        if unit.target == current:
            continue
        if unit.target == exported[unit.key]:  # untouched in the file: keep the newer text
            skip.add(unit.key)
        elif not overwrite:
            found.append(
                Problem(
                    path, unit.line,
                    f"{unit.key!r} was changed here after this catalog was exported (now: "
                    f"{quoted(current)}); merge by hand, export again, or import with --overwrite",
                )
            )  # fmt: skip
    if found:
        raise CatalogError(sorted(found, key=lambda p: p.line))
    report.kept_newer = sorted(skip)
    for unit in units:
        if not unit.target:
            report.empty += 1
            continue
        if unit.key in skip:
            continue
        seg = segments[unit.key]
        tr = workflow.get_translation(session, seg, lang)
        if only_empty and tr.text:
            report.unchanged += 1
            continue
        state = State.DRAFT if unit.fuzzy or machine_origin else State.TRANSLATED
        if tr.text == unit.target and tr.state in {state, State.APPROVED}:
            report.unchanged += 1
            continue
        workflow.save(
            session, seg, lang, unit.target, user=None, base_version=tr.version, state=state,
            origin=machine_origin or origin, action="import",
        )  # fmt: skip
        report.updated += 1
    return report
