"""Requests signed by real botocore verify: boto3 clients, SigV4Auth and SigV4QueryAuth, with and without
a session token, for IAM and STS (Query protocol) and CloudTrail (JSON protocol with X-Amz-Target).

botocore reads the real clock when it signs; each test verifies at the time the request says it was
signed, so no clock is patched.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from hatrack.errors import SignatureDoesNotMatch
from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import SignatureClaim, SigningKeyCache, read_signature_claim, verify_signature

ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "FwoGZXIvYXdzEBYaDH+example/session+token=="
SERVICES = frozenset({"iam", "sts", "cloudtrail"})
CLOUDTRAIL_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"


def http_request(method: str, url: str, headers: Mapping[str, Any], body: bytes | str | None) -> HttpRequest:
    """What the server would receive: the client's headers plus the Host its HTTP library adds."""
    parts = urlsplit(url)
    received = [("Host", parts.netloc)]
    received += [
        (name, value.decode("latin-1") if isinstance(value, bytes) else value)
        for name, value in headers.items()
    ]
    raw_body = body.encode() if isinstance(body, str) else (body or b"")
    return HttpRequest(method, parts.path or "/", parts.query, tuple(received), raw_body)


def signing_time(request: HttpRequest) -> datetime:
    stamp = dict(request.headers).get("X-Amz-Date") or parse_qs(request.query_string)["X-Amz-Date"][0]
    return datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def verified(request: HttpRequest, secret: str = SECRET_ACCESS_KEY) -> SignatureClaim:
    claim = read_signature_claim(request, now=signing_time(request), services=SERVICES)
    verify_signature(request, claim, secret, cache=SigningKeyCache())
    return claim


# --- boto3 clients ---------------------------------------------------------------------------------


class _Captured(Exception):
    def __init__(self, request: Any) -> None:
        super().__init__("captured")
        self.request = request


def _capture(request: Any, **_: Any) -> None:
    raise _Captured(request)


@functools.cache
def boto3_client(service: str, token: str | None) -> Any:
    """A client whose requests stop, captured, just before they would be sent (clients are slow to make)."""
    session = boto3.session.Session(ACCESS_KEY_ID, SECRET_ACCESS_KEY, token, region_name="us-east-1")
    client = session.client(service, endpoint_url="http://localhost:4566")
    client.meta.events.register("before-send", _capture)
    return client


def sent_by_boto3(service: str, call: Callable[[Any], object], token: str | None) -> HttpRequest:
    with pytest.raises(_Captured) as captured:
        call(boto3_client(service, token))
    sent = captured.value.request
    return http_request(sent.method, sent.url, sent.headers, sent.body)


CALLS: dict[str, tuple[str, Callable[[Any], object]]] = {
    "iam-list-users": ("iam", lambda client: client.list_users()),
    "iam-create-user": ("iam", lambda client: client.create_user(UserName="alice", Path="/a b/é/")),
    "sts-get-caller-identity": ("sts", lambda client: client.get_caller_identity()),
    "cloudtrail-lookup-events": ("cloudtrail", lambda client: client.lookup_events(MaxResults=5)),
}


@pytest.mark.parametrize("token", [None, SESSION_TOKEN], ids=["long-term", "session"])
@pytest.mark.parametrize("call", CALLS)
def test_a_boto3_client_call_verifies(call: str, token: str | None) -> None:
    service, operation = CALLS[call]

    claim = verified(sent_by_boto3(service, operation, token))

    assert (claim.access_key_id, claim.service, claim.region) == (ACCESS_KEY_ID, service, "us-east-1")
    assert claim.security_token == token
    assert ("x-amz-security-token" in claim.signed_headers) is (token is not None)


@pytest.mark.parametrize("token", [None, SESSION_TOKEN], ids=["long-term", "session"])
@pytest.mark.parametrize(("service", "operation"), [("sts", "get_caller_identity"), ("iam", "list_users")])
def test_a_boto3_presigned_url_verifies(service: str, operation: str, token: str | None) -> None:
    url = boto3_client(service, token).generate_presigned_url(operation, ExpiresIn=900, HttpMethod="GET")
    claim = verified(http_request("GET", url, {}, None))

    assert claim.presigned is True
    assert claim.expires_seconds == 900
    assert claim.security_token == token


def test_a_boto3_request_with_a_wrong_secret_does_not_match() -> None:
    request = sent_by_boto3("sts", lambda client: client.get_caller_identity(), None)

    with pytest.raises(SignatureDoesNotMatch):
        verified(request, secret=SECRET_ACCESS_KEY.replace("w", "v", 1))


def test_a_changed_x_amz_target_does_not_match() -> None:
    request = sent_by_boto3("cloudtrail", lambda client: client.lookup_events(MaxResults=5), None)
    headers = tuple(
        (name, value.replace("LookupEvents", "DeleteTrail")) if name == "X-Amz-Target" else (name, value)
        for name, value in request.headers
    )

    with pytest.raises(SignatureDoesNotMatch):
        verified(dataclasses.replace(request, headers=headers))


# --- botocore's signers on an AWSRequest -----------------------------------------------------------------


def aws_request(service: str, *, path: str = "/") -> AWSRequest:
    if service == "cloudtrail":
        return AWSRequest(
            method="POST",
            url=f"https://cloudtrail.us-east-1.amazonaws.com{path}",
            data=b'{"MaxResults": 5}',
            headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": CLOUDTRAIL_TARGET},
        )
    body = {
        "iam": b"Action=ListUsers&Version=2010-05-08",
        "sts": b"Action=GetCallerIdentity&Version=2011-06-15",
    }
    return AWSRequest(
        method="POST",
        url=f"https://{service}.amazonaws.com{path}",
        data=body[service],
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )


def signed(request: AWSRequest) -> HttpRequest:
    prepared = request.prepare()
    return http_request(prepared.method, prepared.url, prepared.headers, prepared.body)


@pytest.mark.parametrize("token", [None, SESSION_TOKEN], ids=["long-term", "session"])
@pytest.mark.parametrize("service", ["iam", "sts", "cloudtrail"])
def test_sigv4auth_on_an_awsrequest_verifies(service: str, token: str | None) -> None:
    request = aws_request(service)
    SigV4Auth(Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, token), service, "us-east-1").add_auth(request)

    claim = verified(signed(request))

    assert claim.service == service
    assert claim.security_token == token


QUERY_ACTIONS = {
    "iam": "Action=ListUsers&Version=2010-05-08",
    "sts": "Action=GetCallerIdentity&Version=2011-06-15",
}


@pytest.mark.parametrize("token", [None, SESSION_TOKEN], ids=["long-term", "session"])
@pytest.mark.parametrize("service", ["iam", "sts"])
def test_sigv4queryauth_on_an_awsrequest_verifies(service: str, token: str | None) -> None:
    request = AWSRequest(method="GET", url=f"https://{service}.amazonaws.com/?{QUERY_ACTIONS[service]}")
    credentials = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, token)
    SigV4QueryAuth(credentials, service, "eu-west-1", expires=60).add_auth(request)

    claim = verified(signed(request))

    assert (claim.presigned, claim.expires_seconds, claim.region) == (True, 60, "eu-west-1")
    assert claim.security_token == token


def test_an_escaped_path_verifies_as_botocore_encodes_it_again() -> None:
    request = aws_request("iam", path="/a%20b/%C3%A9/")
    SigV4Auth(Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY), "iam", "us-east-1").add_auth(request)

    assert verified(signed(request)).service == "iam"


def test_a_boto3_presigned_url_signed_for_post_verifies_when_fetched_with_get() -> None:
    # generate_presigned_url without HttpMethod signs POST (the model's method) for a URL meant for GET.
    url = boto3_client("sts", None).generate_presigned_url("get_caller_identity", ExpiresIn=60)

    claim = verified(http_request("GET", url, {}, None))

    assert claim.presigned is True


def test_a_post_signed_presigned_url_verifies_only_as_a_body_less_get_or_post() -> None:
    url = boto3_client("sts", None).generate_presigned_url("get_caller_identity", ExpiresIn=60)

    with pytest.raises(SignatureDoesNotMatch):
        verified(http_request("POST", url, {}, b"UserName=mallory"))
    with pytest.raises(SignatureDoesNotMatch):
        verified(http_request("PUT", url, {}, None))
