"""Masking: what an engine must keep intact is replaced by tokens before text leaves.

Placeholders (``<g1>``, ``</g1>``, ``<x2/>``) and protected terms (do-not-send
glossary entries such as interviewees' names) are replaced, in one pass, by
tokens that engines keep; after translation every token must come back exactly
once, and is replaced by exactly what it stood for.  An answer that lost,
repeated or invented a token raises :class:`PlaceholderError` and is never stored.

Two token styles:

- ``opaque``: ``[X1X]``, ``[X2X]``... numbered per text (plain-text engines:
  Google's web page, MyMemory, Microsoft).  Literal text that looks like a
  marker is masked too, so it cannot be confused with one.
- ``xml``: placeholders are sent as the XML-like tags they are, protected terms
  as extra standalone tags ``<xN/>`` numbered after the text's own, and the rest
  of the text is HTML-escaped (engines in HTML/XML mode: LibreTranslate, DeepL).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from translate_app.machinery.errors import PlaceholderError
from translate_app.segment.placeholders import PLACEHOLDER_RE, problems

_MARKER = r"\[\s*X\s*(\d+)\s*X\s*\]"
_MARKER_RE = re.compile(_MARKER, re.IGNORECASE)
"""Opaque markers as sent (``[X1X]``) and as engines sometimes return them (``[x 1 x]``)."""
_TAG_RE = re.compile(r"<\s*(/?)\s*([gx])(\d+)\s*(/?)\s*>", re.IGNORECASE)
"""XML-like tags, allowing the variants HTML engines produce (``<x3>``, ``<x3 />``)."""
_EMPTY_PAIR_RE = re.compile(r"<\s*x(\d+)\s*>\s*<\s*/\s*x\1\s*>", re.IGNORECASE)
"""``<x3></x3>``: how an HTML serializer writes an empty element ``<x3/>``."""
_GENERIC_WORDS = frozenset(
    {
        "region", "oblast", "raion", "district", "city", "town", "village", "street",
        "square", "republic", "council", "ministry", "armed", "forces", "army", "national",
        "people's", "university", "the", "of", "and",
    }
)  # fmt: skip
"""Words of a multi-word protected term that are not masked on their own (``Region``)."""


class MarkerStyle(StrEnum):
    """How masked parts are written in the text sent to an engine."""

    OPAQUE = "opaque"
    XML = "xml"


def protected_forms(terms: Iterable[str]) -> list[str]:
    """The strings to mask for ``terms``: each term, and each name-like word of it.

    A do-not-send name is often written in part later in a text ("Maksym
    Makhrinov" ... "Makhrinov blew himself up"), so the capitalized words of a
    multi-word term are protected on their own too, except generic words
    (``Region``, ``Council``).  Longest first, so a full name wins over its parts.
    """
    found: set[str] = set()
    for raw in terms:
        term = " ".join(raw.split())
        if not term:
            continue
        found.add(term)
        words = term.split(" ")
        if len(words) > 1:
            for word in words:
                bare = word.strip(".,;:'’\"()")
                if len(bare) >= 3 and bare[0].isupper() and bare.lower() not in _GENERIC_WORDS:
                    found.add(bare)
    return sorted(found, key=lambda t: (-len(t), t))


@dataclass(frozen=True)
class Masked:
    """A text ready to send, and what its tokens stand for."""

    source: str
    """The original text (with placeholders)."""
    text: str
    """What is sent to the engine."""
    tokens: tuple[str, ...]
    """What each token stands for: ``tokens[i]`` is marker ``i + 1`` (opaque), or the
    ``xml`` tag it maps back to (placeholders map to themselves)."""
    sent: tuple[str, ...]
    """The tokens as written in ``text``, in the same order as ``tokens``."""
    style: MarkerStyle

    @property
    def has_words(self) -> bool:
        """Whether anything is left to translate once the tokens are taken out."""
        if self.style is MarkerStyle.OPAQUE:
            rest = _MARKER_RE.sub("", self.text)
        else:
            rest = html.unescape(_TAG_RE.sub("", self.text))
        return any(ch.isalpha() for ch in rest)

    def restore(self, output: str, *, engine: str, key: str = "") -> str:
        """The translation ``output`` with every token replaced by what it stands for.

        Raises :class:`PlaceholderError` when a token is missing, repeated,
        unknown, or the placeholders come back unbalanced.
        """
        keys = (key,) if key else ()
        if self.style is MarkerStyle.OPAQUE:
            restored = self._restore_opaque(output, engine=engine, keys=keys)
        else:
            restored = self._restore_xml(output, engine=engine, keys=keys)
        found = problems(self.source, restored)
        if found:
            raise PlaceholderError("; ".join(found), engine=engine, keys=keys)
        return restored

    def _check_counts(self, seen: list[str], *, engine: str, keys: tuple[str, ...]) -> None:
        have = Counter(seen)
        want = Counter(self.sent)
        missing = sorted((want - have).elements())
        extra = sorted((have - want).elements())
        if missing or extra:
            parts = []
            if missing:
                parts.append("lost " + ", ".join(missing))
            if extra:
                parts.append("unexpected " + ", ".join(extra))
            raise PlaceholderError(
                "the answer garbled the masked parts: " + "; ".join(parts),
                engine=engine,
                keys=keys,
            )

    def _restore_opaque(self, output: str, *, engine: str, keys: tuple[str, ...]) -> str:
        seen: list[str] = []

        def back(m: re.Match[str]) -> str:
            number = int(m.group(1))
            seen.append(f"[X{number}X]")
            return self.tokens[number - 1] if 0 < number <= len(self.tokens) else m.group(0)

        restored = _MARKER_RE.sub(back, output)
        self._check_counts(seen, engine=engine, keys=keys)
        return restored

    def _restore_xml(self, output: str, *, engine: str, keys: tuple[str, ...]) -> str:
        mapping = dict(zip(self.sent, self.tokens, strict=True))
        output = _EMPTY_PAIR_RE.sub(lambda m: f"<x{m.group(1)}/>", output)
        seen: list[str] = []
        pieces: list[str] = []
        last = 0
        for m in _TAG_RE.finditer(output):
            pieces.append(html.unescape(output[last : m.start()]))
            last = m.end()
            closing, kind, number, _ = m.groups()
            if kind.lower() == "x":
                tag = f"</x{number}>" if closing else f"<x{number}/>"  # a closing x is stray
            else:
                tag = f"<{closing}g{number}>"
            seen.append(tag)
            pieces.append(mapping.get(tag, tag))
        pieces.append(html.unescape(output[last:]))
        self._check_counts(seen, engine=engine, keys=keys)
        return "".join(pieces)


class Masker:
    """Masks texts for one engine style and one set of protected terms."""

    def __init__(self, terms: Iterable[str] = (), style: MarkerStyle = MarkerStyle.OPAQUE) -> None:
        self.style = style
        self.terms = protected_forms(terms)
        """The strings masked besides placeholders, longest first."""
        alternatives = [PLACEHOLDER_RE.pattern]
        if self.terms:
            names = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in self.terms)
            alternatives.append(rf"(?<!\w)(?:{names})(?!\w)")
        if style is MarkerStyle.OPAQUE:
            alternatives.append(_MARKER)
        self._pattern = re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)

    def mask(self, text: str) -> Masked:
        """``text`` with its placeholders and protected terms replaced by tokens."""
        if self.style is MarkerStyle.OPAQUE:
            return self._mask_opaque(text)
        return self._mask_xml(text)

    def _mask_opaque(self, text: str) -> Masked:
        tokens: list[str] = []
        sent: list[str] = []

        def replace(m: re.Match[str]) -> str:
            tokens.append(m.group(0))
            sent.append(f"[X{len(tokens)}X]")
            return sent[-1]

        masked = self._pattern.sub(replace, text)
        return Masked(text, masked, tuple(tokens), tuple(sent), MarkerStyle.OPAQUE)

    def _mask_xml(self, text: str) -> Masked:
        numbers = [int(m.group(2) or m.group(3)) for m in PLACEHOLDER_RE.finditer(text)]
        fresh = max(numbers, default=0)
        tokens: list[str] = []
        sent: list[str] = []
        pieces: list[str] = []
        last = 0
        for m in self._pattern.finditer(text):
            pieces.append(html.escape(text[last : m.start()], quote=False))
            last = m.end()
            token = m.group(0)
            if PLACEHOLDER_RE.fullmatch(token) and token.lower() == token:
                tag = token
            else:
                fresh += 1
                tag = f"<x{fresh}/>"
            tokens.append(token)
            sent.append(tag)
            pieces.append(tag)
        pieces.append(html.escape(text[last:], quote=False))
        return Masked(text, "".join(pieces), tuple(tokens), tuple(sent), MarkerStyle.XML)
