"""From items to requests: mask, refuse what cannot be sent, merge identical texts, batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from translate_app.machinery.errors import MachineTranslationError
from translate_app.machinery.masking import Masker
from translate_app.machinery.units import Draft, Item, Unit

if TYPE_CHECKING:
    from translate_app.machinery.base import Engine


def prepare(
    items: Sequence[Item], masker: Masker, engine: Engine
) -> tuple[list[Unit], list[Draft]]:
    """Masked units to translate (identical masked texts merged), and the items refused.

    An item is refused, before anything is sent, when it is longer than the
    engine accepts or when nothing but placeholders and protected terms is left
    once masked (there is nothing for an engine to translate).
    """
    units: dict[str, Unit] = {}
    refused: list[Draft] = []
    limit = engine.max_text_chars
    for item in items:
        masked = masker.mask(item.text)
        problem = ""
        if limit is not None and len(masked.text) >= limit:
            problem = f"too long for {engine.name} ({len(masked.text)} characters, limit {limit})"
        elif not masked.has_words:
            problem = "not sent: only placeholders and protected terms, nothing to translate"
        if problem:
            error = MachineTranslationError(problem, engine=engine.name, keys=[item.key])
            refused.append(Draft(item.key, item.text, None, engine.origin, error))
            continue
        units.setdefault(masked.text, Unit(masked.text)).members.append((item, masked))
    return list(units.values()), refused


def batches(units: Sequence[Unit], size: int, chars: int) -> list[list[Unit]]:
    """Units grouped into requests of at most ``size`` texts and ``chars`` characters.

    A text longer than ``chars`` goes alone (the engine's own text limit was checked before).
    """
    found: list[list[Unit]] = []
    current: list[Unit] = []
    length = 0
    for unit in units:
        if current and (len(current) >= size or length + len(unit.text) > chars):
            found.append(current)
            current, length = [], 0
        current.append(unit)
        length += len(unit.text)
    if current:
        found.append(current)
    return found
