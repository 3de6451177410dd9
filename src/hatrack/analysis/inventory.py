"""Everything the escalation analysis reads from the store, once: every user and role of the analysed
accounts with its policy set (read through ``hatrack.iam.policy_source``, the authorizer's own policy
source), its groups, MFA devices and login profile, every group with its policies, and each role's
trust policy as stored (principals kept by unique id, ``hatrack.iam.trust_principals``).

Reads only; one pass per account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy.engine import Connection

from hatrack.iam import policy_source
from hatrack.iam.policy_source import PrincipalPolicies
from hatrack.model.identities import GroupRecord, Tag
from hatrack.store import accounts as account_store
from hatrack.store import groups as group_store
from hatrack.store import login_profiles as login_store
from hatrack.store import mfa as mfa_store
from hatrack.store import policies as policy_store
from hatrack.store import resource_tags
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

USER, ROLE = "user", "role"


@dataclass(frozen=True, slots=True)
class Group:
    group_id: str
    account_id: str
    name: str
    arn: str
    policies: PrincipalPolicies


@dataclass(frozen=True, slots=True)
class Identity:
    """A user or role as the analysis sees it: who it is and every policy that decides for it."""

    kind: str  # USER | ROLE
    unique_id: str
    account_id: str
    name: str
    arn: str
    policies: PrincipalPolicies
    tags: tuple[Tag, ...] = ()
    group_ids: tuple[str, ...] = ()
    has_mfa_device: bool = False
    has_login_profile: bool = False
    trust_policy: str | None = None  # roles: the stored document

    @property
    def is_user(self) -> bool:
        return self.kind == USER


@dataclass(frozen=True, slots=True)
class ManagedVersion:
    version_id: str
    document: str


@dataclass
class Inventory:
    """The analysed accounts' identities (by unique id), groups and customer managed policies."""

    partition: str
    identities: dict[str, Identity] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    # customer managed policy ARN -> (its policy id, its default version id); versions read on demand
    policy_ids: dict[str, tuple[str, str]] = field(default_factory=dict)
    accounts: tuple[str, ...] = ()

    def in_account(self, account_id: str, kind: str) -> list[Identity]:
        return [i for i in self.identities.values() if i.account_id == account_id and i.kind == kind]


def load_inventory(
    conn: Connection, *, partition: str, account_ids: Iterable[str] | None = None
) -> Inventory:
    """Every user, role and group of ``account_ids`` (default: every account of the server)."""
    chosen = (
        tuple(account_ids)
        if account_ids is not None
        else tuple(a.account_id for a in account_store.list_accounts(conn))
    )
    inventory = Inventory(partition=partition, accounts=chosen)
    for account_id in chosen:
        _load_account(conn, inventory, account_id)
    return inventory


def _load_account(conn: Connection, inventory: Inventory, account_id: str) -> None:
    partition = inventory.partition
    with_device = {d.user_id for d in mfa_store.list_devices(conn, account_id) if d.user_id is not None}
    groups_of: dict[str, list[GroupRecord]] = defaultdict(list)
    for group in group_store.list_groups(conn, account_id):
        for member in group_store.list_group_members(conn, account_id, group.group_id):
            groups_of[member.user_id].append(group)
        inventory.groups[group.group_id] = Group(
            group.group_id,
            account_id,
            group.name,
            group.arn(partition),
            policy_source.group_policies(conn, group, partition=partition),
        )
    users = user_store.list_users(conn, account_id)
    roles = [
        replace(role, tags=tuple(resource_tags.get_tags(conn, account_id, resource_tags.ROLE, role.role_id)))
        for role in role_store.list_roles(conn, account_id)
    ]
    policies = policy_source.account_policies(conn, account_id, users, roles, groups_of, partition=partition)
    for user in users:
        inventory.identities[user.user_id] = Identity(
            kind=USER,
            unique_id=user.user_id,
            account_id=account_id,
            name=user.name,
            arn=user.arn(partition),
            policies=policies[user.user_id],
            tags=user.tags,
            group_ids=tuple(g.group_id for g in groups_of.get(user.user_id, ())),
            has_mfa_device=user.user_id in with_device,
            has_login_profile=login_store.get_login_profile(conn, user.user_id) is not None,
        )
    for role in roles:
        inventory.identities[role.role_id] = Identity(
            kind=ROLE,
            unique_id=role.role_id,
            account_id=account_id,
            name=role.role_name,
            arn=role.arn(partition),
            policies=policies[role.role_id],
            tags=role.tags,
            trust_policy=role.assume_role_policy_document,
        )
    for policy in policy_store.list_policies(conn, account_id):
        inventory.policy_ids[policy.arn(partition)] = (policy.policy_id, policy.default_version_id)


def other_versions(conn: Connection, inventory: Inventory, policy_arn: str) -> list[ManagedVersion]:
    """The non-default versions of a customer managed policy (what SetDefaultPolicyVersion can pick)."""
    found = inventory.policy_ids.get(policy_arn)
    if found is None:
        return []
    policy_id, default = found
    return [
        ManagedVersion(v.version_id, v.document)
        for v in policy_store.list_versions(conn, policy_id)
        if v.version_id != default
    ]
