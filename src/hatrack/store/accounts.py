"""Repository of accounts: one server hosts many, as AWS does.

Accounts are never deleted, and each has a fixed **account number**: its position in creation order
(``created_at``, then ``account_id``). Temporary key ids carry that number instead of the 12-digit id
(``sts.credentials``), so it must never change: ``insert_account`` makes every new account sort after
all existing ones, whatever the clock of the node that creates it says.
"""

from __future__ import annotations

import threading
import weakref
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hatrack.model import Account
from hatrack.store.schema import accounts

_CREATION_ORDER = (accounts.c.created_at, accounts.c.account_id)


def insert_account(conn: Connection, account: Account) -> None:
    """Store ``account``; its ``created_at`` is moved just past the newest account's if it is not
    later already (a fixed test clock, a node whose clock lags), so its account number is the next one.
    """
    if conn.dialect.name == "postgresql":
        # Serialize account creations: two concurrent ones must not both read the same newest account
        # (SQLite's write transactions are serial already: BEGIN IMMEDIATE).
        conn.execute(sa.text("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE"))
    newest = conn.execute(sa.select(sa.func.max(accounts.c.created_at))).scalar_one_or_none()
    created_at = account.created_at
    if newest is not None:
        created_at = max(_aware(created_at), _aware(newest) + timedelta(microseconds=1))
    conn.execute(accounts.insert().values(account_id=account.account_id, created_at=created_at))


def get_account(conn: Connection, account_id: str) -> Account | None:
    row = conn.execute(accounts.select().where(accounts.c.account_id == account_id)).mappings().first()
    return Account(account_id=row["account_id"], created_at=row["created_at"]) if row else None


def list_accounts(conn: Connection) -> list[Account]:
    rows = conn.execute(accounts.select().order_by(*_CREATION_ORDER)).mappings()
    return [Account(account_id=row["account_id"], created_at=row["created_at"]) for row in rows]


def count_accounts(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(accounts)).scalar_one())


def _number_query() -> sa.Select[int]:  # one column: the count of earlier accounts
    me = accounts.alias("me")
    earlier = accounts.alias("earlier")
    before = (
        sa.select(sa.func.count())
        .select_from(earlier)
        .where(
            sa.tuple_(earlier.c.created_at, earlier.c.account_id)
            < sa.tuple_(me.c.created_at, me.c.account_id)
        )
        .scalar_subquery()
    )
    return sa.select(before).where(me.c.account_id == sa.bindparam("account_id"))


_NUMBER_QUERY = _number_query()
# An account's number never changes (accounts are never deleted and a new one sorts last), so each
# database's numbers are remembered once read: AssumeRole and every temporary credential need one.
_NUMBERS: weakref.WeakKeyDictionary[Engine, dict[str, int]] = weakref.WeakKeyDictionary()
_NUMBERS_LOCK = threading.Lock()


def account_number(conn: Connection, account_id: str) -> int | None:
    """The position of ``account_id`` in creation order (0 for the first account), or None if there
    is no such account. One query the first time, none after (per database)."""
    known = _NUMBERS.get(conn.engine)
    if known is not None and account_id in known:
        return known[account_id]
    row = conn.execute(_NUMBER_QUERY, {"account_id": account_id}).first()
    if row is None:
        return None
    number = int(row[0])
    with _NUMBERS_LOCK:
        _NUMBERS.setdefault(conn.engine, {})[account_id] = number
    return number


def account_at(conn: Connection, number: int) -> str | None:
    """The id of the account with account number ``number``, or None when there are not that many."""
    if number < 0:
        return None
    query = sa.select(accounts.c.account_id).order_by(*_CREATION_ORDER).offset(number).limit(1)
    found = conn.execute(query).scalar_one_or_none()
    return str(found) if found is not None else None


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time the store keeps is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
