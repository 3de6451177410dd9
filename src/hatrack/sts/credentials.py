"""Minting temporary credentials: an ``ASIA`` key id that names its account, a secret, a sealed token.

The key id carries the account as AWS's do, so ``GetAccessKeyInfo`` answers for a temporary key
without any record of it: the 16 characters after ``ASIA`` are the base32 of 10 bytes, the first 5
the account id (a 12-digit number fits in 40 bits), the last 5 random. The key id is not a secret
and is not what protects the session: the sealed token (bound to the key id) is.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from hatrack.credentials.access_keys import new_access_key_id, new_secret_access_key
from hatrack.credentials.keyring import Keyring
from hatrack.credentials.session_token import issue_session_token
from hatrack.model import SessionClaims

_ACCOUNT_BYTES = 5
_KEY_ID_BYTES = 10
_MAX_ACCOUNT = 10**12


@dataclass(frozen=True, slots=True)
class TemporaryKeys:
    access_key_id: str
    secret_access_key: str


@dataclass(frozen=True, slots=True)
class TemporaryCredentials:
    access_key_id: str
    secret_access_key: str
    session_token: str
    expiration: datetime


def new_temporary_keys(
    account_id: str, *, token_bytes: Callable[[int], bytes] = secrets.token_bytes
) -> TemporaryKeys:
    """A fresh ``ASIA`` key id (naming ``account_id``) and secret access key."""
    prefix = int(account_id).to_bytes(_ACCOUNT_BYTES, "big")

    def key_id_bytes(count: int) -> bytes:
        # INVARIANT: new_access_key_id asks for exactly 10 bytes for its 16 base32 characters.
        if count != _KEY_ID_BYTES:
            raise ValueError(f"unexpected key id length request: {count}")
        return prefix + token_bytes(count - _ACCOUNT_BYTES)

    return TemporaryKeys(
        access_key_id=new_access_key_id("ASIA", token_bytes=key_id_bytes),
        secret_access_key=new_secret_access_key(token_bytes=token_bytes),
    )


def account_of_temporary_key(access_key_id: str) -> str | None:
    """The account id an ``ASIA`` key id of hatrack names, or None if it is not one."""
    if len(access_key_id) != 20 or not access_key_id.startswith("ASIA"):
        return None
    try:
        raw = base64.b32decode(access_key_id[4:], casefold=False)
    except ValueError:
        return None
    number = int.from_bytes(raw[:_ACCOUNT_BYTES], "big")
    return f"{number:012d}" if number < _MAX_ACCOUNT else None


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
