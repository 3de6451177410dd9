"""Look-ups that never raise: what the edge reads before a decision to name a resource as AWS names it
(its path, its tags), and a few reads its answers need. A missing entity is None here; the operation
answers NoSuchEntity after the decision, so that a caller learns nothing before being allowed.

The api layer reads the store only through this module and the other iam/ services.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Connection

from hatrack.model import AccessKey, Account
from hatrack.model.identities import (
    GroupRecord,
    InstanceProfileRecord,
    OidcProviderRecord,
    RoleRecord,
    UserRecord,
    VirtualMfaDeviceRecord,
)
from hatrack.store import access_keys as key_store
from hatrack.store import account_settings as settings_store
from hatrack.store import accounts as account_store
from hatrack.store import groups as group_store
from hatrack.store import instance_profiles as profile_store
from hatrack.store import mfa as mfa_store
from hatrack.store import oidc_providers as oidc_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

Tag = tuple[str, str]
MFA_TAGS = "mfa"  # the entity kind of a device's tags, keyed by serial number


def find_account(conn: Connection, account_id: str) -> Account | None:
    return account_store.get_account(conn, account_id)


def account_alias(conn: Connection, account_id: str) -> str | None:
    return settings_store.get_alias(conn, account_id)


def find_user(conn: Connection, account_id: str, name: str) -> UserRecord | None:
    return user_store.get_user(conn, account_id, name)


def find_user_by_id(conn: Connection, account_id: str, user_id: str) -> UserRecord | None:
    return user_store.get_user_by_id(conn, account_id, user_id)


def find_group(conn: Connection, account_id: str, name: str) -> GroupRecord | None:
    return group_store.get_group(conn, account_id, name)


def find_role(conn: Connection, account_id: str, name: str) -> RoleRecord | None:
    return role_store.get_role(conn, account_id, name)


def find_instance_profile(conn: Connection, account_id: str, name: str) -> InstanceProfileRecord | None:
    return profile_store.get_instance_profile(conn, account_id, name)


def list_instance_profiles(
    conn: Connection, account_id: str, *, path_prefix: str
) -> list[InstanceProfileRecord]:
    return profile_store.list_instance_profiles(conn, account_id, path_prefix=path_prefix)


def find_oidc_provider(conn: Connection, account_id: str, url: str) -> OidcProviderRecord | None:
    """The provider of ``url`` (host[/path], no scheme) in the account."""
    return oidc_store.get_provider(conn, account_id, url)


def find_access_key(conn: Connection, access_key_id: str) -> AccessKey | None:
    """The long-term key ``access_key_id``, of whichever account (callers compare the account)."""
    return key_store.get_access_key(conn, access_key_id)


def find_mfa_device(conn: Connection, account_id: str, serial_number: str) -> VirtualMfaDeviceRecord | None:
    """The account's virtual MFA device with this serial number (its ARN)."""
    device = mfa_store.get_device(conn, serial_number)
    return device if device is not None and device.account_id == account_id else None


def mfa_device_tags(conn: Connection, device: VirtualMfaDeviceRecord) -> list[Tag]:
    return user_store.get_tags(conn, device.account_id, MFA_TAGS, device.serial_number)


def set_mfa_device_tags(conn: Connection, device: VirtualMfaDeviceRecord, tags: Sequence[Tag]) -> None:
    user_store.set_tags(conn, device.account_id, MFA_TAGS, device.serial_number, tags)
