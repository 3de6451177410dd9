"""Repository of accounts: one server hosts many, as AWS does."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.model import Account
from hatrack.store.schema import accounts


def insert_account(conn: Connection, account: Account) -> None:
    conn.execute(accounts.insert().values(account_id=account.account_id, created_at=account.created_at))


def get_account(conn: Connection, account_id: str) -> Account | None:
    row = conn.execute(accounts.select().where(accounts.c.account_id == account_id)).mappings().first()
    return Account(account_id=row["account_id"], created_at=row["created_at"]) if row else None


def list_accounts(conn: Connection) -> list[Account]:
    rows = conn.execute(accounts.select().order_by(accounts.c.created_at, accounts.c.account_id)).mappings()
    return [Account(account_id=row["account_id"], created_at=row["created_at"]) for row in rows]


def count_accounts(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(accounts)).scalar_one())
