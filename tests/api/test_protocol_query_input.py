"""Bad Query-protocol input (AWS_BEHAVIOUR §3.1) is refused with the right error, good input is typed.

Covers the rows that belong to the protocol layer: malformed escapes and encodings (2, 3),
repeated parameters (7), unknown parameters (8), list indices (11), the field cap (12), numbers
(13), booleans (14) and control characters (15, through the model's patterns).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.model import OperationModel

from hatrack.api.protocol import MAX_FIELDS, ServiceModels, parse_form, parse_query_input, validate_input
from hatrack.errors import InvalidBodyEncoding, MalformedQueryString, UnknownParameter, ValidationError

MODELS = ServiceModels()


def op(service: str, name: str) -> OperationModel:
    found = MODELS.operation(service, name)
    assert found is not None
    return found


def parse(service: str, name: str, body: str) -> dict[str, Any]:
    """Parse a form body the way the server does (Action and Version dropped), then validate."""
    form = parse_form(body.encode("utf-8"), "")
    form.pop("Action", None)
    form.pop("Version", None)
    operation = op(service, name)
    params = parse_query_input(operation, form)
    validate_input(operation, params)
    return params


# --- row 3: malformed % escapes ---------------------------------------------------------------


@pytest.mark.parametrize("body", [b"Action=ListUsers&PathPrefix=%", b"Action=ListUsers&PathPrefix=%2"])
def test_trailing_incomplete_escape_is_malformed_query_string(body: bytes) -> None:
    with pytest.raises(MalformedQueryString) as caught:
        parse_form(body, "")

    assert caught.value.message == "Incomplete trailing escape % sequence"
    assert caught.value.status == 404


def test_non_hex_escape_is_malformed_query_string_naming_it() -> None:
    with pytest.raises(MalformedQueryString) as caught:
        parse_form(b"Action=ListUsers&PathPrefix=%zz/", "")

    assert caught.value.message == "Illegal hex character in escape % pattern: %zz"


def test_bad_escape_in_the_query_string_is_refused_too() -> None:
    with pytest.raises(MalformedQueryString):
        parse_form(b"", "Action=ListUsers&Marker=a%g1")


# --- row 2: encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", [b"Action=ListUsers&PathPrefix=/\xff/", b"Action=ListUsers&PathPrefix=%2F%C3%28%2F"]
)
def test_body_that_is_not_utf8_raw_or_percent_encoded_is_invalid_body_encoding(body: bytes) -> None:
    with pytest.raises(InvalidBodyEncoding) as caught:
        parse_form(body, "")

    assert "only UTF-8 is supported" in caught.value.message


def test_form_decodes_plus_percent_and_utf8() -> None:
    params = parse_form(b"Description=caf%C3%A9+au+lait%2B1&Empty=&Bare", "Action=UpdateRole&X-Amz-Date=1")

    assert params == {
        "Description": "café au lait+1",
        "Empty": "",
        "Bare": "",
        "Action": "UpdateRole",
        "X-Amz-Date": "1",
    }


# --- row 7: repeated parameters ---------------------------------------------------------------


def test_parameter_repeated_with_different_values_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_form(b"Action=CreateUser&UserName=alice&UserName=mallory", "")

    assert caught.value.message == "parameter 'UserName' is given more than once with different values"


def test_parameter_in_query_and_body_with_different_values_is_refused() -> None:
    with pytest.raises(ValidationError):
        parse_form(b"UserName=alice", "Action=CreateUser&UserName=mallory")


def test_parameter_repeated_with_the_same_value_is_accepted() -> None:
    assert parse_form(b"UserName=alice&UserName=alice", "UserName=alice") == {"UserName": "alice"}


# --- row 12: field cap ------------------------------------------------------------------------


def test_more_fields_than_the_cap_is_refused_before_parsing() -> None:
    body = "&".join(f"F{i}=x" for i in range(MAX_FIELDS + 1)).encode()

    with pytest.raises(ValidationError) as caught:
        parse_form(body, "")

    assert caught.value.message == f"request has more than {MAX_FIELDS} parameters"


def test_fields_up_to_the_cap_are_accepted() -> None:
    body = "&".join(f"F{i}=x" for i in range(MAX_FIELDS - 10)).encode()

    assert len(parse_form(body, "")) == MAX_FIELDS - 10


# --- row 8: unknown parameters ----------------------------------------------------------------


def test_the_presigned_url_parameters_are_not_unknown() -> None:
    params = parse(
        "iam",
        "CreateUser",
        "UserName=alice&X-Amz-Signature=ab&X-Amz-Date=20260101T000000Z&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=a&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=t"
        "&Tags.member.1.Key=k&Tags.member.1.Value=v",
    )

    assert params == {"UserName": "alice", "Tags": [{"Key": "k", "Value": "v"}]}


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("UserName=alice&Bogus=1", "Bogus"),
        ("UserName=alice&Bogus.member.1=x", "Bogus.member.1"),
        (
            "UserName=alice&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.1.Extra=1",
            "Tags.member.1.Extra",
        ),
        ("UserName=alice&X-Amz-Other=1", "X-Amz-Other"),
    ],
)
def test_an_unknown_parameter_is_refused_naming_it(body: str, named: str) -> None:
    with pytest.raises(UnknownParameter) as caught:
        parse("iam", "CreateUser", body)

    assert caught.value.message == f"The parameter {named} is not recognized"
    assert caught.value.status == 400


def test_an_operation_without_input_refuses_any_parameter_but_the_signing_ones() -> None:
    assert parse("sts", "GetCallerIdentity", "X-Amz-Signature=ab") == {}
    with pytest.raises(UnknownParameter):
        parse("sts", "GetCallerIdentity", "Bogus=1")


# --- row 11: list indices ---------------------------------------------------------------------


def test_lists_maps_and_nested_structures_become_python_values() -> None:
    params = parse(
        "iam",
        "CreateUser",
        "UserName=alice&Path=%2Fengineering%2F&Tags.member.2.Key=team&Tags.member.2.Value=infra"
        "&Tags.member.1.Key=cost-center&Tags.member.1.Value=42",
    )

    assert params == {
        "UserName": "alice",
        "Path": "/engineering/",
        "Tags": [{"Key": "cost-center", "Value": "42"}, {"Key": "team", "Value": "infra"}],
    }


def test_empty_list_parameter_is_an_empty_list() -> None:
    assert parse("iam", "CreateUser", "UserName=alice&Tags=") == {"UserName": "alice", "Tags": []}


@pytest.mark.parametrize(
    ("body", "bad_index"),
    [
        ("Tags.member.0.Key=k&Tags.member.0.Value=v", "0"),
        ("Tags.member.999999.Key=k&Tags.member.999999.Value=v", "999999"),
        ("Tags.member.x.Key=k&Tags.member.x.Value=v", "x"),
        ("Tags.member.1.Key=a&Tags.member.1.Value=b&Tags.member.3.Key=k&Tags.member.3.Value=v", "3"),
        ("Tags.member.01.Key=k&Tags.member.01.Value=v", "01"),
        ("Tags.member.-1.Key=k&Tags.member.-1.Value=v", "-1"),
    ],
)
def test_list_index_that_is_zero_gapped_or_not_a_number_is_a_validation_error(
    body: str, bad_index: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse("iam", "CreateUser", "UserName=alice&" + body)

    assert caught.value.message == (
        f"invalid index '{bad_index}' in parameter Tags.member.{bad_index}: "
        "indices must run 1, 2, 3… without gaps"
    )


def test_list_without_the_member_level_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        parse("iam", "CreateUser", "UserName=alice&Tags.1.Key=k&Tags.1.Value=v")


def test_list_given_as_a_plain_value_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        parse("iam", "CreateUser", "UserName=alice&Tags=team")


def test_scalar_with_sub_parameters_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        parse("iam", "CreateUser", "UserName=alice&UserName.member.1=bob")

    assert caught.value.message == "parameter UserName has unexpected sub-parameters"


def test_tag_key_without_value_is_a_missing_required_member() -> None:
    with pytest.raises(ValidationError) as caught:
        parse("iam", "CreateUser", "UserName=alice&Tags.member.1.Key=team")

    assert caught.value.message == (
        "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: "
        "Member must not be null"
    )


# --- row 13: numbers --------------------------------------------------------------------------

ASSUME = "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1&DurationSeconds="


@pytest.mark.parametrize(
    "number", ["abc", "1e3", "0x384", "%20900", "%2B900", "900.0", "99999999999999999999", ""]
)
def test_malformed_integer_is_a_validation_error(number: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse("sts", "AssumeRole", ASSUME + number)

    assert caught.value.message.startswith("invalid value '")
    assert caught.value.message.endswith("for parameter DurationSeconds: expected an integer") or (
        "expected an integer from" in caught.value.message
    )


def test_integer_is_parsed_and_range_checked_by_the_model() -> None:
    assert parse("sts", "AssumeRole", ASSUME + "900")["DurationSeconds"] == 900

    with pytest.raises(ValidationError) as caught:
        parse("sts", "AssumeRole", ASSUME + "899")

    assert caught.value.message == (
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: "
        "Member must have value greater than or equal to 900"
    )


def test_negative_integer_parses_and_fails_the_range() -> None:
    with pytest.raises(ValidationError) as caught:
        parse("iam", "ListUsers", "MaxItems=-5")

    assert "Value '-5' at 'maxItems'" in caught.value.message


# --- row 14: booleans -------------------------------------------------------------------------

POLICY_VERSION = (
    "PolicyArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fp&PolicyDocument=%7B%7D&SetAsDefault="
)


@pytest.mark.parametrize("flag", ["TRUE", "True", "yes", "1", "", "false%20"])
def test_boolean_other_than_true_or_false_is_a_validation_error(flag: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse("iam", "CreatePolicyVersion", POLICY_VERSION + flag)

    assert "for parameter SetAsDefault: expected true or false" in caught.value.message


@pytest.mark.parametrize(("flag", "value"), [("true", True), ("false", False)])
def test_boolean_true_and_false_parse(flag: str, value: bool) -> None:
    assert parse("iam", "CreatePolicyVersion", POLICY_VERSION + flag)["SetAsDefault"] is value


# --- row 15: control characters ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("CreateUser", "UserName=a%00b", "userName"),
        ("CreateUser", "UserName=alice&Path=%2Fa%01%2F", "path"),
        ("UpdateRole", "RoleName=r&Description=bell%07", "description"),
        ("CreateUser", "UserName=alice&Tags.member.1.Key=k%1B&Tags.member.1.Value=v", "tags.1.member.key"),
    ],
)
def test_control_characters_fail_the_models_pattern(name: str, body: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse("iam", name, body)

    assert f"at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern:" in (
        caught.value.message
    )
