"""Error bodies parse in botocore to the code, message, type and request id; statuses follow the model."""

from __future__ import annotations

from typing import ClassVar

import pytest
from botocore.parsers import create_parser

from hatrack.api.protocol import ServiceModels, error_status, serialize_json_error, serialize_query_error
from hatrack.errors import (
    AccessDenied,
    IamError,
    InternalFailure,
    InvalidLookupAttributes,
    MalformedQueryString,
    NoSuchEntity,
    ValidationError,
)

MODELS = ServiceModels()
REQUEST_ID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"


def parse_query_error(service: str, body: bytes, status: int) -> dict[str, object]:
    op = MODELS.operation(service, "GetCallerIdentity" if service == "sts" else "GetUser")
    assert op is not None
    parsed: dict[str, object] = create_parser("query").parse(
        {"body": body, "headers": {}, "status_code": status}, op.output_shape
    )
    return parsed


@pytest.mark.parametrize("service", ["iam", "sts"])
def test_query_error_parses_in_botocore(service: str) -> None:
    error = NoSuchEntity("The user with name alice cannot be found.")

    body = serialize_query_error(MODELS.service(service), error, REQUEST_ID)
    parsed = parse_query_error(service, body, 404)

    assert parsed["Error"] == {
        "Type": "Sender",
        "Code": "NoSuchEntity",
        "Message": "The user with name alice cannot be found.",
    }
    assert parsed["ResponseMetadata"]["RequestId"] == REQUEST_ID  # type: ignore[index]


def test_query_error_carries_the_services_namespace() -> None:
    iam = serialize_query_error(MODELS.service("iam"), AccessDenied("no"), REQUEST_ID)
    sts = serialize_query_error(MODELS.service("sts"), AccessDenied("no"), REQUEST_ID)

    assert iam.startswith(b'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error>')
    assert sts.startswith(b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>')


def test_server_fault_is_type_receiver() -> None:
    body = serialize_query_error(
        MODELS.service("iam"), InternalFailure("An internal error occurred."), REQUEST_ID
    )

    assert parse_query_error("iam", body, 500)["Error"] == {
        "Type": "Receiver",
        "Code": "InternalFailure",
        "Message": "An internal error occurred.",
    }


def test_echoed_input_in_a_message_is_escaped_and_survives() -> None:
    message = (
        "1 validation error detected: Value 'a<b>&c]]>\"d\"\r\n' at 'userName' failed to satisfy constraint"
    )

    body = serialize_query_error(MODELS.service("iam"), ValidationError(message), REQUEST_ID)

    assert b"]]>" not in body
    assert parse_query_error("iam", body, 400)["Error"]["Message"] == message  # type: ignore[index]


def test_characters_xml_cannot_carry_become_replacement_characters() -> None:
    body = serialize_query_error(MODELS.service("iam"), ValidationError("nul\x00 here"), REQUEST_ID)

    assert parse_query_error("iam", body, 400)["Error"]["Message"] == "nul\ufffd here"  # type: ignore[index]


def test_json_error_parses_in_botocore() -> None:
    body = serialize_json_error(InvalidLookupAttributes("Invalid attribute key <x>"))

    parsed = create_parser("json").parse(
        {"body": body, "headers": {"x-amzn-requestid": REQUEST_ID}, "status_code": 400}, None
    )

    assert parsed["Error"] == {
        "Code": "InvalidLookupAttributesException",
        "Message": "Invalid attribute key <x>",
    }
    assert parsed["ResponseMetadata"]["RequestId"] == REQUEST_ID
    assert body == b'{"__type":"InvalidLookupAttributesException","message":"Invalid attribute key <x>"}'


class TeapotNoSuchEntity(IamError):
    code: ClassVar[str] = "NoSuchEntity"
    status: ClassVar[int] = 418


class UnmodelledError(IamError):
    code: ClassVar[str] = "SomethingNoModelNames"
    status: ClassVar[int] = 418


def test_status_comes_from_the_models_error_shape_when_it_has_one() -> None:
    iam = MODELS.service("iam")

    assert error_status(iam, TeapotNoSuchEntity("x")) == 404
    assert error_status(iam, UnmodelledError("x")) == 418
    assert error_status(iam, MalformedQueryString("x")) == 404
    assert error_status(iam, ValidationError("x")) == 400
    assert error_status(iam, AccessDenied("x")) == 403


def test_status_of_sts_and_cloudtrail_errors() -> None:
    class ExpiredWebIdentityToken(IamError):
        code: ClassVar[str] = "ExpiredTokenException"
        status: ClassVar[int] = 403

    assert error_status(MODELS.service("sts"), ExpiredWebIdentityToken("x")) == 400
    assert error_status(MODELS.service("cloudtrail"), InvalidLookupAttributes("x")) == 400
