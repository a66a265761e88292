"""Machine drafting of a document (DESIGN §5): ``runs`` sends the segments that need
a draft to an engine and saves the answers as drafts through the workflow;
``jobs`` runs drafting in the background on Huey for the web UI and
``translate-app worker``."""

from __future__ import annotations

from translate_app.drafting.jobs import (
    JOB_OPTIONS,
    JobStatus,
    enqueue,
    job_status,
    queue,
    recover_jobs,
    run_job,
    start_job,
)
from translate_app.drafting.runs import (
    MACHINE_ORIGINS,
    DraftPlan,
    DraftReport,
    draft_document,
    plan_document,
    protected_terms,
)

__all__ = [
    "JOB_OPTIONS",
    "MACHINE_ORIGINS",
    "DraftPlan",
    "DraftReport",
    "JobStatus",
    "draft_document",
    "enqueue",
    "job_status",
    "plan_document",
    "protected_terms",
    "queue",
    "recover_jobs",
    "run_job",
    "start_job",
]
