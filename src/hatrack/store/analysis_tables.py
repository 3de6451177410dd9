"""Tables of least-privilege analysis: service last-accessed jobs, credential reports, and the
account's key-age setting (hatrack's extension: the longest an access key may live or stay idle)."""

from __future__ import annotations

import sqlalchemy as sa

from hatrack.store.schema import UtcDateTime, metadata

last_accessed_jobs = sa.Table(
    "last_accessed_jobs",
    metadata,
    sa.Column("job_id", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("entity_arn", sa.String(2048), nullable=False),
    sa.Column("granularity", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("completed_at", UtcDateTime, nullable=True),
    # The job's answer as JSON (services, actions, entities): computed once, read by the Get calls.
    sa.Column("result_json", sa.Text, nullable=False),
    sa.Index("ix_last_accessed_jobs_account", "account_id"),
)

credential_reports = sa.Table(
    "credential_reports",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("generated_at", UtcDateTime, nullable=False),
    sa.Column("content", sa.Text, nullable=False),  # AWS's CSV
)

key_age_settings = sa.Table(
    "key_age_settings",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("max_key_age_days", sa.Integer, nullable=True),
    sa.Column("max_idle_days", sa.Integer, nullable=True),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)
