"""Every table on one MetaData. Each area keeps its tables in its own module, all on ``metadata``.

The store is multi-account from the first table: every row belongs to an account.
Only ``hatrack.store`` imports SQLAlchemy.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

UtcDateTime = sa.DateTime(timezone=True)

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("account_id", sa.String(12), primary_key=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

access_keys = sa.Table(
    "access_keys",
    metadata,
    sa.Column("access_key_id", sa.String(32), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    # NULL user_name: the account root's key.
    sa.Column("user_name", sa.String(64), nullable=True),
    sa.Column("user_id", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    # The secret, sealed under the keyring (AES-GCM); never stored in the clear.
    sa.Column("sealed_secret", sa.LargeBinary, nullable=False),
    sa.Column("last_used_at", UtcDateTime, nullable=True),
    sa.Column("last_used_service", sa.String(64), nullable=True),
    sa.Column("last_used_region", sa.String(64), nullable=True),
    sa.Index("ix_access_keys_account_user", "account_id", "user_id"),
)
