"""From items to requests: mask, refuse what cannot be sent, merge identical texts, batch.

Nothing here knows the engine class: :class:`~translate_app.machinery.base.Engine`
passes its name, origin and text limit.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate_app.machinery.errors import MachineTranslationError
from translate_app.machinery.masking import Masker
from translate_app.machinery.units import Draft, Item, OutgoingText


def prepare(
    items: Sequence[Item], masker: Masker, *, engine: str, origin: str, limit: int | None
) -> tuple[list[OutgoingText], list[Draft]]:
    """Masked texts to send (identical masked texts merged), and the items refused.

    An item is refused, before anything is sent, when it is longer than the
    engine accepts (``limit`` characters) or when nothing but placeholders and
    protected terms is left once masked (there is nothing for an engine to translate).
    Refusals are drafts of ``engine`` with ``origin`` and an error.
    """
    outgoing: dict[str, OutgoingText] = {}
    refused: list[Draft] = []
    for item in items:
        masked = masker.mask(item.text)
        problem = ""
        if limit is not None and len(masked.text) >= limit:
            problem = f"too long for {engine} ({len(masked.text)} characters, limit {limit})"
        elif not masked.has_words:
            problem = "not sent: only placeholders and protected terms, nothing to translate"
        if problem:
            error = MachineTranslationError(problem, engine=engine, keys=[item.key])
            refused.append(Draft(item.key, item.text, None, origin, error))
            continue
        outgoing.setdefault(masked.text, OutgoingText(masked.text)).members.append((item, masked))
    return list(outgoing.values()), refused


def batches(outgoing: Sequence[OutgoingText], size: int, chars: int) -> list[list[OutgoingText]]:
    """Texts grouped into requests of at most ``size`` texts and ``chars`` characters.

    A text longer than ``chars`` goes alone (the engine's own text limit was checked before).
    """
    found: list[list[OutgoingText]] = []
    current: list[OutgoingText] = []
    length = 0
    for text in outgoing:
        if current and (len(current) >= size or length + len(text.text) > chars):
            found.append(current)
            current, length = [], 0
        current.append(text)
        length += len(text.text)
    if current:
        found.append(current)
    return found
