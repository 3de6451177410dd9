"""Retiring a keyring key: re-seal everything sealed under it under the primary, then drop it.

Rotation (``Keyring.rotate``) adds a primary and keeps old keys for opening; a key that leaked stays
useful to whoever holds it until it is *retired*. ``retire_key`` opens every blob sealed under the key
(access-key secrets, virtual MFA seeds, the audit digest-signing key, console sessions:
``store.sealed.SEALED_COLUMNS``),
seals it again under the current primary in one transaction, and only then removes the key from the
key file. What is not stored cannot be re-sealed: session tokens and encoded authorization messages
sealed under the retired key stop opening (their callers get InvalidClientTokenId and must ask again).

Refused: the primary or staged key, a key not in the ring, a ring from ``HATRACK_MASTER_KEY``, and a
key under which some stored blob does not open (it would be lost; nothing is changed then).
Servers load the key file at start: restart every server after ``rotate`` and before ``retire``,
or one still sealing with the old primary writes secrets that open under no remaining key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hatrack.audit.digest import signing_key_associated_data
from hatrack.credentials.access_keys import secret_associated_data
from hatrack.credentials.keyring import Keyring, KeyringError, KeySource, SealedDataInvalid
from hatrack.credentials.workload_ca import ca_key_associated_data
from hatrack.iam.mfa import seed_associated_data
from hatrack.store import sealed as store
from hatrack.store.console import console_state_associated_data
from hatrack.store.db import Database

_ASSOCIATED_DATA: dict[str, Callable[[str], bytes]] = {
    "access_keys": secret_associated_data,
    "iam_virtual_mfa_devices": seed_associated_data,
    "audit_signing_keys": signing_key_associated_data,
    "console_sessions": console_state_associated_data,
    "workload_cas": ca_key_associated_data,
}


@dataclass(frozen=True, slots=True)
class Retirement:
    key_id: str
    resealed: dict[str, int]  # table → rows re-sealed under the primary


def retire_key(database: Database, keyring: Keyring, key_id: str) -> Retirement:
    """Re-seal what ``key_id`` sealed under the primary, then remove ``key_id`` (see the module docstring)."""
    key_id = key_id.strip().lower()
    if keyring.source is KeySource.ENVIRONMENT:
        raise KeyringError("the keyring comes from HATRACK_MASTER_KEY; retire keys there")
    if key_id not in keyring.key_ids:
        raise KeyringError(f"no key '{key_id}' in the keyring")
    if key_id == keyring.primary_key_id:
        raise KeyringError(f"key '{key_id}' is the primary key; rotate before retiring it")
    if key_id == keyring.staged_key_id:
        raise KeyringError(f"key '{key_id}' is the staged next key; it cannot be retired")
    resealed: dict[str, int] = {}
    with database.begin() as conn:
        for column in store.SEALED_COLUMNS:
            associated = _ASSOCIATED_DATA[column.table]
            count = 0
            for row_id, sealed in list(store.iter_sealed(conn, column)):
                try:
                    if keyring.sealed_key_id(sealed) != key_id:
                        continue
                    plaintext = keyring.open(sealed, associated_data=associated(row_id))
                except SealedDataInvalid:
                    raise KeyringError(
                        f"a row of {column.table} sealed under key '{key_id}' does not open; "
                        "nothing was changed and the key is kept"
                    ) from None
                store.replace_sealed(
                    conn, column, row_id, keyring.seal(plaintext, associated_data=associated(row_id))
                )
                count += 1
            resealed[column.table] = count
    keyring.retire(key_id)
    return Retirement(key_id, resealed)
