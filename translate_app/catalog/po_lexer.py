"""Tokens of the PO grammar, with line numbers, the way GNU gettext reads them.

A PO file is a sequence of tokens: comments (``#``, ``#.``, ``#:``, ``#,`` up
to the end of the line), keywords (``msgctxt``, ``msgid``, ``msgid_plural``,
``msgstr``, ``msgstr[N]``) and quoted strings with C escapes.  ``#~`` marks the
rest of its line as part of an obsolete entry and ``#|`` as a previous
(pre-edit) field; both may prefix keywords and strings.  Tokens never span
lines, so the lexer works line by line and reports every bad line, not just
the first.  A bad line yields one :attr:`TokenKind.ERROR` token so that the
parser can drop the entry without piling up follow-on complaints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from translate_app.errors import Problem

KEYWORDS = frozenset({"msgctxt", "msgid", "msgid_plural", "msgstr"})
_WHITESPACE = " \t\r\f\v"
_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX_RE = re.compile(r"[ \t]*\[[ \t]*(\d+)[ \t]*\]")
_SIMPLE_ESCAPES = {
    "n": b"\n",
    "t": b"\t",
    "r": b"\r",
    "a": b"\a",
    "b": b"\b",
    "f": b"\f",
    "v": b"\v",
    "\\": b"\\",
    '"': b'"',
}
_OCTAL_RE = re.compile(r"[0-7]{1,3}")
_HEX_RE = re.compile(r"[0-9A-Fa-f]{1,2}")
_QUOTING_HINT = 'write \\" for a quote and \\\\ for a backslash inside the text'
_BAD_ESCAPE = (
    "invalid escape sequence \\{escape} at column {column}: the only escapes are \\n (new line), "
    '\\t (tab), \\" (quote) and \\\\ (backslash); to keep a backslash, double it'
)
_UNCLOSED = (
    "the text that starts at column {column} is not closed: end it with a double quote on the "
    "same line (text that goes on to the next line is closed here and opened again there "
    f'with "); {_QUOTING_HINT}'
)
_EOT = (
    "this text holds the control character EOT (U+0004, the context separator), which a PO "
    "file cannot hold: delete it"
)


class TokenKind(StrEnum):
    """What a token is."""

    COMMENT = "comment"
    KEYWORD = "keyword"
    STRING = "string"
    ERROR = "error"


@dataclass(frozen=True)
class Token:
    """One token of a PO file."""

    kind: TokenKind
    """Comment, keyword, string, or a line the lexer could not read (already reported)."""
    value: str
    """Comment text, keyword name (``msgstr`` also for ``msgstr[N]``) or the decoded string."""
    line: int
    """1-based line the token is on."""
    obsolete: bool = False
    """On a ``#~`` line."""
    previous: bool = False
    """On a ``#|`` (or ``#~|``) line."""
    mark: str = ""
    """For comments, the character after ``#``: ``.``, ``:``, ``,``, or ``#`` for a plain one."""
    index: int | None = None
    """For ``msgstr[N]``, N."""


def lex(text: str, path: str) -> tuple[list[Token], list[Problem]]:
    """Split decoded PO text into tokens, collecting a :class:`Problem` per unreadable line."""
    tokens: list[Token] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        message = _lex_line(line, number, tokens)
        if message is not None:
            problems.append(Problem(path, number, message))
            tokens.append(Token(TokenKind.ERROR, line, number))
    return tokens, problems


def _lex_line(text: str, line: int, tokens: list[Token]) -> str | None:
    """Append the tokens of one line; return a message if the line is broken."""
    pos = _skip_space(text, 0)
    obsolete = previous = False
    if text.startswith("#~", pos):
        obsolete, pos = True, pos + 2
        if text.startswith("|", pos):
            previous, pos = True, pos + 1
    elif text.startswith("#|", pos):
        previous, pos = True, pos + 2
    elif text.startswith("#", pos):
        mark = text[pos + 1 : pos + 2]
        if mark in (".", ":", ","):
            body = text[pos + 2 :].strip(_WHITESPACE)
        else:
            mark, body = "#", text[pos + 1 :].rstrip(_WHITESPACE)
        tokens.append(Token(TokenKind.COMMENT, body, line, mark=mark))
        return None
    first = len(tokens)
    while (pos := _skip_space(text, pos)) < len(text):
        char = text[pos]
        before = tokens[-1] if len(tokens) > first else None
        if char == '"':
            value, pos, message = _string(text, pos)
            if message is not None:
                return message
            tokens.append(Token(TokenKind.STRING, value, line, obsolete, previous))
        elif match := _IDENTIFIER_RE.match(text, pos):
            word, pos = match.group(0), match.end()
            if word not in KEYWORDS:
                return _unknown_word(word, before)
            index = None
            if word == "msgstr" and (found := _INDEX_RE.match(text, pos)):
                index, pos = int(found.group(1)), found.end()
            elif word == "msgstr" and text[_skip_space(text, pos) :].startswith("["):
                return (
                    "a plural form is written msgstr[0], msgstr[1], ... with a number in brackets"
                )
            tokens.append(Token(TokenKind.KEYWORD, word, line, obsolete, previous, index=index))
        elif char == "#":
            return "a # comment must be on a line of its own"
        else:
            return f"unexpected {char!r}: text must be inside double quotes ({_QUOTING_HINT})"
    return None


def _unknown_word(word: str, before: Token | None) -> str:
    if before is not None and before.kind is TokenKind.KEYWORD:
        return (
            f'the text after {before.value} must be in double quotes: {before.value} "{word} ..."'
        )
    if before is not None and before.kind is TokenKind.STRING:
        return (
            f"unexpected {word!r} after a closing quote: the whole text must be inside "
            f"the quotes ({_QUOTING_HINT})"
        )
    if word == "domain":
        return "domain lines are not supported: delete this line"
    return (
        f"unknown keyword {word!r}: a line starts with msgctxt, msgid, msgid_plural, msgstr, "
        'a quoted "text", or # for a comment'
    )


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


def _string(text: str, start: int) -> tuple[str, int, str | None]:
    """Decode the string opening at ``start``: (value, position after it, problem or None)."""
    data = bytearray()
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == '"':
            return _closed(data, pos + 1)
        if char != "\\":
            data += char.encode("utf-8")
            pos += 1
            continue
        escape = text[pos + 1 : pos + 2]
        if escape in _SIMPLE_ESCAPES:
            data += _SIMPLE_ESCAPES[escape]
            pos += 2
        elif octal := _OCTAL_RE.match(text, pos + 1):
            data.append(int(octal.group(0), 8) & 0xFF)
            pos = octal.end()
        elif escape == "x" and (hexa := _HEX_RE.match(text, pos + 2)):
            data.append(int(hexa.group(0), 16))
            pos = hexa.end()
        elif not escape:
            break
        else:
            return "", pos, _BAD_ESCAPE.format(escape=escape, column=pos + 1)
    return "", pos, _UNCLOSED.format(column=start + 1)


def _closed(data: bytearray, end: int) -> tuple[str, int, str | None]:
    try:
        value = data.decode("utf-8")
    except UnicodeDecodeError:
        return "", end, "the escape sequences in this text do not make valid UTF-8"
    if "\x04" in value:
        return "", end, _EOT
    return value, end, None
