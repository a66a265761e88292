"""The rules a PO file must follow beyond its grammar: what ``msgfmt -c`` checks, and ours.

- the bytes are UTF-8 and the header says ``charset=UTF-8``;
- there is a header, and its ``Language`` is the one being imported;
- ``Plural-Forms`` is well formed and plural entries have exactly ``nplurals`` forms;
- no two entries share a ``msgctxt`` and ``msgid``;
- a translation begins and ends with a line break exactly when its source does.
"""

from __future__ import annotations

import bisect
import codecs

from babel.messages.plurals import PLURALS

from translate_app.catalog.plural_forms import PluralForms, PluralFormsError, parse_plural_forms
from translate_app.catalog.po_syntax import Entry
from translate_app.errors import Problem

_MAX_ENCODING_PROBLEMS = 5
_SAVE_AS_UTF8 = (
    "the file was saved in another character encoding: open it in your PO editor or text "
    "editor and save it again as UTF-8"
)


def decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (a leading byte-order mark is dropped), reporting each line that is not."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines: list[str] = []
    bad: list[Problem] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            lines.append(raw.decode("utf-8", "replace"))
            byte = raw[exc.start]
            where = f"byte 0x{byte:02X} at position {exc.start + 1}"
            bad.append(
                Problem(path, number, f"this line is not valid UTF-8 ({where}): {_SAVE_AS_UTF8}")
            )
    if len(bad) > _MAX_ENCODING_PROBLEMS:
        rest = len(bad) - _MAX_ENCODING_PROBLEMS
        last = bad[_MAX_ENCODING_PROBLEMS - 1].line
        bad = bad[:_MAX_ENCODING_PROBLEMS]
        bad.append(Problem(path, last, f"... and {rest} more lines that are not valid UTF-8"))
    return "\n".join(lines), bad


def check_entries(entries: list[Entry], path: str, language: str | None) -> list[Problem]:
    """Every rule above, for entries that passed the grammar."""
    problems: list[Problem] = []
    header = next((entry for entry in entries if entry.is_header), None)
    plural_forms: PluralForms | None = None
    if header is None:
        problems.append(
            Problem(
                path,
                1,
                'the catalog has no header (the msgid "" entry at the top, with lines such as '
                '"Content-Type: text/plain; charset=UTF-8\\n"): export the catalog again and '
                "copy your translations into it",
            )
        )
    else:
        fields = header_fields(header)
        problems.extend(_charset_problems(fields, header, path))
        problems.extend(_language_problems(fields, path, language))
        plural_forms = _plural_forms(fields, header, path, language, problems)
    problems.extend(_duplicates(entries, path))
    for entry in entries:
        if entry.obsolete or entry.is_header:
            continue
        if entry.msgid_plural is not None:
            problems.extend(_plural_count(entry, plural_forms, header, path))
        problems.extend(_line_break_problems(entry, path))
    return problems


def header_fields(header: Entry) -> dict[str, tuple[str, int]]:
    """Header fields by lower-case name: (value, line of the field in the file)."""
    starts: list[int] = []
    lines: list[int] = []
    offset = 0
    for line, piece in header.msgstr_pieces:
        starts.append(offset)
        lines.append(line)
        offset += len(piece)
    text = header.msgstr[0] if header.msgstr else ""
    fields: dict[str, tuple[str, int]] = {}
    offset = 0
    for row in text.split("\n"):
        name, colon, value = row.partition(":")
        if colon:
            index = bisect.bisect_right(starts, offset) - 1
            line = lines[index] if index >= 0 else header.line
            fields.setdefault(name.strip().lower(), (value.strip(), line))
        offset += len(row) + 1
    return fields


def _charset_problems(
    fields: dict[str, tuple[str, int]], header: Entry, path: str
) -> list[Problem]:
    content_type, line = fields.get("content-type", ("", header.line))
    _, found, charset = content_type.partition("charset=")
    charset = charset.split(";")[0].strip()
    if not found or not charset:
        return [
            Problem(
                path,
                line,
                "the header does not say which character encoding the file uses: add the line "
                '"Content-Type: text/plain; charset=UTF-8\\n" and save the file as UTF-8',
            )
        ]
    if charset.lower().replace("-", "") != "utf8":
        return [
            Problem(
                path,
                line,
                f"the header says charset={charset}, but only UTF-8 is accepted: save the file "
                "as UTF-8 and change the header to charset=UTF-8",
            )
        ]
    return []


def _language_problems(
    fields: dict[str, tuple[str, int]], path: str, language: str | None
) -> list[Problem]:
    found, line = fields.get("language", ("", 0))
    if language is None or not found or _same_language(found, language):
        return []
    return [
        Problem(
            path,
            line,
            f"catalog is for {found!r}, not {language!r}: import it as {found!r} "
            f"(--lang {found}), or choose the catalog for {language!r}",
        )
    ]


def _same_language(declared: str, expected: str) -> bool:
    """``uk_UA`` is a catalog for ``uk``; ``uk`` is not one for ``uk_UA``."""
    declared = declared.replace("-", "_").lower()
    expected = expected.replace("-", "_").lower()
    return declared == expected or declared.startswith(expected + "_")


def _plural_forms(
    fields: dict[str, tuple[str, int]],
    header: Entry,
    path: str,
    language: str | None,
    problems: list[Problem],
) -> PluralForms | None:
    if "plural-forms" not in fields:
        return None
    value, line = fields["plural-forms"]
    try:
        return parse_plural_forms(value)
    except PluralFormsError as exc:
        hint = _suggestion(language or fields.get("language", ("", 0))[0])
        problems.append(Problem(path, line, f"the Plural-Forms header is wrong: {exc}{hint}"))
        return None


def _suggestion(language: str) -> str:
    code = language.replace("-", "_")
    rule = PLURALS.get(code) or PLURALS.get(code.split("_")[0])
    if rule is None:
        return ""
    return f'; for {language!r} it is "Plural-Forms: nplurals={rule[0]}; plural={rule[1]};"'


def _plural_count(
    entry: Entry, plural_forms: PluralForms | None, header: Entry | None, path: str
) -> list[Problem]:
    if plural_forms is None:
        if header is None:
            return []  # the missing header is reported already
        return [
            Problem(
                path,
                entry.msgid_line,
                "this entry has plural forms, but the header has no valid Plural-Forms line "
                '(such as "Plural-Forms: nplurals=2; plural=(n != 1);\\n")',
            )
        ]
    if len(entry.msgstr) == plural_forms.nplurals:
        return []
    count = plural_forms.nplurals
    return [
        Problem(
            path,
            entry.msgid_line,
            f"this entry has {len(entry.msgstr)} plural forms but the header says "
            f"nplurals={count}: give exactly {count} (msgstr[0] to msgstr[{count - 1}])",
        )
    ]


def _duplicates(entries: list[Entry], path: str) -> list[Problem]:
    seen: dict[tuple[str | None, str], int] = {}
    problems: list[Problem] = []
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        first = seen.setdefault(key, entry.line)
        if first != entry.line:
            what = f"msgid {quoted(entry.msgid)}"
            if entry.msgctxt is not None:
                what = f"msgctxt {quoted(entry.msgctxt)} with {what}"
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"duplicate entry: {what} already appears at line {first}; "
                    "keep one of them and delete the other",
                )
            )
    return problems


def _line_break_problems(entry: Entry, path: str) -> list[Problem]:
    problems: list[Problem] = []
    for index, (text, line) in enumerate(zip(entry.msgstr, entry.msgstr_lines, strict=True)):
        if not text:
            continue
        source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(source, "\n") and not test(text, "\n"):
                message = (
                    f"the source text {where}s with a line break (\\n) but the translation "
                    f"does not: {where} the translation with \\n too"
                )
            elif test(text, "\n") and not test(source, "\n"):
                message = (
                    f"the translation {where}s with a line break (\\n) but the source text "
                    f"does not: remove it"
                )
            else:
                continue
            problems.append(Problem(path, line, message))
    return problems


def quoted(text: str, limit: int = 60) -> str:
    """A short quoted form of ``text`` for messages."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return '"' + shown.replace("\n", "\\n") + '"'
