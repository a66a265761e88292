"""Glossary checks: the glossary's translation is used, and no forbidden variant is."""

from __future__ import annotations

import re
from functools import lru_cache

from translate_app.checks.base import ERROR, Check, CheckContext, register
from translate_app.glossary.terms import case_only

_STEM_FROM = 5
"""Words this long or longer may be inflected: their last two letters may change."""


@lru_cache(maxsize=4096)
def _loose(term: str, case_sensitive: bool) -> re.Pattern[str]:
    """A term as a pattern that lets longer words inflect (окупація ~ окупації)."""
    parts = []
    for word in term.split():
        if len(word) >= _STEM_FROM and word.isalpha():
            parts.append(re.escape(word[: max(3, len(word) - 2)]) + r"\w{0,4}")
        else:
            parts.append(re.escape(word))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", flags)


@lru_cache(maxsize=4096)
def _exact(term: str, case_sensitive: bool) -> re.Pattern[str]:
    flags = 0 if case_sensitive else re.IGNORECASE
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(r"(?<!\w)" + words + r"(?!\w)", flags)


@register
class GlossaryTermCheck(Check):
    id = "glossary"
    name = "Glossary term"
    description = (
        "A glossary term of the source is translated as the glossary says (or kept as it is "
        "when marked do-not-translate); inflected forms count."
    )

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        found = []
        seen = set()
        for hit in ctx.hits:
            term = hit.term
            if id(term) in seen:
                continue
            seen.add(id(term))
            if term.do_not_translate:
                if not _exact(term.source_term, term.case_sensitive).search(target):
                    found.append(f"keep {term.source_term!r} as it is (do not translate)")
            elif term.target_term and not _loose(term.target_term, term.case_sensitive).search(
                target
            ):
                found.append(f"translate {term.source_term!r} as {term.target_term!r}")
        return found


@register
class ForbiddenTermCheck(Check):
    id = "forbidden-term"
    name = "Forbidden term"
    description = "No variant the glossary forbids for a term of the source is used."
    severity = ERROR

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        found = []
        for hit in ctx.hits:
            term = hit.term
            kept = term.source_term if term.do_not_translate else term.target_term
            for variant in term.forbidden:
                # a variant that differs from the right form only by case is told apart by case
                strict = term.case_sensitive or case_only(variant, kept)
                if _exact(variant, strict).search(target):
                    use = f": use {term.target_term!r}" if term.target_term else ""
                    message = f"{variant!r} is a forbidden translation of {term.source_term!r}{use}"
                    if message not in found:
                        found.append(message)
        return found
