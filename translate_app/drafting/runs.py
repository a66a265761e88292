"""Machine drafting of a document (DESIGN §5): the one service behind ``translate-app draft``,
the web UI's background jobs and ``translate-app worker``.

A run sends the segments that need a draft to an engine and saves every
answer through the workflow as a DRAFT with origin ``mt:<engine>`` (or
``tm:<score>``), never above.  What needs a draft: empty segments and, unless
``only_empty``, drafts that another engine made; nothing a person wrote is
touched.  Each segment is committed as it arrives, after the cache entry and
the outbound log rows of its request, so a crashed run resumes where it
stopped without paying again.  An engine failure leaves the segment as it was
and is reported; error text is never stored as a translation.
Background jobs are in ``drafting.jobs``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import and_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from translate_app import glossary, machinery, workflow
from translate_app.config import Config
from translate_app.errors import ConflictError, NotFoundError
from translate_app.machinery.memory import NoMatchError
from translate_app.machinery.store import StoreCache, StoreLog
from translate_app.segment.characters import CharacterError
from translate_app.store.db import CONFIG_KEY
from translate_app.store.models import Document, DraftJob, Segment, Translation, User
from translate_app.store.states import State
from translate_app.workflow.policy import enabled_language, require

if TYPE_CHECKING:
    pass

MACHINE_ORIGINS = ("mt:", "tm:")
"""Origins of drafts a machine made (a new run may replace them)."""


@dataclass
class DraftReport:
    """What a drafting run did."""

    slug: str
    lang: str
    engine: str
    total: int = 0
    """Segments that needed a draft."""
    drafted: int = 0
    """Saved as drafts."""
    unchanged: int = 0
    """The engine's answer was already there."""
    cached: int = 0
    """Answered from the cache: nothing sent for them."""
    no_match: int = 0
    """Memory engine: nothing close enough."""
    skipped: int = 0
    """Changed by a person during the run: left alone."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """``(segment key, what went wrong)``: those segments were left untouched."""
    requests: int = 0
    """Requests sent (every attempt, retries included)."""
    characters: int = 0
    """Characters sent."""
    stopped: str = ""
    """The error that stopped the run early (credentials, quota), if any."""

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def processed(self) -> int:
        return self.drafted + self.unchanged + self.no_match + self.skipped + self.failed

    def __str__(self) -> str:
        parts = [f"{self.drafted} drafted", f"{self.unchanged} unchanged"]
        parts += [f"{n} {what}" for n, what in ((self.no_match, "without a memory match"),
                  (self.skipped, "changed meanwhile"), (self.failed, "failed")) if n]  # fmt: skip
        sent = f"{self.requests} requests, {self.characters} characters sent"
        return (
            f"{self.slug} [{self.lang}] with {self.engine}: {self.total} segments to draft, "
            f"{', '.join(parts)} ({self.cached} from the cache; {sent})"
        )


Progress = Callable[[DraftReport], None]
"""Called after every segment (the CLI's progress bar, a job's counters)."""


@dataclass(frozen=True)
class DraftPlan:
    """What a run would send now (``--dry-run``)."""

    engine: str
    host: str
    total: int
    """Segments that need a draft."""
    plan: machinery.Plan


def draft_document(
    session: Session,
    slug: str,
    lang: str,
    *,
    engine: str | None = None,
    config: Config | None = None,
    user: User | None = None,
    only_empty: bool = False,
    engine_url: str | None = None,
    settings: machinery.EngineSettings | None = None,
    progress: Progress | None = None,
    job: DraftJob | None = None,
) -> DraftReport:
    """Draft ``slug`` into ``lang`` with ``engine``; commits after every segment.

    ``user`` (optional) is the person who asked: they must be allowed to edit
    ``lang``; the drafts still carry the engine's origin.  Raises
    :class:`TranslateAppError` for what stops a run before it starts (no such
    document, language, engine or setting); engine failures are in the report.
    """
    config = config_of(session, config)
    name = engine or machinery.default_engine(config)
    doc = document_by_slug(session, slug)
    enabled_language(session, lang)
    if user is not None:
        require(session, user, lang, review=False, doing="draft translations")
    segments = candidates(session, doc, lang, name, only_empty=only_empty)
    report = DraftReport(slug=slug, lang=lang, engine=name, total=len(segments))
    already = 0  # a resumed job: segments finished before the crash
    if job is not None:
        job.total = max(job.total, report.total)
        already = job.total - report.total
    log = StoreLog(session, document_id=doc.id, job_id=job.id if job else None)
    items = [machinery.Item(s.key, s.source) for s in segments]
    by_key = {s.key: s for s in segments}
    with _engine(
        session, name, lang, config=config, url=engine_url, settings=settings, log=log
    ) as machine:
        drafts = machine.translate(items, machinery.source_language(config), lang)
        try:
            for draft in drafts:
                session.commit()  # the request's cache entry and log rows, before the save
                _apply(session, draft, by_key[draft.key], lang=lang, user=user, report=report)
                report.requests, report.characters = log.requests, log.characters
                if job is not None:
                    job.done = already + report.processed - report.failed
                    job.failed = report.failed
                session.commit()
                if progress is not None:
                    progress(report)
        except BaseException:
            session.rollback()  # never half a save
            drafts.close()  # the engine logs and caches what it was sent meanwhile
            with contextlib.suppress(SQLAlchemyError):
                session.commit()
            raise
    return report


def plan_document(
    session: Session,
    slug: str,
    lang: str,
    *,
    engine: str | None = None,
    config: Config | None = None,
    only_empty: bool = False,
    engine_url: str | None = None,
) -> DraftPlan:
    """What :func:`draft_document` would send now (masked texts per request); sends nothing."""
    config = config_of(session, config)
    name = engine or machinery.default_engine(config)
    doc = document_by_slug(session, slug)
    enabled_language(session, lang)
    segments = candidates(session, doc, lang, name, only_empty=only_empty)
    items = [machinery.Item(s.key, s.source) for s in segments]
    with _engine(
        session, name, lang, config=config, url=engine_url, settings=None, log=None
    ) as machine:
        plan = machine.plan(items, machinery.source_language(config), lang)
        return DraftPlan(name, machine.host, len(segments), plan)


def protected_terms(session: Session, lang: str) -> list[str]:
    """Do-not-send glossary terms for ``lang``: masked before any text leaves."""
    return glossary.do_not_send_terms(session, lang)


def config_of(session: Session, config: Config | None) -> Config:
    if config is not None:
        return config
    found = session.info.get(CONFIG_KEY)
    return found if isinstance(found, Config) else Config.from_env()


def document_by_slug(session: Session, slug: str) -> Document:
    doc = session.scalar(select(Document).where(Document.slug == slug))
    if doc is None:
        raise NotFoundError(f"no document {slug!r}; ingest it first (translate-app ingest PATH)")
    return doc


def _replaceable(tr: Translation | None, *, only_empty: bool) -> bool:
    """Whether a machine may write over ``tr``: empty, or (unless only_empty) a machine draft."""
    if tr is None or tr.state == State.EMPTY:
        return True
    return not only_empty and tr.state == State.DRAFT and tr.origin.startswith(MACHINE_ORIGINS)


def candidates(
    session: Session, doc: Document, lang: str, engine: str, *, only_empty: bool
) -> list[Segment]:
    """Live segments that need a draft from ``engine``, in document order."""
    own = "tm:" if engine == "memory" else f"mt:{engine}"
    rows = session.execute(
        select(Segment, Translation)
        .outerjoin(
            Translation,
            and_(Translation.segment_id == Segment.id, Translation.language_code == lang),
        )
        .where(Segment.document_id == doc.id, Segment.obsolete.is_(False))
        .order_by(Segment.position)
    )
    return [
        seg
        for seg, tr in rows
        if _replaceable(tr, only_empty=only_empty) and not (tr and tr.origin.startswith(own))
    ]


def _engine(
    session: Session,
    name: str,
    lang: str,
    *,
    config: Config,
    url: str | None,
    settings: machinery.EngineSettings | None,
    log: StoreLog | None,
) -> machinery.Engine:
    cls = machinery.engine_class(name)
    settings = settings or machinery.EngineSettings.from_config(config, name, url=url)
    if cls.local:
        return machinery.create(name, settings, session=session)
    terms = protected_terms(session, lang)
    return cls(settings, cache=StoreCache(session), log=log, terms=terms)


def _apply(
    session: Session,
    draft: machinery.Draft,
    segment: Segment,
    *,
    lang: str,
    user: User | None,
    report: DraftReport,
) -> None:
    """Save one draft (or count why not); never saves a failure."""
    report.cached += draft.cached
    if not draft.ok or draft.text is None:
        if isinstance(draft.error, NoMatchError):
            report.no_match += 1
            return
        error = draft.error or machinery.MachineTranslationError("no text", engine=report.engine)
        report.failures.append((draft.key, str(error)))
        if error.fatal and not report.stopped:
            report.stopped = str(error)
        return
    tr = workflow.get_translation(session, segment, lang)
    if not _replaceable(tr, only_empty=False):
        report.skipped += 1  # a person wrote it during the run
        return
    if tr.text == draft.text and tr.state == State.DRAFT:
        report.unchanged += 1
        return
    try:
        workflow.save(
            session, segment, lang, draft.text, user=user, base_version=tr.version,
            state=State.DRAFT, origin=draft.origin, action="draft",
        )  # fmt: skip
    except ConflictError:
        session.rollback()  # only this save: everything before it is committed
        report.skipped += 1
        return
    except CharacterError as exc:  # refused before anything was written: the engine's fault
        report.failures.append((draft.key, f"{report.engine}: {exc}"))
        return
    report.drafted += 1
