"""read_signature_claim: one test per rung of AWS's check order, with the exact code, status and message.

The base request is the classic suite's get-vanilla (signed at 2015-08-30T12:36:00Z for service
"service" in us-east-1); each test breaks one thing, and the precedence tests break two.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from hatrack.errors import (
    IamError,
    IncompleteSignature,
    MalformedQueryString,
    MissingAuthenticationToken,
    RequestExpired,
    SignatureDoesNotMatch,
)
from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import (
    CONTENT_SHA256_MISMATCH,
    HOST_NOT_SIGNED,
    REQUEST_EXPIRED,
    SIGNATURE_MISMATCH,
    SignatureClaim,
    has_authentication,
    read_signature_claim,
)

NOW = datetime(2015, 8, 30, 12, 36, 0, tzinfo=UTC)
SERVICES = frozenset({"service"})
CREDENTIAL = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
SIGNATURE = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
DATE = "20150830T123600Z"
TOKEN = "session-token"


def authorization(
    *,
    algorithm: str = "AWS4-HMAC-SHA256",
    credential: str = CREDENTIAL,
    signed_headers: str = "host;x-amz-date",
    signature: str = SIGNATURE,
) -> str:
    return f"{algorithm} Credential={credential}, SignedHeaders={signed_headers}, Signature={signature}"


def header_request(
    authorization_value: str | None = None,
    *,
    date: str | None = DATE,
    extra_headers: tuple[tuple[str, str], ...] = (),
    query: str = "",
    body: bytes = b"",
) -> HttpRequest:
    headers = [("Host", "example.amazonaws.com")]
    if date is not None:
        headers.append(("X-Amz-Date", date))
    headers.append(("Authorization", authorization() if authorization_value is None else authorization_value))
    headers.extend(extra_headers)
    return HttpRequest("GET", "/", query, tuple(headers), body)


PRESIGN_PARAMETERS = {
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Credential": CREDENTIAL,
    "X-Amz-Date": DATE,
    "X-Amz-Expires": "3600",
    "X-Amz-SignedHeaders": "host",
    "X-Amz-Signature": SIGNATURE,
}


def query_request(
    changes: Mapping[str, str | None] | None = None,
    *,
    extra_query: str = "",
    extra_headers: tuple[tuple[str, str], ...] = (),
) -> HttpRequest:
    parameters: dict[str, str | None] = {**PRESIGN_PARAMETERS, **(changes or {})}
    query = "&".join(
        f"{name}={quote(value, safe='')}" for name, value in parameters.items() if value is not None
    )
    if extra_query:
        query = f"{extra_query}&{query}"
    return HttpRequest("GET", "/", query, (("Host", "example.amazonaws.com"), *extra_headers), b"")


def read(request: HttpRequest, *, now: datetime = NOW, services: frozenset[str] = SERVICES) -> SignatureClaim:
    return read_signature_claim(request, now=now, services=services)


def rejection(request: HttpRequest, *, now: datetime = NOW, services: frozenset[str] = SERVICES) -> IamError:
    with pytest.raises(IamError) as raised:
        read(request, now=now, services=services)
    return raised.value


# --- the happy path -------------------------------------------------------------------------------


def test_the_claim_of_a_header_signed_request() -> None:
    claim = read(header_request())

    assert claim == SignatureClaim(
        access_key_id="AKIDEXAMPLE",
        scope_date="20150830",
        region="us-east-1",
        service="service",
        signed_headers=("host", "x-amz-date"),
        signature=SIGNATURE,
        request_time=NOW,
        security_token=None,
        presigned=False,
        expires_seconds=None,
    )


def test_the_claim_of_a_presigned_request() -> None:
    claim = read(query_request({"X-Amz-Security-Token": TOKEN}))

    assert claim.presigned is True
    assert claim.expires_seconds == 3600
    assert claim.security_token == TOKEN
    assert claim.signed_headers == ("host",)
    assert claim.request_time == NOW


def test_signed_header_names_are_lower_cased_and_sorted() -> None:
    claim = read(header_request(authorization(signed_headers="X-Amz-Date;Host")))

    assert claim.signed_headers == ("host", "x-amz-date")


def test_header_parameters_may_be_separated_by_spaces_alone() -> None:
    value = f"AWS4-HMAC-SHA256 Credential={CREDENTIAL} SignedHeaders=host;x-amz-date Signature={SIGNATURE}"

    assert read(header_request(value)).signature == SIGNATURE


def test_a_repeated_header_parameter_takes_the_last_value() -> None:
    value = authorization(signature="0" * 64) + f", Signature={SIGNATURE}"

    assert read(header_request(value)).signature == SIGNATURE


def test_a_repeated_query_parameter_takes_the_first_value() -> None:
    request = query_request(extra_query="X-Amz-Signature=" + "0" * 64)

    assert read(request).signature == "0" * 64


def test_without_x_amz_date_the_date_header_is_used() -> None:
    claim = read(header_request(date=None, extra_headers=(("Date", DATE),)))

    assert claim.request_time == NOW


def test_now_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        read(header_request(), now=datetime(2015, 8, 30, 12, 36))


# --- rung 1: is any authentication present? -------------------------------------------------------


def test_a_request_without_authentication_is_missing_the_authentication_token() -> None:
    error = rejection(HttpRequest("POST", "/", "", (("Host", "example.amazonaws.com"),), b"Action=ListUsers"))

    assert isinstance(error, MissingAuthenticationToken)
    assert error.status == 403
    assert error.message == "Request is missing Authentication Token"


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ((("authorization", "anything"),), "", True),
        ((), "X-Amz-Algorithm=AWS4-HMAC-SHA256", True),
        ((), "X%2DAmz%2DAlgorithm=x", True),
        ((("Host", "example.amazonaws.com"),), "Action=ListUsers&X-Amz-Date=20150830T123600Z", False),
        ((), "", False),
    ],
)
def test_has_authentication_sees_an_authorization_header_or_x_amz_algorithm(
    headers: tuple[tuple[str, str], ...], query: str, expected: bool
) -> None:
    assert has_authentication(HttpRequest("GET", "/", query, headers, b"")) is expected


# --- rung 2: both forms at once -------------------------------------------------------------------


def test_header_and_query_authentication_together_are_rejected() -> None:
    error = rejection(header_request(query="X-Amz-Algorithm=AWS4-HMAC-SHA256"))

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.message == SIGNATURE_MISMATCH


# --- rung 3: every parameter present --------------------------------------------------------------


def test_a_bearer_token_lacks_every_sigv4_parameter_and_is_echoed() -> None:
    error = rejection(header_request("Bearer abc.def.ghi"))

    assert isinstance(error, IncompleteSignature)
    assert error.status == 400
    assert error.message == (
        "Authorization header requires 'Credential' parameter. "
        "Authorization header requires 'Signature' parameter. "
        "Authorization header requires 'SignedHeaders' parameter. "
        "Authorization=Bearer abc.def.ghi"
    )


def test_an_algorithm_alone_without_a_date_lacks_all_four() -> None:
    error = rejection(header_request("AWS4-HMAC-SHA256", date=None))

    assert isinstance(error, IncompleteSignature)
    assert error.message == (
        "Authorization header requires 'Credential' parameter. "
        "Authorization header requires 'Signature' parameter. "
        "Authorization header requires 'SignedHeaders' parameter. "
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        "Authorization=AWS4-HMAC-SHA256"
    )


@pytest.mark.parametrize("parameter", ["Credential", "Signature", "SignedHeaders"])
def test_each_missing_header_parameter_is_named(parameter: str) -> None:
    value = ", ".join(part for part in authorization().split(", ") if parameter + "=" not in part)
    value = value if value.startswith("AWS4") else "AWS4-HMAC-SHA256 " + value

    error = rejection(header_request(value))

    assert isinstance(error, IncompleteSignature)
    assert error.message == f"Authorization header requires '{parameter}' parameter. Authorization={value}"


def test_a_header_signed_request_without_a_date_is_incomplete() -> None:
    error = rejection(header_request(date=None))

    assert isinstance(error, IncompleteSignature)
    assert error.message == (
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        f"Authorization={authorization()}"
    )


@pytest.mark.parametrize(
    "parameter", ["X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]
)
def test_each_missing_query_parameter_is_named(parameter: str) -> None:
    error = rejection(query_request({parameter: None}))

    assert isinstance(error, IncompleteSignature)
    assert error.message == (
        f"AWS query-string parameters must include '{parameter}'. Re-examine the query-string parameters."
    )


def test_a_lone_x_amz_algorithm_lacks_every_query_parameter() -> None:
    error = rejection(HttpRequest("GET", "/", "X-Amz-Algorithm=AWS4-HMAC-SHA256", (), b""))

    assert isinstance(error, IncompleteSignature)
    assert error.message == (
        "AWS query-string parameters must include 'X-Amz-Credential'. "
        "AWS query-string parameters must include 'X-Amz-Signature'. "
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
        "AWS query-string parameters must include 'X-Amz-Date'. "
        "Re-examine the query-string parameters."
    )


# --- rung 4: algorithm ----------------------------------------------------------------------------


def test_an_unsupported_header_algorithm_is_incomplete() -> None:
    error = rejection(header_request(authorization(algorithm="AWS4-HMAC-SHA512")))

    assert isinstance(error, IncompleteSignature)
    assert error.message == "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'."


def test_an_unsupported_query_algorithm_is_incomplete() -> None:
    error = rejection(query_request({"X-Amz-Algorithm": "AWS4-HMAC-SHA1"}))

    assert isinstance(error, IncompleteSignature)
    assert error.message == "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'."


# --- rung 5: key=value syntax ---------------------------------------------------------------------


def test_a_header_part_without_an_equal_sign_is_incomplete() -> None:
    value = authorization() + ", Junk"

    error = rejection(header_request(value))

    assert isinstance(error, IncompleteSignature)
    assert error.message == (
        f"'Junk' not a valid key=value pair (missing equal-sign) in Authorization header: '{value}'"
    )


# --- rung 6: five-part credential -----------------------------------------------------------------


@pytest.mark.parametrize(
    "credential",
    [
        "AKIDEXAMPLE/20150830/us-east-1/service",
        "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/extra",
        "",
    ],
)
def test_a_credential_without_five_parts_is_incomplete(credential: str) -> None:
    error = rejection(header_request(authorization(credential=credential)))

    assert isinstance(error, IncompleteSignature)
    assert error.message == (
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
        f"got '{credential}'"
    )


# --- rung 7: ISO 8601 basic date ------------------------------------------------------------------


@pytest.mark.parametrize(
    "date", ["2015-08-30T12:36:00Z", "20150230T000000Z", "", "20150830T123600", "20150830T246000Z"]
)
def test_a_date_not_in_iso_8601_basic_format_is_incomplete(date: str) -> None:
    error = rejection(header_request(date=date))

    assert isinstance(error, IncompleteSignature)
    assert error.message == (
        f"Date must be in ISO-8601 'basic format'. Got '{date}'. See http://en.wikipedia.org/wiki/ISO_8601"
    )


def test_a_presigned_date_not_in_basic_format_is_incomplete() -> None:
    error = rejection(query_request({"X-Amz-Date": "2015-08-30T12:36:00Z"}))

    assert isinstance(error, IncompleteSignature)
    assert error.message.startswith("Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'.")


# --- rung 8: X-Amz-Expires ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        ("abc", "X-Amz-Expires should be a number"),
        ("1.5", "X-Amz-Expires should be a number"),
        ("", "X-Amz-Expires should be a number"),
        ("-1", "X-Amz-Expires must be non-negative"),
        ("604801", "X-Amz-Expires must be less than a week (in seconds) that is 604800"),
    ],
)
def test_an_invalid_x_amz_expires_is_incomplete(expires: str, message: str) -> None:
    error = rejection(query_request({"X-Amz-Expires": expires}))

    assert isinstance(error, IncompleteSignature)
    assert error.message == message


def test_a_week_is_the_longest_x_amz_expires() -> None:
    assert read(query_request({"X-Amz-Expires": "604800"})).expires_seconds == 604800


def test_x_amz_expires_is_optional() -> None:
    assert read(query_request({"X-Amz-Expires": None})).expires_seconds is None


# --- rung 9: time ---------------------------------------------------------------------------------

FIFTEEN_MINUTES = timedelta(minutes=15)
ONE_SECOND = timedelta(seconds=1)


def test_a_request_exactly_15_minutes_old_passes() -> None:
    assert read(header_request(), now=NOW + FIFTEEN_MINUTES).request_time == NOW


def test_a_request_15_minutes_and_a_second_old_has_expired() -> None:
    error = rejection(header_request(), now=NOW + FIFTEEN_MINUTES + ONE_SECOND)

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.status == 403
    assert error.message == (
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
        "(20150830T125101Z - 15 min.)"
    )


def test_the_clock_is_read_to_the_second() -> None:
    assert read(header_request(), now=NOW + FIFTEEN_MINUTES + ONE_SECOND / 2).request_time == NOW


def test_a_request_exactly_15_minutes_ahead_passes() -> None:
    assert read(header_request(), now=NOW - FIFTEEN_MINUTES).request_time == NOW


def test_a_request_15_minutes_and_a_second_ahead_is_not_yet_current() -> None:
    error = rejection(header_request(), now=NOW - FIFTEEN_MINUTES - ONE_SECOND)

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.message == (
        "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z "
        "(20150830T122059Z + 15 min.)"
    )


def test_now_in_another_timezone_is_the_same_instant() -> None:
    paris = datetime(2015, 8, 30, 14, 36, tzinfo=timezone(timedelta(hours=2)))

    assert read(header_request(), now=paris).request_time == NOW


def test_a_presigned_request_is_valid_until_its_expiry_not_just_15_minutes() -> None:
    assert read(query_request(), now=NOW + timedelta(seconds=3600)).expires_seconds == 3600


def test_a_presigned_request_past_its_expiry_has_expired() -> None:
    error = rejection(query_request(), now=NOW + timedelta(seconds=3601))

    assert isinstance(error, RequestExpired)
    assert error.status == 400
    assert error.message == REQUEST_EXPIRED


def test_a_presigned_request_from_the_future_is_not_yet_current() -> None:
    error = rejection(query_request(), now=NOW - FIFTEEN_MINUTES - ONE_SECOND)

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.message.startswith("Signature not yet current: 20150830T123600Z")


def test_a_presigned_request_without_x_amz_expires_keeps_the_15_minute_window() -> None:
    error = rejection(query_request({"X-Amz-Expires": None}), now=NOW + FIFTEEN_MINUTES + ONE_SECOND)

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.message.startswith("Signature expired: 20150830T123600Z")


# --- rung 10: credential scope --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credential", "message"),
    [
        (
            "AKIDEXAMPLE/20150830/wrong-region/service/aws4_request",
            "Credential should be scoped to a valid region, not 'wrong-region'.",
        ),
        (
            "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request",
            "Credential should be scoped to correct service: 'service'.",
        ),
        (
            "AKIDEXAMPLE/20150830/us-east-1/service/aws5_request",
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
        ),
        (
            "AKIDEXAMPLE/20150831/us-east-1/service/aws4_request",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            "'20150831' != '20150830', from '20150830T123600Z'.",
        ),
    ],
)
def test_a_wrong_scope_does_not_match(credential: str, message: str) -> None:
    error = rejection(header_request(authorization(credential=credential)))

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.message == message


def test_every_wrong_part_of_the_scope_is_reported_at_once() -> None:
    error = rejection(
        header_request(authorization(credential="AKIDEXAMPLE/foobar/wrong-region/iam/aws5_request"))
    )

    assert error.message == (
        "Credential should be scoped to a valid region, not 'wrong-region'. "
        "Credential should be scoped to correct service: 'service'. "
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
        "'foobar' != '20150830', from '20150830T123600Z'."
    )


def test_a_server_of_several_services_names_them_all() -> None:
    error = rejection(header_request(), services=frozenset({"sts", "iam", "cloudtrail"}))

    assert error.message == "Credential should be scoped to correct service: 'cloudtrail', 'iam', 'sts'."


@pytest.mark.parametrize(
    "region", ["us-east-1", "us-gov-west-1", "cn-northwest-1", "eu-isoe-west-1", "ap-southeast-5"]
)
def test_region_names_of_every_partition_are_accepted(region: str) -> None:
    claim = read(
        header_request(authorization(credential=f"AKIDEXAMPLE/20150830/{region}/service/aws4_request"))
    )

    assert claim.region == region


# --- rung 11: what must be signed -----------------------------------------------------------------


def test_host_must_be_signed() -> None:
    error = rejection(header_request(authorization(signed_headers="x-amz-date")))

    assert isinstance(error, SignatureDoesNotMatch)
    assert (
        error.message
        == HOST_NOT_SIGNED
        == ("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    )


def test_authority_may_stand_for_host() -> None:
    assert read(header_request(authorization(signed_headers=":authority;x-amz-date"))).signed_headers == (
        ":authority",
        "x-amz-date",
    )


def test_a_presigned_request_must_sign_host() -> None:
    error = rejection(query_request({"X-Amz-SignedHeaders": ""}))

    assert error.message == HOST_NOT_SIGNED


@pytest.mark.parametrize(
    ("header", "display"),
    [("X-Amz-Target", "X-Amz-Target"), ("x-amz-security-token", "X-Amz-Security-Token")],
)
def test_a_target_or_session_token_header_must_be_signed(header: str, display: str) -> None:
    error = rejection(header_request(extra_headers=((header, "value"),)))

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.message == f"'{display}' must be a 'SignedHeader' in the AWS Authorization."


def test_a_signed_session_token_header_is_in_the_claim_as_signed() -> None:
    request = header_request(
        authorization(signed_headers="host;x-amz-date;x-amz-security-token"),
        extra_headers=(("X-Amz-Security-Token", f"  {TOKEN} "),),
    )

    assert read(request).security_token == TOKEN


def test_a_session_token_in_the_query_of_a_header_signed_request_is_signed_by_the_query() -> None:
    assert read(header_request(query=f"X-Amz-Security-Token={TOKEN}")).security_token == TOKEN


def test_the_same_session_token_in_header_and_query_is_accepted() -> None:
    request = query_request(
        {"X-Amz-Security-Token": TOKEN, "X-Amz-SignedHeaders": "host;x-amz-security-token"},
        extra_headers=(("X-Amz-Security-Token", TOKEN),),
    )

    assert read(request).security_token == TOKEN


def test_two_different_session_tokens_are_rejected() -> None:
    request = query_request(
        {"X-Amz-Security-Token": TOKEN, "X-Amz-SignedHeaders": "host;x-amz-security-token"},
        extra_headers=(("X-Amz-Security-Token", "another-token"),),
    )

    error = rejection(request)

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.message == SIGNATURE_MISMATCH


# --- rung 12: the query string is well-formed -----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("Action=%", "Incomplete trailing escape % sequence"),
        ("Action=ab%4", "Incomplete trailing escape % sequence"),
        ("%4=x&Action=y", "Incomplete trailing escape % sequence"),
        ("Action=%zz", "Illegal hex character in escape % pattern: %zz"),
        ("Action=%41%4g&Version=1", "Illegal hex character in escape % pattern: %4g"),
    ],
)
def test_a_malformed_escape_in_the_query_is_a_malformed_query_string(query: str, message: str) -> None:
    error = rejection(header_request(query=query))

    assert isinstance(error, MalformedQueryString)
    assert error.status == 404
    assert error.message == message


def test_a_malformed_escape_beside_presigned_parameters_is_a_malformed_query_string() -> None:
    error = rejection(query_request(extra_query="Action=%zz"))

    assert isinstance(error, MalformedQueryString)


# --- rung 13: the payload hash --------------------------------------------------------------------


@pytest.mark.parametrize(
    "declared",
    ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", hashlib.sha256(b"other").hexdigest(), ""],
)
def test_an_x_amz_content_sha256_other_than_the_body_hash_is_rejected(declared: str) -> None:
    request = header_request(
        authorization(signed_headers="host;x-amz-content-sha256;x-amz-date"),
        extra_headers=(("X-Amz-Content-SHA256", declared),),
        body=b"Action=ListUsers",
    )

    error = rejection(request)

    assert isinstance(error, SignatureDoesNotMatch)
    assert error.message == CONTENT_SHA256_MISMATCH


def test_an_x_amz_content_sha256_equal_to_the_body_hash_passes() -> None:
    request = header_request(
        authorization(signed_headers="host;x-amz-content-sha256;x-amz-date"),
        extra_headers=(("x-amz-content-sha256", hashlib.sha256(b"Action=ListUsers").hexdigest()),),
        body=b"Action=ListUsers",
    )

    assert read(request).signed_headers == ("host", "x-amz-content-sha256", "x-amz-date")


# --- precedence: with two faults, the earlier rung answers ----------------------------------------

BAD_SCOPE = "AKIDEXAMPLE/20150830/wrong-region/service/aws4_request"
FOUR_PARTS = "AKIDEXAMPLE/20150830/us-east-1/service"


@pytest.mark.parametrize(
    ("request_", "now", "expected"),
    [
        pytest.param(
            header_request("AWS4-HMAC-SHA512", date=None),
            NOW,
            "Authorization header requires",
            id="missing>algorithm",
        ),
        pytest.param(
            header_request(authorization(algorithm="AWS4-HMAC-SHA512") + ", Junk"),
            NOW,
            "Unsupported AWS 'algorithm'",
            id="algorithm>key=value",
        ),
        pytest.param(
            header_request(authorization(credential=FOUR_PARTS) + ", Junk"),
            NOW,
            "'Junk' not a valid key=value pair",
            id="key=value>credential",
        ),
        pytest.param(
            header_request(authorization(credential=FOUR_PARTS), date="yesterday"),
            NOW,
            "Credential must have exactly 5",
            id="credential>date",
        ),
        pytest.param(
            query_request({"X-Amz-Date": "yesterday", "X-Amz-Expires": "abc"}),
            NOW,
            "Date must be in ISO-8601",
            id="date>expires",
        ),
        pytest.param(
            query_request({"X-Amz-Expires": "abc"}),
            NOW + timedelta(days=1),
            "X-Amz-Expires",
            id="expires>time",
        ),
        pytest.param(
            header_request(authorization(credential=BAD_SCOPE)),
            NOW + timedelta(days=1),
            "Signature expired",
            id="time>scope",
        ),
        pytest.param(
            header_request(authorization(credential=BAD_SCOPE, signed_headers="x-amz-date")),
            NOW,
            "Credential should be scoped",
            id="scope>host",
        ),
        pytest.param(
            header_request(authorization(signed_headers="x-amz-date"), query="a=%zz"),
            NOW,
            "'Host'",
            id="host>query",
        ),
        pytest.param(
            header_request(query="a=%zz", extra_headers=(("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"),)),
            NOW,
            "Illegal hex character",
            id="query>payload",
        ),
    ],
)
def test_the_earlier_rung_answers(request_: HttpRequest, now: datetime, expected: str) -> None:
    assert rejection(request_, now=now).message.startswith(expected)
