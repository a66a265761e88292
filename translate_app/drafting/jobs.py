"""Background drafting jobs on Huey: a SQLite queue in the instance folder by default,
Redis when ``REDIS_URL`` is set; ``translate-app worker`` consumes it.  The web
UI calls :func:`start_job` and :func:`job_status`; a job runs
:func:`~translate_app.drafting.runs.draft_document`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from translate_app import machinery
from translate_app.config import Config
from translate_app.drafting.runs import candidates, config_of, document_by_slug, draft_document
from translate_app.errors import NotFoundError, TranslateAppError
from translate_app.store.models import Document, DraftJob, User
from translate_app.store.models import utcnow as now
from translate_app.workflow.policy import enabled_language, require

if TYPE_CHECKING:
    from huey import Huey

JOB_OPTIONS = frozenset({"engine_url", "only_empty"})
"""Options a job accepts."""


@dataclass(frozen=True)
class JobStatus:
    """Where a drafting job stands (for the web UI and the API)."""

    id: int
    slug: str
    lang: str
    engine: str
    status: str
    """``queued``, ``running``, ``done`` or ``failed``."""
    total: int
    done: int
    failed: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str

    @property
    def percent(self) -> float:
        return 100.0 * (self.done + self.failed) / self.total if self.total else 100.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the rate so far (``None`` before the first segment or when over)."""
        left = self.total - self.done - self.failed
        if self.status != "running" or self.started_at is None or left <= 0:
            return None
        finished = self.done + self.failed
        elapsed = (now() - self.started_at).total_seconds()
        return elapsed / finished * left if finished else None

    def as_dict(self) -> dict[str, Any]:
        stamps = ("created_at", "started_at", "finished_at")
        found: dict[str, Any] = {k: v for k, v in vars(self).items() if k not in stamps}
        found.update(
            {k: v.isoformat() if v else None for k, v in vars(self).items() if k in stamps}
        )
        found.update(percent=round(self.percent, 1), eta_seconds=self.eta_seconds)
        return found


def start_job(  # noqa: PLR0917 -- the web UI's contract: (session, slug, lang, engine, options, user)
    session: Session,
    slug: str,
    lang: str,
    engine: str | None,
    options: dict[str, Any] | None,
    user: User | None,
) -> DraftJob:
    """Queue a drafting job (committed, then sent to the worker's queue).

    ``options``: ``only_empty`` (bool), ``engine_url`` (str; let only admins set it).
    """
    config = config_of(session, None)
    name = engine or machinery.default_engine(config)
    options = dict(options or {})
    unknown = sorted(set(options) - JOB_OPTIONS)
    if unknown:
        raise TranslateAppError(f"unknown drafting options: {', '.join(unknown)}")
    machinery.engine_class(name)
    doc = document_by_slug(session, slug)
    enabled_language(session, lang)
    if user is not None:
        require(session, user, lang, review=False, doing="draft translations")
    total = len(candidates(session, doc, lang, name, only_empty=bool(options.get("only_empty"))))
    job = DraftJob(
        document_id=doc.id, language_code=lang, engine=name, options=options, total=total,
        status="queued", created_by_id=user.id if user else None,
    )  # fmt: skip
    session.add(job)
    session.commit()
    enqueue(config, job.id)
    return job


def job_status(session: Session, job_id: int) -> JobStatus:
    """The status of job ``job_id`` (read fresh from the database)."""
    row = session.execute(
        select(DraftJob, Document.slug)
        .join(Document, Document.id == DraftJob.document_id)
        .where(DraftJob.id == job_id)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no drafting job {job_id}")
    job, slug = row
    return JobStatus(
        job.id, slug, job.language_code, job.engine, job.status, job.total, job.done,
        job.failed, job.created_at, job.started_at, job.finished_at, job.error,
    )  # fmt: skip


def run_job(session: Session, job_id: int, *, config: Config | None = None) -> JobStatus:
    """Run a queued job to its end (what the worker does); a job already taken is left alone."""
    claimed = session.execute(
        update(DraftJob)
        .where(DraftJob.id == job_id, DraftJob.status == "queued")
        .values(status="running", started_at=now(), finished_at=None, error="")
    )
    session.commit()
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
        return job_status(session, job_id)
    job = session.get(DraftJob, job_id, populate_existing=True)
    assert job is not None  # just claimed
    try:
        report = draft_document(
            session, job.document.slug, job.language_code, engine=job.engine,
            config=config, user=job.created_by, only_empty=bool(job.options.get("only_empty")),
            engine_url=job.options.get("engine_url"), job=job,
        )  # fmt: skip
    except TranslateAppError as exc:
        session.rollback()
        job.status, job.error = "failed", str(exc)
    else:
        job.status = "failed" if report.stopped else "done"
        job.error = report.stopped or "; ".join(f"{k}: {m}" for k, m in report.failures[:20])
    job.finished_at = now()
    session.commit()
    return job_status(session, job_id)


def recover_jobs(session: Session) -> list[int]:
    """Jobs a crashed worker left running go back to the queue; the ids of all queued jobs.

    Call it when the (single) worker starts: a resumed job sends nothing twice,
    since finished segments are saved and answers paid for are in the cache.
    """
    session.execute(update(DraftJob).where(DraftJob.status == "running").values(status="queued"))
    session.commit()
    return list(session.scalars(select(DraftJob.id).where(DraftJob.status == "queued")))


_queues: dict[str, tuple[Huey, Any]] = {}
_queues_lock = threading.Lock()


def queue(config: Config) -> Huey:
    """The job queue: RedisHuey when ``REDIS_URL`` is set, else SqliteHuey in ``instance/``."""
    return _queue(config)[0]


def enqueue(config: Config, job_id: int) -> None:
    """Send job ``job_id`` to the worker's queue."""
    _queue(config)[1](job_id)


def _queue(config: Config) -> tuple[Huey, Any]:
    from huey import RedisHuey, SqliteHuey  # noqa: PLC0415 -- only jobs pay for Huey

    redis_url = os.environ.get("REDIS_URL", "")
    path = config.instance_path / "queue.db"
    key = f"{redis_url or path}|{config.database_url}"
    with _queues_lock:
        if key not in _queues:
            if redis_url:
                huey: Huey = RedisHuey("translate_app", url=redis_url, results=False)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                huey = SqliteHuey("translate_app", filename=str(path), results=False)

            def draft_job(job_id: int) -> None:
                _run_in_worker(config, job_id)

            _queues[key] = (huey, huey.task(name="draft_job")(draft_job))
        return _queues[key]


def _run_in_worker(config: Config, job_id: int) -> None:
    from translate_app.store import db  # noqa: PLC0415 -- the worker's own engine and sessions

    engine = db.make_engine(config.database_url)
    try:
        with db.make_session_factory(engine, config)() as session:
            run_job(session, job_id, config=config)
    finally:
        engine.dispose()
