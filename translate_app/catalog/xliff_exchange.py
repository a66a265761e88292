"""XLIFF files to and from the store: what :mod:`translate_app.catalog.po_exchange` is for PO.

The format itself (writing, reading, inline elements) is :mod:`translate_app.catalog.xliff`.
An import is validated and merged exactly as a PO import is
(:func:`translate_app.catalog.po_exchange.apply_import`: all or nothing, problems
as ``file:line``, origin ``import:<file>``, the three-way merge of the
export's mark); read-only units are never applied, and changing one is a problem.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app import workflow
from translate_app.catalog.po_exchange import (
    ImportReport,
    apply_import,
    catalog_units,
    current_mark,
    texts_at_export,
)
from translate_app.catalog.units import ParsedUnit
from translate_app.catalog.xliff import (
    DOCUMENT_PROP,
    MARK_PROP,
    ORIGIN_PROP,
    read_xliff,
    write_xliff,
)
from translate_app.errors import NotFoundError, Problem
from translate_app.memory.store import source_language
from translate_app.people.languages import get_language
from translate_app.store.models import Document, Segment


def export_xliff(session: Session, slug: str, lang: str) -> bytes:
    """The XLIFF 1.2 file of document ``slug`` in ``lang``."""
    doc = session.scalar(select(Document).where(Document.slug == slug))
    if doc is None:
        raise NotFoundError(f"no document {slug!r}; ingest it first (translate-app ingest PATH)")
    get_language(session, lang)
    return write_xliff(
        catalog_units(session, doc, lang),
        original=doc.path,
        source_lang=source_language(session),
        target_lang=lang,
        properties={MARK_PROP: str(current_mark(session)), DOCUMENT_PROP: slug},
    )


def import_xliff(
    session: Session,
    data: bytes,
    *,
    path: str,
    lang: str,
    slug: str | None = None,
    overwrite: bool = False,
    only_empty: bool = False,
) -> ImportReport:
    """Validate an XLIFF file completely, then apply it like a PO catalog (the caller commits).

    ``slug`` defaults to the document named in the file, then to the file
    name's stem (``crossing-thresholds.uk.xlf`` -> ``crossing-thresholds``).
    """
    get_language(session, lang)
    found = read_xliff(data, path=path, language=lang)
    slug = slug or found.properties.get(DOCUMENT_PROP) or Path(path).name.split(".")[0]
    mark_text = found.properties.get(MARK_PROP, "")
    mark = int(mark_text) if mark_text.isdigit() else None
    machine = found.properties.get(ORIGIN_PROP) or None
    problems = _readonly_problems(
        session, found.readonly, path=path, lang=lang, slug=slug, mark=mark
    )
    return apply_import(
        session, found.units, path=path, lang=lang, slug=slug, mark=mark,
        machine_origin=machine if machine and machine.startswith(("mt:", "tm:")) else None,
        overwrite=overwrite, only_empty=only_empty, problems=problems,
    )  # fmt: skip


def _readonly_problems(
    session: Session,
    units: list[ParsedUnit],
    *,
    path: str,
    lang: str,
    slug: str,
    mark: int | None,
) -> list[Problem]:
    """Read-only (approved) units whose translation was changed in the file."""
    doc = session.scalar(select(Document).where(Document.slug == slug))
    if doc is None or not units:
        return []
    segments = {
        s.key: s
        for s in session.scalars(
            select(Segment).where(
                Segment.document_id == doc.id, Segment.key.in_(u.key for u in units)
            )
        )
    }
    exported = texts_at_export(session, doc, lang, mark, f"import:{Path(path).name}")
    problems = []
    for unit in units:
        segment = segments.get(unit.key)
        if segment is None:
            continue
        current = workflow.get_translation(session, segment, lang).text
        if unit.target != exported.get(unit.key, current):
            problems.append(
                Problem(
                    path, unit.line,
                    f"{unit.key!r} is approved and read-only (translate=\"no\"), but its "
                    "translation was changed in the file: ask an editor to reject it first",
                )
            )  # fmt: skip
    return problems
