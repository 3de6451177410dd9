"""Account numbers (what temporary key ids carry instead of the account id) never change: a new
account always takes the next number, even when its creator's clock lags or stands still."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hatrack.credentials.keyring import Keyring
from hatrack.errors import LimitExceeded
from hatrack.iam.accounts import create_account
from hatrack.model import Account
from hatrack.store import schema
from hatrack.store.accounts import account_at, account_number, insert_account, list_accounts
from hatrack.store.db import Database
from hatrack.sts.credentials import ACCOUNT_NUMBERS, new_temporary_key_id
from hatrack.sts.directory import account_of_access_key, temporary_keys_for
from tests.sts.test_temporary_key_ids import legacy_key_id

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)


def test_a_new_account_takes_the_next_number_whatever_its_clock_says(database_url: str) -> None:
    database = Database(database_url)
    database.migrate()
    # Ids in descending order and the clock standing still or going back: neither may reorder.
    ids = ["900000000000", "800000000000", "700000000000", "600000000000"]
    times = [NOW, NOW, NOW - timedelta(hours=1), NOW - timedelta(days=1)]
    numbers: dict[str, int | None] = {}
    for account_id, created_at in zip(ids, times, strict=True):
        with database.begin() as conn:
            insert_account(conn, Account(account_id=account_id, created_at=created_at))
        with database.read() as conn:
            numbers = {known: account_number(conn, known) for known in ids}
    with database.read() as conn:
        assert [account.account_id for account in list_accounts(conn)] == ids
        assert [account_at(conn, number) for number in range(5)] == [*ids, None]
        assert account_at(conn, -1) is None
        assert account_number(conn, "123456789012") is None
    database.dispose()
    assert numbers == {account_id: number for number, account_id in enumerate(ids)}


def test_get_access_key_info_reads_new_and_legacy_temporary_key_ids(database_url: str) -> None:
    database = Database(database_url)
    database.migrate()
    keyring = Keyring.generate()
    with database.begin() as conn:
        first = create_account(conn, keyring, now=NOW).account_id
        second = create_account(conn, keyring, now=NOW).account_id
    with database.read() as conn:
        for account_id in (first, second):
            key_id = temporary_keys_for(conn, account_id).access_key_id
            assert account_of_access_key(conn, key_id) == account_id
            assert account_of_access_key(conn, legacy_key_id(account_id)) == account_id
        assert account_of_access_key(conn, new_temporary_key_id(2)) is None  # no third account
        assert account_of_access_key(conn, legacy_key_id("123456789012")) is None  # no such account
        assert account_of_access_key(conn, "ASIA7777777777777777") is None
        assert account_of_access_key(conn, "ASIA-not-base32-id!") is None
    database.dispose()


def test_a_server_holds_at_most_as_many_accounts_as_key_ids_can_number(tmp_path: Path) -> None:
    database = Database(f"sqlite+pysqlite:///{tmp_path / 'hatrack.db'}")
    database.migrate()
    with database.begin() as conn:
        conn.execute(
            schema.accounts.insert(),
            [
                {"account_id": f"{10**11 + index}", "created_at": NOW + timedelta(microseconds=index)}
                for index in range(ACCOUNT_NUMBERS)
            ],
        )
    with database.begin() as conn, pytest.raises(LimitExceeded, match="65536"):
        create_account(conn, Keyring.generate(), now=NOW + timedelta(days=1))
    with database.read() as conn:
        last = f"{10**11 + ACCOUNT_NUMBERS - 1}"
        assert account_number(conn, last) == ACCOUNT_NUMBERS - 1
        assert account_of_access_key(conn, temporary_keys_for(conn, last).access_key_id) == last
    database.dispose()
