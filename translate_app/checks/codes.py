"""Placeholders: none missing or extra, paired codes balanced and not crossed (errors)."""

from __future__ import annotations

from collections import Counter

from translate_app.checks.base import ERROR, Check, CheckContext, register
from translate_app.segment import placeholders
from translate_app.segment.placeholders import tokens


@register
class PlaceholdersCheck(Check):
    id = "placeholders"
    name = "Placeholders"
    description = "Every placeholder of the source (<g1>, </g1>, <x2/>) is in the translation once."
    severity = ERROR

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if "<" not in source and "<" not in target:
            return []
        want, have = Counter(tokens(source)), Counter(tokens(target))
        found = []
        missing = sorted((want - have).elements())
        extra = sorted((have - want).elements())
        if missing:
            found.append("missing placeholder " + ", ".join(missing))
        if extra:
            found.append("unexpected placeholder " + ", ".join(extra))
        return found


@register
class PairedCodesCheck(Check):
    id = "paired-codes"
    name = "Paired codes"
    description = "Each <gN> is closed by its </gN>, after it, without crossing another pair."
    severity = ERROR

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        if "<g" not in target and "</g" not in target:
            return []
        return placeholders.balance_problems(target)
