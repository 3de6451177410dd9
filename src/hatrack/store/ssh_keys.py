"""SSH public keys of IAM users (Upload/Get/List/Update/DeleteSSHPublicKey), keyed by the user's id.

The key is kept in OpenSSH form (``ssh-rsa AAAA…``, no comment) with its MD5 fingerprint.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.model.identities import SshKeyRow
from hatrack.store.identity_tables import as_utc
from hatrack.store.schema import UtcDateTime, metadata

ssh_public_keys = sa.Table(
    "ssh_public_keys",
    metadata,
    sa.Column("key_id", sa.String(32), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("user_id", sa.String(32), nullable=False, index=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("uploaded_at", UtcDateTime, nullable=False),
)


def _row(row: RowMapping) -> SshKeyRow:
    return SshKeyRow(
        key_id=row["key_id"],
        account_id=row["account_id"],
        user_id=row["user_id"],
        body=row["body"],
        fingerprint=row["fingerprint"],
        status=row["status"],
        uploaded_at=as_utc(row["uploaded_at"]),
    )


def insert_key(conn: Connection, key: SshKeyRow) -> None:
    conn.execute(
        ssh_public_keys.insert().values(
            key_id=key.key_id,
            account_id=key.account_id,
            user_id=key.user_id,
            body=key.body,
            fingerprint=key.fingerprint,
            status=key.status,
            uploaded_at=key.uploaded_at,
        )
    )


def keys_of_user(conn: Connection, account_id: str, user_id: str) -> list[SshKeyRow]:
    table = ssh_public_keys
    rows = conn.execute(
        table.select()
        .where(table.c.account_id == account_id, table.c.user_id == user_id)
        .order_by(table.c.key_id)
    ).mappings()
    return [_row(row) for row in rows]


def set_status(conn: Connection, key_id: str, status: str) -> None:
    conn.execute(ssh_public_keys.update().where(ssh_public_keys.c.key_id == key_id).values(status=status))


def delete_key(conn: Connection, key_id: str) -> None:
    conn.execute(ssh_public_keys.delete().where(ssh_public_keys.c.key_id == key_id))
