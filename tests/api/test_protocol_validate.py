"""validate_input reports every violated constraint of the model in AWS's exact wording."""

from __future__ import annotations

from typing import Any

import pytest

from hatrack.api.protocol import ServiceModels, validate_input
from hatrack.errors import ValidationError

MODELS = ServiceModels()


def violations_message(service: str, name: str, value: dict[str, Any]) -> str:
    op = MODELS.operation(service, name)
    assert op is not None
    with pytest.raises(ValidationError) as caught:
        validate_input(op, value)
    assert caught.value.status == 400
    return caught.value.message


def test_user_name_of_65_characters() -> None:
    name = "a" * 65

    assert violations_message("iam", "CreateUser", {"UserName": name}) == (
        f"1 validation error detected: Value '{name}' at 'userName' failed to satisfy constraint: "
        "Member must have length less than or equal to 64"
    )


def test_missing_required_member() -> None:
    assert violations_message("iam", "CreateUser", {}) == (
        "1 validation error detected: Value null at 'userName' failed to satisfy constraint: "
        "Member must not be null"
    )


def test_path_that_fails_the_pattern() -> None:
    assert violations_message("iam", "CreateUser", {"UserName": "alice", "Path": "abc"}) == (
        "1 validation error detected: Value 'abc' at 'path' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)"
    )


def test_several_violations_are_counted_and_joined() -> None:
    message = violations_message("iam", "CreateUser", {"UserName": "", "Path": "/" + "a" * 511 + "/"})

    assert message == (
        "3 validation errors detected: "
        "Value '/" + "a" * 255 + "…' at 'path' failed to satisfy constraint: "
        "Member must have length less than or equal to 512; "
        "Value '' at 'userName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1; "
        "Value '' at 'userName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: "
        "[\\w+=,.@-]+"
    )


@pytest.mark.parametrize("name", ["a b", "a/b", "<x>", "a&b", "é", '"', "a\x00"])
def test_user_name_characters_outside_the_pattern(name: str) -> None:
    assert "at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern" in (
        violations_message("iam", "CreateUser", {"UserName": name})
    )


def test_nested_list_member_paths() -> None:
    tags = [{"Key": "ok", "Value": "v"}, {"Key": "k" * 129, "Value": "v"}]

    assert violations_message("iam", "CreateUser", {"UserName": "alice", "Tags": tags}) == (
        f"1 validation error detected: Value '{'k' * 129}' at 'tags.2.member.key' failed to satisfy "
        "constraint: Member must have length less than or equal to 128"
    )


def test_list_length_limit() -> None:
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]

    message = violations_message("iam", "CreateUser", {"UserName": "alice", "Tags": tags})

    assert message.startswith("1 validation error detected: Value '[")
    assert message.endswith(
        "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"
    )


def test_tag_key_accepts_unicode_letters_and_separators_but_not_controls() -> None:
    op = MODELS.operation("iam", "TagUser")
    assert op is not None
    validate_input(op, {"UserName": "alice", "Tags": [{"Key": "Kostenstelle Zürich 東京 ٣", "Value": "v"}]})

    message = violations_message(
        "iam", "TagUser", {"UserName": "alice", "Tags": [{"Key": "tab\tkey", "Value": "v"}]}
    )
    assert message == (
        "1 validation error detected: Value 'tab\tkey' at 'tags.1.member.key' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"
    )


def test_enum_violation_lists_the_allowed_values() -> None:
    message = violations_message(
        "iam", "UpdateAccessKey", {"AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Status": "On"}
    )

    assert message == (
        "1 validation error detected: Value 'On' at 'status' failed to satisfy constraint: "
        "Member must satisfy enum value set: [Active, Inactive, Expired]"
    )


def test_numeric_range() -> None:
    assert violations_message("iam", "ListUsers", {"MaxItems": 1001}) == (
        "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: "
        "Member must have value less than or equal to 1000"
    )
    assert "Member must have value greater than or equal to 1" in violations_message(
        "iam", "ListUsers", {"MaxItems": 0}
    )


def test_sensitive_values_are_never_echoed() -> None:
    password = "hunter2\x00" + "x" * 130

    message = violations_message("iam", "CreateLoginProfile", {"UserName": "alice", "Password": password})

    assert "hunter2" not in message
    assert message == (
        "2 validation errors detected: Value at 'password' failed to satisfy constraint: "
        "Member must have length less than or equal to 128; "
        "Value at 'password' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"
    )


def test_valid_input_passes() -> None:
    op = MODELS.operation("sts", "AssumeRole")
    assert op is not None

    validate_input(
        op,
        {
            "RoleArn": "arn:aws:iam::123456789012:role/deploy",
            "RoleSessionName": "ci-run@42",
            "DurationSeconds": 3600,
            "Tags": [{"Key": "project", "Value": "hatrack"}],
        },
    )
