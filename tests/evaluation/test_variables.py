"""Policy variables in Resource and condition values: substitution, escapes, defaults, and the
rule that an unresolvable variable makes its value match nothing."""

from __future__ import annotations

import pytest

from hatrack.evaluation import PolicySet
from tests.evaluation.support import allow, decide, policy, with_condition


def resource_decision(
    pattern: str, resource: str, context: dict[str, str | list[str]], *, version: str = "2012-10-17"
) -> str:
    identity = policy(allow("s3:GetObject", pattern), version=version)
    return decide(PolicySet(identity=(identity,)), resource=resource, context=context).effect.value


@pytest.mark.parametrize(
    ("pattern", "resource", "context", "expected"),
    [
        (
            "arn:aws:s3:::bkt/home/${aws:username}/*",
            "arn:aws:s3:::bkt/home/alice/a.txt",
            {"aws:username": "alice"},
            "Allow",
        ),
        (
            "arn:aws:s3:::bkt/home/${aws:username}/*",
            "arn:aws:s3:::bkt/home/bob/a.txt",
            {"aws:username": "alice"},
            "ImplicitDeny",
        ),
        ("arn:aws:s3:::bkt/home/${aws:username}/*", "arn:aws:s3:::bkt/home/alice/a.txt", {}, "ImplicitDeny"),
        (
            "arn:aws:s3:::bkt/${AWS:UserName}/*",
            "arn:aws:s3:::bkt/alice/a",
            {"aws:username": "alice"},
            "Allow",
        ),
        (
            "arn:aws:s3:::bkt/${aws:userid}/*",
            "arn:aws:s3:::bkt/AIDAEXAMPLE/a",
            {"aws:userid": "AIDAEXAMPLE"},
            "Allow",
        ),
        (
            "arn:aws:s3:::bkt/${aws:PrincipalTag/team}/*",
            "arn:aws:s3:::bkt/blue/a",
            {"aws:PrincipalTag/team": "blue"},
            "Allow",
        ),
        (
            "arn:aws:s3:::bkt/${aws:SourceIp}",
            "arn:aws:s3:::bkt/203.0.113.7",
            {"aws:SourceIp": "203.0.113.7"},
            "Allow",
        ),
        ("arn:aws:s3:::bkt/${s3:prefix}", "arn:aws:s3:::bkt/p", {"s3:prefix": "p"}, "Allow"),
        # A value is literal text: its * is not a wildcard.
        (
            "arn:aws:s3:::bkt/${aws:username}",
            "arn:aws:s3:::bkt/anything",
            {"aws:username": "*"},
            "ImplicitDeny",
        ),
        ("arn:aws:s3:::bkt/${aws:username}", "arn:aws:s3:::bkt/*", {"aws:username": "*"}, "Allow"),
        # Escapes stand for the literal character.
        ("arn:aws:s3:::bkt/${*}", "arn:aws:s3:::bkt/*", {}, "Allow"),
        ("arn:aws:s3:::bkt/${*}", "arn:aws:s3:::bkt/x", {}, "ImplicitDeny"),
        ("arn:aws:s3:::bkt/${?}", "arn:aws:s3:::bkt/?", {}, "Allow"),
        ("arn:aws:s3:::bkt/${?}", "arn:aws:s3:::bkt/x", {}, "ImplicitDeny"),
        ("arn:aws:s3:::bkt/${$}x", "arn:aws:s3:::bkt/$x", {}, "Allow"),
        # Defaults apply when the key is absent.
        ("arn:aws:s3:::bkt/${aws:PrincipalTag/team, 'shared'}/*", "arn:aws:s3:::bkt/shared/a", {}, "Allow"),
        (
            "arn:aws:s3:::bkt/${aws:PrincipalTag/team, 'shared'}/*",
            "arn:aws:s3:::bkt/blue/a",
            {"aws:PrincipalTag/team": "blue"},
            "Allow",
        ),
        ("arn:aws:s3:::bkt/${aws:PrincipalTag/team,'shared'}/*", "arn:aws:s3:::bkt/shared/a", {}, "Allow"),
        # A multi-valued key cannot be substituted.
        ("arn:aws:s3:::bkt/${aws:TagKeys}", "arn:aws:s3:::bkt/a", {"aws:TagKeys": ["a"]}, "ImplicitDeny"),
    ],
)
def test_resource_variables(
    pattern: str, resource: str, context: dict[str, str | list[str]], expected: str
) -> None:
    assert resource_decision(pattern, resource, context) == expected


def test_version_2008_has_no_variables() -> None:
    pattern = "arn:aws:s3:::bkt/${aws:username}"
    assert (
        resource_decision(pattern, "arn:aws:s3:::bkt/alice", {"aws:username": "alice"}, version="2008-10-17")
        == "ImplicitDeny"
    )
    assert (
        resource_decision(
            pattern, "arn:aws:s3:::bkt/${aws:username}", {"aws:username": "alice"}, version="2008-10-17"
        )
        == "Allow"
    )


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        (
            {"StringEquals": {"s3:prefix": "home/${aws:username}"}},
            {"s3:prefix": "home/alice", "aws:username": "alice"},
            "Allow",
        ),
        (
            {"StringEquals": {"s3:prefix": "home/${aws:username}"}},
            {"s3:prefix": "home/bob", "aws:username": "alice"},
            "ImplicitDeny",
        ),
        (
            {"StringLike": {"s3:prefix": "home/${aws:username}/*"}},
            {"s3:prefix": "home/alice/x", "aws:username": "alice"},
            "Allow",
        ),
        (
            {"StringLike": {"s3:prefix": "home/${aws:username}"}},
            {"s3:prefix": "home/anything", "aws:username": "*"},
            "ImplicitDeny",
        ),
        ({"StringLike": {"s3:prefix": "home/${*}"}}, {"s3:prefix": "home/*"}, "Allow"),
        ({"StringLike": {"s3:prefix": "home/${*}"}}, {"s3:prefix": "home/x"}, "ImplicitDeny"),
        # Unresolvable: a positive operator's value matches nothing ...
        ({"StringEquals": {"s3:prefix": "${aws:username}"}}, {"s3:prefix": ""}, "ImplicitDeny"),
        ({"StringEquals": {"s3:prefix": ["${aws:username}", "public"]}}, {"s3:prefix": "public"}, "Allow"),
        # ... and a negated operator ignores it.
        ({"StringNotEquals": {"s3:prefix": "${aws:username}"}}, {"s3:prefix": "x"}, "Allow"),
        (
            {"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}},
            {"aws:PrincipalTag/team": "blue", "aws:ResourceTag/team": "blue"},
            "Allow",
        ),
        (
            {"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}},
            {"aws:PrincipalTag/team": "BLUE", "aws:ResourceTag/team": "blue"},
            "Allow",
        ),
        (
            {"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team, 'none'}"}},
            {"aws:PrincipalTag/team": "none"},
            "Allow",
        ),
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:*"}},
            {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t", "aws:PrincipalAccount": "111122223333"},
            "Allow",
        ),
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:*"}},
            {"aws:SourceArn": "arn:aws:sns:us-east-1:999999999999:t", "aws:PrincipalAccount": "111122223333"},
            "ImplicitDeny",
        ),
        (
            {"Bool": {"aws:SecureTransport": "${aws:Expected}"}},
            {"aws:SecureTransport": "true", "aws:Expected": "true"},
            "Allow",
        ),
        # Numeric, Date and IpAddress values take no variables: the text is read as written.
        ({"NumericEquals": {"aws:N": "${aws:M}"}}, {"aws:N": "1", "aws:M": "1"}, "ImplicitDeny"),
    ],
)
def test_condition_variables(condition: dict[str, object], context: dict[str, str], expected: str) -> None:
    assert with_condition(condition, context) == expected
