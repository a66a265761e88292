"""Entries of a PO file, assembled from tokens by the grammar GNU gettext uses.

An entry is: comments, then optionally the previous fields (``#| msgctxt``,
``#| msgid``, ``#| msgid_plural``), then ``msgctxt``?, ``msgid``, and either
``msgstr`` or ``msgid_plural`` with ``msgstr[0]``, ``msgstr[1]``, ... — each
keyword followed by one or more quoted strings.  ``#~`` must prefix every
keyword and string of an obsolete entry or none.  A broken entry is reported
and skipped; parsing resumes at the next comment or ``msgctxt``/``msgid`` so
that every problem of the file is found in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from translate_app.catalog.po_lexer import Token, TokenKind
from translate_app.errors import Problem


@dataclass
class Entry:
    """One entry as written in the file (no validation beyond the grammar)."""

    line: int
    """Line of the entry's first keyword (``msgctxt`` or ``msgid``)."""
    obsolete: bool = False
    """Written with ``#~``."""
    notes: list[str] = field(default_factory=list)
    """``#.`` extracted comments, one per line."""
    references: list[str] = field(default_factory=list)
    """``#:`` references, split at white space."""
    flags: list[str] = field(default_factory=list)
    """``#,`` flags (``fuzzy``, ``c-format``, ...)."""
    previous_msgctxt: str | None = None
    """``#| msgctxt``."""
    previous_msgid: str | None = None
    """``#| msgid``: the source text the translation was made for."""
    msgctxt: str | None = None
    """Context; ``None`` when the entry has no ``msgctxt`` line."""
    msgid: str = ""
    """Source text."""
    msgid_line: int = 0
    """Line of the ``msgid`` keyword."""
    msgid_plural: str | None = None
    """Plural source text, for plural entries."""
    msgstr: list[str] = field(default_factory=list)
    """``[msgstr]``, or ``msgstr[0]``, ``msgstr[1]``, ... for plural entries."""
    msgstr_lines: list[int] = field(default_factory=list)
    """Line of each ``msgstr`` keyword."""
    msgstr_pieces: list[tuple[int, str]] = field(default_factory=list)
    """The strings of the first ``msgstr`` with their lines (to locate header fields)."""

    @property
    def is_header(self) -> bool:
        """The header entry: ``msgid ""`` without a context."""
        return self.msgctxt is None and self.msgid == "" and not self.obsolete


class _Abandon(Exception):
    """Stop reading the current entry; ``message`` is None when the lexer already reported it."""

    def __init__(self, line: int, message: str | None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_INCONSISTENT = (
    "inconsistent use of #~: in an obsolete entry every msgctxt, msgid and msgstr line starts "
    "with #~, in an active entry none does"
)


def parse(tokens: list[Token], path: str) -> tuple[list[Entry], list[Problem]]:
    """Assemble entries from ``tokens``; return them with the grammar problems found."""
    parser = _Parser(tokens, path)
    parser.run()
    return parser.entries, parser.problems


class _Parser:
    def __init__(self, tokens: list[Token], path: str) -> None:
        self.tokens = tokens
        self.path = path
        self.pos = 0
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []

    def run(self) -> None:
        while self.pos < len(self.tokens):
            start = self.pos
            try:
                entry = self._entry()
            except _Abandon as stop:
                # At a line the lexer could not read, that line is the problem to fix first.
                token = self._peek()
                if stop.message is not None and (
                    token is None or token.kind is not TokenKind.ERROR
                ):
                    self._problem(stop.line, stop.message)
                self.pos = max(self.pos, start + 1)
                while self.pos < len(self.tokens) and not _starts_entry(self.tokens[self.pos]):
                    self.pos += 1
                continue
            if entry is not None:
                self.entries.append(entry)

    def _problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def _peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _peek_keyword(self, name: str, *, previous: bool = False) -> Token | None:
        token = self._peek()
        if (
            token is not None
            and token.kind is TokenKind.KEYWORD
            and token.value == name
            and token.previous == previous
        ):
            return token
        return None

    def _entry(self) -> Entry | None:
        entry = Entry(line=0)
        while (token := self._peek()) is not None and token.kind is TokenKind.COMMENT:
            _add_comment(entry, token)
            self.pos += 1
        if token is None:
            return None  # comments at the end of the file
        self._previous_fields(entry)
        token = self._peek()
        if token is None:
            raise _Abandon(self.tokens[-1].line, "the #| lines at the end belong to no entry")
        if token.kind is TokenKind.ERROR:
            raise _Abandon(token.line, None)
        if token.kind is not TokenKind.KEYWORD or token.previous:
            raise _Abandon(token.line, _stray(token))
        if token.value not in ("msgctxt", "msgid"):
            raise _Abandon(token.line, f"{token.value} without a msgid before it")
        entry.line, entry.obsolete = token.line, token.obsolete
        if self._peek_keyword("msgctxt"):
            entry.msgctxt, _ = self._field(entry.obsolete)
        msgid = self._peek_keyword("msgid")
        if msgid is None:
            raise _Abandon(entry.line, "msgctxt must be followed by a msgid line")
        entry.msgid_line = msgid.line
        entry.msgid, _ = self._field(entry.obsolete)
        if self._peek_keyword("msgid_plural"):
            entry.msgid_plural, _ = self._field(entry.obsolete)
            self._plural_translations(entry)
            return entry
        msgstr = self._peek_keyword("msgstr")
        if msgstr is None:
            raise _Abandon(
                entry.msgid_line,
                'msgid has no msgstr after it: add a line msgstr "" (empty if not translated yet)',
            )
        if msgstr.index is not None:
            raise _Abandon(
                msgstr.line,
                f"msgstr[{msgstr.index}] is only for entries with a msgid_plural: "
                'write msgstr "..."',
            )
        entry.msgstr_lines.append(msgstr.line)
        text, entry.msgstr_pieces = self._field(entry.obsolete)
        entry.msgstr.append(text)
        return entry

    def _previous_fields(self, entry: Entry) -> None:
        if self._peek_keyword("msgctxt", previous=True):
            entry.previous_msgctxt, _ = self._field(None)
        if self._peek_keyword("msgid", previous=True):
            entry.previous_msgid, _ = self._field(None)
            if self._peek_keyword("msgid_plural", previous=True):
                self._field(None)
        elif entry.previous_msgctxt is not None:
            raise _Abandon(
                self.tokens[self.pos - 1].line, "#| msgctxt must be followed by #| msgid"
            )

    def _plural_translations(self, entry: Entry) -> None:
        while (token := self._peek_keyword("msgstr")) is not None and token.index is not None:
            expected = len(entry.msgstr)
            if token.index != expected:
                self._problem(
                    token.line,
                    f"msgstr[{token.index}] where msgstr[{expected}] belongs: number the plural "
                    "forms 0, 1, 2, ... in order",
                )
            entry.msgstr_lines.append(token.line)
            text, pieces = self._field(entry.obsolete)
            entry.msgstr.append(text)
            if expected == 0:
                entry.msgstr_pieces = pieces
        if not entry.msgstr:
            raise _Abandon(
                entry.msgid_line,
                "an entry with msgid_plural needs its translations as msgstr[0], msgstr[1], ...",
            )

    def _field(self, obsolete: bool | None) -> tuple[str, list[tuple[int, str]]]:
        """Consume a keyword and its strings; ``obsolete`` None means 'previous field, any'."""
        keyword = self.tokens[self.pos]
        if obsolete is not None and keyword.obsolete != obsolete:
            raise _Abandon(keyword.line, _INCONSISTENT)
        self.pos += 1
        pieces: list[tuple[int, str]] = []
        while (token := self._peek()) is not None and token.kind is TokenKind.STRING:
            if (token.obsolete, token.previous) != (keyword.obsolete, keyword.previous):
                prefix = "#~" if token.obsolete != keyword.obsolete else "#|"
                raise _Abandon(
                    token.line,
                    f"inconsistent use of {prefix}: a text that goes on over several lines "
                    f"needs the same prefix on every line",
                )
            pieces.append((token.line, token.value))
            self.pos += 1
        if not pieces:
            if token is not None and token.kind is TokenKind.ERROR:
                raise _Abandon(token.line, None)
            name = keyword.value if keyword.index is None else f"msgstr[{keyword.index}]"
            raise _Abandon(keyword.line, f'{name} needs a quoted text after it, e.g. {name} ""')
        return "".join(value for _, value in pieces), pieces


def _add_comment(entry: Entry, token: Token) -> None:
    if token.mark == ".":
        entry.notes.append(token.value)
    elif token.mark == ":":
        entry.references.extend(token.value.split())
    elif token.mark == ",":
        entry.flags.extend(flag.strip() for flag in token.value.split(",") if flag.strip())


def _starts_entry(token: Token) -> bool:
    return token.kind is TokenKind.COMMENT or (
        token.kind is TokenKind.KEYWORD and token.value in ("msgctxt", "msgid")
    )


def _stray(token: Token) -> str:
    if token.kind is TokenKind.STRING:
        return (
            "a quoted text on its own line must continue the msgctxt, msgid or msgstr just above "
            "it (no blank or comment line in between)"
        )
    if token.previous:
        return (
            f"#| {token.value} is out of place: #| lines come just before the msgid they describe"
        )
    return f"{token.value} is out of place"
