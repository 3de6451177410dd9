"""Questions the escalation analysis asks of ``hatrack.evaluation``, for credentials an attacker holds.

A ``Holding`` is one identity's credentials as the attacker would use them: a user's long-term key
(with the user's own MFA device when it has one: AssumeRole and GetSessionToken take its code, so
``aws:MultiFactorAuthPresent`` can be true), or a session of a role. Its request context is built the
way ``api/authorize.py``'s ``request_context_keys`` builds it for a live call, from what the holder
has and nothing more:

- [choice] no ``aws:SourceIp`` (the analysis does not know where the attacker calls from, so an
  ``IpAddress`` condition is not satisfied, and a Deny "unless from the office" applies); no
  ``sts:ExternalId``, no session tags, no source identity (an attacker is not assumed to know them);
- ``aws:SecureTransport`` true and ``aws:RequestedRegion`` us-east-1 (the caller chooses both);
- session policies: none (they only ever take permissions away, and the attacker chooses them).

Every decision is ``evaluate(AuthorizationRequest, PolicySet)`` with the holder's identity policies,
its permissions boundary and, for AssumeRole, the role's trust policy as the resource policy.
Pure: no store access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from hatrack.analysis.inventory import Identity
from hatrack.evaluation import AuthorizationRequest, CompiledPolicy, PolicySet, compile_policy, evaluate
from hatrack.evaluation.request import ContextValue, normalize_context
from hatrack.iam.managed_policies import aws_managed_policies
from hatrack.iam.names import resource_tag_context
from hatrack.iam.policy_source import PrincipalPolicies
from hatrack.policy.template import Template

SESSION_NAME = "hatrack-analysis"  # [choice] the role session name an analysed step would use
ADMINISTRATOR_ARN_TAIL = "iam::aws:policy/AdministratorAccess"
ADMINISTRATOR_DOCUMENT = aws_managed_policies()["administratoraccess"].document
_MAX_COVER_PROBES = 256

Context = dict[str, str | list[str]]


def administrator_arn(partition: str) -> str:
    return f"arn:{partition}:{ADMINISTRATOR_ARN_TAIL}"


@dataclass(frozen=True, slots=True)
class Holding:
    """The attacker holds ``identity``'s credentials; ``mfa``: with an MFA code for them."""

    identity: Identity
    mfa: bool = False

    @property
    def key(self) -> tuple[str, bool]:
        return (self.identity.unique_id, self.mfa)


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """A policy set as it would be after a step: documents added, replaced (by label), a boundary
    removed or replaced."""

    add: tuple[str, ...] = ()
    replace: tuple[tuple[str, str], ...] = ()  # (policy label, new document)
    drop_boundary: bool = False
    boundary: str | None = None


NO_CHANGE = PolicyChange()


def caller_arn(holding: Holding, partition: str) -> str:
    """The ARN the engine sees as the caller: a user's own, or its role session's."""
    identity = holding.identity
    if identity.is_user:
        return identity.arn
    return f"arn:{partition}:sts::{identity.account_id}:assumed-role/{identity.name}/{SESSION_NAME}"


def principal_context(holding: Holding, *, partition: str, now: datetime) -> Context:
    """The global condition keys of a call made with these credentials (see the module's docstring)."""
    identity = holding.identity
    keys: Context = {
        "aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": str(int(now.timestamp())),
        "aws:SecureTransport": "true",
        "aws:RequestedRegion": "us-east-1",
        "aws:PrincipalArn": identity.arn,
        "aws:PrincipalAccount": identity.account_id,
        "aws:PrincipalType": "User" if identity.is_user else "AssumedRole",
        "aws:userid": identity.unique_id if identity.is_user else f"{identity.unique_id}:{SESSION_NAME}",
        "aws:ViaAWSService": "false",
        "aws:PrincipalIsAWSService": "false",
    }
    if identity.is_user:
        keys["aws:username"] = identity.name
    if not identity.is_user or holding.mfa:
        # A role session, or the user's GetSessionToken session made with its MFA device.
        keys["aws:TokenIssueTime"] = keys["aws:CurrentTime"]
        keys["aws:MultiFactorAuthPresent"] = "true" if holding.mfa else "false"
        if holding.mfa:
            keys["aws:MultiFactorAuthAge"] = "0"
    for key, value in identity.tags:
        keys[f"aws:PrincipalTag/{key}"] = value
    return keys


def target_context(target: Identity | None) -> Context:
    """``aws:ResourceTag/*`` and ``iam:ResourceTag/*`` of a user or role the step acts on."""
    return resource_tag_context(target.tags) if target is not None else {}


@dataclass
class Decider:
    """Builds policy sets (one per distinct set of documents) and asks the engine."""

    partition: str
    now: datetime
    _sets: dict[tuple[tuple[str, ...], str | None, str | None], PolicySet] = field(default_factory=dict)
    _contexts: dict[tuple[str, bool], Context] = field(default_factory=dict)
    _admin: dict[tuple[tuple[str, ...], str | None, tuple[str, bool]], bool] = field(default_factory=dict)
    _mentions: dict[tuple[str, str], bool] = field(default_factory=dict)
    _compiled: dict[str, tuple[CompiledPolicy, ...]] = field(default_factory=dict)
    _probes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _folded: dict[tuple[str, bool], dict[str, ContextValue]] = field(default_factory=dict)
    _allowed: dict[tuple[object, ...], bool] = field(default_factory=dict)
    _documents: dict[int, tuple[PrincipalPolicies, tuple[tuple[str, ...], str | None]]] = field(
        default_factory=dict
    )

    def documents(
        self, policies: PrincipalPolicies, change: PolicyChange = NO_CHANGE
    ) -> tuple[tuple[str, ...], str | None]:
        if change is NO_CHANGE:
            found = self._documents.get(id(policies))
            if found is not None and found[0] is policies:
                return found[1]
            documents = self._changed(policies, change)
            self._documents[id(policies)] = (policies, documents)
            return documents
        return self._changed(policies, change)

    def _changed(
        self, policies: PrincipalPolicies, change: PolicyChange
    ) -> tuple[tuple[str, ...], str | None]:
        replaced = dict(change.replace)
        identity = tuple(replaced.get(p.label, p.document) for p in policies.identity) + change.add
        boundary = policies.boundary.document if policies.boundary is not None else None
        if change.drop_boundary:
            boundary = None
        if change.boundary is not None:
            boundary = change.boundary
        return identity, boundary

    def policy_set(
        self, identity: tuple[str, ...], boundary: str | None, trust: str | None = None
    ) -> PolicySet:
        key = (identity, boundary, trust)
        found = self._sets.get(key)
        if found is None:
            found = PolicySet(
                identity=tuple(compile_policy(text) for text in identity),
                boundary=compile_policy(boundary) if boundary is not None else None,
                resource=compile_policy(trust) if trust is not None else None,
                resource_is_trust_policy=True if trust is not None else None,
            )
            self._sets[key] = found
        return found

    def context(self, holding: Holding) -> Context:
        found = self._contexts.get(holding.key)
        if found is None:
            found = principal_context(holding, partition=self.partition, now=self.now)
            self._contexts[holding.key] = found
        return found

    def may_mention(self, holding: Holding, action: str) -> bool:
        """Whether any identity policy of the holder has an Allow naming ``action`` (a cheap filter:
        without one no decision for it can be Allow)."""
        key = (holding.identity.unique_id, action.lower())
        found = self._mentions.get(key)
        if found is None:
            found = any(policy.for_action(key[1])[1] for policy in self._identity_policies(holding))
            self._mentions[key] = found
        return found

    def _identity_policies(self, holding: Holding) -> tuple[CompiledPolicy, ...]:
        identity = holding.identity
        compiled = self._compiled.get(identity.unique_id)
        if compiled is None:
            compiled = tuple(compile_policy(p.document) for p in identity.policies.identity)
            self._compiled[identity.unique_id] = compiled
        return compiled

    def may_allow_on(self, holding: Holding, action: str, resource: str) -> bool:
        """Whether some identity Allow of the holder for ``action`` admits ``resource`` by its
        Resource / NotResource (conditions not tested): a filter without false negatives before the
        engine decides, since a condition only ever narrows a statement."""
        compiled = self._identity_policies(holding)
        folded = self._folded.get(holding.key)
        if folded is None:
            folded = normalize_context(self.context(holding))
            self._folded[holding.key] = folded
        key = action.lower()
        for policy in compiled:
            for statement in policy.for_action(key)[1]:
                if statement.resources is not None and not statement.resources.matches(resource, folded):
                    continue
                if statement.not_resources is not None and statement.not_resources.matches(resource, folded):
                    continue
                return True
        return False

    def allowed(
        self,
        holding: Holding,
        action: str,
        resource: str,
        *,
        resource_account: str | None = None,
        extra: Mapping[str, str | list[str]] | None = None,
        trust: str | None = None,
        change: PolicyChange = NO_CHANGE,
    ) -> bool:
        """The engine's decision for the holder doing ``action`` on ``resource`` (remembered when the
        holder's own policies decide: the same call on the same resource recurs across paths)."""
        memo_key: tuple[object, ...] | None = None
        if trust is None and change is NO_CHANGE:
            shown = tuple(
                sorted((k, v if isinstance(v, str) else tuple(v)) for k, v in (extra or {}).items())
            )
            memo_key = (holding.key, action, resource, resource_account, shown)
            found = self._allowed.get(memo_key)
            if found is not None:
                return found
        decision = self._decide(holding, action, resource, resource_account, extra, trust, change)
        if memo_key is not None:
            self._allowed[memo_key] = decision
        return decision

    def _decide(
        self,
        holding: Holding,
        action: str,
        resource: str,
        resource_account: str | None,
        extra: Mapping[str, str | list[str]] | None,
        trust: str | None,
        change: PolicyChange,
    ) -> bool:
        identity, boundary = self.documents(holding.identity.policies, change)
        context = self.context(holding)
        if extra:
            context = {**context, **extra}
        request = AuthorizationRequest(
            principal_arn=caller_arn(holding, self.partition),
            principal_account=holding.identity.account_id,
            action=action,
            resource_arn=resource,
            resource_account=resource_account or holding.identity.account_id,
            context=context,
        )
        return evaluate(request, self.policy_set(identity, boundary, trust)).allowed

    def is_administrator(self, holding: Holding, change: PolicyChange = NO_CHANGE) -> bool:
        """Can perform ``*`` on ``*``: the engine allows action ``*`` on resource ``*``, and every action
        a Deny (or an Allow's NotAction) names, so that no Deny that applies to this holder remains."""
        identity, boundary = self.documents(holding.identity.policies, change)
        key = (identity, boundary, holding.key)
        found = self._admin.get(key)
        if found is None:
            documents = (*identity, *((boundary,) if boundary is not None else ()))
            found = all(
                self.allowed(holding, action, resource, change=change)
                for action, resource in administrator_probes(compile_policy(text) for text in documents)
            )
            self._admin[key] = found
        return found

    def adds_to(self, holder: Holding, other: Holding) -> bool:
        """Whether ``other`` may do something ``holder`` may not: some (action, resource) an Allow of
        ``other`` names is allowed for ``other`` and not for ``holder``. [choice] probed with the
        statements' own action and resource patterns, conditions decided for ``other``."""
        probes = self._probes.get(other.identity.unique_id)
        if probes is None:
            probes = allow_probes(other.identity.policies)
            self._probes[other.identity.unique_id] = probes
        return any(
            not self.allowed(holder, action, resource) and self.allowed(other, action, resource)
            for action, resource in probes
        )


def _resources(templates: tuple[Template, ...] | None) -> list[str]:
    """The resource patterns of a statement as probe resources (one with a policy variable: ``*``)."""
    if not templates:
        return ["*"]
    return [template.raw if template.is_plain else "*" for template in templates]


def administrator_probes(policies: Iterable[CompiledPolicy]) -> list[tuple[str, str]]:
    probes: dict[tuple[str, str], None] = {("*", "*"): None}
    for policy in policies:
        for compiled in policy.statements:
            statement = compiled.statement
            if compiled.is_deny:
                actions = statement.action if statement.action is not None else ("*",)
                for action in actions:
                    for resource in _resources(statement.resource):
                        probes[(action, resource)] = None
                for action in statement.not_action or ():
                    probes[(action, "*")] = None
            else:
                for action in statement.not_action or ():
                    probes[(action, "*")] = None
    return list(probes)


def allow_probes(policies: PrincipalPolicies) -> list[tuple[str, str]]:
    probes: dict[tuple[str, str], None] = {}
    for policy in policies.identity:
        for compiled in compile_policy(policy.document).statements:
            statement = compiled.statement
            if compiled.is_deny:
                continue
            actions = statement.action if statement.action is not None else ("*",)
            resources = _resources(statement.resource) if statement.not_resource is None else ["*"]
            for action in actions:
                for resource in resources:
                    probes[(action, resource)] = None
                    if len(probes) >= _MAX_COVER_PROBES:
                        return list(probes)
    return list(probes)
