"""The evaluation logic: explicit deny, SCPs, session policies, boundaries, resource policies within
and across accounts, role trust policies, and the reasons a decision gives."""

from __future__ import annotations

from hatrack.evaluation import CompiledPolicy, Decision, DecisionEffect, PolicySet, PolicyType
from tests.evaluation.support import (
    ACCOUNT,
    OTHER_ACCOUNT,
    ROLE,
    SESSION,
    USER,
    allow,
    decide,
    deny,
    policy,
)

ALLOW_ALL = policy(allow())
ALLOW_GET = policy(allow("s3:GetObject"))
DENY_GET = policy(deny("s3:GetObject"))
NOTHING = policy(allow("ec2:DescribeInstances"))


def resource_policy(
    principal: object, *, effect: str = "Allow", action: object = "s3:GetObject"
) -> CompiledPolicy:
    return policy({"Effect": effect, "Principal": principal, "Action": action, "Resource": "*"})


def test_no_policy_is_an_implicit_deny_with_the_identity_reason() -> None:
    decision = decide(PolicySet())
    assert decision.effect is DecisionEffect.IMPLICIT_DENY
    assert (
        decision.reason_text("s3:GetObject")
        == "because no identity-based policy allows the s3:GetObject action"
    )


def test_an_identity_allow_allows_and_names_its_statement() -> None:
    identity = policy({"Sid": "Read", **allow("s3:GetObject")}).with_label("inline:read")
    decision = decide(PolicySet(identity=(NOTHING, identity)))
    assert decision.allowed
    assert decision.reason_text("s3:GetObject") == ""
    [matched] = decision.matched
    assert (matched.policy_type, matched.policy_label, matched.policy_index, matched.sid) == (
        PolicyType.IDENTITY,
        "inline:read",
        1,
        "Read",
    )


def test_explicit_deny_in_any_identity_policy_wins() -> None:
    decision = decide(PolicySet(identity=(ALLOW_ALL, DENY_GET)))
    assert decision.effect is DecisionEffect.EXPLICIT_DENY
    assert decision.reason_text("s3:GetObject") == "with an explicit deny in an identity-based policy"
    assert decision.matched[0].effect == "Deny"


def test_explicit_deny_reasons_name_the_policy_type() -> None:
    session_caller = {"principal": SESSION}
    cases = [
        (
            PolicySet(identity=(ALLOW_ALL,), resource=resource_policy("*", effect="Deny")),
            "a resource-based policy",
        ),
        (PolicySet(identity=(ALLOW_ALL,), boundary=DENY_GET), "a permissions boundary"),
        (PolicySet(identity=(ALLOW_ALL,), session=(DENY_GET,)), "a session policy"),
        (PolicySet(identity=(ALLOW_ALL,), scps=((ALLOW_ALL, DENY_GET),)), "a service control policy"),
    ]
    for policies, where in cases:
        decision = decide(policies, **session_caller)
        assert decision.effect is DecisionEffect.EXPLICIT_DENY
        assert decision.reason_text("s3:GetObject") == f"with an explicit deny in {where}"


def test_permissions_boundary_limits_identity_allows() -> None:
    policies = PolicySet(identity=(ALLOW_ALL,), boundary=policy(allow("s3:PutObject")))
    decision = decide(policies)
    assert decision.effect is DecisionEffect.IMPLICIT_DENY
    assert (
        decision.reason_text("s3:GetObject")
        == "because no permissions boundary allows the s3:GetObject action"
    )
    assert decide(policies, action="s3:PutObject").allowed


def test_a_boundary_grants_nothing_by_itself() -> None:
    assert not decide(PolicySet(boundary=ALLOW_ALL)).allowed


def test_session_policies_limit_and_never_grant() -> None:
    assert not decide(PolicySet(session=(ALLOW_ALL,)), principal=SESSION).allowed
    limited = decide(
        PolicySet(identity=(ALLOW_ALL,), session=(policy(allow("s3:PutObject")),)), principal=SESSION
    )
    assert limited.reason_text("s3:GetObject") == "because no session policy allows the s3:GetObject action"
    assert decide(PolicySet(identity=(ALLOW_ALL,), session=(NOTHING, ALLOW_GET)), principal=SESSION).allowed


def test_every_scp_level_must_allow() -> None:
    assert decide(PolicySet(identity=(ALLOW_ALL,), scps=((ALLOW_ALL,), (ALLOW_GET,)))).allowed
    decision = decide(PolicySet(identity=(ALLOW_ALL,), scps=((ALLOW_ALL,), (NOTHING,))))
    assert (
        decision.reason_text("s3:GetObject")
        == "because no service control policy allows the s3:GetObject action"
    )
    # SCPs also limit what a resource policy grants.
    assert not decide(PolicySet(resource=resource_policy({"AWS": USER}), scps=((NOTHING,),))).allowed


def test_same_account_resource_policy_naming_the_user_allows_on_its_own() -> None:
    assert decide(PolicySet(resource=resource_policy({"AWS": USER}))).allowed
    assert decide(PolicySet(resource=resource_policy("*"))).allowed
    # ... even past an implicit deny of the boundary.
    assert decide(PolicySet(resource=resource_policy({"AWS": USER}), boundary=NOTHING)).allowed


def test_same_account_grant_to_the_account_delegates_to_identity_policies() -> None:
    for principal in ({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, {"AWS": ACCOUNT}):
        assert not decide(PolicySet(resource=resource_policy(principal))).allowed
        assert decide(PolicySet(identity=(ALLOW_GET,), resource=resource_policy(principal))).allowed


def test_grant_to_the_role_arn_allows_its_sessions_but_is_limited_by_the_boundary() -> None:
    granted = resource_policy({"AWS": ROLE})
    assert decide(PolicySet(resource=granted), principal=SESSION).allowed
    decision = decide(PolicySet(resource=granted, boundary=NOTHING), principal=SESSION)
    assert (
        decision.reason_text("s3:GetObject")
        == "because no permissions boundary allows the s3:GetObject action"
    )
    assert decide(PolicySet(resource=granted, boundary=ALLOW_GET), principal=SESSION).allowed
    # A role with a path is still named by its last segment in the session ARN.
    with_path = resource_policy({"AWS": "arn:aws:iam::111122223333:role/teams/deploy"})
    assert decide(PolicySet(resource=with_path), principal=SESSION).allowed
    # Another account's role of the same name is someone else.
    other = resource_policy({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:role/deploy"})
    assert not decide(PolicySet(resource=other), principal=SESSION).allowed


def test_grant_to_the_session_arn_is_direct_and_not_limited_by_boundary_or_session_policy() -> None:
    granted = resource_policy({"AWS": SESSION})
    assert decide(PolicySet(resource=granted, boundary=NOTHING), principal=SESSION).allowed
    assert decide(PolicySet(resource=granted, session=(NOTHING,)), principal=SESSION).allowed
    # A grant to the role ARN is limited by the session policy.
    assert not decide(
        PolicySet(resource=resource_policy({"AWS": ROLE}), session=(NOTHING,)), principal=SESSION
    ).allowed


def test_resource_deny_naming_the_role_or_the_account_denies_its_sessions() -> None:
    for principal in ({"AWS": ROLE}, {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, {"AWS": ACCOUNT}):
        denying = resource_policy(principal, effect="Deny")
        assert decide(PolicySet(identity=(ALLOW_ALL,), resource=denying), principal=SESSION).effect is (
            DecisionEffect.EXPLICIT_DENY
        )


def test_service_principals_do_not_match_iam_callers() -> None:
    assert not decide(PolicySet(resource=resource_policy({"Service": "sns.amazonaws.com"}))).allowed


def test_cross_account_needs_both_sides() -> None:
    cross = {"resource_account": OTHER_ACCOUNT}
    granted = resource_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"})
    assert decide(PolicySet(identity=(ALLOW_GET,), resource=granted), **cross).allowed
    no_identity = decide(PolicySet(resource=resource_policy({"AWS": USER})), **cross)
    assert (
        no_identity.reason_text("s3:GetObject")
        == "because no identity-based policy allows the s3:GetObject action"
    )
    no_resource = decide(PolicySet(identity=(ALLOW_GET,)), **cross)
    assert (
        no_resource.reason_text("s3:GetObject")
        == "because no resource-based policy allows the s3:GetObject action"
    )
    bounded = decide(PolicySet(identity=(ALLOW_GET,), resource=granted, boundary=NOTHING), **cross)
    assert bounded.policy_type is PolicyType.BOUNDARY


def assume(policies: PolicySet, **kwargs: object) -> Decision:
    return decide(
        policies, action="sts:AssumeRole", resource="arn:aws:iam::111122223333:role/target", **kwargs
    )


def trust(principal: object, *, effect: str = "Allow") -> CompiledPolicy:
    return policy({"Effect": effect, "Principal": principal, "Action": "sts:AssumeRole"})


def test_role_trust_policy_must_allow_itself() -> None:
    decision = assume(
        PolicySet(identity=(ALLOW_ALL,), resource=trust({"AWS": "arn:aws:iam::111122223333:user/bob"}))
    )
    assert (
        decision.reason_text("sts:AssumeRole")
        == "because no role trust policy allows the sts:AssumeRole action"
    )
    assert assume(PolicySet(resource=trust({"AWS": USER}))).allowed
    # A trust to the account delegates to the caller's identity policies.
    account_trust = trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"})
    assert not assume(PolicySet(resource=account_trust)).allowed
    assert assume(PolicySet(identity=(policy(allow("sts:AssumeRole")),), resource=account_trust)).allowed
    denied = assume(PolicySet(identity=(ALLOW_ALL,), resource=trust({"AWS": USER}, effect="Deny")))
    assert denied.reason_text("sts:AssumeRole") == "with an explicit deny in the role trust policy"


def test_trust_flag_overrides_the_inference_from_the_action() -> None:
    granted = resource_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, action="*")
    flagged = PolicySet(identity=(ALLOW_ALL,), resource=granted, resource_is_trust_policy=False)
    assert assume(flagged).allowed
    no_trust = PolicySet(identity=(ALLOW_ALL,), resource_is_trust_policy=True)
    assert assume(no_trust).policy_type is PolicyType.TRUST


def test_not_principal_deny_applies_to_everyone_not_listed() -> None:
    listed = policy(
        {
            "Effect": "Deny",
            "NotPrincipal": {"AWS": [USER, f"arn:aws:iam::{ACCOUNT}:root"]},
            "Action": "s3:*",
            "Resource": "*",
        }
    )
    assert decide(PolicySet(identity=(ALLOW_ALL,), resource=listed)).allowed
    other = decide(
        PolicySet(identity=(ALLOW_ALL,), resource=listed), principal="arn:aws:iam::111122223333:user/bob"
    )
    # bob's account root is listed, so the statement does not apply to him either.
    assert other.allowed
    unlisted = policy(
        {
            "Effect": "Deny",
            "NotPrincipal": {"AWS": "arn:aws:iam::999999999999:root"},
            "Action": "s3:*",
            "Resource": "*",
        }
    )
    assert decide(PolicySet(identity=(ALLOW_ALL,), resource=unlisted)).effect is DecisionEffect.EXPLICIT_DENY
    # With a permissions boundary a NotPrincipal Deny applies whatever it lists.
    bounded = decide(PolicySet(identity=(ALLOW_ALL,), resource=listed, boundary=ALLOW_ALL))
    assert bounded.effect is DecisionEffect.EXPLICIT_DENY


def test_allow_decision_names_the_statements_of_each_layer() -> None:
    policies = PolicySet(
        identity=(ALLOW_GET.with_label("identity"),),
        boundary=ALLOW_ALL.with_label("boundary"),
        session=(ALLOW_ALL.with_label("session"),),
        scps=((ALLOW_ALL.with_label("scp"),),),
    )
    decision = decide(policies, principal=SESSION)
    assert decision.allowed
    assert {matched.policy_type for matched in decision.matched} == {
        PolicyType.IDENTITY,
        PolicyType.BOUNDARY,
        PolicyType.SESSION,
        PolicyType.SCP,
    }
    assert {matched.policy_label for matched in decision.matched} == {
        "identity",
        "boundary",
        "session",
        "scp",
    }


def test_conditions_and_resource_must_match_for_a_deny_to_apply() -> None:
    guarded = policy(deny("s3:*", "arn:aws:s3:::bkt/*", Condition={"Bool": {"aws:SecureTransport": "false"}}))
    policies = PolicySet(identity=(ALLOW_ALL, guarded))
    assert decide(policies, context={"aws:SecureTransport": "true"}).allowed
    assert not decide(policies, context={"aws:SecureTransport": "false"}).allowed
    assert decide(policies, resource="arn:aws:s3:::other/x", context={"aws:SecureTransport": "false"}).allowed


def test_trust_policies_can_be_asked_about_services_and_identity_providers() -> None:
    from hatrack.evaluation import AuthorizationRequest, evaluate
    from hatrack.policy import PrincipalType

    provider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    trust_policy = policy(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity"},
    )

    def ask(principal_type: PrincipalType, principal: str, action: str) -> bool:
        request = AuthorizationRequest(
            principal_arn=principal,
            principal_account=ACCOUNT,
            action=action,
            resource_arn="arn:aws:iam::111122223333:role/target",
            resource_account=ACCOUNT,
            principal_type=principal_type,
        )
        return evaluate(request, PolicySet(resource=trust_policy, resource_is_trust_policy=True)).allowed

    assert ask(PrincipalType.SERVICE, "ec2.amazonaws.com", "sts:AssumeRole")
    assert not ask(PrincipalType.SERVICE, "lambda.amazonaws.com", "sts:AssumeRole")
    assert ask(PrincipalType.FEDERATED, provider, "sts:AssumeRoleWithWebIdentity")
    assert not ask(PrincipalType.FEDERATED, provider, "sts:AssumeRole")
    # An IAM caller never matches a service or provider entry.
    assert not ask(PrincipalType.AWS, "ec2.amazonaws.com", "sts:AssumeRole")
    everyone = policy({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"})
    request = AuthorizationRequest(
        principal_arn="ec2.amazonaws.com",
        principal_account=ACCOUNT,
        action="sts:AssumeRole",
        resource_arn="arn:aws:iam::111122223333:role/target",
        resource_account=ACCOUNT,
        principal_type=PrincipalType.SERVICE,
    )
    assert evaluate(request, PolicySet(resource=everyone)).allowed


def test_context_values_that_are_not_strings_compare_by_their_text() -> None:
    from hatrack.evaluation import AuthorizationRequest

    request = AuthorizationRequest(
        principal_arn=USER,
        principal_account=ACCOUNT,
        action="s3:GetObject",
        resource_arn="*",
        resource_account=ACCOUNT,
        # JSON booleans and numbers, as a decoder hands them over
        context={"aws:SecureTransport": True, "s3:max-keys": 10, "aws:TagKeys": [1, False]},  # type: ignore[dict-item,list-item]
    )
    assert request.folded_context == {
        "aws:securetransport": "true",
        "s3:max-keys": "10",
        "aws:tagkeys": ("1", "false"),
    }
    assert request.same_account
    assert request.service == "s3"


def test_a_policy_set_plans_each_action_once_and_keeps_answering_the_same() -> None:
    policies = PolicySet(identity=(ALLOW_GET, DENY_GET.with_label("deny")))
    first = decide(policies)
    assert decide(policies) == first
    assert first.matched[0].policy_label == "deny"
