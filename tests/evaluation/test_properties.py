"""Properties that hold for every policy set (hypothesis): a Deny never opens access, an Allow
never closes it, a boundary never widens it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from hatrack.evaluation import AuthorizationRequest, CompiledPolicy, PolicySet, compile_policy, evaluate

ACTIONS = ["s3:GetObject", "s3:PutObject", "iam:CreateUser", "sts:GetCallerIdentity"]
ACTION_PATTERNS = [*ACTIONS, "*", "s3:*", "s3:Get*", "iam:*User", "*:Get*"]
RESOURCES = ["arn:aws:s3:::bkt/a", "arn:aws:s3:::bkt/b/c", "arn:aws:iam::111122223333:user/x", "*"]
RESOURCE_PATTERNS = [*RESOURCES, "arn:aws:s3:::bkt/*", "arn:aws:*", "arn:aws:s3:::bkt/${aws:username}"]
CALLERS = ["arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/deploy/s"]
CONDITIONS: list[dict[str, object]] = [
    {},
    {"StringEquals": {"aws:PrincipalTag/team": "blue"}},
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"ForAnyValue:StringLike": {"aws:TagKeys": "env*"}},
    {"StringNotEqualsIfExists": {"aws:username": "mallory"}},
]


@st.composite
def statements(draw: st.DrawFn, *, effect: str | None = None, principal: bool = False) -> dict[str, object]:
    statement: dict[str, object] = {
        "Effect": effect or draw(st.sampled_from(["Allow", "Deny"])),
        draw(st.sampled_from(["Action", "NotAction"])): draw(
            st.lists(st.sampled_from(ACTION_PATTERNS), min_size=1, max_size=3)
        ),
        draw(st.sampled_from(["Resource", "NotResource"])): draw(
            st.lists(st.sampled_from(RESOURCE_PATTERNS), min_size=1, max_size=2)
        ),
    }
    condition = draw(st.sampled_from(CONDITIONS))
    if condition:
        statement["Condition"] = condition
    if principal:
        statement["Principal"] = draw(
            st.sampled_from(
                [
                    "*",
                    {"AWS": CALLERS[0]},
                    {"AWS": "arn:aws:iam::111122223333:role/deploy"},
                    {"AWS": "111122223333"},
                ]
            )
        )
    return statement


def compiled(statement_list: list[dict[str, object]]) -> CompiledPolicy:
    return compile_policy(json.dumps({"Version": "2012-10-17", "Statement": statement_list}))


@st.composite
def policy_sets(draw: st.DrawFn) -> PolicySet:
    identity = tuple(
        compiled(draw(st.lists(statements(), min_size=1, max_size=3))) for _ in range(draw(st.integers(0, 2)))
    )
    resource = (
        compiled(draw(st.lists(statements(principal=True), min_size=1, max_size=2)))
        if draw(st.booleans())
        else None
    )
    return PolicySet(identity=identity, resource=resource)


@st.composite
def requests(draw: st.DrawFn) -> AuthorizationRequest:
    context: dict[str, str | list[str]] = {}
    if draw(st.booleans()):
        context["aws:PrincipalTag/team"] = draw(st.sampled_from(["blue", "red"]))
    if draw(st.booleans()):
        context["aws:SourceIp"] = draw(st.sampled_from(["10.1.2.3", "192.0.2.1", "2001:db8::1"]))
    if draw(st.booleans()):
        context["aws:SecureTransport"] = draw(st.sampled_from(["true", "false"]))
    if draw(st.booleans()):
        context["aws:TagKeys"] = draw(st.lists(st.sampled_from(["env", "team"]), max_size=2))
    if draw(st.booleans()):
        context["aws:username"] = draw(st.sampled_from(["alice", "mallory", "a"]))
    return AuthorizationRequest(
        principal_arn=draw(st.sampled_from(CALLERS)),
        principal_account="111122223333",
        action=draw(st.sampled_from(ACTIONS)),
        resource_arn=draw(st.sampled_from(RESOURCES)),
        resource_account=draw(st.sampled_from(["111122223333", "444455556666"])),
        context=context,
    )


@settings(max_examples=200, deadline=None)
@given(policy_sets(), requests(), st.lists(statements(effect="Deny"), min_size=1, max_size=2))
def test_adding_an_explicit_deny_never_turns_a_deny_into_an_allow(
    policies: PolicySet, request: AuthorizationRequest, extra: list[dict[str, object]]
) -> None:
    before = evaluate(request, policies)
    after = evaluate(
        request, PolicySet(identity=(*policies.identity, compiled(extra)), resource=policies.resource)
    )
    assert after.allowed <= before.allowed  # allowed after only if allowed before
    blanket = compiled([{"Effect": "Deny", "Action": "*", "Resource": "*"}])
    denied = PolicySet(identity=(*policies.identity, blanket), resource=policies.resource)
    assert not evaluate(request, denied).allowed


@settings(max_examples=200, deadline=None)
@given(policy_sets(), requests(), st.lists(statements(effect="Allow"), min_size=1, max_size=2))
def test_adding_an_allow_never_turns_an_allow_into_a_deny(
    policies: PolicySet, request: AuthorizationRequest, extra: list[dict[str, object]]
) -> None:
    before = evaluate(request, policies)
    after = evaluate(
        request, PolicySet(identity=(*policies.identity, compiled(extra)), resource=policies.resource)
    )
    assert before.allowed <= after.allowed  # allowed before means allowed after


@settings(max_examples=200, deadline=None)
@given(policy_sets(), requests(), st.lists(statements(), min_size=1, max_size=3))
def test_a_permissions_boundary_never_widens_access(
    policies: PolicySet, request: AuthorizationRequest, boundary: list[dict[str, object]]
) -> None:
    before = evaluate(request, policies)
    after = evaluate(
        request,
        PolicySet(identity=policies.identity, resource=policies.resource, boundary=compiled(boundary)),
    )
    assert after.allowed <= before.allowed  # allowed with the boundary only if allowed without


@settings(max_examples=200, deadline=None)
@given(policy_sets(), requests(), st.lists(statements(), min_size=1, max_size=3))
def test_session_policies_and_scps_never_widen_access(
    policies: PolicySet, request: AuthorizationRequest, limit: list[dict[str, object]]
) -> None:
    before = evaluate(request, policies)
    with_session = evaluate(
        request, PolicySet(identity=policies.identity, resource=policies.resource, session=(compiled(limit),))
    )
    with_scp = evaluate(
        request, PolicySet(identity=policies.identity, resource=policies.resource, scps=((compiled(limit),),))
    )
    assert with_session.allowed <= before.allowed
    assert with_scp.allowed <= before.allowed
