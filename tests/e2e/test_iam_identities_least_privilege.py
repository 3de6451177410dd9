"""The issue's least-privilege scenario: alice may only GetUser herself; everything else is refused with
AWS's exact AccessDenied text, and the refused calls change nothing. With boto3 and with the AWS CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def set_up_alice(server: RunningServer) -> dict[str, Any]:
    """The root creates bob and alice; alice's only permission is iam:GetUser on her own ARN."""
    iam = server.client("iam")
    iam.create_user(UserName="bob")
    alice_arn = iam.create_user(UserName="alice")["User"]["Arn"]
    document = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": alice_arn}],
        }
    )
    iam.put_user_policy(UserName="alice", PolicyName="get-myself", PolicyDocument=document)
    key: dict[str, Any] = iam.create_access_key(UserName="alice")["AccessKey"]
    return key


def denial(account: str, action: str, resource: str) -> str:
    return (
        f"User: arn:aws:iam::{account}:user/alice is not authorized to perform: {action} on resource: "
        f"{resource} because no identity-based policy allows the {action} action"
    )


def state(server: RunningServer) -> tuple[list[str], list[str], list[str]]:
    iam = server.client("iam")
    users = [user["UserName"] for user in iam.list_users()["Users"]]
    keys = [key["AccessKeyId"] for key in iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]]
    tags = [tag["Key"] for tag in iam.list_user_tags(UserName="bob")["Tags"]]
    return users, keys, tags


def test_alice_gets_herself_and_is_refused_everything_else(server: RunningServer) -> None:
    key = set_up_alice(server)
    account = server.account_id
    alice = server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    assert alice.get_user()["User"]["Arn"] == f"arn:aws:iam::{account}:user/alice"
    assert alice.get_user(UserName="alice")["User"]["UserName"] == "alice"
    before = state(server)

    refusals: list[tuple[Callable[[], object], str, str]] = [
        (lambda: alice.create_user(UserName="bob"), "iam:CreateUser", f"arn:aws:iam::{account}:user/bob"),
        (lambda: alice.create_user(UserName="carol"), "iam:CreateUser", f"arn:aws:iam::{account}:user/carol"),
        (lambda: alice.list_users(), "iam:ListUsers", f"arn:aws:iam::{account}:user/"),
        (lambda: alice.get_user(UserName="bob"), "iam:GetUser", f"arn:aws:iam::{account}:user/bob"),
        (lambda: alice.create_access_key(), "iam:CreateAccessKey", f"arn:aws:iam::{account}:user/alice"),
        (
            lambda: alice.tag_user(UserName="bob", Tags=[{"Key": "k", "Value": "v"}]),
            "iam:TagUser",
            f"arn:aws:iam::{account}:user/bob",
        ),
        (lambda: alice.delete_user(UserName="bob"), "iam:DeleteUser", f"arn:aws:iam::{account}:user/bob"),
    ]
    for call, action, resource in refusals:
        with pytest.raises(ClientError) as refused:
            call()
        error = refused.value.response["Error"]
        assert error["Code"] == "AccessDenied"
        assert error["Message"] == denial(account, action, resource)
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert state(server) == before


def test_the_same_scenario_with_the_aws_cli(server: RunningServer, tmp_path: Path) -> None:
    key = set_up_alice(server)
    account = server.account_id
    env = server.cli_env(tmp_path)
    env.update(AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
    before = state(server)

    got = server.aws("iam", "get-user", home=tmp_path, env=env)
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["User"]["Arn"] == f"arn:aws:iam::{account}:user/alice"

    created = server.aws("iam", "create-user", "--user-name", "bob", home=tmp_path, env=env)
    assert created.returncode != 0
    assert "(AccessDenied)" in created.stderr
    assert denial(account, "iam:CreateUser", f"arn:aws:iam::{account}:user/bob") in created.stderr

    listed = server.aws("iam", "list-users", home=tmp_path, env=env)
    assert listed.returncode != 0
    assert denial(account, "iam:ListUsers", f"arn:aws:iam::{account}:user/") in listed.stderr

    other = server.aws("iam", "get-user", "--user-name", "bob", home=tmp_path, env=env)
    assert other.returncode != 0
    assert denial(account, "iam:GetUser", f"arn:aws:iam::{account}:user/bob") in other.stderr

    assert state(server) == before
