"""Access keys: new key ids and secrets, and secrets sealed at rest under the keyring.

A long-term key id is ``AKIA`` + 16 base32 characters, a temporary one ``ASIA`` + 16 (IAM User Guide,
"IAM identifiers": "Access key IDs beginning with AKIA are long-term access keys ... ASIA are
temporary credentials"). A secret access key is 40 characters of the standard base64 alphabet, as
AWS's are (30 random bytes, 240 bits).

The secret must stay recoverable, because SigV4's first step (``kDate = HMAC("AWS4" + secret, date)``)
needs it. So it is sealed with AES-GCM, never hashed; the associated data binds the access key id,
so a sealed secret copied into another key's row does not open. (Signing key derivation:
https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, step 4.)

Imports nothing of hatrack but ``credentials``.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from typing import Literal

from hatrack.credentials.ids import random_base32
from hatrack.credentials.keyring import Keyring, SealedDataInvalid

AccessKeyKind = Literal["AKIA", "ASIA"]

ACCESS_KEY_ID_LENGTH = 20
# A temporary key id names its account by a 16-bit account number (``sts.credentials``), so a server
# holds at most this many accounts.
TEMPORARY_KEY_ACCOUNT_NUMBERS = 1 << 16
SECRET_ACCESS_KEY_LENGTH = 40

# INVARIANT: never reuse this label for anything else sealed with the keyring (domain separation).
_SECRET_LABEL = b"hatrack access key secret v1\x00"


def new_access_key_id(
    kind: AccessKeyKind, *, token_bytes: Callable[[int], bytes] = secrets.token_bytes
) -> str:
    """``AKIA`` (long-term) or ``ASIA`` (temporary) + 16 base32 characters."""
    if kind not in ("AKIA", "ASIA"):
        raise ValueError(f"an access key id starts with AKIA or ASIA, not {kind!r}")
    return kind + random_base32(ACCESS_KEY_ID_LENGTH - len(kind), token_bytes=token_bytes)


def new_secret_access_key(*, token_bytes: Callable[[int], bytes] = secrets.token_bytes) -> str:
    """40 characters of base64 (A-Z a-z 0-9 + /), like an AWS secret access key."""
    return base64.b64encode(token_bytes(SECRET_ACCESS_KEY_LENGTH * 3 // 4)).decode("ascii")


def seal_secret(keyring: Keyring, access_key_id: str, secret: str) -> bytes:
    """The secret sealed for storage in the row of ``access_key_id``."""
    return keyring.seal(secret.encode("utf-8"), associated_data=_associated_data(access_key_id))


def open_secret(keyring: Keyring, access_key_id: str, sealed: bytes) -> str:
    """The secret of ``access_key_id``; ``SealedDataInvalid`` if ``sealed`` does not open for that key."""
    plaintext = keyring.open(sealed, associated_data=_associated_data(access_key_id))
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError:  # only a holder of the key could seal such bytes
        raise SealedDataInvalid() from None


def _associated_data(access_key_id: str) -> bytes:
    return _SECRET_LABEL + access_key_id.encode("utf-8")


# What a secret of ``access_key_id`` is sealed with, for re-sealing it (``hatrack.rekey``).
secret_associated_data = _associated_data
