"""Glossary import and export: CSV and TBX, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from translate_app.catalog.glossary_csv import TermRecord, read_csv, write_csv
from translate_app.catalog.tbx import read_tbx, write_tbx
from translate_app.errors import CatalogError, Problem
from translate_app.glossary.terms import (
    clean_forbidden,
    forbidden_problem,
    forget,
    kept_form,
    terms,
)
from translate_app.memory.store import source_language
from translate_app.store.models import GlossaryTerm, Language, User


@dataclass
class GlossaryReport:
    """What a glossary import changed."""

    path: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.added} terms added, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def _record(term: GlossaryTerm) -> TermRecord:
    return TermRecord(
        source_term=term.source_term,
        target_term=term.target_term,
        language=term.language_code,
        note=term.note,
        forbidden=tuple(term.forbidden),
        do_not_translate=term.do_not_translate,
        do_not_send=term.do_not_send,
        case_sensitive=term.case_sensitive,
    )


def export_glossary(session: Session, lang: str | None, *, fmt: str) -> bytes:
    """The terms that apply to ``lang`` (all when None) as ``csv`` or ``tbx``."""
    records = [_record(t) for t in terms(session, lang)]
    if fmt == "csv":
        return write_csv(records).encode("utf-8")
    if fmt == "tbx":
        return write_tbx(records, source_lang=source_language(session))
    raise ValueError(f"unknown glossary format {fmt!r}: use csv or tbx")


def import_glossary(
    session: Session,
    data: bytes,
    *,
    path: str,
    fmt: str,
    lang: str | None = None,
    user: User | None = None,
) -> GlossaryReport:
    """Validate a whole CSV or TBX glossary, then add or update its terms (the caller commits).

    A term is the same as a stored one when its language and source term
    are; it is then updated to the file's translation, note, forbidden
    variants and flags.  Terms absent from the file are left alone.
    ``lang`` is the language of rows that do not name one.  Raises
    CatalogError listing every problem; then nothing was changed.
    """
    if fmt == "csv":
        records = read_csv(data, path=path, default_language=lang)
    elif fmt == "tbx":
        records = read_tbx(
            data, path=path, source_lang=source_language(session), default_language=lang
        )
    else:
        raise ValueError(f"unknown glossary format {fmt!r}: use csv or tbx")
    _check(session, records, path)
    report = GlossaryReport(path=path)
    stored = {(t.language_code, t.source_term): t for t in terms(session, None)}
    for r in records:
        source = " ".join(r.source_term.split())
        values = {
            "target_term": r.target_term.strip(),
            "note": r.note.strip(),
            "forbidden": clean_forbidden(
                r.forbidden,
                kept=kept_form(r.target_term.strip(), source, r.do_not_translate),
                case_sensitive=r.case_sensitive,
            ),
            "do_not_translate": r.do_not_translate,
            "do_not_send": r.do_not_send,
            "case_sensitive": r.case_sensitive,
        }
        term = stored.get((r.language, source))
        if term is None:
            term = GlossaryTerm(
                language_code=r.language,
                source_term=source,
                created_by_id=user.id if user is not None else None,
                **values,
            )
            session.add(term)
            stored[(r.language, source)] = term
            report.added += 1
        elif any(getattr(term, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(term, name, value)
            report.updated += 1
        else:
            report.unchanged += 1
    session.flush()
    forget(session)
    return report


def _check(session: Session, records: Sequence[TermRecord], path: str) -> None:
    problems: list[Problem] = []
    known: dict[str, bool] = {}
    for r in records:
        if r.language is not None and r.language not in known:
            known[r.language] = session.get(Language, r.language) is not None
        if r.language is not None and not known[r.language]:
            problems.append(
                Problem(path, r.line, f"language {r.language!r} is not set up (translate-app "
                        "languages add)")
            )  # fmt: skip
        if any("|" in v for v in r.forbidden):
            problems.append(Problem(path, r.line, "a forbidden variant contains '|'"))
        kept = kept_form(r.target_term.strip(), " ".join(r.source_term.split()), r.do_not_translate)
        for variant in r.forbidden:
            problem = forbidden_problem(variant, kept, r.case_sensitive)
            if problem:
                problems.append(Problem(path, r.line, problem))
    if problems:
        raise CatalogError(problems)
