"""Typography of the target language: quotation marks (CLDR), Ukrainian apostrophe and dash.

Babel 2.18 ships no CLDR delimiters, so the quotation marks of CLDR 47
(``quotationStart/End``, ``alternateQuotationStart/End``) are listed here for
the languages the report is translated into and their neighbours.
"""

from __future__ import annotations

import re

from translate_app.checks.base import Check, CheckContext, plain, register

CLDR_QUOTES = {
    "ar": "”“’‘",
    "be": "«»„“",
    "bg": "„“„“",
    "cs": "„“‚‘",
    "da": "“”‘’",
    "de": "„“‚‘",
    "el": "«»“”",
    "en": "“”‘’",
    "es": "«»“”",
    "et": "„“‚‘",
    "fi": "””’’",
    "fr": "«»«»",
    "he": "””’’",
    "hu": "„”»«",
    "it": "«»“”",
    "ja": "「」『』",
    "ka": "„“«»",
    "lt": "„“„“",
    "nl": "‘’“”",
    "pl": "„”«»",
    "pt": "“”‘’",
    "pt_PT": "«»“”",
    "ro": "„”«»",
    "ru": "«»„“",
    "sk": "„“‚‘",
    "sl": "„“‚‘",
    "sv": "””’’",
    "tr": "“”‘’",
    "uk": "«»„“",
    "zh": "“”‘’",
}
"""Quotation marks per language: start, end, alternate start, alternate end."""
DOUBLE_QUOTES = frozenset('"“”„‟«»「」『』')
"""Characters checked: double quotation marks of every kind (single ones double as apostrophes)."""


def quotes_for(lang: str) -> str | None:
    """CLDR quotation marks of ``lang`` (its region's, else its language's), if known."""
    code = lang.replace("-", "_")
    return CLDR_QUOTES.get(code) or CLDR_QUOTES.get(code.split("_")[0].lower())


@register
class QuotesCheck(Check):
    id = "quotes"
    name = "Quotation marks"
    description = "Quotation marks are the language's (CLDR): «…» and „…“ in Ukrainian."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        allowed = quotes_for(ctx.lang)
        if allowed is None:
            return []
        wrong = sorted({c for c in plain(target) if c in DOUBLE_QUOTES and c not in allowed})
        if not wrong:
            return []
        use = f"{allowed[0]}…{allowed[1]}"
        if allowed[2:4] != allowed[0:2]:
            use += f" (inside: {allowed[2]}…{allowed[3]})"
        return [f"use {use} instead of {' '.join(wrong)}"]


_CYRILLIC = "а-щьюяєіїґА-ЩЬЮЯЄІЇҐ"
_APOSTROPHE_RE = re.compile(f"(?<=[{_CYRILLIC}])['’`](?=[{_CYRILLIC}])")
_DASH_RE = re.compile(r"(?<=\S) —")


@register
class UkrainianApostropheCheck(Check):
    id = "uk-apostrophe"
    name = "Ukrainian apostrophe"
    description = "Ukrainian words take the modifier letter apostrophe ʼ (U+02BC), not ' or ’."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if ctx.base_lang != "uk":
            return []
        found = sorted({m.group(0) for m in _APOSTROPHE_RE.finditer(target)})
        return [f"use ʼ (U+02BC) instead of {' '.join(found)} in words"] if found else []


@register
class UkrainianDashCheck(Check):
    id = "uk-dash-space"
    name = "Space before a dash"
    description = "In Ukrainian an em dash between words follows a non-breaking space."

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if ctx.base_lang != "uk" or " —" not in target:
            return []
        if _DASH_RE.search(target):
            return ["put a non-breaking space (U+00A0) before the em dash"]
        return []
