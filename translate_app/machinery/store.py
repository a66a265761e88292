"""The cache and the outbound log in the database (tables ``mt_cache``, ``outbound_requests``).

Both write into the caller's session, in the thread that iterates
``Engine.translate``; the caller commits (drafting commits after every
segment, so a crash loses nothing that was paid for).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from translate_app.machinery.cache import text_hash
from translate_app.machinery.units import OutboundEntry
from translate_app.store.db import upsert_insert
from translate_app.store.models import MtCacheEntry, OutboundRequest, utcnow

_CHUNK = 500
"""Hashes per ``IN (...)`` query."""


class StoreCache:
    """The machine-translation cache in the ``mt_cache`` table."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_many(
        self, engine: str, source: str, target: str, texts: Collection[str]
    ) -> dict[str, str]:
        by_hash = {text_hash(t): t for t in texts}
        found: dict[str, str] = {}
        hashes = list(by_hash)
        for start in range(0, len(hashes), _CHUNK):
            rows = self.session.execute(
                select(MtCacheEntry.source_hash, MtCacheEntry.target_text).where(
                    MtCacheEntry.engine == engine,
                    MtCacheEntry.source_lang == source,
                    MtCacheEntry.target_lang == target,
                    MtCacheEntry.source_hash.in_(hashes[start : start + _CHUNK]),
                )
            )
            for digest, answer in rows:
                found[by_hash[digest]] = answer
        return found

    def put_many(self, engine: str, source: str, target: str, answers: Mapping[str, str]) -> None:
        if not answers:
            return
        now = utcnow()
        rows: list[dict[str, Any]] = [
            {
                "engine": engine,
                "source_lang": source,
                "target_lang": target,
                "source_hash": text_hash(text),
                "source_text": text,
                "target_text": answer,
                "created_at": now,
            }
            for text, answer in answers.items()
        ]
        table = cast(Table, MtCacheEntry.__table__)
        insert = upsert_insert(self.session.get_bind().dialect.name)
        if insert is not None:
            unique = ["engine", "source_lang", "target_lang", "source_hash"]
            self.session.execute(
                insert(table).values(rows).on_conflict_do_nothing(index_elements=unique)
            )
            return
        known = self.get_many(engine, source, target, answers)  # other databases: one writer
        self.session.add_all(MtCacheEntry(**r) for r in rows if r["source_text"] not in known)


class StoreLog:
    """The outbound log in the ``outbound_requests`` table (one row per attempt)."""

    def __init__(
        self, session: Session, *, document_id: int | None = None, job_id: int | None = None
    ) -> None:
        self.session = session
        self.document_id = document_id
        self.job_id = job_id
        self.requests = 0
        """Attempts logged by this log."""
        self.characters = 0
        """Characters sent, all attempts."""

    def __call__(self, entry: OutboundEntry) -> None:
        self.requests += 1
        self.characters += entry.characters
        self.session.add(
            OutboundRequest(
                engine=entry.engine,
                host=entry.host,
                started_at=entry.started_at,
                duration_ms=entry.duration_ms,
                segment_keys=list(entry.segment_keys),
                characters=entry.characters,
                outcome=entry.outcome,
                status_code=entry.status_code,
                language_code=entry.target_lang,
                document_id=self.document_id,
                job_id=self.job_id,
            )
        )
