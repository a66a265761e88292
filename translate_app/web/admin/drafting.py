"""Machine drafting from the UI: start a job for a language, watch its progress bar (htmx
polls ``job_status``), and see every request that sent text out of the building."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from translate_app import drafting, machinery
from translate_app.errors import NotFoundError, PermissionDeniedError
from translate_app.store.models import Document, DraftJob, OutboundRequest, Role, User
from translate_app.web.accounts import person
from translate_app.web.admin.blueprint import bp
from translate_app.web.database import db, web_state
from translate_app.web.error_pages import is_htmx
from translate_app.web.queues import languages_of
from translate_app.workflow.policy import REVIEWING_ROLES, require

SHOWN = 50
"""Jobs and outbound requests listed."""


def _drafter() -> User:
    """Editors and admins only (their languages are checked per job)."""
    user = person()
    if not user.active or user.role not in REVIEWING_ROLES:
        raise PermissionDeniedError(f"{user.name} is a {user.role}: only editors and admins "
                                    "may start machine drafting")  # fmt: skip
    return user


@bp.get("/drafting")
def drafting_page() -> ResponseReturnValue:
    user = _drafter()
    session = db()
    codes = languages_of(session, user)
    jobs = list(session.scalars(
        select(DraftJob).where(DraftJob.language_code.in_(codes))
        .order_by(DraftJob.id.desc()).limit(SHOWN)
    ))  # fmt: skip
    statuses = [drafting.job_status(session, job.id) for job in jobs]
    return render_template(
        "admin/drafting.html", languages=codes, jobs=statuses,
        documents=list(session.scalars(select(Document).order_by(Document.slug))),
        engines=machinery.names(), default_engine=machinery.default_engine(web_state().config),
        requests=_outbound(codes, None), is_admin=user.role == Role.ADMIN,
    )  # fmt: skip


@bp.post("/drafting")
def start() -> ResponseReturnValue:
    user = _drafter()
    session = db()
    lang = request.form.get("lang", "")
    require(session, user, lang, review=True, doing="start machine drafting")
    options: dict[str, object] = {"only_empty": request.form.get("only_empty") == "1"}
    url = request.form.get("engine_url", "").strip()
    if url:
        if user.role != Role.ADMIN:
            raise PermissionDeniedError("only admins may point an engine at another address")
        options["engine_url"] = url
    job = drafting.start_job(session, request.form.get("document", ""), lang,
                             request.form.get("engine") or None, options, user)  # fmt: skip
    return redirect(url_for("admin.job", job_id=job.id), 303)


def _job(job_id: int) -> drafting.JobStatus:
    user = _drafter()
    found = db().get(DraftJob, job_id)
    if found is None:
        raise NotFoundError(f"no drafting job {job_id}")
    require(db(), user, found.language_code, review=True, doing="follow machine drafting")
    return drafting.job_status(db(), job_id)


@bp.get("/drafting/jobs/<int:job_id>")
def job(job_id: int) -> ResponseReturnValue:
    status = _job(job_id)
    return render_template("admin/job.html", job=status, requests=_outbound([status.lang], job_id))


@bp.get("/drafting/jobs/<int:job_id>/progress")
def progress(job_id: int) -> ResponseReturnValue:
    """The progress bar alone: htmx swaps it in every second until the job has ended."""
    status = _job(job_id)
    if not is_htmx():
        return redirect(url_for("admin.job", job_id=job_id))
    return render_template("admin/_progress.html", job=status)


def _outbound(codes: list[str], job_id: int | None) -> list[OutboundRequest]:
    query = select(OutboundRequest).where(OutboundRequest.language_code.in_(codes))
    if job_id is not None:
        query = query.where(OutboundRequest.job_id == job_id)
    return list(db().scalars(query.order_by(OutboundRequest.id.desc()).limit(SHOWN)))
