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
from dataclasses import dataclass, field

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


# (policy index, policy, statement, the Allow decision it makes when it is the only grant)
_Found = tuple[int, "CompiledPolicy", CompiledStatement, "Decision"]
# (statement, whether it is a resource-policy statement naming principals, the ExplicitDeny it makes)
_Deny = tuple[CompiledStatement, bool, "Decision"]
_PLAN_LIMIT = 1024


@dataclass(frozen=True, slots=True)
class _Plan:
    """The statements of a policy set that name one action, ready to test (see ``PolicySet.plan``)."""

    trust: bool
    denies: tuple[_Deny, ...]
    identity: tuple[_Found, ...]
    resource: tuple[CompiledStatement, ...]
    boundary: tuple[_Found, ...]
    session: tuple[_Found, ...]
    scps: tuple[tuple[_Found, ...], ...]


def _allows(
    policy_type: PolicyType, policies: tuple[CompiledPolicy, ...], action_key: str
) -> tuple[_Found, ...]:
    return tuple(
        (index, policy, statement, _sole_allow(policy_type, policy, index, statement))
        for index, policy in enumerate(policies)
        for statement in policy.for_action(action_key)[1]
    )


def _denies(
    policy_type: PolicyType,
    policies: tuple[CompiledPolicy, ...],
    action_key: str,
    *,
    names_principal: bool = False,
) -> list[_Deny]:
    return [
        (statement, names_principal, _explicit(policy_type, policy, index, statement))
        for index, policy in enumerate(policies)
        for statement in policy.for_action(action_key)[0]
    ]


@dataclass(frozen=True, slots=True)
class PolicySet:
    """Every policy that applies to one request.

    ``scps`` holds one tuple per level of the organization (root first). ``resource_is_trust_policy``
    says the resource policy is a role trust policy; ``None`` infers it from an ``sts:`` action.
    A policy set remembers, per action, which statements name it: keep one per principal and
    reuse it across requests.
    """

    identity: tuple[CompiledPolicy, ...] = ()
    resource: CompiledPolicy | None = None
    boundary: CompiledPolicy | None = None
    session: tuple[CompiledPolicy, ...] = ()
    scps: tuple[tuple[CompiledPolicy, ...], ...] = ()
    resource_is_trust_policy: bool | None = None
    _plans: dict[str, _Plan] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def plan(self, action_key: str) -> _Plan:
        """The statements whose Action/NotAction name ``action_key`` (lower case), by policy type."""
        plan = self._plans.get(action_key)
        if plan is None:
            plan = self._build_plan(action_key)
            if len(self._plans) >= _PLAN_LIMIT:
                self._plans.clear()
            self._plans[action_key] = plan
        return plan

    def _build_plan(self, action_key: str) -> _Plan:
        trust = self.resource_is_trust_policy
        if trust is None:
            trust = action_key.startswith("sts:")
        resource_type = PolicyType.TRUST if trust else PolicyType.RESOURCE
        denies = _denies(PolicyType.IDENTITY, self.identity, action_key)
        if self.resource is not None:
            denies += _denies(resource_type, (self.resource,), action_key, names_principal=True)
        if self.boundary is not None:
            denies += _denies(PolicyType.BOUNDARY, (self.boundary,), action_key)
        denies += _denies(PolicyType.SESSION, self.session, action_key)
        for level in self.scps:
            denies += _denies(PolicyType.SCP, level, action_key)
        return _Plan(
            trust=trust,
            denies=tuple(denies),
            identity=_allows(PolicyType.IDENTITY, self.identity, action_key),
            resource=self.resource.for_action(action_key)[1] if self.resource is not None else (),
            boundary=_allows(PolicyType.BOUNDARY, (self.boundary,), action_key)
            if self.boundary is not None
            else (),
            session=_allows(PolicyType.SESSION, self.session, action_key),
            scps=tuple(_allows(PolicyType.SCP, level, action_key) for level in self.scps),
        )


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


def _sole_allow(
    policy_type: PolicyType, policy: CompiledPolicy, index: int, statement: CompiledStatement
) -> Decision:
    return Decision(DecisionEffect.ALLOW, None, (_matched(policy_type, policy, index, statement),))


def _implicit(policy_type: PolicyType) -> Decision:
    return _IMPLICIT[policy_type]


_IMPLICIT = {kind: Decision(DecisionEffect.IMPLICIT_DENY, kind) for kind in PolicyType}


def _first_allow(candidates: tuple[_Found, ...], request: AuthorizationRequest) -> _Found | None:
    resource = request.resource_arn
    context = request.folded_context
    for found in candidates:
        if found[2].applies(resource, context):
            return found
    return None


def evaluate(request: AuthorizationRequest, policies: PolicySet) -> Decision:
    """Decide Allow, ExplicitDeny or ImplicitDeny for ``request`` against ``policies``."""
    plan = policies.plan(request.action_key)
    resource = request.resource_arn
    context = request.folded_context
    has_boundary = policies.boundary is not None
    resource_policy = policies.resource
    trust = plan.trust
    resource_type = PolicyType.TRUST if trust else PolicyType.RESOURCE

    # 1. Explicit deny anywhere wins.
    for statement, names_principal, decision in plan.denies:
        if names_principal and not statement.principal_match(request, has_boundary=has_boundary):
            continue
        if statement.applies(resource, context):
            return decision

    # The common case, identity policies only: the first applicable Allow decides.
    if resource_policy is None and not has_boundary and not policies.session and not policies.scps:
        if policies.resource_is_trust_policy:
            return _implicit(PolicyType.TRUST)
        if request.principal_account == request.resource_account:
            found = _first_allow(plan.identity, request)
            return _implicit(PolicyType.IDENTITY) if found is None else found[3]

    matched: list[MatchedStatement] = []

    # 2. Every SCP level must allow.
    for level in plan.scps:
        found = _first_allow(level, request)
        if found is None:
            return _implicit(PolicyType.SCP)
        matched.append(_matched(PolicyType.SCP, found[1], found[0], found[2]))

    # The resource policy's strongest applicable Allow.
    grant = PrincipalMatch.NONE
    grant_statement: CompiledStatement | None = None
    if resource_policy is not None:
        for statement in plan.resource:
            strength = statement.principal_match(request, has_boundary=has_boundary)
            if strength > grant and statement.applies(resource, context):
                grant, grant_statement = strength, statement
                if strength is PrincipalMatch.EXACT:
                    break
    same_account = request.principal_account == request.resource_account

    # 3. Session policies limit everything but a same-account grant naming the session itself.
    if policies.session:
        found = _first_allow(plan.session, request)
        if found is None:
            if not (same_account and not trust and grant is PrincipalMatch.EXACT):
                return _implicit(PolicyType.SESSION)
        else:
            matched.append(_matched(PolicyType.SESSION, found[1], found[0], found[2]))

    # 4. The grant.
    identity = _first_allow(plan.identity, request)
    boundary: _Found | None = None
    if has_boundary:
        boundary = _first_allow(plan.boundary, request)
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
