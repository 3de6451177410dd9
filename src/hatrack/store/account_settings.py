"""Repository of account-wide IAM settings: the account alias (one per account, unique on the server)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.identity_tables import account_aliases


def get_alias(conn: Connection, account_id: str) -> str | None:
    row = conn.execute(
        sa.select(account_aliases.c.alias).where(account_aliases.c.account_id == account_id)
    ).first()
    return None if row is None else str(row.alias)


def account_of_alias(conn: Connection, alias: str) -> str | None:
    row = conn.execute(
        sa.select(account_aliases.c.account_id).where(account_aliases.c.alias == alias)
    ).first()
    return None if row is None else str(row.account_id)


def insert_alias(conn: Connection, account_id: str, alias: str, *, at: datetime) -> None:
    conn.execute(account_aliases.insert().values(alias=alias, account_id=account_id, created_at=at))


def delete_alias(conn: Connection, account_id: str, alias: str) -> bool:
    result = conn.execute(
        account_aliases.delete().where(
            account_aliases.c.account_id == account_id, account_aliases.c.alias == alias
        )
    )
    return bool(result.rowcount)
