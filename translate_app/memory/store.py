"""The translation memory in the store: recording units, exact and fuzzy look-ups.

Every translated (quality 20) and approved (quality 30) translation is a unit
``(source language, target language, source, target)``, across documents.
The workflow records units as it writes (:func:`after_write`, called by
``revisions.write``); a rejection demotes the unit to quality 10, which
look-ups leave out.

Fuzzy look-ups score with ``rapidfuzz.fuzz.ratio`` over candidates picked by
an in-memory word index (:class:`~translate_app.memory.index.FuzzyIndex`),
one per database and language pair, kept in step with the table by reading
only the units added since the last look-up.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein
from sqlalchemy import Engine, bindparam, case, func, select, update
from sqlalchemy.orm import Session

from translate_app.config import Config
from translate_app.memory.index import FuzzyIndex
from translate_app.segment import normalize
from translate_app.store.db import CONFIG_KEY, upsert_insert
from translate_app.store.models import Document, Segment, TmUnit, Translation, utcnow
from translate_app.store.states import State

DEFAULT_SOURCE_LANG = "en"
"""Language of the source documents unless ``TRANSLATE_APP_SOURCE_LANGUAGE`` says otherwise."""
MIN_QUALITY = int(State.TRANSLATED)
"""Units below this quality (rejected ones) are never offered."""
MAX_TARGET_BYTES = 2000
"""Longer translations are not remembered (PostgreSQL's index entries hold ~2.7 kB)."""
REFRESH_OVERLAP = 1024
"""Units re-read below the newest known id when the table changes (late commits)."""

_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")


def source_hash(text: str) -> str:
    """SHA-1 (hex) of the normalized text: the key of exact look-ups."""
    return hashlib.sha1(normalize(text).encode("utf-8")).hexdigest()


def source_language(session: Session) -> str:
    """The source language configured for the session (``en`` by default)."""
    config = session.info.get(CONFIG_KEY)
    if isinstance(config, Config):
        return config.extra.get("TRANSLATE_APP_SOURCE_LANGUAGE", DEFAULT_SOURCE_LANG)
    return DEFAULT_SOURCE_LANG


@dataclass(frozen=True)
class DiffPiece:
    """A run of the stored source compared with the query, word by word."""

    op: str
    """``equal``; ``delete``: only in the stored source; ``insert``: only in the query."""
    text: str


@dataclass(frozen=True)
class Match:
    """A unit of the memory offered for a query."""

    score: float
    """Similarity of the query and the unit's source, 0-100 (100: same normalized text)."""
    source: str
    """The unit's source, as stored."""
    target: str
    """Its translation."""
    origin: str
    """Where the translation came from (``human:<name>``, ``import:<file>``, ...)."""
    quality: int
    """30 approved, 20 translated."""
    diff: tuple[DiffPiece, ...] = ()
    """How the stored source differs from the query (empty for an exact match)."""
    unit_id: int = 0
    document_slug: str = ""
    segment_key: str = ""


def diff(stored: str, query: str) -> tuple[DiffPiece, ...]:
    """Word-level differences between a stored source and a query."""
    old, new = _TOKEN_RE.findall(stored), _TOKEN_RE.findall(query)
    pieces: list[DiffPiece] = []
    for op in Levenshtein.opcodes(old, new):
        if op.tag == "equal":
            pieces.append(DiffPiece("equal", "".join(old[op.src_start : op.src_end])))
            continue
        if op.src_end > op.src_start:
            pieces.append(DiffPiece("delete", "".join(old[op.src_start : op.src_end])))
        if op.dest_end > op.dest_start:
            pieces.append(DiffPiece("insert", "".join(new[op.dest_start : op.dest_end])))
    return tuple(pieces)


def _match(unit: TmUnit, score: float, query: str | None) -> Match:
    return Match(
        score=round(score, 1),
        source=unit.source,
        target=unit.target,
        origin=unit.origin,
        quality=unit.quality,
        diff=() if query is None else diff(normalize(unit.source), query),
        unit_id=unit.id,
        document_slug=unit.document_slug,
        segment_key=unit.segment_key,
    )


def _units(session: Session, source_lang: str, target_lang: str, hashes: Sequence[str]) -> Any:
    return session.scalars(
        select(TmUnit)
        .where(
            TmUnit.source_lang == source_lang,
            TmUnit.target_lang == target_lang,
            TmUnit.source_hash.in_(hashes),
            TmUnit.quality >= MIN_QUALITY,
        )
        .order_by(TmUnit.quality.desc(), TmUnit.updated_at.desc(), TmUnit.id.desc())
        .execution_options(populate_existing=True)  # upserts bypass the identity map
    )


def exact(
    session: Session, source: str, source_lang: str, target_lang: str, *, limit: int = 5
) -> list[Match]:
    """Units whose source is ``source`` (normalized), best quality and newest first."""
    wanted = normalize(source)
    units = _units(session, source_lang, target_lang, [source_hash(source)])
    found = [_match(u, 100.0, None) for u in units if normalize(u.source) == wanted]
    return found[:limit]


def lookup(
    session: Session,
    source: str,
    source_lang: str,
    target_lang: str,
    *,
    limit: int = 5,
    threshold: float = 75,
) -> list[Match]:
    """The ``limit`` best units for ``source`` scoring at least ``threshold`` (0-100).

    Ordered by score, then quality (approved first), then the newest.  Each
    match carries a word diff of its stored source against ``source``.
    """
    query = normalize(source)
    if not query or limit <= 0:
        return []
    index = _index(session, source_lang, target_lang)
    with index.lock:
        scored = index.fuzzy.search(query, limit=limit + 5, threshold=threshold)
    if not scored:
        return []
    scores = {s.key: s.score for s in scored}
    units = list(_units(session, source_lang, target_lang, list(scores)))
    units.sort(key=lambda u: -scores[u.source_hash])  # stable: quality, newest kept
    return [_match(u, scores[u.source_hash], query) for u in units[:limit]]


@dataclass
class _CachedIndex:
    fuzzy: FuzzyIndex = field(default_factory=FuzzyIndex)
    max_id: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


_INDEXES: weakref.WeakKeyDictionary[Engine, dict[tuple[str, str], _CachedIndex]] = (
    weakref.WeakKeyDictionary()
)
_INDEXES_LOCK = threading.Lock()


def _index(session: Session, source_lang: str, target_lang: str) -> _CachedIndex:
    """The fuzzy index of a language pair, brought up to date with the table."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _INDEXES_LOCK:
        cached = _INDEXES.setdefault(engine, {}).setdefault(
            (source_lang, target_lang), _CachedIndex()
        )
    top = session.scalar(select(func.max(TmUnit.id))) or 0
    if top == cached.max_id:
        return cached
    with cached.lock:
        low = max(0, min(top, cached.max_id) - REFRESH_OVERLAP) if cached.max_id else 0
        rows = session.execute(
            select(TmUnit.source_hash, TmUnit.source).where(
                TmUnit.source_lang == source_lang,
                TmUnit.target_lang == target_lang,
                TmUnit.id > low,
            )
        )
        cached.fuzzy.add_many((h, normalize(s)) for h, s in rows if h not in cached.fuzzy)
        cached.max_id = top
    return cached


def remember(
    session: Session,
    *,
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    quality: int,
    origin: str = "",
    document_slug: str = "",
    segment_key: str = "",
) -> bool:
    """Add or raise the unit ``source`` → ``target`` (its quality never goes down here).

    Returns False when the unit cannot be kept (empty, or a translation longer
    than :data:`MAX_TARGET_BYTES`).
    """
    if not source.strip() or not target.strip() or len(target.encode()) > MAX_TARGET_BYTES:
        return False
    now = utcnow()
    values = {
        "source_lang": source_lang,
        "target_lang": target_lang,
        "source": source,
        "target": target,
        "source_hash": source_hash(source),
        "quality": int(quality),
        "origin": origin[:255],
        "document_slug": document_slug[:200],
        "segment_key": segment_key[:128],
        "created_at": now,
        "updated_at": now,
    }
    dialect = session.get_bind().dialect.name
    if dialect not in {"sqlite", "postgresql"}:  # single-writer fallback
        _remember_slowly(session, values)
        return True
    session.execute(_upsert(dialect), values)
    return True


@functools.cache
def _upsert(dialect: str) -> Any:
    """The statement adding a unit or raising its quality (built once per dialect: saves run
    it while they hold the write lock)."""
    table: Any = TmUnit.__table__
    insert = upsert_insert(dialect)
    stmt = insert(table).values({column: bindparam(column) for column in _UNIT_COLUMNS})
    raised = stmt.excluded.quality > table.c.quality
    return stmt.on_conflict_do_update(
        index_elements=["source_lang", "target_lang", "source_hash", "target"],
        set_={
            "quality": case((raised, stmt.excluded.quality), else_=table.c.quality),
            "origin": case((raised, stmt.excluded.origin), else_=table.c.origin),
            "updated_at": stmt.excluded.updated_at,
        },
    )


_UNIT_COLUMNS = ("source_lang", "target_lang", "source", "target", "source_hash", "quality",
                 "origin", "document_slug", "segment_key", "created_at", "updated_at")  # fmt: skip


def _remember_slowly(session: Session, values: dict[str, Any]) -> None:
    unit = session.scalar(
        select(TmUnit).where(
            TmUnit.source_lang == values["source_lang"],
            TmUnit.target_lang == values["target_lang"],
            TmUnit.source_hash == values["source_hash"],
            TmUnit.target == values["target"],
        )
    )
    if unit is None:
        session.add(TmUnit(**values))
    elif values["quality"] > unit.quality:
        unit.quality, unit.origin, unit.updated_at = (
            values["quality"],
            values["origin"],
            values["updated_at"],
        )
    session.flush()


def demote(
    session: Session, *, source: str, target: str, source_lang: str, target_lang: str
) -> None:
    """Mark the unit ``source`` → ``target`` as rejected (quality 10: no longer offered)."""
    session.execute(
        update(TmUnit)
        .where(
            TmUnit.source_lang == source_lang,
            TmUnit.target_lang == target_lang,
            TmUnit.source_hash == source_hash(source),
            TmUnit.target == target,
        )
        .values(quality=int(State.DRAFT), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


_DONE_KEY = "translate_app.memory.done"


def before_write(session: Session, segment: Segment) -> None:
    """Read ahead what :func:`after_write` needs (the document's slug), before a write takes
    the database's write lock."""
    _slug(session, segment.document_id)


def after_write(session: Session, tr: Translation, *, old_state: State, action: str) -> None:
    """Keep the memory in step with a change of ``tr`` (called by ``revisions.write``).

    A translated or approved text becomes (or raises) a unit; a rejection
    demotes it.  Units already recorded in this transaction are skipped, so
    propagation to identical segments costs nothing more.
    """
    if not tr.text:
        return
    if tr.state < State.TRANSLATED and not (action == "reject" and old_state >= State.TRANSLATED):
        return
    segment = session.get(Segment, tr.segment_id)
    if segment is None:
        return
    done = _done(session)
    memo = (tr.language_code, segment.source, tr.text)
    if done.get(memo) == tr.state:
        return
    done[memo] = tr.state
    src = source_language(session)
    if tr.state < State.TRANSLATED:
        demote(
            session, source=segment.source, target=tr.text, source_lang=src,
            target_lang=tr.language_code,
        )  # fmt: skip
        return
    remember(
        session,
        source=segment.source,
        target=tr.text,
        source_lang=src,
        target_lang=tr.language_code,
        quality=int(tr.state),
        origin=tr.origin,
        document_slug=_slug(session, segment.document_id),
        segment_key=segment.key,
    )


def _done(session: Session) -> dict[tuple[str, str, str], State]:
    """Units recorded in the session's current transaction, with the state last recorded."""
    transaction = session.get_transaction()
    memo = session.info.get(_DONE_KEY)
    if memo is None or memo[0] is not transaction:
        memo = (transaction, {})
        session.info[_DONE_KEY] = memo
    done: dict[tuple[str, str, str], State] = memo[1]
    return done


def _slug(session: Session, document_id: int) -> str:
    slugs: dict[int, str] = session.info.setdefault("translate_app.memory.slugs", {})
    if document_id not in slugs:
        found = session.get(Document, document_id)  # usually loaded already: no query
        slugs[document_id] = found.slug if found is not None else ""
    return slugs[document_id]
