"""Switch Role by form and by AWS's link, the header in the role's colour, Switch back, the last
five roles and favourites: each switch a real AssumeRole that the trust policy decides."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.console.conftest import allow, make_user, sign_in, trust_user
from tests.support.server import RunningServer

# One server and one browser for the module: keep its tests on one worker.
pytestmark = pytest.mark.xdist_group("console-roles")


def _role(server: RunningServer, name: str, *actions: str, user: str = "alice") -> None:
    iam = server.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_user(server.account_id, user))
    if actions:
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=allow(*actions))


def test_switch_role_by_form_wears_the_role_in_its_colour_and_switch_back_returns(
    server: RunningServer, page: Any
) -> None:
    make_user(server, "alice", "sts:AssumeRole")
    _role(server, "admin", "iam:ListUsers")
    sign_in(page, server, "alice")
    page.goto(f"{server.endpoint}/switchrole")
    page.fill("#sr-account", server.account_id)
    page.fill("#sr-role", "admin")
    page.fill("#sr-display", "Prod admin")
    page.check("label[data-color='B7CA9D'] input")
    page.click("#sr-submit")
    assert page.inner_text("#hat-name") == f"Prod admin @ {server.account_id}"
    assert page.eval_on_selector("#hat", "e => getComputedStyle(e).backgroundColor") == "rgb(183, 202, 157)"
    assert "left" in page.inner_text("#hat-left")
    assert page.inner_text("#acting-as") == f"arn:aws:sts::{server.account_id}:assumed-role/admin/alice"
    # The role's permissions, not the user's: the user may not list users, the role may.
    page.goto(f"{server.endpoint}/console/iam/users")
    assert page.locator("#error").count() == 0
    assert "alice" in page.inner_text("#items")
    page.click("#switch-back")
    assert page.inner_text("#identity") == f"arn:aws:iam::{server.account_id}:user/alice"
    page.goto(f"{server.endpoint}/console/iam/users")
    assert page.inner_text("#error") == (
        f"User: arn:aws:iam::{server.account_id}:user/alice is not authorized to perform: iam:ListUsers "
        f"on resource: arn:aws:iam::{server.account_id}:user/ because no identity-based policy allows "
        "the iam:ListUsers action"
    )


def test_the_switch_role_link_in_aws_format_fills_the_form(server: RunningServer, page: Any) -> None:
    make_user(server, "alice", "sts:AssumeRole")
    _role(server, "reader")
    sign_in(page, server, "alice")
    page.goto(
        f"{server.endpoint}/switchrole?roleName=reader&account={server.account_id}"
        "&displayName=Reading&color=FAD791"
    )
    assert page.input_value("#sr-role") == "reader"
    assert page.input_value("#sr-display") == "Reading"
    page.click("#sr-submit")
    assert page.inner_text("#hat-name") == f"Reading @ {server.account_id}"
    assert page.eval_on_selector("#hat", "e => getComputedStyle(e).backgroundColor") == "rgb(250, 215, 145)"


def test_the_trust_policy_decides_with_aws_s_error(server: RunningServer, page: Any) -> None:
    make_user(server, "alice", "sts:AssumeRole")
    make_user(server, "bob")
    _role(server, "someone-elses", user="bob")
    sign_in(page, server, "alice")
    page.goto(f"{server.endpoint}/switchrole?roleName=someone-elses&account={server.account_id}")
    page.click("#sr-submit")
    assert page.inner_text("#error").startswith(  # the API's own AccessDenied text
        f"User: arn:aws:iam::{server.account_id}:user/alice is not authorized to perform: sts:AssumeRole "
        f"on resource: arn:aws:iam::{server.account_id}:role/someone-elses"
    )
    assert page.locator("#hat").count() == 0


def test_switching_from_a_role_to_another_starts_from_the_user(server: RunningServer, page: Any) -> None:
    make_user(server, "alice", "sts:AssumeRole")
    _role(server, "first")
    _role(server, "second")  # trusts alice only: a chained AssumeRole from "first" would be refused
    sign_in(page, server, "alice")
    for role in ("first", "second"):
        page.goto(f"{server.endpoint}/switchrole?roleName={role}&account={server.account_id}")
        page.click("#sr-submit")
        assert page.inner_text("#acting-as") == f"arn:aws:sts::{server.account_id}:assumed-role/{role}/alice"
    source = [
        json.loads(e["CloudTrailEvent"])["userIdentity"]["arn"]
        for e in server.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRole"}]
        )["Events"]
    ]
    assert source == [f"arn:aws:iam::{server.account_id}:user/alice"] * 2


def test_the_last_five_roles_are_offered_and_favourites_are_kept(server: RunningServer, page: Any) -> None:
    make_user(server, "alice", "sts:AssumeRole")
    for index in range(6):
        _role(server, f"role-{index}")
    sign_in(page, server, "alice")
    for index in range(6):
        page.goto(f"{server.endpoint}/switchrole?roleName=role-{index}&account={server.account_id}")
        page.click("#sr-submit")
    page.goto(f"{server.endpoint}/switchrole")
    recent = page.locator("#recent-roles .hat-button").all_inner_texts()
    assert recent == [f"role-{i} @ {server.account_id}" for i in (5, 4, 3, 2, 1)]
    page.locator("#recent-roles li", has_text="role-2").locator("text=Keep as favourite").click()
    assert page.locator("#favourite-roles .hat-button").all_inner_texts() == [f"role-2 @ {server.account_id}"]
    page.locator("#favourite-roles .hat-button").click()
    assert page.inner_text("#hat-name") == f"role-2 @ {server.account_id}"


def test_the_session_id_changes_at_every_switch(server: RunningServer, page: Any) -> None:
    make_user(server, "alice", "sts:AssumeRole")
    _role(server, "admin")
    sign_in(page, server, "alice")

    def session_id() -> str:
        return str({c["name"]: c["value"] for c in page.context.cookies()}["hatrack_console"])

    before = session_id()
    page.goto(f"{server.endpoint}/switchrole?roleName=admin&account={server.account_id}")
    page.click("#sr-submit")
    worn = session_id()
    page.click("#switch-back")
    assert len({before, worn, session_id()}) == 3


def test_the_trail_shows_the_user_and_each_role_session(server: RunningServer, page: Any) -> None:
    make_user(server, "alice", "sts:AssumeRole", "cloudtrail:LookupEvents")
    _role(server, "auditor", "cloudtrail:LookupEvents")
    sign_in(page, server, "alice")
    page.goto(f"{server.endpoint}/switchrole?roleName=auditor&account={server.account_id}")
    page.click("#sr-submit")
    page.goto(f"{server.endpoint}/console/trail")
    titles = page.locator(".hat-title").all_inner_texts()
    assert titles == [
        f"1. arn:aws:iam::{server.account_id}:user/alice",
        f"2. arn:aws:sts::{server.account_id}:assumed-role/auditor/alice",
    ]
    user_events = page.locator("table.events").nth(0).locator(".event-name").all_inner_texts()
    assert "AssumeRole" in user_events
    assert "GetCallerIdentity" in page.locator("table.events").nth(1).inner_text()
    event = next(
        json.loads(e["CloudTrailEvent"])
        for e in server.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRole"}]
        )["Events"]
    )
    assert event["sessionCredentialFromConsole"] == "true"
    assert event["requestParameters"]["durationSeconds"] == 3600
    as_role = [
        json.loads(e["CloudTrailEvent"])
        for e in server.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "alice"}]
        )["Events"]
    ]
    role_events = [e for e in as_role if e["userIdentity"]["type"] == "AssumedRole"]
    assert role_events
    assert {e.get("sessionCredentialFromConsole") for e in role_events} == {"true"}
