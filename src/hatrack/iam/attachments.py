"""Attaching managed policies to users, groups and roles, and the principals a policy is attached to.

Everything is keyed by the principal's unique id, so renaming a user or group needs no cascade.
Quota: 10 managed policies per user, group or role ("Cannot exceed quota for PoliciesPerUser: 10").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.errors import LimitExceeded, NoSuchEntity
from hatrack.iam import managed_policies
from hatrack.iam.managed_policies import PolicyView
from hatrack.iam.roles import refuse_service_linked
from hatrack.store import groups as group_store
from hatrack.store import policies as store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

USER, GROUP, ROLE = "user", "group", "role"
MAX_ATTACHED = 10
_QUOTA_NAME = {USER: "PoliciesPerUser", GROUP: "PoliciesPerGroup", ROLE: "PoliciesPerRole"}


@dataclass(frozen=True, slots=True)
class Principal:
    """A user, group or role, by kind, unique id, name and path."""

    kind: str
    principal_id: str
    name: str
    path: str
    account_id: str

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.account_id}:{self.kind}{self.path}{self.name}"


def refuse_protected(principal: Principal) -> None:
    """A service-linked role's permissions are AWS's to change (UnmodifiableEntity)."""
    if principal.kind == ROLE:
        refuse_service_linked(principal.name, principal.path)


def find_principal(conn: Connection, account_id: str, kind: str, name: str) -> Principal:
    """The user, group or role named ``name``; NoSuchEntity with AWS's message if there is none."""
    if kind == USER:
        user = user_store.get_user(conn, account_id, name)
        if user is not None:
            return Principal(USER, user.user_id, user.name, user.path, account_id)
    elif kind == GROUP:
        group = group_store.get_group(conn, account_id, name)
        if group is not None:
            return Principal(GROUP, group.group_id, group.name, group.path, account_id)
    elif kind == ROLE:
        role = role_store.get_role(conn, account_id, name)
        if role is not None:
            return Principal(ROLE, role.role_id, role.role_name, role.path, account_id)
    else:
        raise ValueError(f"unknown principal kind {kind!r}")
    raise NoSuchEntity(f"The {kind} with name {name} cannot be found.")


def policy_counts(
    conn: Connection, account_id: str, principal_kind: str, principal_id: str
) -> tuple[int, int]:
    """(inline policies, attached managed policies) of a principal: DeleteUser/DeleteGroup refuse both."""
    return (
        store.count_inline_policies(conn, account_id, principal_id),
        store.count_attached(conn, account_id, principal_id),
    )


def attach_policy(
    conn: Connection, account_id: str, principal: Principal, policy_arn: str, *, now: datetime
) -> None:
    """Attach{User,Group,Role}Policy. Attaching a policy that is already attached changes nothing.

    ``policy_arn`` is a policy ARN (the API checks it first); anything else is ``InvalidInput``, never
    quietly a missing policy.
    """
    refuse_protected(principal)
    policy = managed_policies.find_policy(conn, account_id, policy_arn)
    if policy is None:
        raise NoSuchEntity(f"Policy {policy_arn} does not exist or is not attachable.")
    attached = store.attached_policy_ids(conn, account_id, principal.principal_id)
    if policy.policy_id in attached:
        return
    if len(attached) >= MAX_ATTACHED:
        raise LimitExceeded(f"Cannot exceed quota for {_QUOTA_NAME[principal.kind]}: {MAX_ATTACHED}")
    store.attach(conn, account_id, principal.kind, principal.principal_id, policy.policy_id, now=now)


def detach_policy(conn: Connection, account_id: str, principal: Principal, policy_arn: str) -> None:
    refuse_protected(principal)
    policy = managed_policies.find_policy(conn, account_id, policy_arn)
    if policy is None or not store.detach(conn, account_id, principal.principal_id, policy.policy_id):
        raise NoSuchEntity(f"Policy {policy_arn} was not found.")


def list_attached_policies(
    conn: Connection, account_id: str, principal: Principal, *, path_prefix: str = "/"
) -> list[PolicyView]:
    """The managed policies attached to ``principal``, in the order they were attached."""
    ids = store.attached_policy_ids(conn, account_id, principal.principal_id)
    customer = {record.policy_id: record for record in store.get_policies_by_ids(conn, account_id, ids)}
    aws = managed_policies.aws_managed_by_id()
    views: list[PolicyView] = []
    for policy_id in ids:
        if policy_id in customer:
            record = customer[policy_id]
            views.append(
                PolicyView(
                    policy_id,
                    record.policy_name,
                    record.path,
                    account_id,
                    record.default_version_id,
                    record.created_at,
                    record.updated_at,
                )
            )
        elif policy_id in aws:
            known = aws[policy_id]
            views.append(
                PolicyView(
                    policy_id,
                    known.policy_name,
                    known.path,
                    managed_policies.AWS_ACCOUNT,
                    known.default_version_id,
                    known.created_at,
                    known.updated_at,
                )
            )
    return [view for view in views if view.path.startswith(path_prefix)]


@dataclass(frozen=True, slots=True)
class PolicyEntities:
    users: tuple[tuple[str, str], ...]  # (name, id)
    groups: tuple[tuple[str, str], ...]
    roles: tuple[tuple[str, str], ...]


def list_entities_for_policy(
    conn: Connection,
    account_id: str,
    policy_arn: str,
    *,
    entity_filter: str | None = None,
    path_prefix: str = "/",
    usage_filter: str | None = None,
) -> PolicyEntities:
    """ListEntitiesForPolicy: the users, groups and roles the policy is attached to (or bounds)."""
    policy = managed_policies.get_policy(conn, account_id, policy_arn, with_counts=False)
    found: list[tuple[str, str]] = []
    if usage_filter in (None, "PermissionsPolicy"):
        found.extend(store.entities_for_policy(conn, account_id, policy.policy_id))
    if usage_filter in (None, "PermissionsBoundary"):
        key = managed_policies.boundary_key(policy.owner, policy.path, policy.policy_name)
        found.extend(store.principals_with_boundary(conn, account_id, key))
    wanted = {"User": USER, "Group": GROUP, "Role": ROLE}
    kinds = {wanted[entity_filter]} if entity_filter in wanted else {USER, GROUP, ROLE}
    users: dict[str, tuple[str, str]] = {}
    groups: dict[str, tuple[str, str]] = {}
    roles: dict[str, tuple[str, str]] = {}
    for kind, principal_id in found:
        if kind not in kinds:
            continue
        if kind == USER:
            user = user_store.get_user_by_id(conn, account_id, principal_id)
            if user is not None and user.path.startswith(path_prefix):
                users[principal_id] = (user.name, principal_id)
        elif kind == GROUP:
            group = group_store.get_group_by_id(conn, account_id, principal_id)
            if group is not None and group.path.startswith(path_prefix):
                groups[principal_id] = (group.name, principal_id)
        else:
            role = role_store.get_role_by_id(conn, account_id, principal_id)
            if role is not None and role.path.startswith(path_prefix):
                roles[principal_id] = (role.role_name, principal_id)

    def ordered(entries: dict[str, tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(entries.values(), key=lambda entry: entry[0].lower()))

    return PolicyEntities(ordered(users), ordered(groups), ordered(roles))
