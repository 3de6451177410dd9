"""The ARN partition is the server's, never the signing region's (issue 10, item 1).

The attack: a user allowed ``iam:*`` but denied on ``arn:aws:iam::ACCT:user/admin`` signed for
``cn-north-1``; the server took the partition from that region, built ``arn:aws-cn:…`` resource ARNs,
the Deny stopped matching, and the user created access keys for admin. Now the partition comes from
the server's configuration (``hatrack init --partition``, default ``aws``), IAM accepts only the
partition's global signing region, and STS/CloudTrail accept the regions of the server's partition.
With boto3 against real servers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hatrack.credentials.keyring import Keyring
from hatrack.credentials.session_token import issue_session_token, open_session_token
from tests.support.server import RunningServer, running_server

pytestmark = pytest.mark.e2e

OTHER_PARTITIONS_REGIONS = ["cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-iso-east-1"]


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def user_with_policy(server: RunningServer, name: str, policy: str) -> dict[str, str]:
    iam = server.client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}


def all_iam_but_admin(server: RunningServer) -> dict[str, str]:
    server.client("iam").create_user(UserName="admin")
    return user_with_policy(
        server,
        "mallory",
        document(
            {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": f"arn:aws:iam::{server.account_id}:user/admin"},
        ),
    )


# --- the review's attacks --------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["us-east-1", *OTHER_PARTITIONS_REGIONS, "eu-west-1"])
def test_no_signing_region_escapes_a_deny_on_the_admin_user(server: RunningServer, region: str) -> None:
    mallory = all_iam_but_admin(server)
    iam = server.client("iam", region=region, **mallory)
    with pytest.raises(ClientError):
        iam.create_access_key(UserName="admin")
    with pytest.raises(ClientError):
        iam.attach_user_policy(UserName="admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    assert server.client("iam").list_access_keys(UserName="admin")["AccessKeyMetadata"] == []
    assert server.client("iam").list_attached_user_policies(UserName="admin")["AttachedPolicies"] == []


def test_signed_for_the_global_region_the_deny_on_admin_answers_access_denied(server: RunningServer) -> None:
    mallory = all_iam_but_admin(server)
    with pytest.raises(ClientError) as refused:
        server.client("iam", **mallory).create_access_key(UserName="admin")
    code, message, status = error_of(refused)
    assert (code, status) == ("AccessDenied", 403)
    assert f"arn:aws:iam::{server.account_id}:user/admin" in message
    assert "explicit deny" in message
    # The Deny is narrow: the Allow still works for others.
    server.client("iam").create_user(UserName="bob")
    server.client("iam", **mallory).create_access_key(UserName="bob")


def _role_and_a_user_denied_it(server: RunningServer) -> dict[str, str]:
    trust = document(
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"},
            "Action": "sts:AssumeRole",
        }
    )
    server.client("iam").create_role(RoleName="R", AssumeRolePolicyDocument=trust)
    return user_with_policy(
        server,
        "mallory",
        document(
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": "sts:AssumeRole",
                "Resource": f"arn:aws:iam::{server.account_id}:role/R",
            },
        ),
    )


@pytest.mark.parametrize("region", ["us-east-1", "us-west-2", "eu-central-1"])
def test_assume_role_with_a_deny_on_the_role_is_access_denied_in_every_region(
    server: RunningServer, region: str
) -> None:
    mallory = _role_and_a_user_denied_it(server)
    with pytest.raises(ClientError) as refused:
        server.client("sts", region=region, **mallory).assume_role(
            RoleArn=f"arn:aws:iam::{server.account_id}:role/R", RoleSessionName="s1"
        )
    assert error_of(refused)[0] == "AccessDenied"


@pytest.mark.parametrize("region", OTHER_PARTITIONS_REGIONS)
def test_assume_role_signed_for_another_partition_is_refused(server: RunningServer, region: str) -> None:
    mallory = _role_and_a_user_denied_it(server)
    sts = server.client("sts", region=region, **mallory)
    for role_arn in (
        f"arn:aws:iam::{server.account_id}:role/R",
        f"arn:aws-cn:iam::{server.account_id}:role/R",
    ):
        with pytest.raises(ClientError) as refused:
            sts.assume_role(RoleArn=role_arn, RoleSessionName="s1")
        # guess/choice: the keys of an `aws` server are unknown in another partition, as AWS answers.
        assert error_of(refused) == (
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
            403,
        )


# --- which signing regions are accepted -----------------------------------------------------------


@pytest.mark.parametrize("region", ["xx-nowhere-1", "eu-west-1", "us-west-2", "cn-north-1", "us-gov-west-1"])
def test_iam_signed_for_any_region_but_the_partitions_global_one_is_signature_does_not_match(
    server: RunningServer, region: str
) -> None:
    with pytest.raises(ClientError) as refused:
        server.client("iam", region=region).create_user(UserName="alice")
    assert error_of(refused) == (
        "SignatureDoesNotMatch",
        f"Credential should be scoped to a valid region, not '{region}'.",
        403,
    )
    assert server.client("iam").list_users()["Users"] == []


@pytest.mark.parametrize("region", ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2", "sa-east-1"])
def test_sts_accepts_regional_scopes_of_the_partition_and_its_arns_stay_aws(
    server: RunningServer, region: str
) -> None:
    sts = server.client("sts", region=region)
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{server.account_id}:root"
    trust = document(
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"},
            "Action": "sts:AssumeRole",
        }
    )
    iam = server.client("iam")
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=trust)
    iam.create_user(UserName="assumer")  # the account root may not assume roles
    allow = document({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"})
    iam.put_user_policy(UserName="assumer", PolicyName="assume", PolicyDocument=allow)
    key = iam.create_access_key(UserName="assumer")["AccessKey"]
    as_user = server.client("sts", region=region, key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    assumed = as_user.assume_role(RoleArn=f"arn:aws:iam::{server.account_id}:role/R", RoleSessionName="s1")
    assert assumed["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{server.account_id}:assumed-role/R/s1"
    credentials = assumed["Credentials"]
    session = server.client(
        "sts",
        region=region,
        key=credentials["AccessKeyId"],
        secret=credentials["SecretAccessKey"],
        token=credentials["SessionToken"],
    )
    assert session.get_caller_identity()["Arn"] == f"arn:aws:sts::{server.account_id}:assumed-role/R/s1"


@pytest.mark.parametrize("service", ["sts", "cloudtrail"])
def test_a_region_of_no_partition_is_signature_does_not_match_for_regional_services(
    server: RunningServer, service: str
) -> None:
    client = server.client(service, region="xx-nowhere-1")
    with pytest.raises(ClientError) as refused:
        if service == "sts":
            client.get_caller_identity()
        else:
            client.lookup_events()
    assert error_of(refused)[:2] == (
        "SignatureDoesNotMatch",
        "Credential should be scoped to a valid region, not 'xx-nowhere-1'.",
    )


@pytest.mark.parametrize("region", OTHER_PARTITIONS_REGIONS)
def test_sts_and_cloudtrail_signed_for_another_partitions_region_are_invalid_client_token_id(
    server: RunningServer, region: str
) -> None:
    for call in (
        server.client("sts", region=region).get_caller_identity,
        server.client("cloudtrail", region=region).lookup_events,
    ):
        with pytest.raises(ClientError) as refused:
            call()
        assert error_of(refused)[0] == "InvalidClientTokenId"


def test_cloudtrail_lookup_events_keeps_regional_scopes(server: RunningServer) -> None:
    server.client("iam").create_user(UserName="alice")
    for region in ("us-east-1", "eu-west-1", "ap-northeast-1"):
        events = server.client("cloudtrail", region=region).lookup_events()["Events"]
        assert any(event["EventName"] == "CreateUser" for event in events)


# --- session tokens carry the server's partition --------------------------------------------------


def test_a_session_token_sealed_with_another_partition_is_refused(server: RunningServer) -> None:
    """Even a token the server's own key sealed cannot move its holder into another partition."""
    issued = server.client("sts").get_session_token()["Credentials"]
    keyring = Keyring.load_or_create(server.state_dir / "master.key")
    claims = open_session_token(
        keyring, issued["SessionToken"], access_key_id=issued["AccessKeyId"], now=datetime.now(UTC)
    )
    assert claims.partition == "aws"  # sealed at issue from the server's configuration
    forged = issue_session_token(keyring, replace(claims, partition="aws-cn"))
    for token, expected in ((issued["SessionToken"], None), (forged, "InvalidClientTokenId")):
        sts = server.client("sts", key=issued["AccessKeyId"], secret=issued["SecretAccessKey"], token=token)
        if expected is None:
            assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{server.account_id}:root"
            continue
        with pytest.raises(ClientError) as refused:
            sts.get_caller_identity()
        assert error_of(refused)[0] == expected


# --- a server configured for another partition ----------------------------------------------------


@pytest.fixture(scope="module")
def china_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with running_server(
        tmp_path_factory.mktemp("state-aws-cn"), init_args=("--partition", "aws-cn")
    ) as running:
        yield running


def test_a_server_created_in_aws_cn_names_everything_arn_aws_cn(china_server: RunningServer) -> None:
    china_server.reset()
    iam = china_server.client("iam", region="cn-north-1")
    user = iam.create_user(UserName="alice")["User"]
    assert user["Arn"] == f"arn:aws-cn:iam::{china_server.account_id}:user/alice"
    for region in ("cn-north-1", "cn-northwest-1"):
        identity = china_server.client("sts", region=region).get_caller_identity()
        assert identity["Arn"] == f"arn:aws-cn:iam::{china_server.account_id}:root"
    for region in ("us-east-1", "cn-northwest-1"):  # IAM: only aws-cn's global signing region
        with pytest.raises(ClientError) as refused:
            china_server.client("iam", region=region).list_users()
        assert error_of(refused)[0] == "SignatureDoesNotMatch"
    with pytest.raises(ClientError) as refused:
        china_server.client("sts", region="us-east-1").get_caller_identity()
    assert error_of(refused)[0] == "InvalidClientTokenId"


def test_the_partition_of_existing_state_cannot_be_changed(china_server: RunningServer) -> None:
    import subprocess

    from tests.support.server import BIN

    result = subprocess.run(
        [str(BIN / "hatrack"), "init", "--state-dir", str(china_server.state_dir), "--partition", "aws"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "aws-cn" in result.stderr
    state = json.loads(Path(china_server.state_dir / "state.json").read_text())
    assert state["partition"] == "aws-cn"
