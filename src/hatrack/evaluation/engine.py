"""AWS's policy evaluation logic: ``evaluate(request, policies) -> Decision``.

Order (IAM User Guide, "Policy evaluation logic"; the corpus SCHEMA §2):

1. an applicable Deny in any policy -> ExplicitDeny;
2. every SCP level needs an applicable Allow;
3. session policies, when present, need an applicable Allow;
4. the grant: same account, ``(identity and boundary) or resource-direct or (resource-role and
   boundary)``; a role trust policy must itself allow (``direct or (role and boundary) or
   (account and identity and boundary)``); across accounts both sides must allow.

Statements are found through each policy's action index, so a decision tests only the resource,
principal and condition of statements that name the action. Imports only ``hatrack.policy``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hatrack.evaluation.compile import CompiledPolicy, CompiledStatement, PrincipalMatch
from hatrack.evaluation.request import AuthorizationRequest


class DecisionEffect(enum.Enum):
    ALLOW = "Allow"
    EXPLICIT_DENY = "ExplicitDeny"
    IMPLICIT_DENY = "ImplicitDeny"


class PolicyType(enum.Enum):
    """The kinds of policy a decision can name, with AWS's wording in AccessDenied messages."""

    IDENTITY = "identity-based policy"
    RESOURCE = "resource-based policy"
    TRUST = "role trust policy"
    BOUNDARY = "permissions boundary"
    SESSION = "session policy"
    SCP = "service control policy"


_EXPLICIT_ARTICLE = {PolicyType.TRUST: "the", PolicyType.IDENTITY: "an"}


@dataclass(frozen=True, slots=True)
class MatchedStatement:
    """A statement that decided: its policy (type, label, position in the set) and its Sid."""

    policy_type: PolicyType
    policy_label: str | None
    policy_index: int
    statement_index: int
    sid: str | None
    effect: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer. ``policy_type`` is the kind of policy that denied explicitly, or the kind whose
    missing Allow caused an implicit deny; ``matched`` the statements that decided.
    """

    effect: DecisionEffect
    policy_type: PolicyType | None = None
    matched: tuple[MatchedStatement, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.effect is DecisionEffect.ALLOW

    def reason_text(self, action: str) -> str:
        """The tail of AWS's AccessDenied message ("because no identity-based policy allows ...")."""
        if self.effect is DecisionEffect.ALLOW or self.policy_type is None:
            return ""
        name = self.policy_type.value
        if self.effect is DecisionEffect.EXPLICIT_DENY:
            return f"with an explicit deny in {_EXPLICIT_ARTICLE.get(self.policy_type, 'a')} {name}"
        return f"because no {name} allows the {action} action"


@dataclass(frozen=True, slots=True)
class PolicySet:
    """Every policy that applies to one request.

    ``scps`` holds one tuple per level of the organization (root first). ``resource_is_trust_policy``
    says the resource policy is a role trust policy; ``None`` infers it from an ``sts:`` action.
    """

    identity: tuple[CompiledPolicy, ...] = ()
    resource: CompiledPolicy | None = None
    boundary: CompiledPolicy | None = None
    session: tuple[CompiledPolicy, ...] = ()
    scps: tuple[tuple[CompiledPolicy, ...], ...] = ()
    resource_is_trust_policy: bool | None = None


def _matched(
    policy_type: PolicyType, policy: CompiledPolicy, index: int, statement: CompiledStatement
) -> MatchedStatement:
    return MatchedStatement(
        policy_type,
        policy.label,
        index,
        statement.statement.index,
        statement.statement.sid,
        statement.statement.effect.value,
    )


def _explicit(
    policy_type: PolicyType, policy: CompiledPolicy, index: int, statement: CompiledStatement
) -> Decision:
    return Decision(
        DecisionEffect.EXPLICIT_DENY, policy_type, (_matched(policy_type, policy, index, statement),)
    )


def _implicit(policy_type: PolicyType) -> Decision:
    return _IMPLICIT[policy_type]


_IMPLICIT = {kind: Decision(DecisionEffect.IMPLICIT_DENY, kind) for kind in PolicyType}

_Found = tuple[int, CompiledPolicy, CompiledStatement]


def _first_allow(
    policies: tuple[CompiledPolicy, ...], action_key: str, request: AuthorizationRequest
) -> _Found | None:
    resource = request.resource_arn
    context = request.folded_context
    for index, policy in enumerate(policies):
        for statement in policy.for_action(action_key)[1]:
            if statement.applies(resource, context):
                return index, policy, statement
    return None


def evaluate(request: AuthorizationRequest, policies: PolicySet) -> Decision:
    """Decide Allow, ExplicitDeny or ImplicitDeny for ``request`` against ``policies``."""
    action_key = request.action_key
    resource = request.resource_arn
    context = request.folded_context
    has_boundary = policies.boundary is not None
    resource_policy = policies.resource
    trust = policies.resource_is_trust_policy
    if trust is None:
        trust = action_key.startswith("sts:")
    resource_type = PolicyType.TRUST if trust else PolicyType.RESOURCE

    # 1. Explicit deny anywhere wins.
    for index, policy in enumerate(policies.identity):
        for statement in policy.for_action(action_key)[0]:
            if statement.applies(resource, context):
                return _explicit(PolicyType.IDENTITY, policy, index, statement)
    if resource_policy is not None:
        for statement in resource_policy.for_action(action_key)[0]:
            if statement.principal_match(request, has_boundary=has_boundary) and statement.applies(
                resource, context
            ):
                return _explicit(resource_type, resource_policy, 0, statement)
    if policies.boundary is not None:
        for statement in policies.boundary.for_action(action_key)[0]:
            if statement.applies(resource, context):
                return _explicit(PolicyType.BOUNDARY, policies.boundary, 0, statement)
    for index, policy in enumerate(policies.session):
        for statement in policy.for_action(action_key)[0]:
            if statement.applies(resource, context):
                return _explicit(PolicyType.SESSION, policy, index, statement)
    for level in policies.scps:
        for index, policy in enumerate(level):
            for statement in policy.for_action(action_key)[0]:
                if statement.applies(resource, context):
                    return _explicit(PolicyType.SCP, policy, index, statement)

    matched: list[MatchedStatement] = []

    # 2. Every SCP level must allow.
    for level in policies.scps:
        found = _first_allow(level, action_key, request)
        if found is None:
            return _implicit(PolicyType.SCP)
        matched.append(_matched(PolicyType.SCP, found[1], found[0], found[2]))

    # The resource policy's strongest applicable Allow.
    grant = PrincipalMatch.NONE
    grant_statement: CompiledStatement | None = None
    if resource_policy is not None:
        for statement in resource_policy.for_action(action_key)[1]:
            strength = statement.principal_match(request, has_boundary=has_boundary)
            if strength > grant and statement.applies(resource, context):
                grant, grant_statement = strength, statement
                if strength is PrincipalMatch.EXACT:
                    break
    same_account = request.principal_account == request.resource_account

    # 3. Session policies limit everything but a same-account grant naming the session itself.
    if policies.session:
        found = _first_allow(policies.session, action_key, request)
        if found is None:
            if not (same_account and not trust and grant is PrincipalMatch.EXACT):
                return _implicit(PolicyType.SESSION)
        else:
            matched.append(_matched(PolicyType.SESSION, found[1], found[0], found[2]))

    # 4. The grant.
    identity = _first_allow(policies.identity, action_key, request)
    boundary: _Found | None = None
    if policies.boundary is not None:
        boundary = _first_allow((policies.boundary,), action_key, request)
    boundary_ok = policies.boundary is None or boundary is not None

    allowed: bool
    denied_by: PolicyType
    use_identity = False
    use_resource = False
    if not same_account:
        allowed = identity is not None and boundary_ok and grant is not PrincipalMatch.NONE
        use_identity = use_resource = True
        if identity is None:
            denied_by = PolicyType.IDENTITY
        elif not boundary_ok:
            denied_by = PolicyType.BOUNDARY
        else:
            denied_by = resource_type
    elif resource_policy is None and not policies.resource_is_trust_policy:
        allowed = identity is not None and boundary_ok
        use_identity = True
        denied_by = PolicyType.IDENTITY if identity is None else PolicyType.BOUNDARY
    elif trust:
        use_resource = True
        if grant.is_direct:
            allowed = True
        elif grant is PrincipalMatch.ROLE:
            allowed = boundary_ok
        elif grant is PrincipalMatch.ACCOUNT:
            allowed = identity is not None and boundary_ok
            use_identity = True
        else:
            allowed = False
        if grant is PrincipalMatch.NONE:
            denied_by = resource_type
        elif not boundary_ok:
            denied_by = PolicyType.BOUNDARY
        else:
            denied_by = PolicyType.IDENTITY
    elif grant.is_direct:
        allowed = use_resource = True
        denied_by = PolicyType.IDENTITY
    elif identity is not None and boundary_ok:
        allowed = use_identity = True
        denied_by = PolicyType.IDENTITY
    elif grant is PrincipalMatch.ROLE and boundary_ok:
        allowed = use_resource = True
        denied_by = PolicyType.IDENTITY
    else:
        allowed = False
        needs_boundary = identity is not None or grant is PrincipalMatch.ROLE
        denied_by = PolicyType.BOUNDARY if needs_boundary else PolicyType.IDENTITY

    if not allowed:
        return _implicit(denied_by)
    if use_identity and identity is not None:
        matched.append(_matched(PolicyType.IDENTITY, identity[1], identity[0], identity[2]))
    if use_resource and grant_statement is not None and resource_policy is not None:
        matched.append(_matched(resource_type, resource_policy, 0, grant_statement))
    if boundary is not None and (use_identity or grant is PrincipalMatch.ROLE):
        matched.append(_matched(PolicyType.BOUNDARY, boundary[1], 0, boundary[2]))
    return Decision(DecisionEffect.ALLOW, None, tuple(matched))
