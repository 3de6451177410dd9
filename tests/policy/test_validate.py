"""Validation: AWS's error codes and messages for each kind of problem, every finding reported."""

from __future__ import annotations

import json

import pytest

from hatrack.errors import LimitExceeded, MalformedPolicyDocument, ValidationError
from hatrack.policy import PolicyKind, Severity, check_policy, parse_policy, policy_size, validate_policy

GOOD_STATEMENT = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
TRUST_STATEMENT = {
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": "sts:AssumeRole",
}


def doc(*statements: object, version: str | None = "2012-10-17", **top: object) -> str:
    body: dict[str, object] = {} if version is None else {"Version": version}
    body["Statement"] = list(statements)
    body.update(top)
    return json.dumps(body)


def error_of(text: str, kind: PolicyKind = PolicyKind.IDENTITY) -> str:
    with pytest.raises(MalformedPolicyDocument) as raised:
        check_policy(text, kind)
    return raised.value.message


def test_a_good_policy_parses_into_its_statements() -> None:
    document = check_policy(
        doc({"Sid": "A", **GOOD_STATEMENT}, {"Sid": "B", **GOOD_STATEMENT, "Effect": "Deny"})
    )
    assert [s.sid for s in document.statements] == ["A", "B"]
    assert document.statements[0].action == ("s3:GetObject",)
    assert validate_policy(doc(GOOD_STATEMENT)).ok


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Syntax errors in policy."),
        ("{", "Syntax errors in policy."),
        ('{"Version": "2012-10-17", "Statement": [],}', "Syntax errors in policy."),
        ("[]", "Syntax errors in policy."),
        ('"str"', "Syntax errors in policy."),
        ("null", "Syntax errors in policy."),
        ("[" * 100_000, "Syntax errors in policy."),
        (
            '{"Version": "2012-10-17", "Statement": '
            '{"Effect": "Allow", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}}',
            "Syntax errors in policy.",
        ),
        (
            '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": NaN}}',
            "Syntax errors in policy.",
        ),
        (doc(GOOD_STATEMENT, Extra="x"), "Syntax errors in policy."),
        (doc(GOOD_STATEMENT, version="2020-01-01"), "Syntax errors in policy."),
        (json.dumps({"Version": "2012-10-17"}), "Syntax errors in policy."),
        (doc(), "Syntax errors in policy."),
        (doc({**GOOD_STATEMENT, "Actions": "s3:*"}), "Syntax errors in policy."),
        (doc({**GOOD_STATEMENT, "Effect": "Permit"}), "Syntax errors in policy."),
        (doc({"Action": "s3:*", "Resource": "*"}), "Syntax errors in policy."),
        (doc({**GOOD_STATEMENT, "NotAction": "s3:*"}), "Syntax errors in policy."),
        (doc({**GOOD_STATEMENT, "NotResource": "*"}), "Syntax errors in policy."),
        (doc({**GOOD_STATEMENT, "Action": {"a": 1}}), "Syntax errors in policy."),
        (
            doc({**GOOD_STATEMENT, "Condition": {"StringEquals": {"aws:x": {"nested": 1}}}}),
            "Syntax errors in policy.",
        ),
        (doc({"Effect": "Allow", "Resource": "*"}), "Policy statement must contain actions."),
        (doc({**GOOD_STATEMENT, "Action": []}), "Policy statement must contain actions."),
        (doc({"Effect": "Allow", "Action": "s3:*"}), "Policy statement must contain resources."),
        (
            doc({**GOOD_STATEMENT, "Action": "GetObject"}),
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        ),
        (doc({**GOOD_STATEMENT, "Action": "s3:Get:Object"}), "Actions/Condition can contain only one colon."),
        (doc({**GOOD_STATEMENT, "Action": "s 3:Get"}), "Vendor s 3 is not valid"),
        (
            doc({"Sid": "A", **GOOD_STATEMENT}, {"Sid": "A", **GOOD_STATEMENT}),
            "Statement IDs (SID) in a single policy must be unique.",
        ),
        (doc({**GOOD_STATEMENT, "Principal": "*"}), "Policy document should not specify a principal."),
        (
            doc({**GOOD_STATEMENT, "Condition": {"StringEqualz": {"aws:x": "1"}}}),
            "Invalid Condition type : StringEqualz",
        ),
        (
            doc({**GOOD_STATEMENT, "Condition": {"StringEquals": {"nokey": "1"}}}),
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        ),
        (
            doc({**GOOD_STATEMENT, "Condition": {"DateLessThan": {"aws:CurrentTime": "yesterday"}}}),
            "The policy failed legacy parsing",
        ),
        (doc({**GOOD_STATEMENT, "Resource": "bucket"}), 'Resource bucket must be in ARN format or "*".'),
        (
            doc({**GOOD_STATEMENT, "Resource": "arn:aws-xx:s3:::b"}),
            'Partition "aws-xx" is not valid for resource "arn:aws-xx:s3:::b".',
        ),
        (
            doc({**GOOD_STATEMENT, "Resource": "arn:aws"}),
            "Resource vendor must be fully qualified and cannot contain regexes.",
        ),
        (doc({**GOOD_STATEMENT, "Resource": "arn:aws:s3::bucket"}), "The policy failed legacy parsing"),
    ],
)
def test_identity_policy_errors(text: str, message: str) -> None:
    assert error_of(text) == message


@pytest.mark.parametrize(
    "kind",
    [
        PolicyKind.MANAGED,
        PolicyKind.BOUNDARY,
        PolicyKind.INLINE_USER,
        PolicyKind.INLINE_GROUP,
        PolicyKind.INLINE_ROLE,
    ],
)
def test_identity_policies_iam_stores_need_version_2012(kind: PolicyKind) -> None:
    # AWS_BEHAVIOUR.md row 58: a missing Version or 2008-10-17 is refused (issue 10).
    for version in (None, "2008-10-17"):
        assert error_of(doc(GOOD_STATEMENT, version=version), kind) == (
            "Policy document must be version 2012-10-17 or greater."
        )
    check_policy(doc(GOOD_STATEMENT), kind)


def test_trust_resource_and_session_policies_accept_the_2008_grammar() -> None:
    check_policy(doc(TRUST_STATEMENT, version="2008-10-17"), PolicyKind.TRUST)
    check_policy(doc(TRUST_STATEMENT, version=None), PolicyKind.TRUST)
    check_policy(
        doc({**TRUST_STATEMENT, "Action": "s3:GetObject", "Resource": "*"}, version=None), PolicyKind.RESOURCE
    )
    check_policy(doc(GOOD_STATEMENT, version="2008-10-17"), PolicyKind.SESSION)
    check_policy(doc(GOOD_STATEMENT, version=None), PolicyKind.IDENTITY)


def test_a_document_past_the_api_maximum_is_refused_before_parsing() -> None:
    text = " " * 131073
    with pytest.raises(ValidationError) as raised:
        check_policy(text, PolicyKind.IDENTITY)
    assert "Member must have length less than or equal to 131072" in raised.value.message
    assert validate_policy(text).errors[0].code == "ValidationError"
    with pytest.raises(ValidationError):
        parse_policy(text)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ({"Effect": "Allow", "Action": "sts:AssumeRole"}, "Missing required field Principal"),
        ({**TRUST_STATEMENT, "Resource": "*"}, "Has prohibited field Resource."),
        (
            {**TRUST_STATEMENT, "Action": "s3:GetObject"},
            "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and "
            "sts:AssumeRoleWithWebIdentity",
        ),
        (
            {**TRUST_STATEMENT, "Action": "*"},
            "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and "
            "sts:AssumeRoleWithWebIdentity",
        ),
        ({**TRUST_STATEMENT, "Principal": {"AWS": "alice"}}, 'Invalid principal in policy: "AWS":"alice"'),
        ({**TRUST_STATEMENT, "Principal": {"Robot": "x"}}, "Syntax errors in policy."),
        ({**TRUST_STATEMENT, "Principal": "someone"}, "Syntax errors in policy."),
    ],
)
def test_trust_policy_errors(statement: dict[str, object], message: str) -> None:
    assert error_of(doc(statement), PolicyKind.TRUST) == message


@pytest.mark.parametrize(
    "principal",
    [
        "*",
        {"AWS": "*"},
        {"AWS": "111122223333"},
        {"AWS": "arn:aws:iam::111122223333:root"},
        {"AWS": ["arn:aws:iam::111122223333:user/a", "arn:aws:iam::111122223333:role/path/r"]},
        {"AWS": "arn:aws:sts::111122223333:assumed-role/r/s"},
        {"Service": "ec2.amazonaws.com"},
        {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
        {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
    ],
)
def test_trust_policy_principals(principal: object) -> None:
    actions = [
        "sts:AssumeRole",
        "sts:TagSession",
        "sts:SetSourceIdentity",
        "sts:AssumeRoleWithWebIdentity",
        "sts:AssumeRole*",
    ]
    check_policy(doc({**TRUST_STATEMENT, "Principal": principal, "Action": actions}), PolicyKind.TRUST)


def test_resource_policies_need_a_principal_and_may_have_resources() -> None:
    assert error_of(doc(GOOD_STATEMENT), PolicyKind.RESOURCE) == "Missing required field Principal"
    check_policy(doc({**GOOD_STATEMENT, "Principal": {"AWS": "111122223333"}}), PolicyKind.RESOURCE)
    check_policy(
        doc({**GOOD_STATEMENT, "Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}}),
        PolicyKind.RESOURCE,
    )


@pytest.mark.parametrize(
    "kind", [PolicyKind.BOUNDARY, PolicyKind.SESSION, PolicyKind.SCP, PolicyKind.INLINE_ROLE]
)
def test_principal_is_refused_outside_resource_and_trust_policies(kind: PolicyKind) -> None:
    assert (
        error_of(doc({**GOOD_STATEMENT, "Principal": "*"}), kind)
        == "Policy document should not specify a principal."
    )


def padded(size: int) -> str:
    """A valid policy of exactly ``size`` non-white-space characters."""
    base = doc({**GOOD_STATEMENT, "Sid": ""})
    return base.replace('"Sid": ""', '"Sid": "' + "x" * (size - policy_size(base)) + '"')


@pytest.mark.parametrize(
    ("kind", "quota", "message"),
    [
        (PolicyKind.MANAGED, 6144, "Cannot exceed quota for PolicySize: 6144"),
        (PolicyKind.TRUST, 2048, "Cannot exceed quota for ACLSizePerRole: 2048"),
        (PolicyKind.INLINE_USER, 2048, "Maximum policy size of 2048 bytes exceeded for user alice"),
        (PolicyKind.INLINE_GROUP, 5120, "Maximum policy size of 5120 bytes exceeded for group alice"),
        (PolicyKind.INLINE_ROLE, 10240, "Maximum policy size of 10240 bytes exceeded for role alice"),
    ],
)
def test_size_quotas_count_characters_without_white_space(kind: PolicyKind, quota: int, message: str) -> None:
    at_quota = padded(quota)
    assert policy_size(at_quota) == quota
    spaced = at_quota.replace(",", ",\n      ")
    assert policy_size(spaced) == quota
    if kind is not PolicyKind.TRUST:
        check_policy(spaced, kind, entity_name="alice")
    with pytest.raises(LimitExceeded) as raised:
        check_policy(padded(quota + 1), kind, entity_name="alice")
    assert raised.value.message == message
    assert raised.value.status == 409


def test_validation_reports_every_finding_with_its_path() -> None:
    text = doc(
        {"Effect": "Allow", "Action": ["s3", "a:b:c"], "Resource": "bucket"},
        {
            "Sid": "x",
            "Effect": "Maybe",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"Nope": {"aws:x": "1"}},
        },
    )
    result = validate_policy(text)
    assert not result.ok
    paths = {finding.path for finding in result.errors}
    assert {
        "Statement[0].Action[0]",
        "Statement[0].Action[1]",
        "Statement[0].Resource",
        "Statement[1].Effect",
    } <= paths
    assert "Statement[1].Condition.Nope" in paths
    effect = next(f for f in result.errors if f.path == "Statement[1].Effect")
    assert effect.message == "Syntax errors in policy."
    assert "Maybe" in effect.detail
    assert all(finding.severity is Severity.ERROR for finding in result.errors)


def test_duplicate_keys_are_named_in_the_finding() -> None:
    result = validate_policy('{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}')
    assert "duplicate key 'Version'" in result.errors[0].detail


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        (doc(GOOD_STATEMENT, version=None), "no Version"),
        (
            doc({**GOOD_STATEMENT, "Resource": "arn:aws:s3:::b/${aws:username}"}, version="2008-10-17"),
            "policy variables need Version 2012-10-17",
        ),
        (
            doc({**GOOD_STATEMENT, "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}),
            "not an IP address",
        ),
        (doc({**GOOD_STATEMENT, "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}), "not a number"),
        (doc({**GOOD_STATEMENT, "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}), "not true or false"),
        (doc({**GOOD_STATEMENT, "Resource": "arn:aws:s3:::b/${not a var}"}), "not a policy variable"),
    ],
)
def test_warnings_do_not_fail_validation(text: str, warning: str) -> None:
    result = validate_policy(text)
    assert result.ok
    assert any(warning in finding.message for finding in result.warnings), result.warnings


def test_not_principal_with_allow_is_a_warning_in_resource_policies() -> None:
    text = doc({**GOOD_STATEMENT, "NotPrincipal": {"AWS": "111122223333"}})
    assert any("NotPrincipal" in f.message for f in validate_policy(text, PolicyKind.RESOURCE).warnings)


def test_parse_policy_checks_only_the_shared_grammar() -> None:
    document = parse_policy(doc({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}))
    assert document.statements[0].principal is not None
    assert document.statements[0].resource is None
    with pytest.raises(MalformedPolicyDocument):
        parse_policy("{")


def test_policy_variables_are_parsed_only_in_2012_documents() -> None:
    from hatrack.policy.template import Escaped, Text, Variable

    resource = "arn:aws:s3:::b/${aws:username}/${*}/${aws:PrincipalTag/team, 'shared'}"
    modern = parse_policy(doc({**GOOD_STATEMENT, "Resource": resource})).statements[0].resource
    assert modern is not None
    assert modern[0].parts == (
        Text("arn:aws:s3:::b/"),
        Variable("aws:username", None),
        Text("/"),
        Escaped("*"),
        Text("/"),
        Variable("aws:PrincipalTag/team", "shared"),
    )
    legacy = (
        parse_policy(doc({**GOOD_STATEMENT, "Resource": resource}, version="2008-10-17"))
        .statements[0]
        .resource
    )
    assert legacy is not None and legacy[0].is_plain


def test_condition_values_keep_their_json_text() -> None:
    document = check_policy(
        doc(
            {
                **GOOD_STATEMENT,
                "Condition": {"NumericEquals": {"s3:max-keys": [10, 2.50]}, "Bool": {"aws:x": True}},
            }
        )
    )
    entries = {
        entry.operator: [value.raw for value in entry.values] for entry in document.statements[0].condition
    }
    assert entries == {"NumericEquals": ["10", "2.5"], "Bool": ["true"]}


def test_huge_numbers_are_not_converted() -> None:
    text = doc({**GOOD_STATEMENT, "Condition": {"NumericEquals": {"s3:max-keys": 1}}}).replace(
        ": 1}", ": " + "9" * 100_000 + "}"
    )
    result = validate_policy(text)
    assert result.ok
    assert any("not a number" in finding.message for finding in result.warnings)


def test_a_dollar_brace_that_is_no_variable_stays_text() -> None:
    from hatrack.policy.template import parse_template

    assert parse_template("a${not a var}b", with_variables=True).is_plain
    assert parse_template("${}", with_variables=True).is_plain
    template = parse_template("x${aws:username}${bad one}", with_variables=True)
    assert [type(part).__name__ for part in template.parts] == ["Text", "Variable", "Text"]
