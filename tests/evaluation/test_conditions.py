"""Every condition operator, as a table: operator, policy values, request context, decision."""

from __future__ import annotations

import pytest

from tests.evaluation.support import with_condition

ALLOW, DENY = "Allow", "ImplicitDeny"
ABSENT = object()

# (operator, policy value(s), request value or ABSENT, expected)
SINGLE_VALUED = [
    # String
    ("StringEquals", "prod", "prod", ALLOW),
    ("StringEquals", "prod", "Prod", DENY),
    ("StringEquals", ["dev", "prod"], "prod", ALLOW),
    ("StringEquals", "prod", ABSENT, DENY),
    ("StringNotEquals", "prod", "dev", ALLOW),
    ("StringNotEquals", ["dev", "prod"], "prod", DENY),
    ("StringNotEquals", "prod", ABSENT, ALLOW),
    ("StringEqualsIgnoreCase", "PROD", "prod", ALLOW),
    ("StringEqualsIgnoreCase", "prod", "dev", DENY),
    ("StringNotEqualsIgnoreCase", "PROD", "prod", DENY),
    ("StringNotEqualsIgnoreCase", "PROD", "dev", ALLOW),
    ("StringLike", "home/*", "home/alice/x", ALLOW),
    ("StringLike", "home/?", "home/a", ALLOW),
    ("StringLike", "home/?", "home/ab", DENY),
    ("StringLike", "Home/*", "home/a", DENY),
    ("StringLike", "home/*", ABSENT, DENY),
    ("StringNotLike", "home/*", "tmp/a", ALLOW),
    ("StringNotLike", ["tmp/*", "home/*"], "home/a", DENY),
    ("StringNotLike", "home/*", ABSENT, ALLOW),
    # Numeric
    ("NumericEquals", "10", "10", ALLOW),
    ("NumericEquals", 10, "10.0", ALLOW),
    ("NumericEquals", "10", "11", DENY),
    ("NumericNotEquals", "10", "11", ALLOW),
    ("NumericNotEquals", "10", "10", DENY),
    ("NumericNotEquals", "10", ABSENT, ALLOW),
    ("NumericLessThan", "10", "9", ALLOW),
    ("NumericLessThan", "10", "10", DENY),
    ("NumericLessThanEquals", "10", "10", ALLOW),
    ("NumericLessThanEquals", "10", "10.5", DENY),
    ("NumericGreaterThan", "10", "10.5", ALLOW),
    ("NumericGreaterThan", "10", "10", DENY),
    ("NumericGreaterThanEquals", "10", "10", ALLOW),
    ("NumericGreaterThanEquals", "10", "-1", DENY),
    ("NumericLessThan", "10", "not-a-number", DENY),
    ("NumericLessThan", "10", ABSENT, DENY),
    # Date, ISO 8601 and epoch seconds
    ("DateEquals", "2025-06-01T12:00:00Z", "2025-06-01T12:00:00Z", ALLOW),
    ("DateEquals", "2025-06-01T12:00:00Z", "2025-06-01T14:00:00+02:00", ALLOW),
    ("DateNotEquals", "2025-06-01T12:00:00Z", "2025-06-01T12:00:01Z", ALLOW),
    ("DateNotEquals", "2025-06-01T12:00:00Z", ABSENT, ALLOW),
    ("DateLessThan", "2025-06-01T12:00:00Z", "2025-05-31T23:59:59Z", ALLOW),
    ("DateLessThan", "2025-06-01T12:00:00Z", "2025-06-01T12:00:00Z", DENY),
    ("DateLessThanEquals", "2025-06-01T12:00:00Z", "2025-06-01T12:00:00Z", ALLOW),
    ("DateGreaterThan", "2025-06-01T12:00:00Z", "2025-06-02T00:00:00Z", ALLOW),
    ("DateGreaterThan", "2025-06-01T12:00:00Z", ABSENT, DENY),
    ("DateGreaterThanEquals", "2025-06-01", "2025-06-01T00:00:00Z", ALLOW),
    ("DateLessThan", "1748779200", "1748779199", ALLOW),
    ("DateLessThan", 1748779200, "1748779200", DENY),
    ("DateGreaterThan", "1748779200", "2025-06-01T12:00:01Z", ALLOW),
    # Bool
    ("Bool", "true", "true", ALLOW),
    ("Bool", True, "TRUE", ALLOW),
    ("Bool", "true", "false", DENY),
    ("Bool", "false", ABSENT, DENY),
    # Binary
    ("BinaryEquals", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", ALLOW),
    ("BinaryEquals", "QmluYXJ5VmFsdWU=", "QmluYXJ5", DENY),
    # IP addresses, v4 and v6
    ("IpAddress", "203.0.113.0/24", "203.0.113.7", ALLOW),
    ("IpAddress", "203.0.113.0/24", "198.51.100.7", DENY),
    ("IpAddress", "203.0.113.7", "203.0.113.7", ALLOW),
    ("IpAddress", ["10.0.0.0/8", "2001:db8::/32"], "2001:db8::1", ALLOW),
    ("IpAddress", "2001:db8::/32", "2001:db9::1", DENY),
    ("IpAddress", "0.0.0.0/0", "::1", DENY),
    ("IpAddress", "::/0", "10.0.0.1", DENY),
    ("IpAddress", "10.0.0.0/8", "not-an-ip", DENY),
    ("IpAddress", "10.0.0.0/8", ABSENT, DENY),
    ("NotIpAddress", "203.0.113.0/24", "198.51.100.7", ALLOW),
    ("NotIpAddress", "203.0.113.0/24", "203.0.113.9", DENY),
    ("NotIpAddress", "203.0.113.0/24", ABSENT, ALLOW),
    # ARN, part by part
    (
        "ArnEquals",
        "arn:aws:sns:us-east-1:111122223333:topic",
        "arn:aws:sns:us-east-1:111122223333:topic",
        ALLOW,
    ),
    ("ArnLike", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:eu-west-1:111122223333:t", ALLOW),
    ("ArnLike", "arn:aws:*:*:111122223333:*", "arn:aws:sns:eu-west-1:111122223333:t:x", ALLOW),
    ("ArnLike", "arn:aws:s*:*", "arn:aws:sns:eu-west-1:111122223333:t", DENY),
    ("ArnLike", "arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/a/b", ALLOW),
    ("ArnLike", "arn:aws:iam::*:role/*", "not-an-arn", DENY),
    ("ArnEquals", "arn:aws:iam::*:role/x", "arn:aws:iam::111122223333:role/x", ALLOW),
    ("ArnNotEquals", "arn:aws:iam::*:role/x", "arn:aws:iam::111122223333:role/y", ALLOW),
    ("ArnNotLike", "arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/y", DENY),
    ("ArnNotLike", "arn:aws:iam::*:role/*", ABSENT, ALLOW),
    ("ArnLike", "arn:aws:iam::*:role/*", ABSENT, DENY),
    # Null
    ("Null", "true", ABSENT, ALLOW),
    ("Null", "true", "x", DENY),
    ("Null", "false", "x", ALLOW),
    ("Null", "false", ABSENT, DENY),
    # ...IfExists: absent -> true, present -> the base operator
    ("StringEqualsIfExists", "prod", ABSENT, ALLOW),
    ("StringEqualsIfExists", "prod", "dev", DENY),
    ("StringEqualsIfExists", "prod", "prod", ALLOW),
    ("StringNotEqualsIfExists", "prod", "prod", DENY),
    ("StringLikeIfExists", "a*", ABSENT, ALLOW),
    ("NumericLessThanIfExists", "5", ABSENT, ALLOW),
    ("NumericLessThanIfExists", "5", "6", DENY),
    ("DateLessThanIfExists", "2025-01-01T00:00:00Z", ABSENT, ALLOW),
    ("BoolIfExists", "true", ABSENT, ALLOW),
    ("BoolIfExists", "true", "false", DENY),
    ("IpAddressIfExists", "10.0.0.0/8", ABSENT, ALLOW),
    ("IpAddressIfExists", "10.0.0.0/8", "11.0.0.1", DENY),
    ("NotIpAddressIfExists", "10.0.0.0/8", "10.0.0.1", DENY),
    ("ArnLikeIfExists", "arn:aws:iam::*:role/*", ABSENT, ALLOW),
    ("ArnNotLikeIfExists", "arn:aws:iam::*:role/*", "arn:aws:iam::1:role/x", DENY),
    ("BinaryEqualsIfExists", "AA==", ABSENT, ALLOW),
]


@pytest.mark.parametrize(("operator", "values", "actual", "expected"), SINGLE_VALUED)
def test_single_valued_operator(operator: str, values: object, actual: object, expected: str) -> None:
    context: dict[str, str | list[str]] = {} if actual is ABSENT else {"aws:Test": actual}  # type: ignore[dict-item]
    assert with_condition({operator: {"aws:Test": values}}, context) == expected


# (operator, policy values, request values or ABSENT, expected)
MULTI_VALUED = [
    ("ForAllValues:StringEquals", ["env", "team"], ["env"], ALLOW),
    ("ForAllValues:StringEquals", ["env", "team"], ["env", "team"], ALLOW),
    ("ForAllValues:StringEquals", ["env", "team"], ["env", "cost"], DENY),
    ("ForAllValues:StringEquals", ["env"], [], ALLOW),
    ("ForAllValues:StringEquals", ["env"], ABSENT, ALLOW),
    ("ForAnyValue:StringEquals", ["env", "team"], ["cost", "team"], ALLOW),
    ("ForAnyValue:StringEquals", ["env"], ["cost"], DENY),
    ("ForAnyValue:StringEquals", ["env"], [], DENY),
    ("ForAnyValue:StringEquals", ["env"], ABSENT, DENY),
    ("ForAnyValue:StringEqualsIfExists", ["env"], ABSENT, ALLOW),
    ("ForAllValues:StringLike", ["team-*"], ["team-a", "team-b"], ALLOW),
    ("ForAllValues:StringLike", ["team-*"], ["team-a", "ops"], DENY),
    ("ForAnyValue:StringLike", ["team-*"], ["ops", "team-b"], ALLOW),
    ("ForAllValues:StringNotEquals", ["secret"], ["env", "team"], ALLOW),
    ("ForAllValues:StringNotEquals", ["secret"], ["env", "secret"], DENY),
    ("ForAllValues:StringNotEquals", ["secret"], ABSENT, ALLOW),
    ("ForAnyValue:StringNotEquals", ["secret"], ["secret", "env"], ALLOW),
    ("ForAnyValue:StringNotEquals", ["secret"], ["secret"], DENY),
    ("ForAnyValue:StringNotEquals", ["secret"], ABSENT, DENY),
    ("ForAnyValue:StringNotLike", ["s*"], ["secret", "env"], ALLOW),
    ("ForAllValues:StringNotLike", ["s*"], ["secret", "env"], DENY),
    ("ForAllValues:StringEqualsIgnoreCase", ["ENV"], ["env", "Env"], ALLOW),
    ("ForAnyValue:ArnLike", ["arn:aws:iam::*:role/x"], ["arn:aws:iam::1:role/x", "y"], ALLOW),
    ("ForAnyValue:IpAddress", ["10.0.0.0/8"], ["192.0.2.1", "10.1.1.1"], ALLOW),
    ("ForAllValues:NumericLessThan", ["10"], ["1", "2"], ALLOW),
    ("ForAllValues:NumericLessThan", ["10"], ["1", "20"], DENY),
    # A set operator on a single-valued key treats it as a set of one.
    ("ForAnyValue:StringEquals", ["env"], "env", ALLOW),
    # A single-valued operator on a multi-valued key: some value matches (none, negated).
    ("StringEquals", ["env"], ["env", "x"], ALLOW),
    ("StringNotEquals", ["env"], ["env", "x"], DENY),
    ("StringNotEquals", ["env"], ["x"], ALLOW),
    ("StringEquals", ["env"], [], DENY),
    # Null: an empty list is present.
    ("Null", "false", [], ALLOW),
    ("Null", "true", [], DENY),
]


@pytest.mark.parametrize(("operator", "values", "actual", "expected"), MULTI_VALUED)
def test_multi_valued_operator(operator: str, values: object, actual: object, expected: str) -> None:
    context: dict[str, str | list[str]] = {} if actual is ABSENT else {"aws:TagKeys": actual}  # type: ignore[dict-item]
    assert with_condition({operator: {"aws:TagKeys": values}}, context) == expected


def test_several_keys_under_one_operator_must_all_match() -> None:
    condition = {"StringEquals": {"aws:A": "1", "aws:B": "2"}}
    assert with_condition(condition, {"aws:A": "1", "aws:B": "2"}) == ALLOW
    assert with_condition(condition, {"aws:A": "1", "aws:B": "3"}) == DENY


def test_several_operators_must_all_match() -> None:
    condition = {"StringEquals": {"aws:A": "1"}, "Bool": {"aws:SecureTransport": "true"}}
    assert with_condition(condition, {"aws:A": "1", "aws:SecureTransport": "true"}) == ALLOW
    assert with_condition(condition, {"aws:A": "1", "aws:SecureTransport": "false"}) == DENY


def test_several_values_of_one_key_are_alternatives() -> None:
    assert with_condition({"StringEquals": {"aws:A": ["1", "2", "3"]}}, {"aws:A": "3"}) == ALLOW


def test_condition_key_names_ignore_case_but_values_do_not() -> None:
    condition = {"StringEquals": {"AWS:principaltag/TEAM": "Blue"}}
    assert with_condition(condition, {"aws:PrincipalTag/team": "Blue"}) == ALLOW
    assert with_condition(condition, {"aws:PrincipalTag/team": "blue"}) == DENY


def test_an_unknown_key_in_the_condition_does_not_match() -> None:
    assert with_condition({"StringEquals": {"aws:NoSuchKey": "x"}}, {"aws:Other": "x"}) == DENY


def test_json_numbers_and_booleans_compare_by_their_text() -> None:
    assert with_condition({"NumericEquals": {"aws:N": 3600}}, {"aws:N": "3600"}) == ALLOW
    assert with_condition({"StringEquals": {"aws:N": 3600}}, {"aws:N": "3600"}) == ALLOW
    assert (
        with_condition({"Bool": {"aws:MultiFactorAuthPresent": True}}, {"aws:MultiFactorAuthPresent": "true"})
        == ALLOW
    )
