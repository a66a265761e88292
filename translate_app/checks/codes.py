"""Placeholders: none missing or extra, paired codes balanced and not crossed (errors)."""

from __future__ import annotations

from translate_app.checks.base import ERROR, Check, CheckContext, register
from translate_app.segment import placeholders


@register
class PlaceholdersCheck(Check):
    id = "placeholders"
    name = "Placeholders"
    description = "Every placeholder of the source (<g1>, </g1>, <x2/>) is in the translation once."
    severity = ERROR

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        return placeholders.count_problems(source, target)


@register
class PairedCodesCheck(Check):
    id = "paired-codes"
    name = "Paired codes"
    description = "Each <gN> is closed by its </gN>, after it, without crossing another pair."
    severity = ERROR

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        return placeholders.balance_problems(target)
