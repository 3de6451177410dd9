"""Long-term access keys of users and of the account root: create (at most 2), list, activate or
deactivate, delete, last use.

The secret is returned once, at creation, and stored only sealed under the keyring. The count and
the insert of CreateAccessKey run under the owner's row lock, so two concurrent calls for a user with
one key never leave three (AWS's quota is two keys per user).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.access_keys import new_access_key_id, new_secret_access_key, seal_secret
from hatrack.credentials.keyring import Keyring
from hatrack.errors import LimitExceeded, NoSuchEntity
from hatrack.iam.pagination import Page, paginate
from hatrack.model import AccessKey
from hatrack.model.identities import UserRecord
from hatrack.store import access_keys as key_store
from hatrack.store.users import lock_user

ACCESS_KEYS_PER_USER_QUOTA = 2
NOT_USED = "N/A"


@dataclass(frozen=True, slots=True)
class NewAccessKey:
    """A key just created, with its secret in the clear: shown to the caller once, never stored so."""

    key: AccessKey
    secret_access_key: str


def no_such_key(access_key_id: str) -> NoSuchEntity:
    return NoSuchEntity(f"The Access Key with id {access_key_id} cannot be found.")


def create_access_key(
    conn: Connection, keyring: Keyring, *, account_id: str, user: UserRecord | None, now: datetime
) -> NewAccessKey:
    """A new active key for ``user`` (None: the account root)."""
    owner_id = user.user_id if user is not None else account_id
    lock_user(conn, account_id, owner_id)
    if key_store.count_access_keys(conn, account_id, owner_id) >= ACCESS_KEYS_PER_USER_QUOTA:
        raise LimitExceeded(f"Cannot exceed quota for AccessKeysPerUser: {ACCESS_KEYS_PER_USER_QUOTA}")
    key_id = new_access_key_id("AKIA")
    secret = new_secret_access_key()
    key = AccessKey(
        access_key_id=key_id,
        account_id=account_id,
        user_name=user.name if user is not None else None,
        user_id=owner_id,
        status="Active",
        created_at=now,
        sealed_secret=seal_secret(keyring, key_id, secret),
    )
    key_store.insert_access_key(conn, key)
    return NewAccessKey(key, secret)


def list_access_keys(
    conn: Connection,
    *,
    account_id: str,
    user: UserRecord | None,
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[AccessKey]:
    owner_id = user.user_id if user is not None else account_id
    keys = key_store.list_access_keys(conn, account_id, owner_id)
    return paginate(keys, key=lambda key: key.access_key_id, marker=marker, max_items=max_items)


def require_key(
    conn: Connection, *, account_id: str, user: UserRecord | None, access_key_id: str
) -> AccessKey:
    """The key ``access_key_id`` of ``user`` (None: the root); ``NoSuchEntity`` if it is someone else's."""
    key = key_store.get_access_key(conn, access_key_id)
    owner_id = user.user_id if user is not None else account_id
    if key is None or key.account_id != account_id or key.user_id != owner_id:
        raise no_such_key(access_key_id)
    return key


def update_access_key(
    conn: Connection, *, account_id: str, user: UserRecord | None, access_key_id: str, status: str
) -> None:
    require_key(conn, account_id=account_id, user=user, access_key_id=access_key_id)
    key_store.set_access_key_status(conn, access_key_id, status)


def delete_access_key(
    conn: Connection, *, account_id: str, user: UserRecord | None, access_key_id: str
) -> None:
    require_key(conn, account_id=account_id, user=user, access_key_id=access_key_id)
    key_store.delete_access_key(conn, access_key_id)


def find_key(conn: Connection, account_id: str, access_key_id: str) -> AccessKey:
    """A key of the account by id alone (GetAccessKeyLastUsed); ``NoSuchEntity`` otherwise."""
    key = key_store.get_access_key(conn, access_key_id)
    if key is None or key.account_id != account_id:
        raise no_such_key(access_key_id)
    return key


def last_used(key: AccessKey) -> dict[str, object]:
    """The ``AccessKeyLastUsed`` structure: "N/A" for service and region of a key never used, as AWS."""
    if key.last_used_at is None:
        return {"ServiceName": NOT_USED, "Region": NOT_USED}
    return {
        "LastUsedDate": key.last_used_at,
        "ServiceName": key.last_used_service or NOT_USED,
        "Region": key.last_used_region or NOT_USED,
    }
