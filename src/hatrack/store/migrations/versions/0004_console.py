"""The web console: browser sessions, root console passwords, recent and favourite roles

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "console_sessions",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("principal_arn", sa.String(length=2048), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sealed_state", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.account_id"], name=op.f("fk_console_sessions_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("session_hash", name=op.f("pk_console_sessions")),
    )
    op.create_index("ix_console_sessions_expires_at", "console_sessions", ["expires_at"])
    op.create_table(
        "console_root_passwords",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("password_hash", sa.String(length=512), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.account_id"],
            name=op.f("fk_console_root_passwords_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_console_root_passwords")),
    )
    op.create_table(
        "console_role_lists",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("principal_arn", sa.String(length=2048), nullable=False),
        sa.Column("recent_roles", sa.Text(), nullable=False),
        sa.Column("favourite_roles", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.account_id"], name=op.f("fk_console_role_lists_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("account_id", "principal_arn", name=op.f("pk_console_role_lists")),
    )


def downgrade() -> None:
    op.drop_table("console_role_lists")
    op.drop_table("console_root_passwords")
    op.drop_index("ix_console_sessions_expires_at", table_name="console_sessions")
    op.drop_table("console_sessions")
