"""Steps that change a policy set until it is an administrator's: the actor may make the call (the
engine decides, with the call's own condition keys: ``iam:PolicyARN``, ``iam:PermissionsBoundary``,
the target's tags), and the target's policy set after the change allows ``*`` on ``*`` (the engine
decides that too, boundary and denies included).

- on a user: ``AttachUserPolicy`` (AdministratorAccess), ``PutUserPolicy``, ``AttachGroupPolicy`` /
  ``PutGroupPolicy`` on a group it is in, ``AddUserToGroup`` into a group whose policies make it one;
- on a role: ``AttachRolePolicy``, ``PutRolePolicy``;
- on either: ``CreatePolicyVersion`` / ``SetDefaultPolicyVersion`` on a customer managed policy it
  has, ``Delete…PermissionsBoundary`` and ``Put…PermissionsBoundary`` (AdministratorAccess).

[choice] One change per path: a target that would need two (remove its boundary, then attach a
policy) is not reported. Pure, but for the versions of a policy, read through ``versions``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from hatrack.analysis.decide import (
    ADMINISTRATOR_DOCUMENT,
    Decider,
    Holding,
    PolicyChange,
    administrator_arn,
    target_context,
)
from hatrack.analysis.inventory import Inventory, ManagedVersion
from hatrack.analysis.steps import Step
from hatrack.iam.policy_source import USER_MANAGED

ADMINISTRATOR = "administrator"


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: str
    action: str
    resource: str
    change: PolicyChange
    extra: Mapping[str, str | list[str]]
    note: str = ""


@dataclass
class Changes:
    """``to_administrator(actor, target)``: the first change the actor may make that makes the target
    an administrator, as a step (memoized per pair)."""

    inventory: Inventory
    decider: Decider
    versions: Callable[[str], list[ManagedVersion]]
    _memo: dict[tuple[tuple[str, bool], tuple[str, bool]], Step | None] = field(default_factory=dict)

    def to_administrator(self, actor: Holding, target: Holding) -> Step | None:
        key = (actor.key, target.key)
        if key in self._memo:
            return self._memo[key]
        found: Step | None = None
        for candidate in self._candidates(target):
            if not self.decider.may_mention(actor, candidate.action):
                continue
            if not self.decider.is_administrator(target, candidate.change):
                continue
            if self.decider.allowed(actor, candidate.action, candidate.resource, extra=candidate.extra):
                note = candidate.note or f"{target.identity.arn} becomes an administrator"
                found = Step(
                    candidate.kind,
                    actor.identity.arn,
                    candidate.action,
                    candidate.resource,
                    ADMINISTRATOR,
                    note,
                )
                break
        self._memo[key] = found
        return found

    def _candidates(self, target: Holding) -> Iterator[Candidate]:
        identity = target.identity
        partition = self.inventory.partition
        admin_arn = administrator_arn(partition)
        tags = target_context(identity)
        add_admin = PolicyChange(add=(ADMINISTRATOR_DOCUMENT,))
        attaching = {"iam:PolicyARN": admin_arn, **tags}
        kind = "User" if identity.is_user else "Role"
        yield Candidate(f"Attach{kind}Policy", f"iam:Attach{kind}Policy", identity.arn, add_admin, attaching)
        yield Candidate(f"Put{kind}Policy", f"iam:Put{kind}Policy", identity.arn, add_admin, tags)
        if identity.is_user:
            for group_id in identity.group_ids:
                group = self.inventory.groups.get(group_id)
                if group is None:
                    continue
                policy_arn = {"iam:PolicyARN": admin_arn}
                yield Candidate(
                    "AttachGroupPolicy", "iam:AttachGroupPolicy", group.arn, add_admin, policy_arn
                )
                yield Candidate("PutGroupPolicy", "iam:PutGroupPolicy", group.arn, add_admin, {})
        for policy in identity.policies.identity:
            if policy.policy_type != USER_MANAGED or policy.policy_arn is None:
                continue
            replaced = PolicyChange(replace=((policy.label, ADMINISTRATOR_DOCUMENT),))
            yield Candidate("CreatePolicyVersion", "iam:CreatePolicyVersion", policy.policy_arn, replaced, {})
            for version in self.versions(policy.policy_arn):
                older = PolicyChange(replace=((policy.label, version.document),))
                yield Candidate(
                    "SetDefaultPolicyVersion",
                    "iam:SetDefaultPolicyVersion",
                    policy.policy_arn,
                    older,
                    {},
                    f"version {version.version_id} of {policy.policy_arn} makes an administrator",
                )
        if identity.policies.boundary is not None:
            yield Candidate(
                f"Delete{kind}PermissionsBoundary",
                f"iam:Delete{kind}PermissionsBoundary",
                identity.arn,
                PolicyChange(drop_boundary=True),
                tags,
            )
            yield Candidate(
                f"Put{kind}PermissionsBoundary",
                f"iam:Put{kind}PermissionsBoundary",
                identity.arn,
                PolicyChange(boundary=ADMINISTRATOR_DOCUMENT),
                {"iam:PermissionsBoundary": admin_arn, **tags},
            )
        if identity.is_user:
            for group in self.inventory.groups.values():
                if group.account_id != identity.account_id or group.group_id in identity.group_ids:
                    continue
                joined = PolicyChange(add=tuple(p.document for p in group.policies.identity))
                yield Candidate(
                    "AddUserToGroup",
                    "iam:AddUserToGroup",
                    group.arn,
                    joined,
                    {},
                    f"{identity.arn} joins {group.arn} and becomes an administrator",
                )
