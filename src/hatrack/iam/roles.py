"""Roles: create, read, update, delete, trust policies, session duration, tags.

A role's trust policy is validated as one (``PolicyKind.TRUST``: principals, sts:AssumeRole* actions,
2,048 characters). Messages follow AWS's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.ids import ROLE_ID_PREFIX, new_unique_id
from hatrack.errors import (
    DeleteConflict,
    EntityAlreadyExists,
    InvalidInput,
    NoSuchEntity,
    UnmodifiableEntity,
    ValidationError,
)
from hatrack.iam.names import merge_tags, remove_tags
from hatrack.iam.trust_principals import resolve_principals
from hatrack.model.identities import RoleRecord
from hatrack.policy import PolicyKind, check_policy
from hatrack.store import instance_profiles as profile_store
from hatrack.store import policies as policy_store
from hatrack.store import resource_tags
from hatrack.store import roles as store

DEFAULT_MAX_SESSION_DURATION = 3600
MIN_MAX_SESSION_DURATION = 3600
MAX_MAX_SESSION_DURATION = 43200

Tag = tuple[str, str]
NewId = Callable[[str], str]

# Service-linked roles live under this path, which only CreateServiceLinkedRole may use; AWS lets
# no ordinary call change their trust or permissions, nor delete them (DeleteServiceLinkedRole does).
SERVICE_LINKED_PATH = "/aws-service-role/"


def is_service_linked(path: str) -> bool:
    return path.startswith(SERVICE_LINKED_PATH)


def refuse_service_linked(role_name: str, path: str) -> None:
    """UnmodifiableEntity with AWS's message when the role is a service-linked role."""
    if is_service_linked(path):
        raise UnmodifiableEntity(
            f"Cannot perform the operation on the protected role '{role_name}' - "
            "this role is only modifiable by AWS"
        )


def no_such_role(role_name: str) -> NoSuchEntity:
    return NoSuchEntity(f"The role with name {role_name} cannot be found.")


def get_role(conn: Connection, account_id: str, role_name: str) -> RoleRecord:
    role = store.get_role(conn, account_id, role_name)
    if role is None:
        raise no_such_role(role_name)
    return role


def check_max_session_duration(seconds: int) -> int:
    if not MIN_MAX_SESSION_DURATION <= seconds <= MAX_MAX_SESSION_DURATION:
        bound = (
            f"greater than or equal to {MIN_MAX_SESSION_DURATION}"
            if seconds < MIN_MAX_SESSION_DURATION
            else f"less than or equal to {MAX_MAX_SESSION_DURATION}"
        )
        raise ValidationError(
            f"1 validation error detected: Value '{seconds}' at 'maxSessionDuration' failed to satisfy "
            f"constraint: Member must have value {bound}"
        )
    return seconds


def create_role(
    conn: Connection,
    account_id: str,
    *,
    role_name: str,
    path: str,
    assume_role_policy_document: str,
    now: datetime,
    description: str | None = None,
    max_session_duration: int | None = None,
    permissions_boundary_arn: str | None = None,
    tags: Sequence[Tag] = (),
    new_id: NewId = new_unique_id,
    partition: str = "aws",
    service_linked: bool = False,
) -> RoleRecord:
    """CreateRole. The boundary ARN, if any, must already be checked (``boundaries.check_boundary_arn``).

    The trust policy is stored with its user and role principals as unique ids (``trust_principals``).
    """
    if is_service_linked(path) and not service_linked:
        raise InvalidInput(
            f"The path prefix {SERVICE_LINKED_PATH} is reserved for service-linked roles."
        )  # [choice]
    check_policy(assume_role_policy_document, PolicyKind.TRUST)
    duration = check_max_session_duration(max_session_duration or DEFAULT_MAX_SESSION_DURATION)
    if store.get_role(conn, account_id, role_name) is not None:
        raise EntityAlreadyExists(f"Role with name {role_name} already exists.")
    stored_document = resolve_principals(conn, assume_role_policy_document, partition=partition)
    role = RoleRecord(
        role_id=new_id(ROLE_ID_PREFIX),
        account_id=account_id,
        role_name=role_name,
        path=path,
        assume_role_policy_document=stored_document,
        max_session_duration=duration,
        created_at=now,
        description=description,
        permissions_boundary_arn=permissions_boundary_arn,
        tags=tuple(tags),
    )
    store.insert_role(conn, role)
    return role


def list_roles(conn: Connection, account_id: str, *, path_prefix: str = "/") -> list[RoleRecord]:
    return store.list_roles(conn, account_id, path_prefix=path_prefix)


def update_role(
    conn: Connection,
    account_id: str,
    role_name: str,
    *,
    description: str | None = None,
    max_session_duration: int | None = None,
) -> RoleRecord:
    """UpdateRole / UpdateRoleDescription; returns the role as it is afterwards."""
    role = get_role(conn, account_id, role_name)
    if max_session_duration is not None:
        check_max_session_duration(max_session_duration)
    store.update_role(
        conn, account_id, role.role_id, description=description, max_session_duration=max_session_duration
    )
    return get_role(conn, account_id, role_name)


def update_assume_role_policy(
    conn: Connection, account_id: str, role_name: str, document: str, *, partition: str = "aws"
) -> RoleRecord:
    """UpdateAssumeRolePolicy: stored with user and role principals as unique ids, like CreateRole."""
    role = get_role(conn, account_id, role_name)
    refuse_service_linked(role.role_name, role.path)
    check_policy(document, PolicyKind.TRUST)
    stored_document = resolve_principals(conn, document, partition=partition)
    store.set_assume_role_policy(conn, account_id, role.role_id, stored_document)
    return role


def delete_role(conn: Connection, account_id: str, role_name: str) -> RoleRecord:
    """DeleteRole: refused while the role has attached or inline policies or is in an instance profile."""
    role = get_role(conn, account_id, role_name)
    refuse_service_linked(role.role_name, role.path)
    if policy_store.count_attached(conn, account_id, role.role_id):
        raise DeleteConflict("Cannot delete entity, must detach all policies first.")
    if profile_store.count_instance_profiles_for_role(conn, role.role_id):
        raise DeleteConflict("Cannot delete entity, must remove roles from instance profile first.")
    if policy_store.count_inline_policies(conn, account_id, role.role_id):
        raise DeleteConflict("Cannot delete entity, must delete policies first.")
    store.delete_role(conn, account_id, role.role_id)
    return role


def tag_role(conn: Connection, account_id: str, role_name: str, tags: Sequence[Tag]) -> None:
    role = get_role(conn, account_id, role_name)
    merged = merge_tags(role.tags, tags, quota_name="TagsPerRole")
    resource_tags.replace_tags(conn, account_id, resource_tags.ROLE, role.role_id, merged)


def untag_role(conn: Connection, account_id: str, role_name: str, keys: Sequence[str]) -> None:
    role = get_role(conn, account_id, role_name)
    resource_tags.replace_tags(
        conn, account_id, resource_tags.ROLE, role.role_id, remove_tags(role.tags, keys)
    )
