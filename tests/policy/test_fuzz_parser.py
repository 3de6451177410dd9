"""Fuzzing the policy pipeline (issue 10): whatever text arrives, parse, validate, compile and
evaluate answer with an ``IamError`` (MalformedPolicyDocument, ValidationError ...) or a decision,
never another exception (which the API would turn into a 500). Brief and deterministic in the suite
(``derandomize``, no example database); ``scripts/fuzz/policy_parser.py`` runs longer on demand."""

from __future__ import annotations

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatrack.errors import IamError
from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
from hatrack.policy import PolicyKind, check_policy, parse_policy, validate_policy

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

KEYS = ["Version", "Id", "Statement", "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource"]
KEYS += ["Principal", "NotPrincipal", "Condition", "AWS", "Service", "Federated", "CanonicalUser", "*"]
OPERATORS = [
    "StringEquals", "StringLike", "StringNotLike", "ArnLike", "ArnNotEquals", "NumericLessThan",
    "DateGreaterThan", "Bool", "IpAddress", "NotIpAddress", "BinaryEquals", "Null",
    "ForAnyValue:StringLike", "ForAllValues:ArnLike", "StringEqualsIfExists", "Bogus", "ForAnyValue:Null",
]  # fmt: skip
WORDS = ["2012-10-17", "2008-10-17", "Allow", "Deny", "*", "?", "s3:*", "iam:Get*", "arn:aws:s3:::b/*"]
WORDS += ["arn:aws:iam::111122223333:root", "${aws:username}", "${aws:x, 'd'}", "${*}", "${", "}", ":"]
WORDS += ["10.0.0.0/8", "::1/128", "2026-01-01T00:00:00Z", "true", "1e999", "-0", "\x00", "\ud800", ""]
CONTEXTS = [
    {},
    {"aws:username": "alice", "aws:sourceip": "10.1.2.3", "aws:currenttime": "2026-11-28T12:00:00Z"},
    {"aws:username": ["a", "b"], "aws:tagkeys": ["env", "*"], "aws:securetransport": "maybe"},
]

scalars = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS + OPERATORS), st.text(max_size=6)), children, max_size=5
        ),
    ),
    max_leaves=25,
)


ACTIONS = ["s3:GetObject", "s3:*", "iam:Get*", "*", "iam:*User?", "sts:AssumeRole", "s3:Get*Object*"]
RESOURCES = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:iam::*:user/*a*a*b"]
RESOURCES += ["arn:aws:s3:::${*}?${$}", "arn:aws:iam::111122223333:${aws:x, 'd'}", "arn:aws:s3:::b/k"]
PRINCIPALS = ["*", {"AWS": "*"}, {"AWS": ["arn:aws:iam::111122223333:root", "111122223333"]}]
PRINCIPALS += [{"Service": "ec2.amazonaws.com"}, {"AWS": "arn:aws:iam::111122223333:role/r"}]
KEY_NAMES = ["aws:username", "aws:SourceIp", "aws:TagKeys", "aws:CurrentTime", "aws:SecureTransport", "s3:x"]
VALUES = st.one_of(
    st.sampled_from([*WORDS, "alice", "a*", "?", "env*", "${aws:username}", "arn:aws:*:*:*:*"]),
    st.text(max_size=8),
    st.integers(min_value=-5, max_value=5),
    st.booleans(),
)


# Mostly valid values, sometimes anything: most policies get past the parser and reach evaluation.
def mostly(valid: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.integers(0, 9).flatmap(
        lambda n: valid if n < 8 else st.lists(valid, max_size=3) if n == 8 else json_values
    )


@st.composite
def statements(draw: st.DrawFn) -> dict[str, object]:
    statement: dict[str, object] = {
        "Effect": draw(mostly(st.sampled_from(["Allow", "Deny", "Allow", "Deny", "allow"])))
    }
    statement[draw(st.sampled_from(["Action", "NotAction"]))] = draw(
        st.one_of(
            st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=3), mostly(st.sampled_from(ACTIONS))
        )
    )
    if draw(st.integers(0, 4)):
        statement[draw(st.sampled_from(["Resource", "NotResource"]))] = draw(
            mostly(st.sampled_from(RESOURCES))
        )
    if draw(st.integers(0, 3)) == 0:
        statement[draw(st.sampled_from(["Principal", "NotPrincipal"]))] = draw(
            mostly(st.sampled_from(PRINCIPALS))
        )
    if draw(st.booleans()):
        statement["Condition"] = draw(
            st.dictionaries(
                st.sampled_from(OPERATORS),
                st.dictionaries(
                    st.sampled_from(KEY_NAMES), st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=2
                ),
                max_size=3,
            )
        )
    if draw(st.integers(0, 3)) == 0:
        statement["Sid"] = draw(mostly(st.sampled_from(["A", "B", ""])))
    return statement


@st.composite
def policies(draw: st.DrawFn) -> str:
    document: dict[str, object] = {
        "Statement": draw(st.one_of(statements(), st.lists(statements(), max_size=3)))
    }
    if draw(st.integers(0, 4)):
        document["Version"] = draw(mostly(st.sampled_from(["2012-10-17", "2012-10-17", "2008-10-17"])))
    return json.dumps(document)


def run_pipeline(text: str) -> None:
    """Every stage a policy text meets; only ``IamError`` may come out of any."""
    for kind in PolicyKind:
        validate_policy(text, kind)
        with contextlib.suppress(IamError):
            check_policy(text, kind)
    try:
        parse_policy(text)
        compiled = compile_policy(text, label="fuzz")
    except IamError:
        return
    for context in CONTEXTS:
        for action, resource in (("s3:GetObject", "arn:aws:s3:::b/k"), ("iam:GetUser", "*")):
            request = AuthorizationRequest(
                principal_arn="arn:aws:iam::111122223333:user/alice",
                principal_account="111122223333",
                action=action,
                resource_arn=resource,
                resource_account="111122223333",
                context=context,
            )
            evaluate(request, PolicySet(identity=(compiled,)))
            evaluate(request, PolicySet(identity=(compiled,), resource=compiled, boundary=compiled))


@FUZZ
@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    run_pipeline(text)


@FUZZ
@given(json_values)
def test_arbitrary_json(value: object) -> None:
    run_pipeline(json.dumps(value))


@FUZZ
@given(policies())
def test_structured_random_policies(text: str) -> None:
    run_pipeline(text)
