"""TMX import and export of the translation memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.catalog.tmx import TmxUnit, read_tmx, write_tmx
from translate_app.memory.store import MAX_TARGET_BYTES, source_hash, source_language
from translate_app.store.models import TmUnit, utcnow
from translate_app.store.states import State

_CHUNK = 500


@dataclass
class TmxReport:
    """What a TMX import changed."""

    path: str
    added: int = 0
    raised: int = 0
    """Units already known that the file brought to a higher quality."""
    unchanged: int = 0
    skipped: int = 0
    """Translations too long to keep (see ``memory.MAX_TARGET_BYTES``)."""

    def __str__(self) -> str:
        skipped = f", {self.skipped} too long" if self.skipped else ""
        return (
            f"{self.path}: {self.added} units added, {self.raised} raised, "
            f"{self.unchanged} unchanged{skipped}"
        )


def export_tmx(
    session: Session,
    *,
    target_lang: str | None = None,
    min_quality: int = int(State.TRANSLATED),
) -> bytes:
    """The memory (one target language, or all) as a TMX 1.4 document."""
    query = select(TmUnit).where(TmUnit.quality >= min_quality).order_by(TmUnit.id)
    if target_lang is not None:
        query = query.where(TmUnit.target_lang == target_lang)
    units = (
        TmxUnit(
            source_lang=u.source_lang,
            target_lang=u.target_lang,
            source=u.source,
            target=u.target,
            quality=u.quality,
            origin=u.origin,
            document_slug=u.document_slug,
            segment_key=u.segment_key,
            created_at=u.created_at,
            updated_at=u.updated_at,
        )
        for u in session.scalars(query)
    )
    return write_tmx(units, source_lang=source_language(session))


def import_tmx(session: Session, data: bytes, *, path: str) -> TmxReport:
    """Validate a whole TMX file, then add its units to the memory (the caller commits).

    Units keep the quality, origin, document and dates the file gives (a TMX
    from this application imports back unchanged); without them a unit is
    ``translated`` (20) with origin ``import:<file name>``.  A unit already in
    the memory only ever gains quality.  Raises CatalogError; then nothing was added.
    """
    units = read_tmx(data, path=path)
    report = TmxReport(path=path)
    origin = f"import:{Path(path).name}"
    for start in range(0, len(units), _CHUNK):
        chunk = units[start : start + _CHUNK]
        known = _known(session, chunk)
        for unit in chunk:
            if len(unit.target.encode()) > MAX_TARGET_BYTES:
                report.skipped += 1
                continue
            key = (unit.source_lang, unit.target_lang, source_hash(unit.source), unit.target)
            quality = unit.quality or int(State.TRANSLATED)
            existing = known.get(key)
            if existing is None:
                now = utcnow()
                row = TmUnit(
                    source_lang=unit.source_lang,
                    target_lang=unit.target_lang,
                    source=unit.source,
                    target=unit.target,
                    source_hash=key[2],
                    quality=quality,
                    origin=(unit.origin or origin)[:255],
                    document_slug=unit.document_slug[:200],
                    segment_key=unit.segment_key[:128],
                    created_at=unit.created_at or now,
                    updated_at=unit.updated_at or unit.created_at or now,
                )
                session.add(row)
                known[key] = row
                report.added += 1
            elif quality > existing.quality:
                existing.quality = quality
                existing.origin = (unit.origin or origin)[:255]
                existing.updated_at = unit.updated_at or utcnow()
                report.raised += 1
            else:
                report.unchanged += 1
        session.flush()
    return report


def _known(session: Session, units: list[TmxUnit]) -> dict[tuple[str, str, str, str], TmUnit]:
    rows = session.scalars(
        select(TmUnit).where(
            TmUnit.source_lang.in_({u.source_lang for u in units}),
            TmUnit.target_lang.in_({u.target_lang for u in units}),
            TmUnit.source_hash.in_({source_hash(u.source) for u in units}),
        )
    )
    return {(r.source_lang, r.target_lang, r.source_hash, r.target): r for r in rows}
