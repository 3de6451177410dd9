"""Roles as hats, end to end: a real ``hatrack serve`` with boto3 and the AWS CLI, on SQLite and
PostgreSQL. (Expiry and other clock-dependent rules are in tests/sts, where the clock can move.)"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.support.server import BIN, RunningServer

pytestmark = pytest.mark.e2e

ANALYST = "SecurityAnalystRole"


def error_code(raised: pytest.ExceptionInfo[ClientError]) -> str:
    return str(raised.value.response["Error"]["Code"])


def policy(*actions: str, resource: str = "*") -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": resource}],
        }
    )


def trust_document(principal: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}],
        }
    )


def analyst_world(server: RunningServer) -> tuple[dict[str, str], str]:
    """alice may only assume SecurityAnalystRole; the role may list users and read users and roles."""
    iam = server.client("iam")
    role_arn = iam.create_role(
        RoleName=ANALYST, AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{server.account_id}:root")
    )["Role"]["Arn"]
    iam.put_role_policy(
        RoleName=ANALYST,
        PolicyName="read",
        PolicyDocument=policy("iam:ListUsers", "iam:GetUser", "iam:GetRole"),
    )
    iam.create_user(UserName="alice")
    iam.put_user_policy(
        UserName="alice", PolicyName="hat", PolicyDocument=policy("sts:AssumeRole", resource=role_arn)
    )
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    return {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}, role_arn


def as_keys(credentials: dict[str, Any]) -> dict[str, str]:
    return {
        "key": credentials["AccessKeyId"],
        "secret": credentials["SecretAccessKey"],
        "token": credentials["SessionToken"],
    }


def test_a_user_wears_the_analyst_hat_switches_back_and_loses_it_when_revoked(server: RunningServer) -> None:
    alice, role_arn = analyst_world(server)
    own_iam = server.client("iam", **alice)
    with pytest.raises(ClientError) as before:
        own_iam.list_users()
    assert error_code(before) == "AccessDenied"

    answer = server.client("sts", **alice).assume_role(RoleArn=role_arn, RoleSessionName="alice")
    hat = as_keys(answer["Credentials"])
    assumed_arn = f"arn:aws:sts::{server.account_id}:assumed-role/{ANALYST}/alice"
    assert answer["AssumedRoleUser"]["Arn"] == assumed_arn
    assert server.client("sts", **hat).get_caller_identity()["Arn"] == assumed_arn

    role_iam = server.client("iam", **hat)
    assert [user["UserName"] for user in role_iam.list_users()["Users"]] == ["alice"]
    assert role_iam.get_user(UserName="alice")["User"]["UserName"] == "alice"
    with pytest.raises(ClientError) as beyond:
        role_iam.create_user(UserName="mallory")
    assert error_code(beyond) == "AccessDenied"

    # Switching back: alice's own keys again have alice's (empty) permissions.
    assert server.client("sts", **alice).get_caller_identity()["Arn"].endswith(":user/alice")
    with pytest.raises(ClientError) as switched_back:
        own_iam.list_users()
    assert error_code(switched_back) == "AccessDenied"

    # Revoking the role's sessions (AWS's own policy, as the console writes it).
    from datetime import UTC, datetime, timedelta

    cut_off = (datetime.now(UTC) + timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    server.client("iam").put_role_policy(
        RoleName=ANALYST,
        PolicyName="AWSRevokeOlderSessions",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Action": ["*"],
                        "Resource": ["*"],
                        "Condition": {"DateLessThan": {"aws:TokenIssueTime": cut_off}},
                    }
                ],
            }
        ),
    )
    with pytest.raises(ClientError) as revoked:
        role_iam.list_users()
    assert error_code(revoked) == "AccessDenied"
    assert "explicit deny" in revoked.value.response["Error"]["Message"]


def test_a_chain_user_to_role_a_to_role_b_is_capped_at_one_hour(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    iam.create_user(UserName="chain")  # a trust policy may name only a user that exists
    role_a = iam.create_role(
        RoleName="RoleA",
        AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{account}:user/chain"),
        MaxSessionDuration=43200,
    )["Role"]["Arn"]
    role_b = iam.create_role(
        RoleName="RoleB", AssumeRolePolicyDocument=trust_document(role_a), MaxSessionDuration=43200
    )["Role"]["Arn"]
    iam.put_role_policy(
        RoleName="RoleA", PolicyName="next", PolicyDocument=policy("sts:AssumeRole", resource=role_b)
    )
    key = iam.create_access_key(UserName="chain")["AccessKey"]
    user = {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
    hat_a = as_keys(
        server.client("sts", **user).assume_role(
            RoleArn=role_a, RoleSessionName="hop-a", DurationSeconds=7200
        )["Credentials"]
    )
    sts_a = server.client("sts", **hat_a)
    with pytest.raises(ClientError) as capped:
        sts_a.assume_role(RoleArn=role_b, RoleSessionName="hop-b", DurationSeconds=7200)
    assert capped.value.response["Error"] == {
        "Type": "Sender",
        "Code": "ValidationError",
        "Message": "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
        "role chaining.",
    }
    hat_b = as_keys(sts_a.assume_role(RoleArn=role_b, RoleSessionName="hop-b")["Credentials"])
    assert (
        server.client("sts", **hat_b).get_caller_identity()["Arn"]
        == f"arn:aws:sts::{account}:assumed-role/RoleB/hop-b"
    )


def test_a_session_policy_narrows_the_role(server: RunningServer) -> None:
    alice, role_arn = analyst_world(server)
    answer = server.client("sts", **alice).assume_role(
        RoleArn=role_arn, RoleSessionName="narrow", Policy=policy("iam:GetUser")
    )
    assert answer["PackedPolicySize"] > 0
    role_iam = server.client("iam", **as_keys(answer["Credentials"]))
    assert role_iam.get_user(UserName="alice")["User"]["UserName"] == "alice"
    with pytest.raises(ClientError) as narrowed:
        role_iam.list_users()
    assert narrowed.value.response["Error"]["Message"].endswith(
        "because no session policy allows the iam:ListUsers action"
    )


def _profile_files(
    server: RunningServer, home: Path, alice: dict[str, str], role_arn: str, seconds: int
) -> dict[str, str]:
    (home / "aws-credentials").write_text(
        f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = {alice['secret']}\n"
    )
    (home / "aws-config").write_text(
        "[profile alice]\nregion = us-east-1\n\n"
        f"[profile analyst]\nrole_arn = {role_arn}\nsource_profile = alice\nrole_session_name = cli\n"
        f"duration_seconds = {seconds}\nregion = us-east-1\n"
    )
    env = server.cli_env(home)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        env.pop(name, None)
    return env


def test_the_aws_cli_assumes_the_role_from_a_profile(server: RunningServer, tmp_path: Path) -> None:
    alice, role_arn = analyst_world(server)
    env = _profile_files(server, tmp_path, alice, role_arn, 3600)
    identity = server.aws("sts", "get-caller-identity", "--profile", "analyst", home=tmp_path, env=env)
    assert identity.returncode == 0, identity.stderr
    assert (
        json.loads(identity.stdout)["Arn"] == f"arn:aws:sts::{server.account_id}:assumed-role/{ANALYST}/cli"
    )
    user = server.aws(
        "iam", "get-user", "--user-name", "alice", "--profile", "analyst", home=tmp_path, env=env
    )
    assert user.returncode == 0, user.stderr
    assert json.loads(user.stdout)["User"]["UserName"] == "alice"
    refused = server.aws(
        "iam", "create-user", "--user-name", "eve", "--profile", "analyst", home=tmp_path, env=env
    )
    assert refused.returncode != 0 and "AccessDenied" in refused.stderr
    own = server.aws("iam", "list-users", "--profile", "alice", home=tmp_path, env=env)
    assert own.returncode != 0 and "AccessDenied" in own.stderr


def test_botocore_refreshes_assumed_role_credentials_before_they_expire(
    server: RunningServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A profile asking for 15-minute sessions is inside botocore's 15-minute advisory window at once,
    so a long-lived client assumes the role again before using the credentials; a one-hour profile
    keeps its credentials."""
    alice, role_arn = analyst_world(server)
    env = _profile_files(server, tmp_path, alice, role_arn, 900)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL"):
        monkeypatch.setenv(name, env[name])
    session = boto3.Session(profile_name="analyst")
    sts = session.client("sts")
    first = sts.get_caller_identity()
    key_one = session.get_credentials().get_frozen_credentials().access_key
    second = sts.get_caller_identity()
    key_two = session.get_credentials().get_frozen_credentials().access_key
    assert first["Arn"] == second["Arn"] == f"arn:aws:sts::{server.account_id}:assumed-role/{ANALYST}/cli"
    assert key_one.startswith("ASIA") and key_two.startswith("ASIA")
    assert key_one != key_two  # refreshed: a new session was assumed

    (tmp_path / "aws-config").write_text(
        (tmp_path / "aws-config").read_text().replace("duration_seconds = 900", "duration_seconds = 3600")
    )
    steady = boto3.Session(profile_name="analyst")
    steady.client("sts").get_caller_identity()
    kept = steady.get_credentials().get_frozen_credentials().access_key
    steady.client("sts").get_caller_identity()
    assert steady.get_credentials().get_frozen_credentials().access_key == kept


def _state_cli_args(server: RunningServer) -> list[str]:
    """``--state-dir`` (and ``--database``) reaching the server's own store."""
    database_url = getattr(server, "database_url", None)
    if database_url:
        return ["--state-dir", str(server.state_dir), "--database", database_url]
    if (server.state_dir / "hatrack.db").exists():
        return ["--state-dir", str(server.state_dir)]
    raise AssertionError("the test harness must say where the server's database is")


def test_cross_account_between_two_accounts_of_one_server(server: RunningServer) -> None:
    created = subprocess.run(
        [str(BIN / "hatrack"), "account", "create", "--json", *_state_cli_args(server)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    other = json.loads(created.stdout)
    other_iam = server.client("iam", key=other["access_key_id"], secret=other["secret_access_key"])
    role_arn = other_iam.create_role(
        RoleName="Partner", AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{server.account_id}:root")
    )["Role"]["Arn"]
    other_iam.put_role_policy(RoleName="Partner", PolicyName="read", PolicyDocument=policy("iam:ListRoles"))
    iam = server.client("iam")
    iam.create_user(UserName="traveller")
    key = iam.create_access_key(UserName="traveller")["AccessKey"]
    traveller = {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
    with pytest.raises(ClientError) as without_policy:
        server.client("sts", **traveller).assume_role(RoleArn=role_arn, RoleSessionName="trip")
    assert error_code(without_policy) == "AccessDenied"
    iam.put_user_policy(
        UserName="traveller", PolicyName="go", PolicyDocument=policy("sts:AssumeRole", resource=role_arn)
    )
    hat = as_keys(
        server.client("sts", **traveller).assume_role(RoleArn=role_arn, RoleSessionName="trip")["Credentials"]
    )
    identity = server.client("sts", **hat).get_caller_identity()
    assert identity["Account"] == other["account_id"]
    assert [role["RoleName"] for role in server.client("iam", **hat).list_roles()["Roles"]] == ["Partner"]


def test_revoke_sessions_from_the_command_line(server: RunningServer) -> None:
    from click.testing import CliRunner

    from hatrack.cli.role import role_group

    args = _state_cli_args(server)
    alice, role_arn = analyst_world(server)
    hat = as_keys(
        server.client("sts", **alice).assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"]
    )
    assert server.client("iam", **hat).list_users()["Users"]
    result = CliRunner().invoke(
        role_group, ["revoke-sessions", ANALYST, "--account-id", server.account_id, "--json", *args]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["role_arn"] == role_arn
    with pytest.raises(ClientError) as revoked:
        server.client("iam", **hat).list_users()
    assert error_code(revoked) == "AccessDenied"
    policy_text = server.client("iam").get_role_policy(RoleName=ANALYST, PolicyName="AWSRevokeOlderSessions")
    assert policy_text["PolicyDocument"]["Statement"][0]["Effect"] == "Deny"


def test_get_caller_identity_for_a_federated_user_and_a_session_token(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="broker")
    iam.put_user_policy(UserName="broker", PolicyName="fed", PolicyDocument=policy("sts:GetFederationToken"))
    key = iam.create_access_key(UserName="broker")["AccessKey"]
    broker = {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
    federated = as_keys(server.client("sts", **broker).get_federation_token(Name="visitor")["Credentials"])
    identity = server.client("sts", **federated).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{server.account_id}:federated-user/visitor"
    session = as_keys(server.client("sts", **broker).get_session_token()["Credentials"])
    assert server.client("sts", **session).get_caller_identity()["Arn"].endswith(":user/broker")
