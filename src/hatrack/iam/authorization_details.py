"""GetAccountAuthorizationDetails: a snapshot of an account's users, groups, roles and managed policies
with their relationships (inline policies, attachments, group memberships, instance profiles, boundaries,
every version of each managed policy).

Entities are listed users, groups, roles, then policies, each by name; one ``Marker`` / ``MaxItems``
pagination runs across all of them. AWS-managed policies are listed only when the account uses them
(attached to an entity or set as a permissions boundary). Details are read only for the page returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from hatrack.iam import attachments, managed_policies
from hatrack.iam.attachments import GROUP, ROLE, USER, Principal
from hatrack.iam.managed_policies import PolicyView, VersionView
from hatrack.iam.pagination import Page, paginate
from hatrack.model.identities import GroupRecord, InstanceProfileRecord, RoleRecord, UserRecord
from hatrack.partitions import DEFAULT_PARTITION
from hatrack.store import groups as group_store
from hatrack.store import instance_profiles as profile_store
from hatrack.store import policies as policy_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

ENTITY_TYPES = ("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy")


@dataclass(frozen=True, slots=True)
class InlinePolicy:
    policy_name: str
    document: str


@dataclass(frozen=True, slots=True)
class UserDetail:
    user: UserRecord
    inline_policies: tuple[InlinePolicy, ...]
    group_names: tuple[str, ...]
    attached_policies: tuple[PolicyView, ...]


@dataclass(frozen=True, slots=True)
class GroupDetail:
    group: GroupRecord
    inline_policies: tuple[InlinePolicy, ...]
    attached_policies: tuple[PolicyView, ...]


@dataclass(frozen=True, slots=True)
class RoleDetail:
    role: RoleRecord
    inline_policies: tuple[InlinePolicy, ...]
    attached_policies: tuple[PolicyView, ...]
    instance_profiles: tuple[InstanceProfileRecord, ...]


@dataclass(frozen=True, slots=True)
class ManagedPolicyDetail:
    policy: PolicyView  # with its AttachmentCount and PermissionsBoundaryUsageCount
    versions: tuple[VersionView, ...]  # newest first


Detail = UserDetail | GroupDetail | RoleDetail | ManagedPolicyDetail


@dataclass(frozen=True, slots=True)
class _Entry:
    """An entity to list, before its details are read: its sort key and what to read it by."""

    key: str
    kind: str
    user: UserRecord | None = None
    group: GroupRecord | None = None
    role: RoleRecord | None = None
    policy: PolicyView | None = None


def _inline(conn: Connection, account_id: str, principal_id: str) -> tuple[InlinePolicy, ...]:
    return tuple(
        InlinePolicy(record.policy_name, record.document)
        for record in policy_store.list_inline_policies(conn, account_id, principal_id)
    )


def _attached(conn: Connection, principal: Principal) -> tuple[PolicyView, ...]:
    return tuple(attachments.list_attached_policies(conn, principal.account_id, principal))


def _entries(conn: Connection, account_id: str, wanted: set[str]) -> list[_Entry]:
    entries: list[_Entry] = []
    if "User" in wanted:
        entries += [
            _Entry(f"1:{user.name.lower()}", USER, user=user)
            for user in user_store.list_users(conn, account_id)
        ]
    if "Group" in wanted:
        entries += [
            _Entry(f"2:{group.name.lower()}", GROUP, group=group)
            for group in group_store.list_groups(conn, account_id)
        ]
    if "Role" in wanted:
        entries += [
            _Entry(f"3:{role.role_name.lower()}", ROLE, role=role)
            for role in role_store.list_roles(conn, account_id)
        ]
    scope = {"LocalManagedPolicy", "AWSManagedPolicy"} & wanted
    if scope:
        views = managed_policies.list_policies(
            conn,
            account_id,
            scope="All" if len(scope) == 2 else "Local" if "LocalManagedPolicy" in scope else "AWS",
        )
        for view in views:
            if view.is_aws_managed and view.attachment_count == 0 and view.boundary_usage_count == 0:
                continue  # AWS lists the AWS-managed policies the account uses
            entries.append(_Entry(f"4:{view.owner}:{view.policy_name.lower()}", "policy", policy=view))
    return entries


def _detail(conn: Connection, account_id: str, entry: _Entry) -> Detail:
    if entry.user is not None:
        user = entry.user
        groups = group_store.list_groups_for_user(conn, account_id, user.user_id)
        principal = Principal(USER, user.user_id, user.name, user.path, account_id)
        return UserDetail(
            user,
            _inline(conn, account_id, user.user_id),
            tuple(group.name for group in groups),
            _attached(conn, principal),
        )
    if entry.group is not None:
        group = entry.group
        principal = Principal(GROUP, group.group_id, group.name, group.path, account_id)
        return GroupDetail(group, _inline(conn, account_id, group.group_id), _attached(conn, principal))
    if entry.role is not None:
        role = role_store.get_role_by_id(conn, account_id, entry.role.role_id) or entry.role  # with its tags
        principal = Principal(ROLE, role.role_id, role.role_name, role.path, account_id)
        return RoleDetail(
            role,
            _inline(conn, account_id, role.role_id),
            _attached(conn, principal),
            tuple(profile_store.list_instance_profiles_for_role(conn, account_id, role.role_id)),
        )
    assert entry.policy is not None
    view = entry.policy
    # The lookup reads the ARN's owner, path and name only; the partition in it plays no part.
    versions = managed_policies.list_policy_versions(conn, account_id, view.arn(DEFAULT_PARTITION))
    return ManagedPolicyDetail(view, tuple(versions))


def account_authorization_details(
    conn: Connection,
    account_id: str,
    *,
    entity_filter: Sequence[str] | None = None,
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[Detail]:
    """One page of the account's entities (``entity_filter`` empty or None: every kind)."""
    wanted = set(entity_filter) if entity_filter else set(ENTITY_TYPES)
    page = paginate(
        _entries(conn, account_id, wanted), key=lambda entry: entry.key, marker=marker, max_items=max_items
    )
    return Page(
        tuple(_detail(conn, account_id, entry) for entry in page.items), page.is_truncated, page.marker
    )
