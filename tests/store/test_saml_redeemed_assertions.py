"""The redeemed SAML assertion ids (replay protection), on both databases: an assertion is taken once
until it expires, an expired id is swept and may be taken again, and ids are per issuer and account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hatrack.model import Account
from hatrack.store.accounts import insert_account
from hatrack.store.db import Database
from hatrack.store.saml import redeem_assertion

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
ACCOUNT, OTHER = "111111111111", "222222222222"


def test_an_assertion_is_redeemed_once_until_it_expires(database_url: str) -> None:
    database = Database(database_url)
    database.migrate()
    expires = NOW + timedelta(minutes=10)
    with database.begin() as conn:
        insert_account(conn, Account(account_id=ACCOUNT, created_at=NOW))
        insert_account(conn, Account(account_id=OTHER, created_at=NOW))
    with database.begin() as conn:
        assert redeem_assertion(conn, ACCOUNT, "https://idp", "_a1", expires_at=expires, now=NOW)
    with database.begin() as conn:
        assert not redeem_assertion(conn, ACCOUNT, "https://idp", "_a1", expires_at=expires, now=NOW)
        assert redeem_assertion(conn, ACCOUNT, "https://other-idp", "_a1", expires_at=expires, now=NOW)
        assert redeem_assertion(conn, OTHER, "https://idp", "_a1", expires_at=expires, now=NOW)
    later = expires + timedelta(seconds=1)
    with database.begin() as conn:  # swept once expired: the assertion itself is refused as expired
        assert redeem_assertion(
            conn, ACCOUNT, "https://idp", "_a1", expires_at=later + timedelta(minutes=5), now=later
        )
    database.dispose()
