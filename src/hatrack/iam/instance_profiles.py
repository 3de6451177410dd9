"""Instance profiles: a container for (at most) one role that a workload's credentials come from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.ids import INSTANCE_PROFILE_ID_PREFIX, new_unique_id
from hatrack.errors import DeleteConflict, EntityAlreadyExists, LimitExceeded, NoSuchEntity
from hatrack.iam.names import merge_tags, remove_tags
from hatrack.iam.roles import get_role
from hatrack.model.identities import InstanceProfileRecord, RoleRecord
from hatrack.store import instance_profiles as store
from hatrack.store import resource_tags
from hatrack.store import roles as role_store

MAX_ROLES = 1
Tag = tuple[str, str]


def get_instance_profile(conn: Connection, account_id: str, name: str) -> InstanceProfileRecord:
    profile = store.get_instance_profile(conn, account_id, name)
    if profile is None:
        raise NoSuchEntity(f"Instance Profile {name} cannot be found.")
    return profile


def roles_of(conn: Connection, account_id: str, profile: InstanceProfileRecord) -> list[RoleRecord]:
    return role_store.get_roles_by_ids(conn, account_id, list(profile.role_ids))


def create_instance_profile(
    conn: Connection,
    account_id: str,
    *,
    name: str,
    path: str,
    tags: Sequence[Tag] = (),
    now: datetime,
    new_id: Callable[[str], str] = new_unique_id,
) -> InstanceProfileRecord:
    if store.get_instance_profile(conn, account_id, name) is not None:
        raise EntityAlreadyExists(f"Instance Profile {name} already exists.")
    profile = InstanceProfileRecord(
        instance_profile_id=new_id(INSTANCE_PROFILE_ID_PREFIX),
        account_id=account_id,
        instance_profile_name=name,
        path=path,
        created_at=now,
        tags=tuple(tags),
    )
    store.insert_instance_profile(conn, profile)
    return profile


def delete_instance_profile(conn: Connection, account_id: str, name: str) -> None:
    profile = get_instance_profile(conn, account_id, name)
    if profile.role_ids:
        raise DeleteConflict("Cannot delete entity, must remove roles from instance profile first.")
    store.delete_instance_profile(conn, account_id, profile.instance_profile_id)


def add_role(conn: Connection, account_id: str, profile_name: str, role_name: str) -> None:
    profile = get_instance_profile(conn, account_id, profile_name)
    role = get_role(conn, account_id, role_name)
    if len(profile.role_ids) >= MAX_ROLES:
        raise LimitExceeded(f"Cannot exceed quota for InstanceSessionsPerInstanceProfile: {MAX_ROLES}")
    store.add_role(conn, profile.instance_profile_id, role.role_id)


def remove_role(conn: Connection, account_id: str, profile_name: str, role_name: str) -> None:
    profile = get_instance_profile(conn, account_id, profile_name)
    role = get_role(conn, account_id, role_name)
    if role.role_id not in profile.role_ids:
        raise NoSuchEntity(
            f"The role with name {role_name} cannot be found in instance profile {profile_name}."
        )
    store.remove_role(conn, profile.instance_profile_id, role.role_id)


def list_instance_profiles_for_role(
    conn: Connection, account_id: str, role_name: str
) -> list[InstanceProfileRecord]:
    role = get_role(conn, account_id, role_name)
    return store.list_instance_profiles_for_role(conn, account_id, role.role_id)


def tag_instance_profile(conn: Connection, account_id: str, name: str, tags: Sequence[Tag]) -> None:
    profile = get_instance_profile(conn, account_id, name)
    merged = merge_tags(profile.tags, tags, quota_name="TagsPerInstanceProfile")
    resource_tags.replace_tags(
        conn, account_id, resource_tags.INSTANCE_PROFILE, profile.instance_profile_id, merged
    )


def untag_instance_profile(conn: Connection, account_id: str, name: str, keys: Sequence[str]) -> None:
    profile = get_instance_profile(conn, account_id, name)
    resource_tags.replace_tags(
        conn,
        account_id,
        resource_tags.INSTANCE_PROFILE,
        profile.instance_profile_id,
        remove_tags(profile.tags, keys),
    )
