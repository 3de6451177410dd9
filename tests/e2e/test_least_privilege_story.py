"""The seed's story, as docs/least-privilege.md tells it, through boto3 and the ``hatrack analyze``
commands: alice may break glass only with her MFA device; mallory's CreateAccessKey reaches alice's
credentials but not the break-glass role; the break-glass role's trail makes a two-statement policy."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hatrack.credentials.totp import totp_code, totp_secret_from_base32
from tests.support.server import BIN, RunningServer

pytestmark = pytest.mark.e2e


def _database_args(server: RunningServer) -> list[str]:
    args = list(server.process.args)  # type: ignore[arg-type]
    if "--database" in args:
        return ["--database", str(args[args.index("--database") + 1])]
    return []


def _analyze(server: RunningServer, *args: str) -> Any:
    shown = subprocess.run(
        [
            str(BIN / "hatrack"),
            "analyze",
            *args,
            "--json",
            "--state-dir",
            str(server.state_dir),
            *_database_args(server),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def test_the_seed_story(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    arn = f"arn:aws:iam::{account}"
    alice = iam.create_user(UserName="alice")["User"]
    alice_key = iam.create_access_key(UserName="alice")["AccessKey"]
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    seed = totp_secret_from_base32(device["Base32StringSeed"].decode())
    now = datetime.now(UTC)
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=totp_code(seed, now - timedelta(seconds=30)),
        AuthenticationCode2=totp_code(seed, now),
    )
    roles = [f"{arn}:role/SecurityAnalystRole", f"{arn}:role/SecurityBreakGlassRole"]
    iam.put_user_policy(
        UserName="alice",
        PolicyName="wear-hats",
        PolicyDocument=_doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": roles}),
    )

    def trust(**condition: Any) -> str:
        statement = {"Effect": "Allow", "Principal": {"AWS": alice["Arn"]}, "Action": "sts:AssumeRole"}
        return _doc({**statement, **({"Condition": condition} if condition else {})})

    iam.create_role(RoleName="SecurityAnalystRole", AssumeRolePolicyDocument=trust())
    iam.attach_role_policy(RoleName="SecurityAnalystRole", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_role(
        RoleName="SecurityBreakGlassRole",
        AssumeRolePolicyDocument=trust(Bool={"aws:MultiFactorAuthPresent": "true"}),
    )
    iam.put_role_policy(
        RoleName="SecurityBreakGlassRole",
        PolicyName="break-glass",
        PolicyDocument=_doc({"Effect": "Allow", "Action": "iam:*", "Resource": "*"}),
    )
    iam.create_user(UserName="mallory")
    mallory_key = iam.create_access_key(UserName="mallory")["AccessKey"]
    helpdesk = {"Effect": "Allow", "Action": ["iam:ListUsers", "iam:CreateAccessKey"], "Resource": "*"}
    iam.put_user_policy(UserName="mallory", PolicyName="helpdesk", PolicyDocument=_doc(helpdesk))

    report = _analyze(server, "escalation", "--account-id", account)
    paths = {(f["principal"], f["gains"]): f["steps"] for f in report["findings"]}
    to_admin = paths[(alice["Arn"], "administrator")]
    assert [(s["kind"], s["resource"]) for s in to_admin] == [
        ("AssumeRole", roles[1]),
        ("AttachRolePolicy", roles[1]),
    ]
    assert "MFA" in to_admin[0]["note"]
    mallory = f"{arn}:user/mallory"
    assert (mallory, "administrator") not in paths  # alice's new key carries no MFA
    assert [s["kind"] for s in paths[(mallory, alice["Arn"])]] == ["CreateAccessKey"]
    assert [s["kind"] for s in paths[(mallory, roles[0])]] == ["CreateAccessKey", "AssumeRole"]
    assert (mallory, roles[1]) not in paths

    # Alice breaks glass with her code and contains mallory; the trail makes the role's policy.
    sts = server.client("sts", key=alice_key["AccessKeyId"], secret=alice_key["SecretAccessKey"])
    glass = sts.assume_role(
        RoleArn=roles[1],
        RoleSessionName="alice-breakglass",
        SerialNumber=device["SerialNumber"],
        TokenCode=totp_code(seed, datetime.now(UTC) + timedelta(seconds=30)),
    )["Credentials"]
    as_glass = server.client(
        "iam", key=glass["AccessKeyId"], secret=glass["SecretAccessKey"], token=glass["SessionToken"]
    )
    as_glass.update_access_key(UserName="mallory", AccessKeyId=mallory_key["AccessKeyId"], Status="Inactive")
    generated = _analyze(server, "generate-policy", "SecurityBreakGlassRole", "--since", "1d")
    assert generated["policy"]["Statement"] == [
        {"Effect": "Allow", "Action": "iam:UpdateAccessKey", "Resource": mallory}
    ]
    assert generated["replayedAllAllowed"] is True
