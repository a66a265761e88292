"""The translation memory as an engine: exact and fuzzy matches, origin ``tm:<score>``.

Nothing leaves the machine: no masking, no cache, no outbound log.  Matches
come from :func:`translate_app.memory.lookup` (translated and approved units, across
documents: machine drafts are never in it); the best one at or above
``TRANSLATE_APP_TM_THRESHOLD`` (default 75) becomes the draft, provided its
placeholders fit the segment (a fuzzy match from another sentence may not).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import Any

from sqlalchemy.orm import Session

from translate_app import memory
from translate_app.machinery.base import Engine
from translate_app.machinery.errors import MachineTranslationError, PlaceholderError
from translate_app.machinery.registry import register
from translate_app.machinery.units import Draft, Item, Plan
from translate_app.segment.placeholders import problems

Lookup = Callable[..., list[Any]]
"""``lookup(session, source, source_lang, target_lang, *, limit, threshold) -> [Match]``."""


class NoMatchError(MachineTranslationError):
    """The memory has nothing close enough: the segment is left for another engine or a person."""


@register
class MemoryEngine(Engine):
    """Drafts from the translation memory."""

    name = "memory"
    local = True

    def __init__(self, *args: Any, session: Session, lookup: Lookup | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.session = session
        self._lookup = lookup

    @property
    def lookup(self) -> Lookup:
        return self._lookup or memory.lookup

    @property
    def host(self) -> str:
        return "local"

    def send(self, texts: list[str], source: str, target: str) -> list[Any]:
        raise MachineTranslationError("the memory answers locally", engine=self.name)

    def plan(self, items: Sequence[Item], source: str, target: str) -> Plan:
        return Plan([], 0, [])

    def translate(
        self, items: Sequence[Item], source: str, target: str
    ) -> Generator[Draft, None, None]:
        threshold = self.settings.threshold
        for item in items:
            matches = self.lookup(
                self.session, item.text, source, target, limit=5, threshold=threshold
            )
            usable = [m for m in matches if m.target and not problems(item.text, m.target)]
            if usable:
                best = max(usable, key=lambda m: (m.score, m.quality))
                origin = f"tm:{round(best.score)}"
                yield Draft(item.key, item.text, best.target, origin)
                continue
            if matches:
                error: MachineTranslationError = PlaceholderError(
                    "memory matches have other placeholders", engine=self.name, keys=[item.key]
                )
            else:
                message = f"no memory match scoring {threshold} or more"
                error = NoMatchError(message, engine=self.name, keys=[item.key])
            yield Draft(item.key, item.text, None, "tm:0", error)
