"""SAML 2.0 identity providers, the assertion ids STS has redeemed, and the deletion tasks of
service-linked roles, SSH public keys and signing certificates (issue 15)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = sa.DateTime(timezone=True)


def _account_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["account_id"], ["accounts.account_id"], name=op.f(f"fk_{table}_account_id_accounts")
    )


def upgrade() -> None:
    op.create_table(
        "saml_providers",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("provider_uuid", sa.String(length=36), nullable=False),
        sa.Column("metadata_document", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.String(length=1024), nullable=False),
        sa.Column("certificates", sa.Text(), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("valid_until", _UTC, nullable=False),
        _account_fk("saml_providers"),
        sa.PrimaryKeyConstraint("account_id", "name", name=op.f("pk_saml_providers")),
    )
    op.create_table(
        "saml_redeemed_assertions",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("issuer", sa.String(length=1024), nullable=False),
        sa.Column("assertion_id", sa.String(length=256), nullable=False),
        sa.Column("expires_at", _UTC, nullable=False),
        _account_fk("saml_redeemed_assertions"),
        sa.PrimaryKeyConstraint(
            "account_id", "issuer", "assertion_id", name=op.f("pk_saml_redeemed_assertions")
        ),
    )
    op.create_index(
        op.f("ix_saml_redeemed_assertions_expires_at"), "saml_redeemed_assertions", ["expires_at"], unique=False
    )
    op.create_table(
        "service_linked_role_deletions",
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("task_id", sa.String(length=512), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        _account_fk("service_linked_role_deletions"),
        sa.PrimaryKeyConstraint("account_id", "task_id", name=op.f("pk_service_linked_role_deletions")),
    )
    op.create_table(
        "ssh_public_keys",
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("uploaded_at", _UTC, nullable=False),
        _account_fk("ssh_public_keys"),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_ssh_public_keys")),
    )
    op.create_index(op.f("ix_ssh_public_keys_user_id"), "ssh_public_keys", ["user_id"], unique=False)
    op.create_table(
        "signing_certificates",
        sa.Column("certificate_id", sa.String(length=128), nullable=False),
        sa.Column("account_id", sa.String(length=12), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("uploaded_at", _UTC, nullable=False),
        _account_fk("signing_certificates"),
        sa.PrimaryKeyConstraint("certificate_id", name=op.f("pk_signing_certificates")),
        sa.UniqueConstraint(
            "account_id", "fingerprint", name=op.f("uq_signing_certificates_account_id_fingerprint")
        ),
    )
    op.create_index(
        op.f("ix_signing_certificates_owner_id"), "signing_certificates", ["owner_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_signing_certificates_owner_id"), table_name="signing_certificates")
    op.drop_table("signing_certificates")
    op.drop_index(op.f("ix_ssh_public_keys_user_id"), table_name="ssh_public_keys")
    op.drop_table("ssh_public_keys")
    op.drop_table("service_linked_role_deletions")
    op.drop_index(op.f("ix_saml_redeemed_assertions_expires_at"), table_name="saml_redeemed_assertions")
    op.drop_table("saml_redeemed_assertions")
    op.drop_table("saml_providers")
