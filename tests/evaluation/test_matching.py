"""Action and Resource matching: case, wildcards, NotAction, NotResource, the resource "*"."""

from __future__ import annotations

import pytest

from hatrack.evaluation import PolicySet
from tests.evaluation.support import allow, decide, policy


def action_decision(pattern: object, action: str) -> str:
    return decide(PolicySet(identity=(policy(allow(pattern)),)), action=action).effect.value


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("*", "s3:GetObject", "Allow"),
        ("s3:GetObject", "s3:GetObject", "Allow"),
        ("S3:getobject", "s3:GetObject", "Allow"),
        ("s3:GetObject", "S3:GETOBJECT", "Allow"),
        ("s3:Get*", "s3:GetObjectAcl", "Allow"),
        ("s3:*Object", "s3:PutObject", "Allow"),
        ("s3:*", "s3:GetObject", "Allow"),
        ("s3:*", "s3express:GetObject", "ImplicitDeny"),
        ("s3:Get?bject", "s3:GetObject", "Allow"),
        ("s3:Get?bject", "s3:GetOObject", "ImplicitDeny"),
        ("*:GetObject", "s3:GetObject", "Allow"),
        ("iam:*User", "iam:CreateUser", "Allow"),
        ("iam:*User", "iam:CreateUserX", "ImplicitDeny"),
        (["ec2:*", "s3:GetObject"], "s3:GetObject", "Allow"),
        ("s3:GetObject", "s3:GetObjectAcl", "ImplicitDeny"),
    ],
)
def test_action_patterns(pattern: object, action: str, expected: str) -> None:
    assert action_decision(pattern, action) == expected


@pytest.mark.parametrize(
    ("pattern", "resource", "expected"),
    [
        ("*", "arn:aws:s3:::bkt/a", "Allow"),
        ("*", "*", "Allow"),
        ("arn:aws:s3:::*", "*", "ImplicitDeny"),
        ("arn:aws:s3:::bkt/a", "arn:aws:s3:::bkt/a", "Allow"),
        ("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/a/b/c", "Allow"),
        ("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt", "ImplicitDeny"),
        ("arn:aws:s3:::BKT/*", "arn:aws:s3:::bkt/a", "ImplicitDeny"),
        ("arn:aws:s3:::bkt/?", "arn:aws:s3:::bkt/a", "Allow"),
        ("arn:aws:iam::*:user/*", "arn:aws:iam::111122223333:user/x", "Allow"),
        ("arn:aws:*", "arn:aws:iam::111122223333:user/x", "Allow"),
        ("arn:aws:sqs:*:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q", "Allow"),
        ("arn:aws:sqs:*:111122223333:q", "arn:aws:sqs:us-east-1:444455556666:q", "ImplicitDeny"),
        (["arn:aws:s3:::x", "arn:aws:s3:::bkt/*"], "arn:aws:s3:::bkt/a", "Allow"),
    ],
)
def test_resource_patterns(pattern: object, resource: str, expected: str) -> None:
    identity = policy(allow("s3:GetObject", pattern))
    assert decide(PolicySet(identity=(identity,)), resource=resource).effect.value == expected


def test_not_action_matches_every_other_action() -> None:
    identity = policy({"Effect": "Allow", "NotAction": ["iam:*", "s3:Delete*"], "Resource": "*"})
    policies = PolicySet(identity=(identity,))
    assert decide(policies, action="s3:GetObject").allowed
    assert not decide(policies, action="iam:CreateUser").allowed
    assert not decide(policies, action="s3:DeleteObject").allowed


def test_not_resource_matches_every_other_resource() -> None:
    identity = policy({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})
    policies = PolicySet(identity=(identity,))
    assert decide(policies, resource="arn:aws:s3:::bkt/a").allowed
    assert not decide(policies, resource="arn:aws:s3:::secret/a").allowed


def test_single_statement_object_and_2008_version_are_read() -> None:
    from hatrack.evaluation import compile_policy

    compiled = compile_policy(
        '{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}'
    )
    assert decide(PolicySet(identity=(compiled,))).allowed


def test_compile_is_cached_by_content_and_labels_share_the_compiled_form() -> None:
    from hatrack.evaluation import compile_policy

    text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}'
    first = compile_policy(text)
    assert compile_policy(text) is first
    labelled = compile_policy(text, label="arn:aws:iam::aws:policy/AmazonS3FullAccess")
    assert labelled.label == "arn:aws:iam::aws:policy/AmazonS3FullAccess"
    assert labelled.statements is first.statements


def test_compile_refuses_a_malformed_document() -> None:
    from hatrack.errors import MalformedPolicyDocument
    from hatrack.evaluation import compile_policy

    with pytest.raises(MalformedPolicyDocument):
        compile_policy(
            '{"Version":"2012-10-17","Statement":{"Effect":"Maybe","Action":"s3:*","Resource":"*"}}'
        )
