"""Attacks on the audit trail through the API and the CLI, on a real server (issue 10).

Each test is the attack as an outsider or a user would make it: a password chosen to erase a name, an
unauthenticated request aimed at another account's trail, a huge or hostile User-Agent, a web page
posting to the dev reset endpoint.
"""

from __future__ import annotations

import http.client
import json
import secrets
import urllib.parse
from typing import Any

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from tests.e2e.test_audit import hatrack_audit
from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

# The HTTP parser refuses C0 controls (ESC, BEL) in a header, but takes bytes 0x80-0xFF: the 8-bit CSI
# 0x9B (an escape sequence on terminals that honour C1 controls) and the UTF-8 bytes of the bidi
# override U+202E. The server reads header bytes as Latin-1 (as ASGI hands them over). ESC itself is
# tested from a stored record, in tests/audit/test_cli.py.
HOSTILE_AGENT = b"curl/8 \x9b2J\x9b]0;pwned \xe2\x80\xaeevil"
STORED_AGENT = HOSTILE_AGENT.decode("latin-1")


def _send(
    server: RunningServer,
    body: bytes,
    headers: dict[str, str | bytes],
    *,
    path: str = "/",
) -> tuple[int, bytes, str]:
    address = urllib.parse.urlsplit(server.endpoint)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("x-amzn-requestid") or ""
    finally:
        connection.close()


def signed_query(
    server: RunningServer,
    params: dict[str, str],
    *,
    key: str,
    secret: str,
    user_agent: str | bytes = "test-agent",
    service: str = "iam",
) -> tuple[int, bytes, str]:
    """A Query-protocol POST signed with ``key``/``secret`` (whatever they are), sent with ``user_agent``."""
    body = urllib.parse.urlencode(params).encode()
    request = AWSRequest(
        method="POST",
        url=server.endpoint + "/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    SigV4Auth(Credentials(key, secret), service, "us-east-1").add_auth(request)
    headers: dict[str, str | bytes] = {k: v for k, v in request.headers.items()}
    # botocore never signs the User-Agent
    headers["User-Agent"] = user_agent.encode() if isinstance(user_agent, str) else user_agent
    return _send(server, body, headers)


def _events(server: RunningServer, key: str, value: str) -> list[dict[str, Any]]:
    trail = server.client("cloudtrail")
    found = trail.lookup_events(LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}])
    return [json.loads(e["CloudTrailEvent"]) for e in found["Events"]]


def _exported(server: RunningServer) -> str:
    exported = hatrack_audit(server, "export")
    assert exported.returncode == 0, exported.stderr
    return exported.stdout


# -- 1. redaction is by field, never by value ------------------------------------------------------


def test_a_password_equal_to_the_user_name_does_not_erase_the_name(server: RunningServer) -> None:
    iam = server.client("iam")
    name = "Alice.Pass-Word_9x"
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=name)
    [event] = _events(server, "EventName", "CreateLoginProfile")
    assert event["requestParameters"]["userName"] == name
    assert "password" not in event["requestParameters"]
    assert event["responseElements"]["loginProfile"]["userName"] == name
    assert "HIDDEN_DUE_TO_SECURITY_REASONS" not in json.dumps(event)


def test_a_password_appears_nowhere_in_the_event(server: RunningServer) -> None:
    iam = server.client("iam")
    password = "Correct-Horse-" + secrets.token_hex(8)
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password=password)
    [event] = _events(server, "EventName", "CreateLoginProfile")
    assert event["requestParameters"]["userName"] == "alice"
    assert password not in json.dumps(event)
    assert password not in _exported(server)


# -- 2. unauthenticated calls reach no account's trail ---------------------------------------------


def test_a_request_with_an_unknown_key_reaches_no_trail(server: RunningServer) -> None:
    fake_key = "AKIA" + secrets.token_hex(8).upper()
    for target in (server.account_id, "999999999999"):
        status, body, request_id = signed_query(
            server,
            {
                "Action": "AssumeRole",
                "Version": "2011-06-15",
                "RoleArn": f"arn:aws:iam::{target}:role/Admin",
                "RoleSessionName": "forged",
            },
            key=fake_key,
            secret="x" * 40,
            user_agent="forger " + "A" * 5000,
            service="sts",
        )
        assert status == 403 and b"InvalidClientTokenId" in body, body
    assert _events(server, "AccessKeyId", fake_key) == []
    assert _events(server, "EventName", "AssumeRole") == []
    records = [json.loads(line) for line in _exported(server).splitlines() if line.strip()]
    assert not [r for r in records if r["userIdentity"].get("accessKeyId") == fake_key]
    assert {r["recipientAccountId"] for r in records} == {server.account_id}
    # It is in the server's log instead, as one bounded line.
    log = (server.state_dir / "server.log").read_text(errors="replace")
    assert request_id in log
    line = next(line for line in log.splitlines() if request_id in line)
    assert len(line) < 1000


def test_a_bad_signature_of_a_known_key_is_recorded_for_its_owner_with_a_bounded_agent(
    server: RunningServer,
) -> None:
    status, body, request_id = signed_query(
        server,
        {"Action": "ListUsers", "Version": "2010-05-08"},
        key=server.access_key_id,
        secret="not-the-secret-" + "x" * 25,
        user_agent="big/" + "B" * 200_000,
    )
    assert status == 403 and b"SignatureDoesNotMatch" in body, body
    [event] = [
        e for e in _events(server, "AccessKeyId", server.access_key_id) if e["requestID"] == request_id
    ]
    assert event["recipientAccountId"] == server.account_id
    assert event["userIdentity"]["type"] == "Unknown"
    assert len(event["userAgent"]) <= 1024
    assert event["userAgent"].startswith("big/BBB")


def test_a_huge_user_agent_of_a_valid_call_is_stored_truncated(server: RunningServer) -> None:
    status, body, request_id = signed_query(
        server,
        {"Action": "CreateUser", "Version": "2010-05-08", "UserName": "big-agent"},
        key=server.access_key_id,
        secret=server.secret_access_key,
        user_agent="huge/" + "C" * 200_000,
    )
    assert status == 200, body
    [event] = _events(server, "EventName", "CreateUser")
    assert event["requestID"] == request_id
    assert len(event["userAgent"]) == 1024 and event["userAgent"].endswith("[truncated]")


# -- 5. escape codes never reach the terminal ------------------------------------------------------


def test_escape_codes_in_a_user_agent_are_shown_escaped_by_the_cli(server: RunningServer) -> None:
    status, body, _ = signed_query(
        server,
        {"Action": "CreateUser", "Version": "2010-05-08", "UserName": "escaped"},
        key=server.access_key_id,
        secret=server.secret_access_key,
        user_agent=HOSTILE_AGENT,
    )
    assert status == 200, body
    [event] = _events(server, "EventName", "CreateUser")
    assert event["userAgent"] == STORED_AGENT  # the trail keeps it exactly
    for command in (("tail", "-n", "50"), ("lookup", "--account-id", server.account_id)):
        shown = hatrack_audit(server, *command)
        assert shown.returncode == 0, shown.stderr
        assert "\\x9b2J\\x9b]0;pwned" in shown.stdout  # shown escaped, readable
        assert not any(ch in shown.stdout for ch in "\x9b\x80\u202e")
    as_json = hatrack_audit(server, "lookup", "--account-id", server.account_id, "--json")
    assert "\x9b" not in as_json.stdout  # JSON escapes it ...
    [shown_event] = [
        json.loads(e["CloudTrailEvent"])
        for e in json.loads(as_json.stdout)["Events"]
        if e["EventName"] == "CreateUser"
    ]
    assert shown_event["userAgent"] == STORED_AGENT  # ... and stays exact


# -- 6. the dev reset cannot be triggered cross-site -----------------------------------------------


def test_a_cross_site_form_cannot_reset_the_dev_server(server: RunningServer) -> None:
    server.client("iam").create_user(UserName="survivor")
    form: dict[str, str | bytes] = {"Content-Type": "application/x-www-form-urlencoded"}
    attempts = [
        form,
        {**form, "Origin": "https://evil.example"},
        {**form, "X-Hatrack-Reset": "1", "Origin": "https://evil.example"},
        {**form, "X-Hatrack-Reset": "1", "Sec-Fetch-Site": "cross-site"},
    ]
    for headers in attempts:
        status, _, _ = _send(server, b"a=1", headers, path="/_hatrack/reset")
        assert status == 403, headers
    names = [u["UserName"] for u in server.client("iam").list_users()["Users"]]
    assert "survivor" in names
