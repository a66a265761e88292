"""PO files, the exchange format with translators' tools (Poedit, Weblate, OmegaT, gettext).

Pure functions over plain data classes; the store is not involved.

- :func:`write_po` renders units as a PO (or, without a language, a POT) file
  with polib, which keeps ``#|`` previous-source lines and wraps long strings
  much as gettext does (``#.`` and ``#:`` lines are written here, as gettext does);
- :func:`read_po` validates a whole file (grammar, encoding, header,
  duplicates, plural forms, line breaks: what ``msgfmt -c`` refuses, and a
  catalog for another language) and returns its entries only if all is well;
- :func:`check_placeholders` compares imported entries with the current
  document: unknown keys, changed sources, broken placeholders.

A unit's key is the entry's ``msgctxt``; its state maps to ``#, fuzzy`` through
:func:`translate_app.store.states.po_flags` and back through ``state_from_po``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

import polib
from babel import Locale, UnknownLocaleError

from translate_app.catalog.plural_forms import PluralFormsError, parse_plural_forms
from translate_app.catalog.po_lexer import lex
from translate_app.catalog.po_rules import check_entries, decode, quoted
from translate_app.catalog.po_syntax import Entry, parse
from translate_app.catalog.po_writer import add_field
from translate_app.catalog.units import ParsedUnit, Unit
from translate_app.config import VERSION
from translate_app.errors import CatalogError, Problem
from translate_app.segment import characters, placeholders
from translate_app.store.states import State, po_flags

__all__ = [
    "WRAP_WIDTH",
    "ParsedUnit",
    "Unit",
    "check_placeholders",
    "join_po",
    "po_entries",
    "po_entry_texts",
    "po_header",
    "read_po",
    "write_po",
]

WRAP_WIDTH = 78
"""Line width of written PO files, as gettext's tools use."""


def write_po(
    units: Iterable[Unit],
    *,
    language: str | None,
    plural_forms: str | None,
    project: str,
    revision_date: datetime,
    creation_date: datetime | None = None,
    last_translator: str = "",
    language_team: str | None = None,
    bugs_address: str = "",
    extra_headers: Mapping[str, str] | None = None,
) -> str:
    """Render ``units`` as PO text for ``language``, or as a POT template when it is None.

    ``plural_forms`` defaults to Babel's rule for the language (a language
    without CLDR data, such as ``crh``, needs it given).  Obsolete units
    go last.  A template has empty translations and no flags, previous sources
    or obsolete units.  Dates without a time zone are taken as UTC.  Raises
    ValueError for units no PO file can hold (empty or duplicate source, the
    context separator U+0004, white space in a reference, a translation whose
    leading or trailing line break differs from its source's) and for a
    malformed ``plural_forms``.
    """
    header = po_header(
        language=language,
        plural_forms=plural_forms,
        project=project,
        revision_date=revision_date,
        creation_date=creation_date,
        last_translator=last_translator,
        language_team=language_team,
        bugs_address=bugs_address,
        extra_headers=extra_headers,
    )
    entries = po_entries(list(units), template=language is None)
    return join_po(header, [entries])


def join_po(header: str, entries: Iterable[str]) -> str:
    """A PO file from its header (:func:`po_header`) and runs of entries (:func:`po_entries`)."""
    return "\n".join([header, *(run for run in entries if run)])


def po_header(
    *,
    language: str | None,
    plural_forms: str | None,
    project: str,
    revision_date: datetime,
    creation_date: datetime | None = None,
    last_translator: str = "",
    language_team: str | None = None,
    bugs_address: str = "",
    extra_headers: Mapping[str, str] | None = None,
) -> str:
    """The header entry of a PO file (see :func:`write_po`), without its trailing newline."""
    template = language is None
    if plural_forms is None and language is not None:
        from babel.messages.plurals import get_plural  # noqa: PLC0415 - only when not given

        try:
            plural_forms = get_plural(language.replace("-", "_")).plural_forms
        except (ValueError, UnknownLocaleError) as exc:
            raise ValueError(
                f"no plural rule is known for {language!r}: pass plural_forms explicitly"
            ) from exc
    if plural_forms is not None:
        try:
            parse_plural_forms(plural_forms)
        except PluralFormsError as exc:
            raise ValueError(f"plural_forms {plural_forms!r}: {exc}") from exc
    header = polib.POFile(wrapwidth=WRAP_WIDTH)
    header.header = _header_comment(project, language)
    header.metadata_is_fuzzy = template
    header.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": bugs_address,
        "POT-Creation-Date": _po_date(creation_date or revision_date),
        "PO-Revision-Date": _po_date(revision_date),
        "Last-Translator": last_translator,
        "Language-Team": language_team if language_team is not None else (language or ""),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"translate_app {VERSION}",
        **(extra_headers or {}),
    }
    if language is not None:
        header.metadata["Language"] = language
    if plural_forms is not None:
        header.metadata["Plural-Forms"] = plural_forms
    return str(header)


def po_entries(units: Sequence[Unit], *, template: bool) -> str:
    """The entries of ``units`` (obsolete ones last; none of them in a template), each
    followed by a blank line; "" for none.  Raises ValueError as :func:`write_po` does.

    Runs of entries rendered apart (by worker processes) join with :func:`join_po`; a
    duplicate across runs is not detected then: the caller's units must be unique.
    """
    texts = po_entry_texts(units, template=template)
    return "\n\n".join(texts) + "\n" if texts else ""


def po_entry_texts(units: Sequence[Unit], *, template: bool) -> list[str]:
    """The entries :func:`po_entries` writes, one text each, without the line breaks after
    them: ``po_entries`` is ``"\\n\\n".join(texts) + "\\n"``.  For a caller that replaces
    some entries later (``catalog.po_exchange.begin_catalog``)."""
    chosen = [unit for unit in units if not (template and unit.obsolete)]
    _check_writable(chosen, template)
    ordered = [u for u in chosen if not u.obsolete] + [u for u in chosen if u.obsolete]
    flags = {
        state: "#, " + ", ".join(po_flags(state)) if po_flags(state) else "" for state in State
    }
    texts: list[str] = []
    for unit in ordered:
        lines: list[str] = []
        _render_into(lines, unit, flags, template)
        texts.append("\n".join(lines))
    return texts


def _header_comment(project: str, language: str | None) -> str:
    if language is None:
        return f"{project}: template for translations."
    try:
        english = Locale.parse(language.replace("-", "_")).english_name
    except (ValueError, UnknownLocaleError):
        english = None
    name = f"{english} ({language})" if english else language
    return (
        f"{project}: translation into {name}.\n"
        "Edit only the msgstr lines, and keep placeholders such as <g1>…</g1> and <x1/>:\n"
        "the #. lines above each entry say what they stand for."
    )


def _po_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%d %H:%M%z")


def _check_writable(units: list[Unit], template: bool) -> None:
    seen: set[tuple[str, str]] = set()
    for unit in units:
        if not unit.source:
            raise ValueError(f"unit {unit.key!r} has an empty source (that is the PO header)")
        if (unit.key, unit.source) in seen:
            raise ValueError(f"unit {unit.key!r} appears twice with the same source")
        seen.add((unit.key, unit.source))
        if (
            "\x04" in unit.key
            or "\x04" in unit.source
            or "\x04" in unit.target
            or (unit.previous_source and "\x04" in unit.previous_source)
        ):
            raise ValueError(f"unit {unit.key!r} holds U+0004, the PO context separator")
        for reference in unit.references:
            if reference.split() != [reference]:  # empty, or white space inside
                raise ValueError(
                    f"unit {unit.key!r}: reference {reference!r} is empty or has spaces"
                )
        if unit.target and not template:
            for test in (str.startswith, str.endswith):
                if test(unit.source, "\n") != test(unit.target, "\n"):
                    raise ValueError(
                        f"unit {unit.key!r}: the translation and the source differ in a leading "
                        "or trailing line break (msgfmt refuses that)"
                    )


def _render_into(lines: list[str], unit: Unit, flags: dict[State, str], template: bool) -> None:
    """Append the lines of one entry to ``lines`` (``flags``: the ``#,`` line of each state)."""
    prefix = "#~ " if unit.obsolete else ""
    if not unit.obsolete:
        for note in unit.notes:
            if "\n" in note:
                lines.extend(f"#. {line}" if line else "#." for line in note.split("\n"))
            else:
                lines.append(f"#. {note}" if note else "#.")
        if len(unit.references) == 1:
            lines.append(f"#: {unit.references[0]}")
        else:
            lines.extend(_reference_lines(unit.references))
    if not template and flags[unit.state]:
        lines.append(flags[unit.state])
    if unit.previous_source and not template:
        add_field(lines, "msgid", unit.previous_source, prefix + "#| ")
    add_field(lines, "msgctxt", unit.key, prefix)
    add_field(lines, "msgid", unit.source, prefix)
    if template or not unit.target:
        lines.append(f'{prefix}msgstr ""')
    else:
        add_field(lines, "msgstr", unit.target, prefix)


def _reference_lines(references: Sequence[str]) -> list[str]:
    """``#:`` lines holding as many references as fit in the wrap width."""
    if len(references) == 1:
        return [f"#: {references[0]}"]
    lines: list[str] = []
    for reference in references:
        if lines and len(lines[-1]) + 1 + len(reference) <= WRAP_WIDTH:
            lines[-1] += f" {reference}"
        else:
            lines.append(f"#: {reference}")
    return lines


def read_po(data: bytes | str, *, path: str, language: str | None = None) -> list[ParsedUnit]:
    """Validate a whole PO file and return its active entries, in file order.

    Raises :class:`CatalogError` listing every problem found (file ``path``,
    line, what to do), and returns nothing, if the file breaks the PO grammar,
    is not UTF-8, lacks a header or a UTF-8 charset, is for a language other
    than ``language`` (when given), repeats an entry, has the wrong number of
    plural forms, or mismatches leading/trailing line breaks.  Placeholders
    and keys are not checked here: see :func:`check_placeholders`.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    text, problems = decode(raw, path)
    tokens, lexical = lex(text, path)
    entries, syntactic = parse(tokens, path)
    problems += lexical + syntactic + check_entries(entries, path, language)
    if problems:
        raise CatalogError(sorted(problems, key=lambda problem: problem.line))
    return [_parsed(entry) for entry in entries if not entry.obsolete and not entry.is_header]


def _parsed(entry: Entry) -> ParsedUnit:
    plural = entry.msgid_plural is not None
    return ParsedUnit(
        key=entry.msgctxt or "",
        source=entry.msgid,
        target=entry.msgstr[0],
        fuzzy="fuzzy" in entry.flags,
        previous_source=entry.previous_msgid,
        line=entry.line,
        references=tuple(entry.references),
        notes=tuple(entry.notes),
        source_plural=entry.msgid_plural,
        plural_targets=tuple(entry.msgstr) if plural else (),
    )


def check_placeholders(
    units: Iterable[ParsedUnit], sources: Mapping[str, str], path: str
) -> list[Problem]:
    """Compare imported entries with the document's current sources (key → source text).

    Reports, per entry: a key the document does not have, a ``msgid`` that is
    not the current source (the catalog is stale), a plural entry, and, for
    a non-empty translation of a current source, every placeholder problem
    (:func:`translate_app.segment.placeholders.problems`).
    """
    problems: list[Problem] = []
    for unit in units:
        if unit.key not in sources:
            what = f"segment key {unit.key!r}" if unit.key else "an entry without msgctxt"
            problems.append(
                Problem(
                    path,
                    unit.line,
                    f"{what} (msgid {quoted(unit.source)}) is not in the document: the catalog "
                    "is from another document or an older version; export it again",
                )
            )
            continue
        current = sources[unit.key]
        if unit.source != current:
            problems.append(
                Problem(
                    path,
                    unit.line,
                    f"the source of {unit.key!r} has changed since this catalog was exported "
                    f"(catalog: {quoted(unit.source)}, now: {quoted(current)}): export the "
                    "catalog again and translate the new text",
                )
            )
            continue
        if unit.source_plural is not None:
            problems.append(
                Problem(
                    path, unit.line, f"{unit.key!r} has plural forms, which segments never have"
                )
            )
            continue
        if unit.target:
            problems.extend(
                Problem(path, unit.line, f"{unit.key!r}: {message}")
                for message in [*characters.problems(unit.target, what="the translation"),
                                *placeholders.problems(current, unit.target)]
            )  # fmt: skip
    return problems
