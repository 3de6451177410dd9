"""Steps that change a policy set until it is an administrator's: the actor may make the call (the
engine decides, with the call's own condition keys: ``iam:PolicyARN``, ``iam:PermissionsBoundary``,
the target's tags), and the target's policy set after the change allows ``*`` on ``*`` (the engine
decides that too, boundary and denies included).

- on a user: ``AttachUserPolicy`` (AdministratorAccess), ``PutUserPolicy``, ``AttachGroupPolicy`` /
  ``PutGroupPolicy`` on a group it is in, ``AddUserToGroup`` into a group whose policies make it one;
- on a role: ``AttachRolePolicy``, ``PutRolePolicy``;
- on either: ``CreatePolicyVersion`` / ``SetDefaultPolicyVersion`` on a customer managed policy it
  has, ``Delete…PermissionsBoundary`` and ``Put…PermissionsBoundary`` (AdministratorAccess).

A boundary that stands in the way may be removed first (two calls: ``Delete…PermissionsBoundary``,
then ``Attach…Policy`` / ``Put…Policy``); [choice] other combinations of changes are not tried.
Pure, but for the versions of a policy, read through ``versions``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from hatrack.analysis.decide import (
    ADMINISTRATOR_DOCUMENT,
    NO_CHANGE,
    Decider,
    Holding,
    PolicyChange,
    administrator_arn,
    target_context,
)
from hatrack.analysis.inventory import Inventory, ManagedVersion
from hatrack.analysis.steps import Step
from hatrack.evaluation import compile_policy
from hatrack.iam.policy_source import USER_MANAGED

ADMINISTRATOR = "administrator"
CHANGING_ACTIONS = tuple(
    f"iam:{verb}"
    for verb in (
        "AttachUserPolicy",
        "PutUserPolicy",
        "AttachRolePolicy",
        "PutRolePolicy",
        "AttachGroupPolicy",
        "PutGroupPolicy",
        "CreatePolicyVersion",
        "SetDefaultPolicyVersion",
        "DeleteUserPermissionsBoundary",
        "PutUserPermissionsBoundary",
        "DeleteRolePermissionsBoundary",
        "PutRolePermissionsBoundary",
        "AddUserToGroup",
    )
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One change: the call that makes it, what the target's policy set becomes, and the calls that
    must come first (``before``: removing the target's boundary so that an added policy counts)."""

    kind: str
    action: str
    resource: str
    change: PolicyChange
    extra: Mapping[str, str | list[str]]
    note: str = ""
    before: tuple[Candidate, ...] = ()


@dataclass
class Changes:
    """``to_administrator(actor, target)``: the first change the actor may make that makes the target
    an administrator, as a step (memoized per pair)."""

    inventory: Inventory
    decider: Decider
    versions: Callable[[str], list[ManagedVersion]]
    _memo: dict[tuple[tuple[str, bool], tuple[str, bool]], tuple[Step, ...] | None] = field(
        default_factory=dict
    )
    _actions: dict[tuple[str, bool], frozenset[str]] = field(default_factory=dict)
    _versions: dict[str, list[ManagedVersion]] = field(default_factory=dict)
    _by_target: dict[tuple[str, bool], list[Candidate]] = field(default_factory=dict)
    _ceiling: dict[tuple[str, bool], bool] = field(default_factory=dict)

    def _versions_of(self, policy_arn: str) -> list[ManagedVersion]:
        if policy_arn not in self._versions:
            self._versions[policy_arn] = self.versions(policy_arn)
        return self._versions[policy_arn]

    def may_change(self, actor: Holding) -> frozenset[str]:
        """The policy-changing actions the actor's policies name at all (most name none)."""
        found = self._actions.get(actor.key)
        if found is None:
            found = frozenset(a for a in CHANGING_ACTIONS if self.decider.may_mention(actor, a))
            self._actions[actor.key] = found
        return found

    def to_administrator(self, actor: Holding, target: Holding) -> tuple[Step, ...] | None:
        key = (actor.key, target.key)
        if key in self._memo:
            return self._memo[key]
        found: tuple[Step, ...] | None = None
        actions = self.may_change(actor)
        for candidate in self._candidates(target, actions) if actions else ():
            if any(c.action not in actions for c in candidate.before):
                continue
            if not all(self._may(actor, target, c, first=True) for c in candidate.before):
                continue
            if not self._may(actor, target, candidate, first=not candidate.before):
                continue
            if self.decider.is_administrator(target, candidate.change):
                note = candidate.note or f"{target.identity.arn} becomes an administrator"
                steps = [
                    Step(c.kind, actor.identity.arn, c.action, c.resource, target.identity.arn, c.note)
                    for c in candidate.before
                ]
                steps.append(
                    Step(
                        candidate.kind,
                        actor.identity.arn,
                        candidate.action,
                        candidate.resource,
                        ADMINISTRATOR,
                        note,
                    )
                )
                found = tuple(steps)
                break
        self._memo[key] = found
        return found

    def _may(self, actor: Holding, target: Holding, candidate: Candidate, *, first: bool) -> bool:
        """The engine's decision for the actor's call; a call made after the actor removed its own
        boundary is decided without it."""
        after = PolicyChange(drop_boundary=True) if not first and actor.key == target.key else NO_CHANGE
        return self.decider.allowed(
            actor, candidate.action, candidate.resource, extra=candidate.extra, change=after
        )

    def _cannot_help(self, target: Holding, change: PolicyChange) -> bool:
        """A shortcut the engine's own answers justify: when even AdministratorAccess added to the
        target leaves it short of ``*`` on ``*`` (a Deny or its boundary), a change that only adds
        policies, or replaces one that holds no Deny, cannot make it an administrator."""
        if change.drop_boundary or change.boundary is not None:
            return False
        ceiling = self._ceiling.get(target.key)
        if ceiling is None:
            ceiling = self.decider.is_administrator(target, PolicyChange(add=(ADMINISTRATOR_DOCUMENT,)))
            self._ceiling[target.key] = ceiling
        if ceiling:
            return False
        labels = {label for label, _ in change.replace}
        replaced = [p.document for p in target.identity.policies.identity if p.label in labels]
        return not any(has_deny(document) for document in replaced)

    def _candidates(self, target: Holding, actions: frozenset[str]) -> Iterator[Candidate]:
        """The changes of the module's list that the actor's ``actions`` name, for this target."""
        every = self._by_target.get(target.key)
        if every is None:
            # Only the changes that could make an administrator at all, worked out once per target.
            every = [c for c in self._all_candidates(target) if not self._cannot_help(target, c.change)]
            self._by_target[target.key] = every
        for candidate in every:
            if candidate.action in actions:
                yield candidate
        if "iam:SetDefaultPolicyVersion" in actions:
            for candidate in self._version_candidates(target):
                if not self._cannot_help(target, candidate.change):
                    yield candidate

    def _version_candidates(self, target: Holding) -> Iterator[Candidate]:
        for policy in target.identity.policies.identity:
            if policy.policy_type != USER_MANAGED or policy.policy_arn is None:
                continue
            for version in self._versions_of(policy.policy_arn):
                yield Candidate(
                    "SetDefaultPolicyVersion",
                    "iam:SetDefaultPolicyVersion",
                    policy.policy_arn,
                    PolicyChange(replace=((policy.label, version.document),)),
                    {},
                    f"version {version.version_id} of {policy.policy_arn} makes an administrator",
                )

    def _all_candidates(self, target: Holding) -> Iterator[Candidate]:
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
        if identity.policies.boundary is not None:
            removal = Candidate(
                f"Delete{kind}PermissionsBoundary",
                f"iam:Delete{kind}PermissionsBoundary",
                identity.arn,
                PolicyChange(drop_boundary=True),
                tags,
                "its permissions boundary removed",
            )
            yield Candidate(removal.kind, removal.action, removal.resource, removal.change, tags)
            # Two calls: the boundary goes, then AdministratorAccess counts in full.
            unbounded = PolicyChange(add=(ADMINISTRATOR_DOCUMENT,), drop_boundary=True)
            yield Candidate(
                f"Attach{kind}Policy",
                f"iam:Attach{kind}Policy",
                identity.arn,
                unbounded,
                attaching,
                before=(removal,),
            )
            yield Candidate(
                f"Put{kind}Policy", f"iam:Put{kind}Policy", identity.arn, unbounded, tags, before=(removal,)
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


def has_deny(document: str) -> bool:
    return any(statement.is_deny for statement in compile_policy(document).statements)
