"""Glossaries as CSV (spreadsheets, Weblate, Crowdin); pure functions over :class:`TermRecord`.

Columns (a header row is required; only ``source`` is): ``source``,
``target``, ``language`` (empty: every language), ``note``, ``forbidden``
(variants separated by ``|``), ``do_not_translate``, ``do_not_send``,
``case_sensitive`` (``yes``/``no``).  Columns named otherwise are ignored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from translate_app.errors import CatalogError, Problem

COLUMNS = (
    "source",
    "target",
    "language",
    "note",
    "forbidden",
    "do_not_translate",
    "do_not_send",
    "case_sensitive",
)
_ALIASES = {
    "term": "source",
    "source term": "source",
    "translation": "target",
    "target term": "target",
    "lang": "language",
    "comment": "note",
    "notes": "note",
    "description": "note",
}
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}
FORBIDDEN_SEPARATOR = "|"


@dataclass(frozen=True)
class TermRecord:
    """One glossary term as exchange files carry it."""

    source_term: str
    target_term: str = ""
    language: str | None = None
    """Language code; None: the term applies to every language."""
    note: str = ""
    forbidden: tuple[str, ...] = ()
    do_not_translate: bool = False
    do_not_send: bool = False
    case_sensitive: bool = False
    line: int = 0
    """Line in the file it was read from."""


def write_csv(records: Iterable[TermRecord]) -> str:
    """The records as CSV text with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in records:
        writer.writerow(
            [
                r.source_term,
                r.target_term,
                r.language or "",
                r.note,
                FORBIDDEN_SEPARATOR.join(r.forbidden),
                *("yes" if flag else "no" for flag in _flags(r)),
            ]
        )
    return out.getvalue()


def _flags(r: TermRecord) -> tuple[bool, bool, bool]:
    return (r.do_not_translate, r.do_not_send, r.case_sensitive)


def read_csv(data: bytes, *, path: str, default_language: str | None = None) -> list[TermRecord]:
    """Validate a whole CSV glossary and return its terms.

    ``default_language`` applies to every row of a file without a
    ``language`` column.  Raises :class:`CatalogError` listing every problem
    (not UTF-8, no ``source`` column, an empty source, a flag that is not
    yes/no), with its line.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError([Problem(path, 0, f"not UTF-8 text ({exc.reason})")]) from exc
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    columns = [_ALIASES.get(name.strip().lower(), name.strip().lower()) for name in header or []]
    if "source" not in columns:
        raise CatalogError([Problem(path, 1, "no 'source' column in the header row")])
    problems: list[Problem] = []
    records: list[TermRecord] = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(columns, (cell.strip() for cell in row), strict=False))
        language = cells.get("language", "") if "language" in columns else default_language
        record = _record(cells, start, path, language or None, problems)
        if record is not None:
            records.append(record)
    if problems:
        raise CatalogError(problems)
    return records


def _record(
    cells: dict[str, str], line: int, path: str, language: str | None, problems: list[Problem]
) -> TermRecord | None:
    if not cells.get("source"):
        problems.append(Problem(path, line, "the source term is empty"))
        return None
    flags = []
    for name in COLUMNS[5:]:
        value = cells.get(name, "").lower()
        if value not in _TRUE | _FALSE:
            problems.append(Problem(path, line, f"{name} is {value!r}: write yes or no"))
            return None
        flags.append(value in _TRUE)
    forbidden = tuple(
        v.strip() for v in cells.get("forbidden", "").split(FORBIDDEN_SEPARATOR) if v.strip()
    )
    return TermRecord(
        source_term=cells["source"],
        target_term=cells.get("target", ""),
        language=language,
        note=cells.get("note", ""),
        forbidden=forbidden,
        do_not_translate=flags[0],
        do_not_send=flags[1],
        case_sensitive=flags[2],
        line=line,
    )
