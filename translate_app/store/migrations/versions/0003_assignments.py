"""Assignments: who is to translate a segment into a language.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 00:00:00

Written to match ``translate_app.store.models`` (a test compares the two); types are
the plain SQLAlchemy ones so that this file never depends on the models.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.partition(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{referred}"))


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("language_code", sa.String(length=35), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("assignments", "assigned_by_id", "users.id"),
        _fk("assignments", "language_code", "languages.code"),
        _fk("assignments", "segment_id", "segments.id"),
        _fk("assignments", "user_id", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint(
            "segment_id", "language_code", name=op.f("uq_assignments_segment_id_language_code")
        ),
    )
    op.create_index(
        op.f("ix_assignments_user_id_language_code"), "assignments", ["user_id", "language_code"]
    )


def downgrade() -> None:
    op.drop_table("assignments")
