"""The federation endpoint as a custom identity broker (or aws-vault login) uses it: AssumeRole
credentials → getSigninToken → login → a console session of that role session."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.console.conftest import allow, console_logins, make_user
from tests.support.server import RunningServer

# One server and one browser for the module: keep its tests on one worker.
pytestmark = pytest.mark.xdist_group("console-federation")


def _trusting_root(server: RunningServer, name: str) -> None:
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )
    iam = server.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=allow("iam:ListRoles"))


def _assumed(server: RunningServer, role: str) -> dict[str, str]:
    make_user(server, "broker", "sts:AssumeRole")
    key = server.client("iam").create_access_key(UserName="broker")["AccessKey"]
    credentials = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"]).assume_role(
        RoleArn=f"arn:aws:iam::{server.account_id}:role/{role}", RoleSessionName="jane"
    )["Credentials"]
    return {
        "sessionId": credentials["AccessKeyId"],
        "sessionKey": credentials["SecretAccessKey"],
        "sessionToken": credentials["SessionToken"],
    }


def _get(server: RunningServer, **query: str) -> tuple[int, dict[str, Any]]:
    url = f"{server.endpoint}/federation?{urllib.parse.urlencode(query)}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_assume_role_credentials_sign_a_browser_in_as_the_role_session(
    server: RunningServer, page: Any
) -> None:
    _trusting_root(server, "support")
    session = _assumed(server, "support")
    status, answer = _get(
        server, Action="getSigninToken", Session=json.dumps(session), SessionDuration="1800"
    )
    assert status == 200
    login = f"{server.endpoint}/federation?" + urllib.parse.urlencode(
        {
            "Action": "login",
            "Issuer": "https://broker.example",
            "SigninToken": answer["SigninToken"],
            "Destination": f"{server.endpoint}/console/iam/roles",
        }
    )
    page.goto(login)
    assert page.url == f"{server.endpoint}/console/iam/roles"
    assert "support" in page.inner_text("#items")  # the role may list roles
    page.goto(f"{server.endpoint}/console/home")
    assert page.inner_text("#signed-in-as") == f"arn:aws:sts::{server.account_id}:assumed-role/support/jane"
    federated = [e for e in console_logins(server) if e["userIdentity"]["type"] == "AssumedRole"]
    assert [e["responseElements"] for e in federated] == [{"ConsoleLogin": "Success"}]


def test_long_term_credentials_and_bad_durations_are_refused(server: RunningServer) -> None:
    make_user(server, "holder")
    key = server.client("iam").create_access_key(UserName="holder")["AccessKey"]
    long_term = {"sessionId": key["AccessKeyId"], "sessionKey": key["SecretAccessKey"], "sessionToken": ""}
    status, answer = _get(server, Action="getSigninToken", Session=json.dumps(long_term))
    assert status == 400
    assert answer["Error"]["Message"].startswith("Long-term credentials are not accepted")
    _trusting_root(server, "support")
    session = _assumed(server, "support")
    for duration in ("899", "43201", "soon"):
        status, answer = _get(
            server, Action="getSigninToken", Session=json.dumps(session), SessionDuration=duration
        )
        assert status == 400
        assert "SessionDuration" in answer["Error"]["Message"]
    forged = {**session, "sessionKey": "x" * 40}
    status, _ = _get(server, Action="getSigninToken", Session=json.dumps(forged))
    assert status == 400


def test_a_bad_sign_in_token_gets_a_page_and_no_session(server: RunningServer, page: Any) -> None:
    response = page.goto(
        f"{server.endpoint}/federation?Action=login&SigninToken=not-a-token&Destination=/console/home"
    )
    assert response.status == 400
    assert page.inner_text("#error") == "The sign-in token is invalid or has expired"
    assert [c for c in page.context.cookies() if c["name"] == "hatrack_console"] == []


def test_login_never_redirects_off_the_console(server: RunningServer, page: Any) -> None:
    _trusting_root(server, "support")
    session = _assumed(server, "support")
    _, answer = _get(server, Action="getSigninToken", Session=json.dumps(session))
    page.goto(
        f"{server.endpoint}/federation?"
        + urllib.parse.urlencode(
            {"Action": "login", "SigninToken": answer["SigninToken"], "Destination": "https://evil.example/"}
        )
    )
    assert page.url == f"{server.endpoint}/console/home"
