"""Minting temporary credentials: an ``ASIA`` key id that names its account, a secret, a sealed token.

The key id carries its account, as AWS's do, so ``GetAccessKeyInfo`` answers for a temporary key
without any record of it. It keeps AWS's shape, ``ASIA`` + 16 base32 characters (80 bits; SDKs and
secret scanners expect exactly that), laid out as::

    account number (16 bits) | random (64 bits)

The account number is the account's position among the server's accounts in creation order
(``store.accounts.account_number``): accounts are never deleted and a new one always sorts last, so
the number of an account never changes and every node derives the same one from the shared table.
16 bits allow 65,536 accounts per server (``ACCOUNT_NUMBERS``; ``create_account`` refuses more).

Ids issued before this layout (``legacy``) carried the 12-digit account id in their first 40 bits
and only 40 random bits. They decode by falling back to that reading when the first 16 bits name no
account: an old id's first 16 bits are its account id divided by 2**24, at least 5,960 for any
generated account id (12 digits, never a leading 0), so the two readings meet only on servers with more
accounts than that or with hand-picked small account ids. Old sessions live at most 36 hours; the
fallback can go one release later. The new reading always wins, so a new id never decodes wrongly.

The key id is not a secret and is not what protects the session: the sealed token (bound to the key
id) is. It does reveal the account's creation rank on this server to whoever sees it.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from hatrack.credentials.access_keys import (
    ACCESS_KEY_ID_LENGTH,
    TEMPORARY_KEY_ACCOUNT_NUMBERS,
    new_secret_access_key,
)
from hatrack.credentials.keyring import Keyring
from hatrack.credentials.session_token import issue_session_token
from hatrack.model import SessionClaims

TEMPORARY_KEY_PREFIX = "ASIA"
ACCOUNT_NUMBERS = TEMPORARY_KEY_ACCOUNT_NUMBERS
ACCOUNT_NUMBER_BITS = ACCOUNT_NUMBERS.bit_length() - 1  # 16
RANDOM_BITS = 64
_LEGACY_ACCOUNT_BYTES = 5
_MAX_ACCOUNT = 10**12


@dataclass(frozen=True, slots=True)
class TemporaryKeys:
    access_key_id: str
    secret_access_key: str


@dataclass(frozen=True, slots=True)
class TemporaryKeyId:
    """What an ``ASIA`` key id of hatrack can name: the account number of the current layout and,
    for ids issued before it, the account id of the legacy layout (None where that reading is no
    12-digit number). Which one holds is for the caller to decide against the accounts table."""

    account_number: int
    legacy_account_id: str | None


@dataclass(frozen=True, slots=True)
class TemporaryCredentials:
    access_key_id: str
    secret_access_key: str
    session_token: str
    expiration: datetime


def new_temporary_key_id(
    account_number: int, *, token_bytes: Callable[[int], bytes] = secrets.token_bytes
) -> str:
    """``ASIA`` + 16 base32 characters: ``account_number`` in the first 16 bits, 64 random bits after."""
    if not 0 <= account_number < ACCOUNT_NUMBERS:
        raise ValueError(f"an account number is below {ACCOUNT_NUMBERS}, not {account_number}")
    random_part = token_bytes(RANDOM_BITS // 8)
    # INVARIANT: exactly 8 random bytes, or the id would be shorter than AWS's 20 characters.
    if len(random_part) != RANDOM_BITS // 8:
        raise ValueError("the random source returned the wrong number of bytes")
    # 10 bytes: 16 base32 characters, no padding.
    raw = account_number.to_bytes(ACCOUNT_NUMBER_BITS // 8, "big") + random_part
    return TEMPORARY_KEY_PREFIX + base64.b32encode(raw).decode("ascii")


def new_temporary_keys(
    account_number: int, *, token_bytes: Callable[[int], bytes] = secrets.token_bytes
) -> TemporaryKeys:
    """A fresh ``ASIA`` key id (naming the account numbered ``account_number``) and secret access key."""
    return TemporaryKeys(
        access_key_id=new_temporary_key_id(account_number, token_bytes=token_bytes),
        secret_access_key=new_secret_access_key(token_bytes=token_bytes),
    )


def read_temporary_key_id(access_key_id: str) -> TemporaryKeyId | None:
    """Both readings of an ``ASIA`` key id, or None if it is no ``ASIA`` + 16 base32 characters."""
    if len(access_key_id) != ACCESS_KEY_ID_LENGTH or not access_key_id.startswith(TEMPORARY_KEY_PREFIX):
        return None
    try:
        raw = base64.b32decode(access_key_id[len(TEMPORARY_KEY_PREFIX) :], casefold=False)
    except ValueError:
        return None
    legacy = int.from_bytes(raw[:_LEGACY_ACCOUNT_BYTES], "big")
    return TemporaryKeyId(
        account_number=int.from_bytes(raw[: ACCOUNT_NUMBER_BITS // 8], "big"),
        legacy_account_id=f"{legacy:012d}" if legacy < _MAX_ACCOUNT else None,
    )


def session_window(now: datetime, seconds: int) -> tuple[datetime, datetime]:
    """(issued_at, expires_at): the issue time kept to the millisecond (revocation compares it with
    ``aws:TokenIssueTime``), the expiry ``seconds`` later."""
    issued_at = now.replace(microsecond=now.microsecond // 1000 * 1000)
    return issued_at, issued_at + timedelta(seconds=seconds)


def seal_credentials(keyring: Keyring, claims: SessionClaims) -> TemporaryCredentials:
    """The credentials a client receives for ``claims``: one token seal, no database write."""
    return TemporaryCredentials(
        access_key_id=claims.access_key_id,
        secret_access_key=claims.secret_access_key,
        session_token=issue_session_token(keyring, claims),
        expiration=claims.expires_at,
    )
