"""Fixtures of the console's tests: a real ``hatrack serve`` process and one chromium per module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import chromium
from tests.support.server import RunningServer, running_server

PASSWORD = "Correct-Horse-9"


@pytest.fixture(scope="module")
def console_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp("console-state")) as running:
        yield running


@pytest.fixture
def server(console_server: RunningServer) -> RunningServer:
    """The module's server, wiped (accounts and root credentials kept, throttles cleared)."""
    console_server.reset()
    return console_server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


def allow(*actions: str, resource: str = "*") -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": resource}],
        }
    )


def trust_user(account_id: str, user: str, *, mfa: bool = False) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account_id}:user/{user}"},
        "Action": "sts:AssumeRole",
    }
    if mfa:
        statement["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@dataclass(frozen=True)
class ConsoleUser:
    name: str
    password: str


def make_user(
    server: RunningServer, name: str, *actions: str, reset_required: bool = False, password: str = PASSWORD
) -> ConsoleUser:
    iam = server.client("iam")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=password, PasswordResetRequired=reset_required)
    if actions:
        iam.put_user_policy(UserName=name, PolicyName="console", PolicyDocument=allow(*actions))
    return ConsoleUser(name, password)


def sign_in(
    page: Any, server: RunningServer, user: str, password: str = PASSWORD, *, account: str = ""
) -> None:
    page.goto(f"{server.endpoint}/console?account={account or server.account_id}")
    page.fill("#username", user)
    page.fill("#password", password)
    page.click("#submit")


def console_logins(server: RunningServer) -> list[dict[str, Any]]:
    events = server.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "ConsoleLogin"}]
    )["Events"]
    return [json.loads(event["CloudTrailEvent"]) for event in events]


def state_dir(server: RunningServer) -> Path:
    return server.state_dir
