"""Drafting, memory and web: glossary, translation memory, checks, MT cache and log,
drafting jobs, API tokens, login attempts; users' UI locale and activity mark.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 00:00:00

Written to match ``translate_app.store.models`` (a test compares the two); types are
the plain SQLAlchemy ones so that this file never depends on the models.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.partition(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{referred}"))


def upgrade() -> None:
    op.add_column("users", sa.Column("ui_locale", sa.String(length=35), nullable=True))
    op.add_column("users", _when("activity_seen_at", nullable=True))

    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language_code", sa.String(length=35), nullable=True),
        sa.Column("source_term", sa.Text(), nullable=False),
        sa.Column("target_term", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("forbidden", sa.JSON(), nullable=False),
        sa.Column("do_not_translate", sa.Boolean(), nullable=False),
        sa.Column("do_not_send", sa.Boolean(), nullable=False),
        sa.Column("case_sensitive", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _fk("glossary_terms", "created_by_id", "users.id"),
        _fk("glossary_terms", "language_code", "languages.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_terms")),
    )
    op.create_index(op.f("ix_glossary_terms_language_code"), "glossary_terms", ["language_code"])

    op.create_table(
        "tm_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_lang", sa.String(length=35), nullable=False),
        sa.Column("target_lang", sa.String(length=35), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.String(length=40), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=255), nullable=False),
        sa.Column("document_slug", sa.String(length=200), nullable=False),
        sa.Column("segment_key", sa.String(length=128), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tm_units")),
        sa.UniqueConstraint(
            "source_lang",
            "target_lang",
            "source_hash",
            "target",
            name=op.f("uq_tm_units_source_lang_target_lang_source_hash_target"),
        ),
    )

    op.create_table(
        "check_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        _when("acknowledged_at", nullable=True),
        sa.CheckConstraint(
            "severity IN ('error', 'warning')", name=op.f("ck_check_results_severity")
        ),
        _fk("check_results", "acknowledged_by_id", "users.id"),
        _fk("check_results", "translation_id", "translations.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_results")),
    )
    op.create_index(
        op.f("ix_check_results_translation_id_version"),
        "check_results",
        ["translation_id", "version"],
    )

    op.create_table(
        "mt_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=64), nullable=False),
        sa.Column("source_lang", sa.String(length=35), nullable=False),
        sa.Column("target_lang", sa.String(length=35), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("target_text", sa.Text(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mt_cache")),
        sa.UniqueConstraint(
            "engine",
            "source_lang",
            "target_lang",
            "source_hash",
            name=op.f("uq_mt_cache_engine_source_lang_target_lang_source_hash"),
        ),
    )

    op.create_table(
        "draft_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("language_code", sa.String(length=35), nullable=False),
        sa.Column("engine", sa.String(length=64), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        _when("created_at"),
        _when("started_at", nullable=True),
        _when("finished_at", nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')",
            name=op.f("ck_draft_jobs_status"),
        ),
        _fk("draft_jobs", "created_by_id", "users.id"),
        _fk("draft_jobs", "document_id", "documents.id"),
        _fk("draft_jobs", "language_code", "languages.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_jobs")),
    )
    op.create_index(
        op.f("ix_draft_jobs_document_id_language_code"),
        "draft_jobs",
        ["document_id", "language_code"],
    )
    op.create_index(op.f("ix_draft_jobs_status"), "draft_jobs", ["status"])

    op.create_table(
        "outbound_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        _when("started_at"),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("segment_keys", sa.JSON(), nullable=False),
        sa.Column("characters", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("language_code", sa.String(length=35), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        _fk("outbound_requests", "document_id", "documents.id"),
        _fk("outbound_requests", "job_id", "draft_jobs.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_requests")),
    )
    op.create_index(op.f("ix_outbound_requests_job_id"), "outbound_requests", ["job_id"])
    op.create_index(op.f("ix_outbound_requests_started_at"), "outbound_requests", ["started_at"])

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=8), nullable=False),
        _when("created_at"),
        _when("last_used_at", nullable=True),
        _when("revoked_at", nullable=True),
        _fk("api_tokens", "user_id", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])

    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        _when("at"),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(op.f("ix_login_attempts_ip_at"), "login_attempts", ["ip", "at"])
    op.create_index(op.f("ix_login_attempts_name_at"), "login_attempts", ["name", "at"])


def downgrade() -> None:
    for table in (
        "login_attempts",
        "api_tokens",
        "outbound_requests",
        "draft_jobs",
        "mt_cache",
        "check_results",
        "tm_units",
        "glossary_terms",
    ):
        op.drop_table(table)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("activity_seen_at")
        batch.drop_column("ui_locale")
