"""The policy simulator, context keys, GetAccountAuthorizationDetails and MFA device tags through boto3
and the AWS CLI against a real server."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hatrack.credentials.totp import totp_code, totp_secret_from_base32
from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def trust(account: str) -> str:
    return document(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}
    )


def error_of(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def span(text: str, statement: int) -> tuple[dict[str, int], dict[str, int]]:
    """StartPosition and EndPosition of a statement of a one-line document written by ``document``."""
    starts = [text.index("[") + 2]
    ends: list[int] = []
    depth = 0
    for offset, char in enumerate(text[text.index("[") + 1 :], start=text.index("[") + 1):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                ends.append(offset + 2)
                starts.append(offset + 2)
    return {"Line": 1, "Column": starts[statement]}, {"Line": 1, "Column": ends[statement]}


def test_a_users_own_policy_allows_denies_and_leaves_out(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    alice = iam.create_user(UserName="alice")["User"]["Arn"]
    policy = document(
        {"Sid": "ReadSelf", "Effect": "Allow", "Action": "iam:GetUser", "Resource": alice},
        {"Sid": "NeverDelete", "Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"},
    )
    iam.put_user_policy(UserName="alice", PolicyName="self", PolicyDocument=policy)

    results = iam.simulate_principal_policy(
        PolicySourceArn=alice,
        ActionNames=["iam:GetUser", "iam:DeleteUser", "iam:CreateUser"],
        ResourceArns=[alice],
    )["EvaluationResults"]
    by_action = {result["EvalActionName"]: result for result in results}
    assert [r["EvalActionName"] for r in results] == ["iam:GetUser", "iam:DeleteUser", "iam:CreateUser"]
    assert {a: r["EvalDecision"] for a, r in by_action.items()} == {
        "iam:GetUser": "allowed",
        "iam:DeleteUser": "explicitDeny",
        "iam:CreateUser": "implicitDeny",
    }
    for action, index in (("iam:GetUser", 0), ("iam:DeleteUser", 1)):
        start, end = span(policy, index)
        assert by_action[action]["MatchedStatements"] == [
            {
                "SourcePolicyId": "self",
                "SourcePolicyType": "IAM Policy",
                "StartPosition": start,
                "EndPosition": end,
            }
        ]
    assert by_action["iam:CreateUser"]["MatchedStatements"] == []
    get = by_action["iam:GetUser"]
    assert get["EvalResourceName"] == "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}"
    assert get["EvalDecisionDetails"] == {}
    assert get["ResourceSpecificResults"] == [
        {
            "EvalResourceName": alice,
            "EvalResourceDecision": "allowed",
            "MatchedStatements": get["MatchedStatements"],
            "MissingContextValues": [],
        }
    ]
    # Another user's ARN is not covered by the Allow; the Deny covers everything.
    other = f"arn:aws:iam::{account}:user/bob"
    (result,) = iam.simulate_principal_policy(
        PolicySourceArn=alice, ActionNames=["iam:GetUser"], ResourceArns=[other]
    )["EvaluationResults"]
    assert result["EvalDecision"] == "implicitDeny"


def test_group_policies_count_for_a_member_and_pagination_splits_actions(server: RunningServer) -> None:
    iam = server.client("iam")
    alice = iam.create_user(UserName="alice")["User"]["Arn"]
    iam.create_group(GroupName="readers")
    iam.add_user_to_group(GroupName="readers", UserName="alice")
    iam.attach_group_policy(GroupName="readers", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    first = iam.simulate_principal_policy(
        PolicySourceArn=alice, ActionNames=["iam:ListUsers", "iam:CreateUser", "iam:GetRole"], MaxItems=2
    )
    assert [r["EvalDecision"] for r in first["EvaluationResults"]] == ["allowed", "implicitDeny"]
    assert first["EvaluationResults"][0]["MatchedStatements"][0]["SourcePolicyId"] == "IAMReadOnlyAccess"
    assert first["IsTruncated"] is True
    rest = iam.simulate_principal_policy(
        PolicySourceArn=alice,
        ActionNames=["iam:ListUsers", "iam:CreateUser", "iam:GetRole"],
        Marker=first["Marker"],
    )
    assert [r["EvalActionName"] for r in rest["EvaluationResults"]] == ["iam:GetRole"]
    assert rest["IsTruncated"] is False
    # Excluding the group's managed policy leaves nothing that allows.
    (excluded,) = iam.simulate_principal_policy(
        PolicySourceArn=alice,
        ActionNames=["iam:ListUsers"],
        PolicyExclusionList=[{"PolicyType": "aws-managed"}],
    )["EvaluationResults"]
    assert excluded["EvalDecision"] == "implicitDeny"


def test_a_condition_key_is_missing_until_the_context_gives_it(server: RunningServer) -> None:
    iam = server.client("iam")
    policy = document(
        {
            "Effect": "Allow",
            "Action": "dynamodb:*",
            "Resource": "*",
            "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2018-08-16T12:00:00Z"}},
        }
    )
    (bare,) = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["dynamodb:CreateBackup"])[
        "EvaluationResults"
    ]
    assert bare["EvalDecision"] == "implicitDeny"
    assert bare["MissingContextValues"] == ["aws:CurrentTime"]
    assert bare["EvalResourceName"] == "*"
    assert "ResourceSpecificResults" not in bare and "EvalDecisionDetails" not in bare

    def with_time(when: str) -> dict[str, Any]:
        (result,) = iam.simulate_custom_policy(
            PolicyInputList=[policy],
            ActionNames=["dynamodb:CreateBackup"],
            ContextEntries=[
                {"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": [when], "ContextKeyType": "date"}
            ],
        )["EvaluationResults"]
        return dict(result)

    later = with_time("2019-04-25T11:00:00Z")
    assert later["EvalDecision"] == "allowed" and later["MissingContextValues"] == []
    # AWS CLI reference example: the statement spans Line 1 Column 38 to Column 167 of the same text.
    compact = (
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*",'
        '"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}'
    )
    (example,) = iam.simulate_custom_policy(
        PolicyInputList=[compact],
        ActionNames=["dynamodb:CreateBackup"],
        ContextEntries=[
            {
                "ContextKeyName": "aws:CurrentTime",
                "ContextKeyValues": ["2019-04-25T11:00:00Z"],
                "ContextKeyType": "date",
            }
        ],
    )["EvaluationResults"]
    assert example["MatchedStatements"] == [
        {
            "SourcePolicyId": "PolicyInputList.1",
            "SourcePolicyType": "IAM Policy",
            "StartPosition": {"Line": 1, "Column": 38},
            "EndPosition": {"Line": 1, "Column": 167},
        }
    ]
    assert with_time("2014-04-25T11:00:00Z")["EvalDecision"] == "implicitDeny"


def test_a_boundary_input_narrows_the_principal_and_custom_simulations(server: RunningServer) -> None:
    iam = server.client("iam")
    role = iam.create_role(RoleName="builder", AssumeRolePolicyDocument=trust(server.account_id))["Role"]
    iam.put_role_policy(
        RoleName="builder",
        PolicyName="all-iam",
        PolicyDocument=document({"Effect": "Allow", "Action": "iam:*", "Resource": "*"}),
    )
    boundary = document({"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"})
    actions = ["iam:GetRole", "iam:DeleteRole"]
    unbounded = iam.simulate_principal_policy(PolicySourceArn=role["Arn"], ActionNames=actions)[
        "EvaluationResults"
    ]
    assert [r["EvalDecision"] for r in unbounded] == ["allowed", "allowed"]
    assert all("PermissionsBoundaryDecisionDetail" not in r for r in unbounded)
    bounded = iam.simulate_principal_policy(
        PolicySourceArn=role["Arn"], ActionNames=actions, PermissionsBoundaryPolicyInputList=[boundary]
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in bounded] == ["allowed", "implicitDeny"]
    assert [r["PermissionsBoundaryDecisionDetail"] for r in bounded] == [
        {"AllowedByPermissionsBoundary": True},
        {"AllowedByPermissionsBoundary": False},
    ]
    assert {m["SourcePolicyId"] for m in bounded[0]["MatchedStatements"]} == {
        "all-iam",
        "PermissionsBoundaryPolicyInputList.1",
    }
    custom = iam.simulate_custom_policy(
        PolicyInputList=[document({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})],
        PermissionsBoundaryPolicyInputList=[boundary],
        ActionNames=actions,
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in custom] == ["allowed", "implicitDeny"]


def test_context_keys_of_custom_and_principal_policies(server: RunningServer) -> None:
    iam = server.client("iam")
    policy = document(
        {
            "Effect": "Allow",
            "Action": "dynamodb:*",
            "Resource": "arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}",
            "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2015-08-16T12:00:00Z"}},
        }
    )
    keys = iam.get_context_keys_for_custom_policy(PolicyInputList=[policy])["ContextKeyNames"]
    assert keys == ["aws:username", "aws:CurrentTime"]
    alice = iam.create_user(UserName="alice")["User"]["Arn"]
    iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=policy)
    extra = document(
        {
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    )
    principal = iam.get_context_keys_for_principal_policy(PolicySourceArn=alice, PolicyInputList=[extra])
    assert principal["ContextKeyNames"] == ["aws:username", "aws:CurrentTime", "aws:SecureTransport"]


def test_bad_inputs_are_refused_with_aws_errors(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    code, message = error_of(
        lambda: iam.simulate_custom_policy(PolicyInputList=["{not json"], ActionNames=["iam:GetUser"])
    )
    assert (code, message) == ("InvalidInput", "Syntax errors in policy.")
    code, _ = error_of(
        lambda: iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{account}:user/nobody", ActionNames=["iam:GetUser"]
        )
    )
    assert code == "NoSuchEntity"
    code, _ = error_of(
        lambda: iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{account}:policy/nope", ActionNames=["iam:GetUser"]
        )
    )
    assert code == "InvalidInput"
    code, _ = error_of(
        lambda: iam.simulate_custom_policy(
            PolicyInputList=[document({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})],
            ActionNames=["s3:GetObject"],
            ResourcePolicy=document({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}),
        )
    )
    assert code == "InvalidInput"
    group = iam.create_group(GroupName="devs")["Group"]["Arn"]
    code, _ = error_of(
        lambda: iam.simulate_principal_policy(
            PolicySourceArn=group,
            ActionNames=["s3:GetObject"],
            ResourcePolicy=document({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}),
        )
    )
    assert code == "InvalidInput"


def test_a_resource_policy_and_another_owner_detail_each_policy_type(server: RunningServer) -> None:
    iam = server.client("iam")
    caller = f"arn:aws:iam::{server.account_id}:user/alice"
    bucket_policy = document(
        {
            "Effect": "Allow",
            "Principal": {"AWS": caller},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::shared/*",
        }
    )
    (result,) = iam.simulate_custom_policy(
        PolicyInputList=[document({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})],
        ActionNames=["s3:GetObject"],
        ResourceArns=["arn:aws:s3:::shared/report.csv"],
        ResourcePolicy=bucket_policy,
        ResourceOwner="arn:aws:iam::444455556666:root",
        CallerArn=caller,
    )["EvaluationResults"]
    assert result["EvalDecision"] == "allowed"
    assert result["EvalDecisionDetails"] == {"IAM Policy": "allowed", "Resource Policy": "allowed"}
    assert {m["SourcePolicyType"] for m in result["MatchedStatements"]} == {"IAM Policy", "Resource Policy"}


def test_a_caller_without_permission_is_refused(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    nosy = iam.create_user(UserName="nosy")["User"]["Arn"]
    alice = iam.create_user(UserName="alice")["User"]["Arn"]
    key = iam.create_access_key(UserName="nosy")["AccessKey"]
    as_nosy = server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    policy = document({"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"})
    calls: list[tuple[str, str, Callable[[], Any]]] = [
        (
            "iam:SimulatePrincipalPolicy",
            alice,
            lambda: as_nosy.simulate_principal_policy(PolicySourceArn=alice, ActionNames=["iam:GetUser"]),
        ),
        (
            "iam:SimulateCustomPolicy",
            "*",
            lambda: as_nosy.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["iam:GetUser"]),
        ),
        (
            "iam:GetContextKeysForCustomPolicy",
            "*",
            lambda: as_nosy.get_context_keys_for_custom_policy(PolicyInputList=[policy]),
        ),
        (
            "iam:GetContextKeysForPrincipalPolicy",
            alice,
            lambda: as_nosy.get_context_keys_for_principal_policy(PolicySourceArn=alice),
        ),
        ("iam:GetAccountAuthorizationDetails", "*", lambda: as_nosy.get_account_authorization_details()),
    ]
    for action, resource, call in calls:
        code, message = error_of(call)
        assert code == "AccessDenied"
        assert message == (
            f"User: {nosy} is not authorized to perform: {action} on resource: {resource} "
            f"because no identity-based policy allows the {action} action"
        )
    iam.put_user_policy(
        UserName="nosy",
        PolicyName="simulate",
        PolicyDocument=document(
            {
                "Effect": "Allow",
                "Action": "iam:SimulatePrincipalPolicy",
                "Resource": f"arn:aws:iam::{account}:user/*",
            }
        ),
    )
    (allowed,) = as_nosy.simulate_principal_policy(PolicySourceArn=alice, ActionNames=["iam:GetUser"])[
        "EvaluationResults"
    ]
    assert allowed["EvalDecision"] == "implicitDeny"


def test_account_authorization_details_return_what_was_created_by_filter(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    policy = document({"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"})
    deploy = iam.create_policy(
        PolicyName="Deploy", Path="/ci/", PolicyDocument=policy, Description="ship it"
    )["Policy"]
    iam.create_policy_version(PolicyArn=deploy["Arn"], PolicyDocument=policy, SetAsDefault=True)
    iam.create_user(
        UserName="alice", Tags=[{"Key": "team", "Value": "ops"}], PermissionsBoundary=deploy["Arn"]
    )
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="own", PolicyDocument=policy)
    iam.put_group_policy(GroupName="devs", PolicyName="team", PolicyDocument=policy)
    iam.attach_user_policy(UserName="alice", PolicyArn=deploy["Arn"])
    iam.attach_group_policy(GroupName="devs", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    iam.create_role(
        RoleName="worker", AssumeRolePolicyDocument=trust(account), Tags=[{"Key": "env", "Value": "prod"}]
    )
    iam.put_role_policy(RoleName="worker", PolicyName="work", PolicyDocument=policy)
    iam.create_instance_profile(InstanceProfileName="worker-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="worker-profile", RoleName="worker")

    everything = iam.get_account_authorization_details()
    assert everything["IsTruncated"] is False
    (user,) = everything["UserDetailList"]
    assert user["UserName"] == "alice"
    assert user["UserPolicyList"] == [{"PolicyName": "own", "PolicyDocument": json.loads(policy)}]
    assert user["GroupList"] == ["devs"]
    assert user["AttachedManagedPolicies"] == [{"PolicyName": "Deploy", "PolicyArn": deploy["Arn"]}]
    assert user["Tags"] == [{"Key": "team", "Value": "ops"}]
    assert user["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": deploy["Arn"],
    }
    (group,) = everything["GroupDetailList"]
    assert group["GroupName"] == "devs" and group["GroupPolicyList"][0]["PolicyName"] == "team"
    assert group["AttachedManagedPolicies"] == [
        {"PolicyName": "IAMReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}
    ]
    (role,) = everything["RoleDetailList"]
    assert role["RoleName"] == "worker"
    assert role["AssumeRolePolicyDocument"] == json.loads(trust(account))
    assert [p["InstanceProfileName"] for p in role["InstanceProfileList"]] == ["worker-profile"]
    assert role["InstanceProfileList"][0]["Roles"][0]["RoleName"] == "worker"
    assert role["RolePolicyList"][0]["PolicyName"] == "work"
    assert role["Tags"] == [{"Key": "env", "Value": "prod"}]
    assert role["RoleLastUsed"] == {}
    policies = {p["PolicyName"]: p for p in everything["Policies"]}
    assert set(policies) == {"Deploy", "IAMReadOnlyAccess"}
    assert policies["Deploy"]["AttachmentCount"] == 1
    assert policies["Deploy"]["PermissionsBoundaryUsageCount"] == 1
    assert policies["Deploy"]["Description"] == "ship it"
    assert [(v["VersionId"], v["IsDefaultVersion"]) for v in policies["Deploy"]["PolicyVersionList"]] == [
        ("v2", True),
        ("v1", False),
    ]
    assert policies["Deploy"]["PolicyVersionList"][0]["Document"] == json.loads(policy)

    def names(filters: list[str]) -> dict[str, list[str]]:
        found = iam.get_account_authorization_details(Filter=filters)
        return {
            "users": [u["UserName"] for u in found["UserDetailList"]],
            "groups": [g["GroupName"] for g in found["GroupDetailList"]],
            "roles": [r["RoleName"] for r in found["RoleDetailList"]],
            "policies": [p["PolicyName"] for p in found["Policies"]],
        }

    nothing: dict[str, list[str]] = {"users": [], "groups": [], "roles": [], "policies": []}
    assert names(["User"]) == {**nothing, "users": ["alice"]}
    assert names(["Group"]) == {**nothing, "groups": ["devs"]}
    assert names(["Role"]) == {**nothing, "roles": ["worker"]}
    assert names(["LocalManagedPolicy"]) == {**nothing, "policies": ["Deploy"]}
    assert names(["AWSManagedPolicy"]) == {**nothing, "policies": ["IAMReadOnlyAccess"]}
    assert names(["User", "Role"]) == {**nothing, "users": ["alice"], "roles": ["worker"]}

    pages = list(
        iam.get_paginator("get_account_authorization_details").paginate(PaginationConfig={"PageSize": 2})
    )
    assert len(pages) == 3
    assert sum(len(page["Policies"]) for page in pages) == 2


def test_mfa_devices_are_read_and_tagged(server: RunningServer) -> None:
    iam = server.client("iam")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="token", Tags=[{"Key": "b", "Value": "2"}])[
        "VirtualMFADevice"
    ]["SerialNumber"]
    iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "3"}])
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == [
        {"Key": "a", "Value": "1"},
        {"Key": "b", "Value": "3"},
    ]
    iam.untag_mfa_device(SerialNumber=serial, TagKeys=["a"])
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == [{"Key": "b", "Value": "3"}]
    missing = f"arn:aws:iam::{server.account_id}:mfa/none"
    assert error_of(lambda: iam.list_mfa_device_tags(SerialNumber=missing))[0] == "NoSuchEntity"
    iam.create_user(UserName="alice")
    # Not enabled for alice: GetMFADevice does not find it.
    assert error_of(lambda: iam.get_mfa_device(SerialNumber=serial, UserName="alice"))[0] == "NoSuchEntity"

    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-token")["VirtualMFADevice"]
    secret = totp_secret_from_base32(device["Base32StringSeed"].decode("ascii"))
    now = datetime.now(UTC)
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=totp_code(secret, now - timedelta(seconds=30)),
        AuthenticationCode2=totp_code(secret, now),
    )
    got = iam.get_mfa_device(SerialNumber=device["SerialNumber"], UserName="alice")
    assert (got["UserName"], got["SerialNumber"]) == ("alice", device["SerialNumber"])
    assert got["EnableDate"].tzinfo is not None


def test_the_aws_cli_simulates_a_custom_policy(server: RunningServer, tmp_path: Path) -> None:
    result = server.aws(
        "iam",
        "simulate-custom-policy",
        "--policy-input-list",
        document({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::teambucket"}),
        "--action-names",
        "s3:ListBucket",
        "s3:PutObject",
        "--resource-arns",
        "arn:aws:s3:::teambucket",
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["EvaluationResults"]
    assert [(r["EvalActionName"], r["EvalDecision"]) for r in results] == [
        ("s3:ListBucket", "allowed"),
        ("s3:PutObject", "implicitDeny"),
    ]
    assert results[0]["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.1"
    assert results[0]["ResourceSpecificResults"][0]["EvalResourceName"] == "arn:aws:s3:::teambucket"
