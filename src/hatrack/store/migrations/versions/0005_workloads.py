"""Workload credentials: workloads, join-token hashes, issued certificates, the workload CA, and
IAM Roles Anywhere's trust anchors and profiles (issue 13)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = sa.DateTime(timezone=True)


def _account_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["account_id"], ["accounts.account_id"], name=op.f(f"fk_{table}_account_id_accounts")
    )


def upgrade() -> None:
    op.create_table(
        "workloads",
        sa.Column("workload_id", sa.String(length=19), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("name_lower", sa.String(length=128), nullable=False),
        sa.Column("instance_profile_name", sa.String(length=128), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        _account_fk("workloads"),
        sa.PrimaryKeyConstraint("workload_id", name=op.f("pk_workloads")),
        sa.UniqueConstraint("account_id", "name_lower", name=op.f("uq_workloads_account_id_name_lower")),
    )
    op.create_table(
        "workload_join_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("workload_id", sa.String(length=19), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("expires_at", _UTC, nullable=False),
        sa.Column("used_at", _UTC, nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_workload_join_tokens")),
    )
    op.create_index(
        op.f("ix_workload_join_tokens_workload_id"), "workload_join_tokens", ["workload_id"], unique=False
    )
    op.create_table(
        "workload_certificates",
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("workload_id", sa.String(length=19), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("not_after", _UTC, nullable=False),
        sa.Column("issued_at", _UTC, nullable=False),
        sa.Column("revoked_at", _UTC, nullable=True),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_workload_certificates")),
    )
    op.create_index(
        op.f("ix_workload_certificates_workload_id"), "workload_certificates", ["workload_id"], unique=False
    )
    op.create_table(
        "workload_cas",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("certificate_pem", sa.Text(), nullable=False),
        sa.Column("sealed_private_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        _account_fk("workload_cas"),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_workload_cas")),
    )
    op.create_table(
        "rolesanywhere_trust_anchors",
        sa.Column("trust_anchor_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("source_type", sa.String(length=32), nullable=False),
        sa.Column("bundle_pem", sa.Text(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        _account_fk("rolesanywhere_trust_anchors"),
        sa.PrimaryKeyConstraint("trust_anchor_id", name=op.f("pk_rolesanywhere_trust_anchors")),
        sa.UniqueConstraint("account_id", "name", name=op.f("uq_rolesanywhere_trust_anchors_account_id_name")),
    )
    op.create_table(
        "rolesanywhere_profiles",
        sa.Column("profile_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("role_arns", sa.Text(), nullable=False),
        sa.Column("session_policy", sa.Text(), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        _account_fk("rolesanywhere_profiles"),
        sa.PrimaryKeyConstraint("profile_id", name=op.f("pk_rolesanywhere_profiles")),
        sa.UniqueConstraint("account_id", "name", name=op.f("uq_rolesanywhere_profiles_account_id_name")),
    )


def downgrade() -> None:
    op.drop_table("rolesanywhere_profiles")
    op.drop_table("rolesanywhere_trust_anchors")
    op.drop_table("workload_cas")
    op.drop_index(op.f("ix_workload_certificates_workload_id"), table_name="workload_certificates")
    op.drop_table("workload_certificates")
    op.drop_index(op.f("ix_workload_join_tokens_workload_id"), table_name="workload_join_tokens")
    op.drop_table("workload_join_tokens")
    op.drop_table("workloads")
