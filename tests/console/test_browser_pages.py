"""The IAM pages and My security credentials through a real browser: every action an API call with
the session's identity, AccessDenied's text where it may not, secrets shown once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from hatrack.credentials.totp import hotp_code, totp_secret_from_base32, totp_time_step
from tests.console.conftest import make_user, sign_in
from tests.support.server import RunningServer

# One server and one browser for the module: keep its tests on one worker.
pytestmark = pytest.mark.xdist_group("console-pages")


def test_a_user_without_list_users_sees_access_denied_text(server: RunningServer, page: Any) -> None:
    make_user(server, "viewer")
    sign_in(page, server, "viewer")
    page.goto(f"{server.endpoint}/console/iam/users")
    assert page.inner_text("#error").startswith(
        f"User: arn:aws:iam::{server.account_id}:user/viewer is not authorized to perform: iam:ListUsers"
    )
    denied = [
        json.loads(e["CloudTrailEvent"])
        for e in server.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "ListUsers"}]
        )["Events"]
    ]
    assert [e["errorCode"] for e in denied] == ["AccessDenied"]
    assert denied[0]["userIdentity"]["arn"] == f"arn:aws:iam::{server.account_id}:user/viewer"
    assert denied[0]["sessionCredentialFromConsole"] == "true"


def test_an_administrator_creates_a_policy_after_its_findings_and_attaches_it(
    server: RunningServer, page: Any
) -> None:
    make_user(server, "admin", "iam:*")
    sign_in(page, server, "admin")
    page.goto(f"{server.endpoint}/console/iam/policies")
    page.fill("#new-name", "broken")
    page.fill(
        "#document", '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get*"}]}'
    )
    page.click("#create")
    assert "Resource" in page.inner_text("#findings")
    assert server.client("iam").list_policies(Scope="Local")["Policies"] == []
    page.goto(f"{server.endpoint}/console/iam/policies")
    page.fill("#new-name", "reader")
    page.click("#create")  # the prefilled document is valid
    assert page.inner_text("#message") == "CreatePolicy succeeded"
    page.click("text=reader")
    assert '"Action": "iam:Get*"' in page.inner_text("#document")
    arn = page.inner_text("#arn")
    policy_page = page.url
    page.click("text=Edit (saved as a new default version)")
    page.fill(
        "#edit-document",
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:List*"}]}',
    )
    page.click("#save-policy")
    assert "Resource" in page.inner_text("#findings")  # nothing saved while a finding is an error
    page.goto(policy_page)
    page.click("text=Edit (saved as a new default version)")
    page.fill(
        "#edit-document",
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "iam:List*", "Resource": "*"}],
            }
        ),
    )
    page.click("#save-policy")
    assert page.inner_text("#message") == "CreatePolicyVersion succeeded"
    assert '"Action": "iam:List*"' in page.inner_text("#document")
    assert server.client("iam").get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v2"
    page.goto(f"{server.endpoint}/console/iam/users")
    page.fill("#new-name", "newcomer")
    page.click("#create")
    page.click("text=newcomer")
    page.fill("#attach-arn", arn)
    page.click("#attach")
    assert "reader" in page.inner_text("#attached")
    attached = server.client("iam").list_attached_user_policies(UserName="newcomer")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [arn]


def test_a_role_page_shows_the_trust_policy_and_revokes_active_sessions(
    server: RunningServer, page: Any
) -> None:
    make_user(server, "admin", "iam:*")
    iam = server.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=json.dumps(trust))
    sign_in(page, server, "admin")
    page.goto(f"{server.endpoint}/console/iam/roles/ops")
    assert json.loads(page.inner_text("#trust")) == trust
    stricter = {
        **trust,
        "Statement": [
            {**trust["Statement"][0], "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
        ],
    }
    page.click("text=Edit trust policy")
    page.fill("#trust-document", json.dumps(stricter))
    page.click("#save-trust")
    assert page.inner_text("#message") == "UpdateAssumeRolePolicy succeeded"
    assert json.loads(page.inner_text("#trust")) == stricter
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#revoke")
    assert page.inner_text("#message") == "PutRolePolicy succeeded"
    assert iam.list_role_policies(RoleName="ops")["PolicyNames"] == ["AWSRevokeOlderSessions"]


def test_access_keys_are_created_shown_once_rotated_and_deleted(server: RunningServer, page: Any) -> None:
    make_user(server, "dev")
    iam = server.client("iam")
    iam.put_user_policy(
        UserName="dev",
        PolicyName="own-keys",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["iam:*AccessKey*", "iam:ListMFADevices"],
                        "Resource": f"arn:aws:iam::{server.account_id}:user/dev",
                    }
                ],
            }
        ),
    )
    sign_in(page, server, "dev")
    page.goto(f"{server.endpoint}/console/credentials")
    page.click("#create-key")
    first_id, first_secret = page.inner_text("#new-key-id"), page.inner_text("#new-secret")
    # The new key works at once, and its use shows on the page.
    server.client("sts", key=first_id, secret=first_secret).get_caller_identity()
    page.click("#done")
    assert first_secret not in page.content()
    row = page.locator(f"tr[data-key='{first_id}']")
    assert row.locator(".status").inner_text() == "Active"
    assert "sts" in row.inner_text()
    # Rotate: a second key, then the first one deactivated and deleted.
    page.click("#create-key")
    second_id = page.inner_text("#new-key-id")
    page.click("#done")
    page.locator(f"tr[data-key='{first_id}']").locator("text=Deactivate").click()
    assert page.locator(f"tr[data-key='{first_id}'] .status").inner_text() == "Inactive"
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"tr[data-key='{first_id}']").locator("text=Delete").click()
    keys = iam.list_access_keys(UserName="dev")["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in keys] == [second_id]
    created = [
        json.loads(e["CloudTrailEvent"])
        for e in server.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateAccessKey"}]
        )["Events"]
    ]
    assert len(created) == 2
    assert all(first_secret not in json.dumps(e) for e in created)


def test_a_user_assigns_a_virtual_mfa_device_from_its_qr_code(server: RunningServer, page: Any) -> None:
    make_user(
        server,
        "mallory",
        "iam:CreateVirtualMFADevice",
        "iam:EnableMFADevice",
        "iam:ListMFADevices",
        "iam:ListAccessKeys",
    )
    sign_in(page, server, "mallory")
    page.goto(f"{server.endpoint}/console/credentials")
    page.click("#assign-mfa")
    assert page.eval_on_selector("#qr", "img => img.naturalWidth") > 0
    seed = totp_secret_from_base32(page.inner_text("#seed"))
    step = totp_time_step(datetime.now(UTC)) - 1
    page.fill("#code1", hotp_code(seed, step - 1))
    page.fill("#code2", hotp_code(seed, step))
    page.click("#enable-mfa")
    assert page.inner_text("#message").startswith("MFA device assigned")
    assert "mfa/mallory" in page.inner_text("#devices")
    page.click("#sign-out")
    sign_in(page, server, "mallory")
    assert page.url.endswith("/console/mfa")


def test_the_least_privilege_page_shows_escalation_paths_and_a_generated_policy(
    server: RunningServer, page: Any
) -> None:
    """Shown only once GetAccountAuthorizationDetails (and for a role GetRole, LookupEvents) were
    allowed under the hat worn; a user who may create another user's keys has a path to its rights."""
    iam = server.client("iam")
    make_user(
        server, "auditor", "iam:GetAccountAuthorizationDetails", "iam:GetRole", "cloudtrail:LookupEvents"
    )
    make_user(server, "keymaker", "iam:CreateAccessKey")
    iam.create_user(UserName="boss")
    iam.put_user_policy(
        UserName="boss",
        PolicyName="all",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )
    iam.create_role(
        RoleName="reader",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": server.account_id}, "Action": "sts:AssumeRole"}
                ],
            }
        ),
    )
    iam.put_role_policy(
        RoleName="reader",
        PolicyName="list",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "iam:List*", "Resource": "*"}],
            }
        ),
    )
    iam.create_user(UserName="worker")
    iam.put_user_policy(
        UserName="worker",
        PolicyName="assume",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key(UserName="worker")["AccessKey"]
    session = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"]).assume_role(
        RoleArn=f"arn:aws:iam::{server.account_id}:role/reader", RoleSessionName="work"
    )["Credentials"]
    as_role = server.client(
        "iam", key=session["AccessKeyId"], secret=session["SecretAccessKey"], token=session["SessionToken"]
    )
    as_role.list_users()
    sign_in(page, server, "auditor")
    page.goto(f"{server.endpoint}/console/analysis")
    titles = page.locator(".finding-title").all_inner_texts()
    assert any("user/keymaker" in t and "administrator" in t for t in titles), titles
    assert f"arn:aws:iam::{server.account_id}:user/boss" in page.inner_text("#administrators")
    page.fill("input[name=role]", "reader")
    page.click("#generate")
    assert page.locator("#error").count() == 0, page.inner_text("#error")
    assert "every call allowed" in page.inner_text("#generated-summary")
    generated = json.loads(page.inner_text("#generated-policy"))
    assert generated["Statement"][0]["Action"] == "iam:ListUsers"
    assert "iam:List*" in page.inner_text("#generated-diff")


def test_the_least_privilege_page_needs_the_reads_it_is_made_of(server: RunningServer, page: Any) -> None:
    make_user(server, "nobody")
    sign_in(page, server, "nobody")
    page.goto(f"{server.endpoint}/console/analysis")
    assert "iam:GetAccountAuthorizationDetails" in page.inner_text("#error")
    assert page.locator(".finding-title").count() == 0
