"""Issue 10 through boto3 against the real server: pathological wildcards decide at once, the
simulator refuses oversized and over-numerous inputs with AWS's ValidationError, and IAM refuses
inline identity policies without ``"Version": "2012-10-17"`` (nothing stored)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

STATEMENT = {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}


def document(*statements: dict[str, Any], version: str | None = "2012-10-17") -> str:
    body: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        body = {"Version": version, **body}
    return json.dumps(body)


def error_of(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def unvalidated_iam(server: RunningServer) -> Any:
    """An IAM client that leaves input validation to the server (botocore checks only minimums)."""
    return boto3.client(
        "iam",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        aws_access_key_id=server.access_key_id,
        aws_secret_access_key=server.secret_access_key,
        config=Config(parameter_validation=False, retries={"max_attempts": 1}),
    )


def test_the_reported_pathological_simulation_decides(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    resource_pattern = f"arn:aws:iam::{account}:*a*a*a*a*a*b"
    condition = {"StringLike": {"aws:UserAgent": "*a" * 20 + "*b"}}
    policy = document(
        {"Effect": "Allow", "Action": "iam:GetUser", "Resource": resource_pattern},
        {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*", "Condition": condition},
    )
    answer = iam.simulate_custom_policy(
        PolicyInputList=[policy],
        ActionNames=["iam:GetUser", "iam:ListUsers"],
        ResourceArns=[f"arn:aws:iam::{account}:" + "a" * 128],
        ContextEntries=[
            {"ContextKeyName": "aws:UserAgent", "ContextKeyValues": ["a" * 2000], "ContextKeyType": "string"}
        ],
    )
    assert [result["EvalDecision"] for result in answer["EvaluationResults"]] == ["implicitDeny"] * 2


def test_a_simulator_document_past_131072_characters_is_a_validation_error(server: RunningServer) -> None:
    iam = unvalidated_iam(server)
    huge = document(STATEMENT) + " " * 131072
    code, message = error_of(
        lambda: iam.simulate_custom_policy(PolicyInputList=[huge], ActionNames=["iam:GetUser"])
    )
    assert code == "ValidationError"
    assert "131072" in message


def test_too_many_simulator_documents_are_a_validation_error(server: RunningServer) -> None:
    iam = server.client("iam")
    many = [document(STATEMENT)] * 51
    code, message = error_of(
        lambda: iam.simulate_custom_policy(PolicyInputList=many, ActionNames=["iam:GetUser"])
    )
    assert code == "ValidationError"
    assert "policyInputList" in message
    code, _ = error_of(lambda: iam.get_context_keys_for_custom_policy(PolicyInputList=many))
    assert code == "ValidationError"


def test_too_many_context_entries_are_a_validation_error(server: RunningServer) -> None:
    iam = server.client("iam")
    entries = [
        {
            "ContextKeyName": f"aws:PrincipalTag/k{number}",
            "ContextKeyValues": ["v"],
            "ContextKeyType": "string",
        }
        for number in range(1001)
    ]
    code, message = error_of(
        lambda: iam.simulate_custom_policy(
            PolicyInputList=[document(STATEMENT)], ActionNames=["iam:GetUser"], ContextEntries=entries
        )
    )
    assert code == "ValidationError"
    assert "contextEntries" in message


@pytest.mark.parametrize("version", [None, "2008-10-17"])
def test_inline_policies_need_version_2012(server: RunningServer, version: str | None) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="team")
    trust = json.dumps(
        {
            "Version": "2008-10-17",  # trust policies keep accepting the 2008 grammar
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )
    iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=trust)
    old = document(STATEMENT, version=version)
    refusals = [
        lambda: iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=old),
        lambda: iam.put_group_policy(GroupName="team", PolicyName="p", PolicyDocument=old),
        lambda: iam.put_role_policy(RoleName="deploy", PolicyName="p", PolicyDocument=old),
        lambda: iam.create_policy(PolicyName="p", PolicyDocument=old),
    ]
    for refused in refusals:
        assert error_of(refused) == (
            "MalformedPolicyDocument",
            "Policy document must be version 2012-10-17 or greater.",
        )
    assert iam.list_user_policies(UserName="alice")["PolicyNames"] == []
    assert iam.list_group_policies(GroupName="team")["PolicyNames"] == []
    assert iam.list_role_policies(RoleName="deploy")["PolicyNames"] == []
    assert iam.list_policies(Scope="Local")["Policies"] == []
    arn = iam.create_policy(PolicyName="ok", PolicyDocument=document(STATEMENT))["Policy"]["Arn"]
    code, _ = error_of(lambda: iam.create_policy_version(PolicyArn=arn, PolicyDocument=old))
    assert code == "MalformedPolicyDocument"
    iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=document(STATEMENT))
    assert iam.list_user_policies(UserName="alice")["PolicyNames"] == ["p"]
