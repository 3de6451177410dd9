"""The simulated principal's policies (SimulatePrincipalPolicy, GetContextKeysForPrincipalPolicy), read
from the policy source the authorizer uses (``hatrack.iam.policy_source``), and ``PolicyExclusionList``.

This is the simulator's only reader of the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from hatrack.errors import NoSuchEntity
from hatrack.iam import policy_source
from hatrack.iam.attachments import GROUP, ROLE, USER, Principal
from hatrack.iam.policy_source import AWS_MANAGED, USER_MANAGED, PrincipalPolicies
from hatrack.iam.simulation.inputs import PolicyExclusion, parse_source_arn
from hatrack.iam.simulation.values import BOUNDARY_SOURCE, IDENTITY_SOURCE, SimulationPolicy
from hatrack.model.identities import GroupRecord, RoleRecord, UserRecord
from hatrack.policy.glob import glob_matches
from hatrack.store import groups as group_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

BOUNDARY_TYPE = "permission-boundary"


@dataclass(frozen=True, slots=True)
class SourcePolicy:
    """A policy of the simulated principal, with what ``PolicyExclusionList`` can select it by."""

    policy: SimulationPolicy
    policy_type: str  # "inline" | "aws-managed" | "user-managed" | "permission-boundary"
    policy_arn: str | None = None
    attachment: tuple[str, str] | None = None  # (user | group | role, its name) of an inline policy


@dataclass(frozen=True, slots=True)
class SourcePolicies:
    principal: Principal
    identity: tuple[SourcePolicy, ...]
    boundary: SourcePolicy | None = None


Entity = UserRecord | GroupRecord | RoleRecord


def find_entity(conn: Connection, account_id: str, arn: str) -> Entity | None:
    """The user, group or role ``arn`` names in ``account_id`` (its name and its path must match); None
    when there is none. ``InvalidInput`` for an ARN that names no user, group or role."""
    owner, kind, path, name = parse_source_arn(arn)
    if owner != account_id:
        return None
    found: Entity | None
    if kind == USER:
        found = user_store.get_user(conn, account_id, name)
    elif kind == GROUP:
        found = group_store.get_group(conn, account_id, name)
    else:
        found = role_store.get_role(conn, account_id, name)
    return found if found is not None and found.path == path else None


def principal_of(entity: Entity) -> Principal:
    if isinstance(entity, UserRecord):
        return Principal(USER, entity.user_id, entity.name, entity.path, entity.account_id)
    if isinstance(entity, GroupRecord):
        return Principal(GROUP, entity.group_id, entity.name, entity.path, entity.account_id)
    return Principal(ROLE, entity.role_id, entity.role_name, entity.path, entity.account_id)


def entity_tags(entity: Entity) -> tuple[tuple[str, str], ...]:
    """The entity's tags (groups have none)."""
    return () if isinstance(entity, GroupRecord) else entity.tags


def _policies_of(conn: Connection, entity: Entity, partition: str) -> PrincipalPolicies:
    if isinstance(entity, UserRecord):
        return policy_source.user_policies(conn, entity, partition=partition)
    if isinstance(entity, GroupRecord):
        return policy_source.group_policies(conn, entity, partition=partition)
    return policy_source.role_policies(conn, entity, partition=partition)


def load_source_policies(conn: Connection, account_id: str, arn: str, *, partition: str) -> SourcePolicies:
    """The identity-based policies of the user (and its groups), group or role named by ``arn``, and its
    permissions boundary; ``NoSuchEntity`` if it does not exist in ``account_id``."""
    _, kind, _, name = parse_source_arn(arn)
    entity = find_entity(conn, account_id, arn)
    if entity is None:
        raise NoSuchEntity(f"The {kind} with name {name} cannot be found.")
    policies = _policies_of(conn, entity, partition)
    identity = tuple(
        SourcePolicy(
            SimulationPolicy(policy.name, IDENTITY_SOURCE, policy.document),
            policy.policy_type,
            policy_arn=policy.policy_arn,
            attachment=policy.attached_to,
        )
        for policy in policies.identity
    )
    boundary: SourcePolicy | None = None
    if policies.boundary is not None:
        label = policies.boundary.label
        boundary = SourcePolicy(
            SimulationPolicy(label.rsplit("/", 1)[-1], BOUNDARY_SOURCE, policies.boundary.document),
            BOUNDARY_TYPE,
            policy_arn=label,
        )
    return SourcePolicies(principal_of(entity), identity, boundary)


def exclude(policies: SourcePolicies, exclusions: Sequence[PolicyExclusion]) -> SourcePolicies:
    """``policies`` without those an exclusion selects (identifiers that select nothing are ignored)."""

    def excluded(source: SourcePolicy) -> bool:
        for exclusion in exclusions:
            if exclusion.policy_type is not None and exclusion.policy_type == source.policy_type:
                return True
            if (
                exclusion.policy_arn is not None
                and source.policy_type in (AWS_MANAGED, USER_MANAGED)
                and source.policy_arn is not None
                and glob_matches(exclusion.policy_arn, source.policy_arn)
            ):
                return True
            if exclusion.inline is not None and source.attachment is not None:
                policy_name, attachment_type, attachment_name = exclusion.inline
                if (
                    source.policy.source_id == policy_name
                    and source.attachment[0] == attachment_type
                    and glob_matches(attachment_name, source.attachment[1])
                ):
                    return True
        return False

    boundary = policies.boundary
    if boundary is not None and excluded(boundary):
        boundary = None
    return SourcePolicies(
        policies.principal, tuple(source for source in policies.identity if not excluded(source)), boundary
    )
