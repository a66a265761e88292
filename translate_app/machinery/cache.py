"""The machine-translation cache: never pay twice for the same sentence.

Entries are keyed by engine, source language, target language and the
SHA-256 of the *masked* text that was sent (protected terms never reach the
cache either).  :class:`MemoryCache` lives as long as the process;
``translate_app.machinery.store.StoreCache`` keeps entries in the database.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection, Mapping
from typing import Protocol


def text_hash(text: str) -> str:
    """SHA-256 (hex) of a masked text: the cache key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Cache(Protocol):
    """Where translations already paid for are kept."""

    def get_many(
        self, engine: str, source: str, target: str, texts: Collection[str]
    ) -> dict[str, str]:
        """The cached answers among ``texts`` (masked texts), by text."""
        ...

    def put_many(self, engine: str, source: str, target: str, answers: Mapping[str, str]) -> None:
        """Keep ``answers`` (masked text -> the engine's masked answer)."""
        ...


class MemoryCache:
    """A cache in this process's memory (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str, str, str], str] = {}

    def get_many(
        self, engine: str, source: str, target: str, texts: Collection[str]
    ) -> dict[str, str]:
        with self._lock:
            found = {t: self._entries.get((engine, source, target, text_hash(t))) for t in texts}
        return {t: answer for t, answer in found.items() if answer is not None}

    def put_many(self, engine: str, source: str, target: str, answers: Mapping[str, str]) -> None:
        with self._lock:
            for text, answer in answers.items():
                self._entries[(engine, source, target, text_hash(text))] = answer

    def __len__(self) -> int:
        return len(self._entries)


class NoCache:
    """A cache that keeps nothing (for engines that cost nothing, and for benchmarks)."""

    def get_many(
        self, engine: str, source: str, target: str, texts: Collection[str]
    ) -> dict[str, str]:
        return {}

    def put_many(self, engine: str, source: str, target: str, answers: Mapping[str, str]) -> None:
        return None
