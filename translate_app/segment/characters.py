"""Which characters a stored text may hold (issue 17): valid Unicode, no control characters.

A lone surrogate cannot be encoded (the database refuses it), NUL cannot be stored in
PostgreSQL, and the other C0/C1 controls are invisible in every edition.  Tab and
newline are text.  Every writer of a translation, reason or comment (the web UI, the
API, the CLI's import, machine drafting) goes through :func:`check`.
"""

from __future__ import annotations

import re
import unicodedata

from translate_app.errors import TranslateAppError

_NAMES = {"\x00": "NUL", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE"}


class CharacterError(TranslateAppError):
    """A text holds a character no text may hold (the character and its position named)."""

    def __init__(self, message: str, *, position: int, character: str) -> None:
        super().__init__(message)
        self.position = position
        """1-based position of the first refused character."""
        self.character = character


def describe(character: str) -> str:
    """``U+0000 (NUL)``: the code point and, where it has one, its name."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (a lone surrogate, not a character)"
    name = _NAMES.get(character) or unicodedata.name(character, "a control character")
    return f"U+{code:04X} ({name})"


_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0 and C1 controls but tab and newline, and lone surrogates."""


def problems(text: str, *, what: str = "the text") -> list[str]:
    """A message for the first refused character of ``text`` (none when it is clean)."""
    found = _REFUSED.search(text)
    if found is None:
        return []
    return [
        f"{what} holds {describe(found.group())} at position {found.start() + 1}: remove it "
        "(tab and newline are the only control characters a text may hold)"
    ]


def check(text: str, *, what: str = "the text") -> None:
    """Raise :class:`CharacterError` when ``text`` holds a refused character."""
    found = _REFUSED.search(text)
    if found is not None:
        raise CharacterError(problems(text, what=what)[0], position=found.start() + 1,
                             character=found.group())  # fmt: skip
