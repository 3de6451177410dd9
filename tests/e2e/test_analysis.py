"""``hatrack analyze`` against a real server: the trail a role's sessions leave through boto3 becomes
the smallest policy that would have allowed them, replayed through the evaluator."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
from tests.support.server import BIN, RunningServer

pytestmark = pytest.mark.e2e


def _database_args(server: RunningServer) -> list[str]:
    args = list(server.process.args)  # type: ignore[arg-type]
    if "--database" in args:
        return ["--database", str(args[args.index("--database") + 1])]
    return []


def hatrack_analyze(server: RunningServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(BIN / "hatrack"),
            "analyze",
            *args,
            "--state-dir",
            str(server.state_dir),
            *_database_args(server),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _policy(action: str, resource: str = "*") -> str:
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}
    )


def _as(server: RunningServer, service: str, credentials: dict[str, Any]) -> Any:
    return server.client(
        service,
        key=credentials["AccessKeyId"],
        secret=credentials["SecretAccessKey"],
        token=credentials["SessionToken"],
    )


def test_generate_policy_from_a_roles_sessions(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    alice = iam.create_user(UserName="alice")["User"]
    alice_key = iam.create_access_key(UserName="alice")["AccessKey"]
    iam.put_user_policy(UserName="alice", PolicyName="assume", PolicyDocument=_policy("sts:AssumeRole"))
    iam.create_user(UserName="bob")
    bob_key = iam.create_access_key(UserName="bob")["AccessKey"]
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": alice["Arn"]}, "Action": "sts:AssumeRole"}],
    }
    role = iam.create_role(RoleName="SecurityBreakGlassRole", AssumeRolePolicyDocument=json.dumps(trust))[
        "Role"
    ]
    iam.put_role_policy(
        RoleName="SecurityBreakGlassRole", PolicyName="broad", PolicyDocument=_policy("iam:*")
    )

    sts = server.client("sts", key=alice_key["AccessKeyId"], secret=alice_key["SecretAccessKey"])
    session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="contain")["Credentials"]
    as_role = _as(server, "iam", session)
    as_role.get_user(UserName="bob")
    as_role.list_access_keys(UserName="bob")
    as_role.update_access_key(UserName="bob", AccessKeyId=bob_key["AccessKeyId"], Status="Inactive")
    with pytest.raises(ClientError):
        as_role.get_user(UserName="nobody")  # allowed, but failed: not a call to keep

    shown = hatrack_analyze(server, "generate-policy", "SecurityBreakGlassRole", "--since", "1d", "--json")
    assert shown.returncode == 0, shown.stderr
    result = json.loads(shown.stdout)
    bob = f"arn:aws:iam::{account}:user/bob"
    assert result["events"] == 3
    assert result["policy"]["Statement"] == [
        {
            "Effect": "Allow",
            "Action": ["iam:GetUser", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
            "Resource": bob,
        }
    ]
    assert result["replayedAllAllowed"] is True
    assert [(u["action"], u["policy"]) for u in result["unused"]] == []  # iam:* was used (narrowly)
    assert '-      "Action": "iam:*",' in result["diff"]

    # The generated policy allows what was recorded and nothing the role did not do.
    policies = PolicySet(identity=(compile_policy(json.dumps(result["policy"])),))

    def allowed(action: str, resource: str) -> bool:
        request = AuthorizationRequest(
            principal_arn=f"arn:aws:sts::{account}:assumed-role/SecurityBreakGlassRole/contain",
            principal_account=account,
            action=action,
            resource_arn=resource,
            resource_account=account,
        )
        return evaluate(request, policies).allowed

    assert allowed("iam:UpdateAccessKey", bob)
    assert not allowed("iam:UpdateAccessKey", f"arn:aws:iam::{account}:user/alice")
    assert not allowed("iam:DeleteUser", bob)
    assert not allowed("iam:GetUser", f"arn:aws:iam::{account}:user/nobody")
    assert not allowed("iam:CreateAccessKey", bob)


def test_generate_policy_for_a_role_that_does_not_exist(server: RunningServer) -> None:
    shown = hatrack_analyze(server, "generate-policy", "Nobody")
    assert shown.returncode == 1
    assert "The role with name Nobody cannot be found." in shown.stderr


def test_analyze_escalation_through_a_real_server(server: RunningServer) -> None:
    iam = server.client("iam")
    dev = iam.create_user(UserName="dev")["User"]
    iam.put_user_policy(
        UserName="dev", PolicyName="self", PolicyDocument=_policy("iam:AttachUserPolicy", dev["Arn"])
    )
    shown = hatrack_analyze(server, "escalation", "--account-id", server.account_id, "--json")
    assert shown.returncode == 0, shown.stderr
    findings = json.loads(shown.stdout)["findings"]
    assert [(f["principal"], f["gains"], [s["kind"] for s in f["steps"]]) for f in findings] == [
        (dev["Arn"], "administrator", ["AttachUserPolicy"])
    ]
