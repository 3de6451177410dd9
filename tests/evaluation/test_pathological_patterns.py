"""Pathological wildcard patterns decide like any other (issue 10): Action, Resource, NotResource,
StringLike and ArnLike, with and without policy variables. With backtracking regular expressions
each of these took from seconds to years; the linear matcher answers them at once (the bound on
the work is asserted in tests/policy/test_glob.py, never a time here)."""

from __future__ import annotations

import pytest

from hatrack.evaluation import PolicySet
from tests.evaluation.support import allow, decide, policy

FIVE_STARS = "arn:aws:iam::*a*a*a*a*a*b"  # as reported (a Resource needs a sixth part: see below)
LONG_ARN = "arn:aws:iam::" + "a" * 128  # 141 characters, as in the report
TWENTY_STARS = "*a" * 20 + "*b"
LONG_TEXT = "a" * 2000


def test_the_reported_resource_pattern_is_an_implicit_deny() -> None:
    pattern = "arn:aws:iam::111122223333:*a*a*a*a*a*b"
    policies = PolicySet(identity=(policy(allow("iam:GetUser", pattern)),))
    resource = "arn:aws:iam::111122223333:" + "a" * 128
    assert decide(policies, action="iam:GetUser", resource=resource).effect.value == "ImplicitDeny"


@pytest.mark.parametrize("operator", ["StringLike", "ArnLike"])
def test_the_reported_pattern_in_a_condition(operator: str) -> None:
    policies = PolicySet(identity=(policy(allow(Condition={operator: {"aws:SourceArn": FIVE_STARS}})),))
    assert decide(policies, context={"aws:SourceArn": LONG_ARN}).effect.value == "ImplicitDeny"


def test_not_resource_with_twenty_stars() -> None:
    guard = {"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::" + TWENTY_STARS}
    policies = PolicySet(identity=(policy(allow("s3:GetObject"), guard),))
    assert decide(policies, resource="arn:aws:s3:::" + LONG_TEXT).effect.value == "ExplicitDeny"
    assert decide(policies, resource="arn:aws:s3:::" + LONG_TEXT + "b").effect.value == "Allow"


def test_action_with_twenty_stars() -> None:
    policies = PolicySet(identity=(policy(allow("s3:" + "*a" * 20 + "*b")),))
    assert decide(policies, action="s3:" + "a" * 2000).effect.value == "ImplicitDeny"


@pytest.mark.parametrize("operator", ["StringLike", "ArnLike"])
def test_condition_patterns_with_twenty_stars(operator: str) -> None:
    pattern = "arn:aws:s3:::" + TWENTY_STARS
    statement = allow(Condition={operator: {"aws:SourceArn": pattern}})
    policies = PolicySet(identity=(policy(statement),))
    value = "arn:aws:s3:::" + LONG_TEXT
    assert decide(policies, context={"aws:SourceArn": value}).effect.value == "ImplicitDeny"
    assert decide(policies, context={"aws:SourceArn": value + "b"}).effect.value == "Allow"


def test_patterns_after_variable_substitution() -> None:
    # The variable's value is literal text; the stars around it stay wildcards.
    resource = "arn:aws:s3:::bkt/" + "*a" * 20 + "/${aws:username}/*b"
    condition = {"StringLike": {"aws:UserAgent": "*a" * 20 + "${aws:username}*b"}}
    policies = PolicySet(identity=(policy(allow("s3:GetObject", resource, Condition=condition)),))
    context = {"aws:username": "alice", "aws:UserAgent": LONG_TEXT + "alice" + "b"}
    assert decide(policies, resource="arn:aws:s3:::bkt/" + LONG_TEXT, context=context).effect.value == (
        "ImplicitDeny"
    )
    allowed = decide(policies, resource="arn:aws:s3:::bkt/" + LONG_TEXT + "/alice/b", context=context)
    assert allowed.effect.value == "Allow"
