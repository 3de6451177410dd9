"""IAM groups: create, read (with members), list, rename/move, delete, and membership of users.

AWS's limits: 300 groups per account, 10 groups per user; a group is deleted only once it has no
members and no policies
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.ids import GROUP_ID_PREFIX, new_unique_id
from hatrack.errors import DeleteConflict, EntityAlreadyExists, LimitExceeded, NoSuchEntity
from hatrack.iam.attachments import policy_counts
from hatrack.iam.names import validate_name, validate_path
from hatrack.iam.pagination import Page, paginate
from hatrack.iam.users import require_user
from hatrack.model.identities import GroupRecord, UserRecord
from hatrack.store import groups as group_store

GROUPS_QUOTA = 300
GROUPS_PER_USER_QUOTA = 10


def no_such_group(name: str) -> NoSuchEntity:
    return NoSuchEntity(f"The group with name {name} cannot be found.")


def require_group(conn: Connection, account_id: str, name: str) -> GroupRecord:
    group = group_store.get_group(conn, account_id, name)
    if group is None:
        raise no_such_group(name)
    return group


def group_arn(conn: Connection, account_id: str, name: str, *, partition: str) -> str:
    """The ARN of the group called ``name``; with path ``/`` if there is no such group (for authorization)."""
    group = group_store.get_group(conn, account_id, name)
    if group is None:
        return f"arn:{partition}:iam::{account_id}:group/{name}"
    return group.arn(partition)


def create_group(
    conn: Connection, *, account_id: str, name: str, path: str = "/", now: datetime
) -> GroupRecord:
    validate_name(name, field="groupName", max_length=128)
    validate_path(path)
    if group_store.get_group(conn, account_id, name) is not None:
        raise EntityAlreadyExists(f"Group with name {name} already exists.")
    if group_store.count_groups(conn, account_id) >= GROUPS_QUOTA:
        raise LimitExceeded(f"Cannot exceed quota for GroupsPerAccount: {GROUPS_QUOTA}")
    group = GroupRecord(
        group_id=new_unique_id(GROUP_ID_PREFIX), account_id=account_id, name=name, path=path, created_at=now
    )
    group_store.insert_group(conn, group)
    return group


def list_groups(
    conn: Connection,
    account_id: str,
    *,
    path_prefix: str = "/",
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[GroupRecord]:
    found = group_store.list_groups(conn, account_id, path_prefix=path_prefix)
    return paginate(found, key=lambda group: group.name_lower, marker=marker, max_items=max_items)


def group_members(
    conn: Connection,
    account_id: str,
    group: GroupRecord,
    *,
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[UserRecord]:
    members = group_store.list_group_members(conn, account_id, group.group_id)
    return paginate(members, key=lambda user: user.name_lower, marker=marker, max_items=max_items)


def update_group(
    conn: Connection, account_id: str, name: str, *, new_name: str | None = None, new_path: str | None = None
) -> GroupRecord:
    group = require_group(conn, account_id, name)
    if new_path is not None:
        validate_path(new_path, field="newPath")
    if new_name is not None:
        validate_name(new_name, field="newGroupName", max_length=128)
        other = group_store.get_group(conn, account_id, new_name)
        if other is not None and other.group_id != group.group_id:
            raise EntityAlreadyExists(f"Group with name {new_name} already exists.")
    group_store.update_group(conn, account_id, group.group_id, name=new_name, path=new_path)
    updated = group_store.get_group_by_id(conn, account_id, group.group_id)
    assert updated is not None
    return updated


def delete_group(conn: Connection, account_id: str, name: str) -> None:
    group = require_group(conn, account_id, name)
    if group_store.count_group_members(conn, group.group_id):
        raise DeleteConflict("Cannot delete entity, must remove users from group first.")
    inline, attached = policy_counts(conn, account_id, "group", group.group_id)
    if inline:
        raise DeleteConflict("Cannot delete entity, must delete policies first.")
    if attached:
        raise DeleteConflict("Cannot delete entity, must detach all policies first.")
    group_store.delete_group(conn, account_id, group.group_id)


def add_user_to_group(
    conn: Connection, account_id: str, group_name: str, user_name: str, *, now: datetime
) -> None:
    """Add a user to a group (a no-op if already a member, as AWS); at most 10 groups per user."""
    group = require_group(conn, account_id, group_name)
    user = require_user(conn, account_id, user_name)
    if group_store.is_member(conn, group.group_id, user.user_id):
        return
    if group_store.count_groups_for_user(conn, user.user_id) >= GROUPS_PER_USER_QUOTA:
        raise LimitExceeded(f"Cannot exceed quota for GroupsPerUser: {GROUPS_PER_USER_QUOTA}")
    group_store.add_member(conn, account_id, group.group_id, user.user_id, at=now)


def remove_user_from_group(conn: Connection, account_id: str, group_name: str, user_name: str) -> None:
    group = require_group(conn, account_id, group_name)
    user = require_user(conn, account_id, user_name)
    if not group_store.remove_member(conn, group.group_id, user.user_id):
        raise NoSuchEntity(f"The user with name {user.name} cannot be found.")


def groups_for_user(
    conn: Connection,
    account_id: str,
    user_name: str,
    *,
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[GroupRecord]:
    user = require_user(conn, account_id, user_name)
    found = group_store.list_groups_for_user(conn, account_id, user.user_id)
    return paginate(found, key=lambda group: group.name_lower, marker=marker, max_items=max_items)
