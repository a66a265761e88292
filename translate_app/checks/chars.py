"""Checks of characters: numbers, URLs, end punctuation, spaces, untranslated text, length."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from translate_app.checks.base import Check, CheckContext, plain, register
from translate_app.glossary.terms import Hit

_NUMBER_RE = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)"  # 10 000, 1 234,5
    r"|\d+(?:[.,]\d+)*"  # 2.9, 2,9, 1,000, 1.000.000
)
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'«»“”„]+|www\.[^\s<>\"'«»“”„]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}’"


def _urls(text: str) -> list[str]:
    return [m.group(0).rstrip(_URL_TAIL) for m in _URL_RE.finditer(text)]


def _numbers(text: str) -> list[str]:
    if "://" in text or "www." in text:
        text = _URL_RE.sub(" ", text)
    return [m.group(0) for m in _NUMBER_RE.finditer(text)]


@register
class NumbersCheck(Check):
    id = "numbers"
    name = "Numbers"
    description = (
        "The translation has the numbers of the source; decimal and thousands separators "
        "may follow the language (2.9 = 2,9; 1,000 = 1 000)."
    )

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        src = _numbers(plain(source))
        tgt = _numbers(plain(target))
        if not src and not tgt:
            return []
        want = Counter(re.sub(r"\D", "", n) for n in src)
        have = Counter(re.sub(r"\D", "", n) for n in tgt)
        if want == have:
            return []
        missing = [n for n in src if (want - have)[re.sub(r"\D", "", n)]]
        extra = [n for n in tgt if (have - want)[re.sub(r"\D", "", n)]]
        parts = []
        if missing:
            parts.append("missing " + ", ".join(dict.fromkeys(missing)))
        if extra:
            parts.append("not in the source " + ", ".join(dict.fromkeys(extra)))
        return ["numbers differ: " + "; ".join(parts)]


@register
class UrlsCheck(Check):
    id = "urls"
    name = "URLs"
    description = "Web addresses in the source are in the translation, unchanged."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if "://" not in source + target and "www." not in source + target:
            return []
        want, have = Counter(_urls(source)), Counter(_urls(target))
        if want == have:
            return []
        parts = [f"missing {u}" for u in (want - have)] + [f"unexpected {u}" for u in (have - want)]
        return ["URLs differ: " + "; ".join(parts)]


_END_CLASSES = {
    ".": "full stop",
    "。": "full stop",
    "।": "full stop",
    "۔": "full stop",
    "?": "question mark",
    "？": "question mark",
    "؟": "question mark",
    "!": "exclamation mark",
    "！": "exclamation mark",
    ":": "colon",
    "：": "colon",
    ";": "semicolon",
    "؛": "semicolon",
    "…": "ellipsis",
}
_CLOSERS = "\"'”’»“«)]}›‹」』 \u00a0*_"
_TRAILING_CODES = re.compile(r"(?:\s*(?:</g\d+>|<x\d+/>))+\s*$")


def _end(text: str) -> str:
    text = _TRAILING_CODES.sub("", text).rstrip(_CLOSERS)
    if text.endswith("..."):
        return "ellipsis"
    return _END_CLASSES.get(text[-1:], "") if text else ""


@register
class EndPunctuationCheck(Check):
    id = "end-punctuation"
    name = "End punctuation"
    description = "The translation ends like the source: full stop, question mark, colon..."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        want, have = _end(source), _end(target)
        if want == have:
            return []
        if not want:
            return [f"ends with a {have}, the source does not"]
        if not have:
            return [f"the source ends with a {want}, the translation does not"]
        return [f"ends with a {have}, the source with a {want}"]


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


@register
class LeadingSpaceCheck(Check):
    id = "begin-space"
    name = "Leading space"
    description = "The translation starts with the same white space as the source."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if _leading(source) == _leading(target):
            return []
        return [
            f"starts with {len(_leading(target))} spaces, the source with {len(_leading(source))}"
        ]


@register
class TrailingSpaceCheck(Check):
    id = "end-space"
    name = "Trailing space"
    description = "The translation ends with the same white space as the source."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if _trailing(source) == _trailing(target):
            return []
        return [
            f"ends with {len(_trailing(target))} spaces, the source with {len(_trailing(source))}"
        ]


@register
class DoubleSpaceCheck(Check):
    id = "double-space"
    name = "Double space"
    description = "No two spaces in a row, unless the source has them."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if "  " in target.strip() and "  " not in source:
            return ["has two spaces in a row"]
        return []


_LETTER_RE = re.compile(r"[^\W\d_]")


@register
class UnchangedCheck(Check):
    id = "unchanged"
    name = "Unchanged"
    description = "The translation is not the source copied (names marked do-not-translate aside)."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if " ".join(source.split()) != " ".join(target.split()):
            return []
        kept = [h for h in ctx.hits if h.term.do_not_translate]
        if not _LETTER_RE.search(plain(_without(source, kept))):
            return []
        return ["the translation is the source, unchanged"]


def _without(text: str, hits: Sequence[Hit]) -> str:
    """``text`` without the spans of ``hits``."""
    for hit in sorted(hits, key=lambda h: -h.start):
        text = text[: hit.start] + text[hit.end :]
    return text


_RATIO_BOUNDS = {"zh": (0.15, 1.5), "ja": (0.2, 1.8), "ko": (0.2, 2.0)}
_DEFAULT_BOUNDS = (0.4, 2.5)
_MIN_LENGTH = 20


@register
class LengthRatioCheck(Check):
    id = "length-ratio"
    name = "Length"
    description = "The translation is not far shorter or longer than usual for the language."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        src = len(plain(source).strip())
        if src < _MIN_LENGTH:
            return []
        ratio = len(plain(target).strip()) / src
        low, high = _RATIO_BOUNDS.get(ctx.base_lang, _DEFAULT_BOUNDS)
        if ratio < low:
            return [f"the translation is {ratio:.0%} of the source's length: is something missing?"]
        if ratio > high:
            return [f"the translation is {ratio:.1f} times the source's length: is it complete?"]
        return []
