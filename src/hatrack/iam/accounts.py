"""Accounts and their root credentials: one server hosts many accounts, as AWS does."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.access_keys import (
    TEMPORARY_KEY_ACCOUNT_NUMBERS,
    new_access_key_id,
    new_secret_access_key,
    seal_secret,
)
from hatrack.credentials.keyring import Keyring
from hatrack.errors import EntityAlreadyExists, LimitExceeded
from hatrack.model import AccessKey, Account
from hatrack.store.access_keys import insert_access_key
from hatrack.store.accounts import count_accounts, get_account, insert_account
from hatrack.types import account_id as checked_account_id


@dataclass(frozen=True, slots=True)
class RootCredentials:
    """The secret is here once, at creation; it is stored only sealed."""

    account_id: str
    access_key_id: str
    secret_access_key: str


def random_account_id() -> str:
    # 12 digits, not starting with 0 so that tools that treat it as a number keep all of it.
    return str(secrets.randbelow(9 * 10**11) + 10**11)


def create_account(
    conn: Connection, keyring: Keyring, *, now: datetime, account_id: str | None = None
) -> RootCredentials:
    chosen = checked_account_id(account_id) if account_id else random_account_id()
    if get_account(conn, chosen) is not None:
        raise EntityAlreadyExists(f"Account {chosen} already exists.")
    if count_accounts(conn) >= TEMPORARY_KEY_ACCOUNT_NUMBERS:
        # Temporary key ids name their account by a 16-bit account number (sts.credentials).
        # guess: no AWS wording (AWS has no such quota)
        raise LimitExceeded(f"Cannot exceed quota for AccountsPerServer: {TEMPORARY_KEY_ACCOUNT_NUMBERS}")
    insert_account(conn, Account(account_id=chosen, created_at=now))
    return create_root_access_key(conn, keyring, account_id=chosen, now=now)


def create_root_access_key(
    conn: Connection, keyring: Keyring, *, account_id: str, now: datetime
) -> RootCredentials:
    key_id = new_access_key_id("AKIA")
    secret = new_secret_access_key()
    insert_access_key(
        conn,
        AccessKey(
            access_key_id=key_id,
            account_id=account_id,
            user_name=None,
            user_id=account_id,
            status="Active",
            created_at=now,
            sealed_secret=seal_secret(keyring, key_id, secret),
        ),
    )
    return RootCredentials(account_id, key_id, secret)
