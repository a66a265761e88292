"""PO exchange with the store: export a document's catalog, import a translated one.

An import is all or nothing: the file is validated completely (syntax the way
msgfmt reads it, the catalog's language, every key and placeholder against the
current source) before a single translation is written, and every problem is
reported with its file and line.  An import never approves; the origin of each
translation it writes is ``import:<file name>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app import workflow
from translate_app.catalog.po import Unit, check_placeholders, read_po, write_po
from translate_app.errors import CatalogError, NotFoundError, Problem
from translate_app.languages import get_language
from translate_app.models import Document, Segment, Translation
from translate_app.states import State

PROJECT = "translate_app"


def default_po_path(root: Path, slug: str, lang: str) -> Path:
    """``locales/<lang>/LC_MESSAGES/<slug>.po`` under ``root``."""
    return root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"


def default_pot_path(root: Path, slug: str) -> Path:
    """``locales/<slug>.pot`` under ``root``."""
    return root / "locales" / f"{slug}.pot"


def _document(session: Session, slug: str) -> Document:
    row = session.scalar(select(Document).where(Document.slug == slug))
    if row is None:
        raise NotFoundError(f"no document {slug!r}; ingest it first (translate-app ingest PATH)")
    return row


def _notes(context: str, codes: list[dict[str, Any]]) -> list[str]:
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
    return notes


def export_catalog(session: Session, slug: str, lang: str | None) -> str:
    """The PO catalog of ``slug`` in ``lang``, or the POT template when ``lang`` is None."""
    doc = _document(session, slug)
    plural_forms = get_language(session, lang).plural_forms if lang is not None else None
    query = (
        select(
            Segment.key, Segment.source, Segment.previous_source, Segment.line,
            Segment.context, Segment.codes, Translation.text, Translation.state,
        )
        .outerjoin(
            Translation,
            (Translation.segment_id == Segment.id) & (Translation.language_code == (lang or "")),
        )
        .where(Segment.document_id == doc.id, Segment.obsolete.is_(False))
        .order_by(Segment.position)
    )  # fmt: skip
    units = []
    for key, source, previous, line, context, codes, text, stored in session.execute(query):
        state = State(stored) if text else State.EMPTY
        units.append(
            Unit(
                key=key,
                source=source,
                target=text or "",
                state=state,
                previous_source=previous if state == State.DRAFT else None,
                references=(f"{doc.path}:{line}",),
                notes=tuple(_notes(context, codes)),
            )
        )
    return write_po(
        units,
        language=lang,
        plural_forms=plural_forms,
        project=f"{PROJECT} {slug}",
        revision_date=datetime.now(UTC),
        creation_date=doc.updated_at,
    )


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

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.empty} untranslated ({self.slug} [{self.lang}])"
        )


def import_catalog(
    session: Session, data: bytes, *, path: str, lang: str, slug: str | None = None
) -> ImportReport:
    """Validate the catalog ``data`` completely, then apply it (the caller commits).

    ``slug`` defaults to the file name's stem (``crossing-thresholds.po``).
    Raises CatalogError listing every problem; then nothing was written.
    """
    get_language(session, lang)
    units = read_po(data, path=path, language=lang)
    slug = slug or Path(path).stem
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
    problems = check_placeholders(units, {k: s.source for k, s in segments.items()}, path)
    if problems:
        raise CatalogError(problems)
    report = ImportReport(path=path, slug=slug, lang=lang)
    origin = f"import:{Path(path).name}"
    for unit in units:
        if not unit.target:
            report.empty += 1
            continue
        seg = segments[unit.key]
        tr = workflow.get_translation(session, seg, lang)
        state = State.DRAFT if unit.fuzzy else State.TRANSLATED
        if tr.text == unit.target and tr.state in {state, State.APPROVED}:
            report.unchanged += 1
            continue
        workflow.save(
            session, seg, lang, unit.target, user=None, base_version=tr.version, state=state,
            origin=origin, action="import",
        )  # fmt: skip
        report.updated += 1
    return report
