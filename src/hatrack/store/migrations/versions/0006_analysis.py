"""Least-privilege analysis: last-accessed jobs, credential reports, key-age settings

Revision ID: 0006
Revises: 0005

Three new tables, nothing else changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "last_accessed_jobs",
        sa.Column("job_id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("entity_arn", sa.String(length=2048), nullable=False),
        sa.Column("granularity", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.account_id"], name=op.f("fk_last_accessed_jobs_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_last_accessed_jobs")),
    )
    op.create_index("ix_last_accessed_jobs_account", "last_accessed_jobs", ["account_id"], unique=False)
    op.create_table(
        "credential_reports",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.account_id"], name=op.f("fk_credential_reports_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_credential_reports")),
    )
    op.create_table(
        "key_age_settings",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("max_key_age_days", sa.Integer(), nullable=True),
        sa.Column("max_idle_days", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.account_id"], name=op.f("fk_key_age_settings_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_key_age_settings")),
    )


def downgrade() -> None:
    op.drop_table("key_age_settings")
    op.drop_table("credential_reports")
    op.drop_index("ix_last_accessed_jobs_account", table_name="last_accessed_jobs")
    op.drop_table("last_accessed_jobs")
