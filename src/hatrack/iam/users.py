"""IAM users: create, read, list, rename/move, delete (with AWS's DeleteConflict rules) and tags.

Errors and messages follow AWS: names are unique per account without
regard to case, a missing user is ``NoSuchEntity`` "The user with name X cannot be found.", and a user
is deleted only once its credentials, policies, groups and MFA devices are gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.ids import USER_ID_PREFIX, new_unique_id
from hatrack.errors import DeleteConflict, EntityAlreadyExists, LimitExceeded, NoSuchEntity
from hatrack.iam.attachments import policy_counts
from hatrack.iam.names import Tag, merge_tags, remove_tags, validate_name, validate_path
from hatrack.iam.pagination import Page, paginate
from hatrack.model.identities import UserRecord
from hatrack.store import access_keys as access_key_store
from hatrack.store import groups as group_store
from hatrack.store import login_profiles as login_profile_store
from hatrack.store import mfa as mfa_store
from hatrack.store import signing_certificates as certificate_store
from hatrack.store import ssh_keys as ssh_key_store
from hatrack.store import users as user_store
from hatrack.store.changes import note_credential_change

USERS_QUOTA = 5000


def no_such_user(name: str) -> NoSuchEntity:
    return NoSuchEntity(f"The user with name {name} cannot be found.")


def require_user(conn: Connection, account_id: str, name: str) -> UserRecord:
    user = user_store.get_user(conn, account_id, name)
    if user is None:
        raise no_such_user(name)
    return user


def user_arn(conn: Connection, account_id: str, name: str, *, partition: str) -> str:
    """The ARN of the user called ``name``; with path ``/`` if there is no such user (for authorization)."""
    user = user_store.get_user(conn, account_id, name)
    path = user.path if user is not None else "/"
    return f"arn:{partition}:iam::{account_id}:user{path}{user.name if user else name}"


def create_user(
    conn: Connection,
    *,
    account_id: str,
    name: str,
    path: str = "/",
    tags: Sequence[Tag] = (),
    permissions_boundary_arn: str | None = None,
    now: datetime,
) -> UserRecord:
    validate_name(name, field="userName", max_length=64)
    validate_path(path)
    if user_store.user_name_taken(conn, account_id, name):
        raise EntityAlreadyExists(f"User with name {name} already exists.")
    if user_store.count_users(conn, account_id) >= USERS_QUOTA:
        raise LimitExceeded(f"Cannot exceed quota for UsersPerAccount: {USERS_QUOTA}")
    user = UserRecord(
        user_id=new_unique_id(USER_ID_PREFIX),
        account_id=account_id,
        name=name,
        path=path,
        created_at=now,
        permissions_boundary_arn=permissions_boundary_arn,
        tags=tuple(tags),
    )
    user_store.insert_user(conn, user)
    return user


def list_users(
    conn: Connection,
    account_id: str,
    *,
    path_prefix: str = "/",
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[UserRecord]:
    found = user_store.list_users(conn, account_id, path_prefix=path_prefix)
    return paginate(found, key=lambda user: user.name_lower, marker=marker, max_items=max_items)


def update_user(
    conn: Connection,
    account_id: str,
    name: str,
    *,
    new_name: str | None = None,
    new_path: str | None = None,
) -> UserRecord:
    """Rename and/or move a user; its access keys and MFA devices follow the new name."""
    user = require_user(conn, account_id, name)
    if new_path is not None:
        validate_path(new_path, field="newPath")
    if new_name is not None:
        validate_name(new_name, field="newUserName", max_length=64)
        other = user_store.get_user(conn, account_id, new_name)
        if other is not None and other.user_id != user.user_id:
            raise EntityAlreadyExists(f"User with name {new_name} already exists.")
    user_store.update_user(conn, account_id, user.user_id, name=new_name, path=new_path)
    note_credential_change(conn)  # authenticated callers carry the user's name and path
    if new_name is not None:
        access_key_store.rename_access_key_owner(conn, account_id, user.user_id, new_name)
        mfa_store.rename_device_owner(conn, account_id, user.user_id, new_name)
    renamed = user_store.get_user_by_id(conn, account_id, user.user_id)
    assert renamed is not None
    return renamed


def delete_user(conn: Connection, account_id: str, name: str) -> None:
    """Delete a user that has nothing left attached (IAM User Guide, id_users_manage: the order below)."""
    user = require_user(conn, account_id, name)
    if login_profile_store.get_login_profile(conn, user.user_id) is not None:
        raise DeleteConflict("Cannot delete entity, must delete login profile first.")
    if access_key_store.count_access_keys(conn, account_id, user.user_id):
        raise DeleteConflict("Cannot delete entity, must delete access keys first.")
    if mfa_store.list_devices_of_user(conn, account_id, user.user_id):
        raise DeleteConflict("Cannot delete entity, must delete MFA device first.")
    if ssh_key_store.keys_of_user(conn, account_id, user.user_id):
        raise DeleteConflict("Cannot delete entity, must delete SSH public keys first.")  # [choice]
    if certificate_store.certificates_of(conn, account_id, user.user_id):
        raise DeleteConflict("Cannot delete entity, must delete signing certificates first.")  # [choice]
    inline, attached = policy_counts(conn, account_id, "user", user.user_id)
    if inline:
        raise DeleteConflict("Cannot delete entity, must delete policies first.")
    if attached:
        raise DeleteConflict("Cannot delete entity, must detach all policies first.")
    if group_store.count_groups_for_user(conn, user.user_id):
        raise DeleteConflict("Cannot delete entity, must remove users from group first.")
    login_profile_store.forget_password_history(conn, user.user_id)
    user_store.delete_user(conn, account_id, user.user_id)


# --- tags -----------------------------------------------------------------------------------------


def tag_user(conn: Connection, account_id: str, name: str, tags: Sequence[Tag]) -> None:
    user = require_user(conn, account_id, name)
    merged = merge_tags(user.tags, tags, quota_name="TagsPerUser")
    user_store.set_tags(conn, account_id, "user", user.user_id, merged)


def untag_user(conn: Connection, account_id: str, name: str, keys: Sequence[str]) -> None:
    user = require_user(conn, account_id, name)
    user_store.set_tags(conn, account_id, "user", user.user_id, remove_tags(user.tags, keys))


def list_user_tags(
    conn: Connection, account_id: str, name: str, *, marker: str | None = None, max_items: int | None = None
) -> Page[Tag]:
    user = require_user(conn, account_id, name)
    return paginate(user.tags, key=lambda tag: tag[0].lower(), marker=marker, max_items=max_items)
