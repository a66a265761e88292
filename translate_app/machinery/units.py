"""What goes in and out of an engine: items, texts to send, drafts, plans, log entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from translate_app.machinery.errors import MachineTranslationError
from translate_app.machinery.masking import Masked


@dataclass(frozen=True)
class Item:
    """One text to translate."""

    key: str
    """Segment key (named in logs and errors)."""
    text: str
    """Source text, placeholders included."""


@dataclass(frozen=True)
class Draft:
    """The outcome for one item: a translation, or the reason there is none."""

    key: str
    source: str
    """The item's text."""
    text: str | None
    """The translation with placeholders and protected terms restored; ``None`` on failure."""
    origin: str
    """``mt:<engine>`` or ``tm:<score>``."""
    error: MachineTranslationError | None = None
    cached: bool = False
    """Taken from the cache: nothing was sent for it."""

    @property
    def ok(self) -> bool:
        return self.text is not None and self.error is None


@dataclass
class OutgoingText:
    """A distinct masked text to send, and the items it stands for (identical texts go once)."""

    text: str
    """The masked text, as sent."""
    members: list[tuple[Item, Masked]] = field(default_factory=list)
    """Each item it stands for, with its masking (to restore the answer per item)."""

    @property
    def keys(self) -> list[str]:
        return [item.key for item, _ in self.members]


@dataclass(frozen=True)
class PlannedRequest:
    """One request as it would be sent: the masked texts and the segments they serve."""

    texts: tuple[str, ...]
    """The masked texts, exactly as they would be sent."""
    keys: tuple[tuple[str, ...], ...]
    """For each text, the segments it serves (identical texts are sent once)."""

    @property
    def segment_keys(self) -> tuple[str, ...]:
        return tuple(k for keys in self.keys for k in keys)

    @property
    def characters(self) -> int:
        return sum(len(t) for t in self.texts)


@dataclass(frozen=True)
class Plan:
    """What a run would do, sending nothing (``translate-app draft --dry-run``)."""

    requests: list[PlannedRequest]
    """Requests to send, in order."""
    cached: int
    """Items answered from the cache."""
    refused: list[Draft]
    """Items that would not be sent (too long, nothing left once masked)."""

    @property
    def characters(self) -> int:
        return sum(r.characters for r in self.requests)


@dataclass(frozen=True)
class OutboundEntry:
    """One attempt to send text to an engine (a row of the outbound log)."""

    engine: str
    host: str
    source_lang: str
    target_lang: str
    started_at: datetime
    duration_ms: int
    segment_keys: tuple[str, ...]
    characters: int
    """Characters of text sent."""
    outcome: str
    """``ok``, ``retry`` or ``error: <what>``."""
    status_code: int | None = None
