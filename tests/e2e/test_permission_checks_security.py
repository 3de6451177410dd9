"""Checks that used to be skippable (issue 10, items 2-4), with boto3 against a real server.

- A ``PolicyArn`` / ``PermissionsBoundary`` that is not a policy ARN of the server's partition is
  ``InvalidInput`` "ARN X is not valid." before any lookup, for every operation that takes one.
- ChangePassword under AllowUsersToChangePassword: the allowance stands in for a missing Allow, but an
  explicit Deny of iam:ChangePassword still refuses.
- Deny conditions on a managed policy's tags apply to its tag operations (the tags were read under a
  catch-all that could empty them); a permissions boundary is always checked when a user is created.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
NOT_POLICY_ARNS_OF_THIS_SERVER = [
    "arn:nope:iam::aws:policy/ReadOnlyAccess",  # a partition that does not exist
    "arn:aws-cn:iam::aws:policy/ReadOnlyAccess",  # a real partition, but not this server's
    "arn:aws:s3:::some-bucket-name",  # another service
    "arn:aws:iam::aws:role/ReadOnlyAccess",  # an IAM ARN, but not a policy
    "arn:aws:iam:us-east-1:aws:policy/ReadOnlyAccess",  # IAM ARNs have no region
]


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def user_client(server: RunningServer, name: str, policy: str, *, service: str = "iam") -> Any:
    iam = server.client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return server.client(service, key=key["AccessKeyId"], secret=key["SecretAccessKey"])


# --- item 2: policy ARNs are checked before anything else ------------------------------------------

Call = Callable[[Any, str], Any]

OPERATIONS: dict[str, Call] = {
    "AttachUserPolicy": lambda iam, arn: iam.attach_user_policy(UserName="alice", PolicyArn=arn),
    "AttachGroupPolicy": lambda iam, arn: iam.attach_group_policy(GroupName="devs", PolicyArn=arn),
    "AttachRolePolicy": lambda iam, arn: iam.attach_role_policy(RoleName="R", PolicyArn=arn),
    "DetachUserPolicy": lambda iam, arn: iam.detach_user_policy(UserName="alice", PolicyArn=arn),
    "PutUserPermissionsBoundary": lambda iam, arn: iam.put_user_permissions_boundary(
        UserName="alice", PermissionsBoundary=arn
    ),
    "PutRolePermissionsBoundary": lambda iam, arn: iam.put_role_permissions_boundary(
        RoleName="R", PermissionsBoundary=arn
    ),
    "CreateUser": lambda iam, arn: iam.create_user(UserName="bob", PermissionsBoundary=arn),
    "CreateRole": lambda iam, arn: iam.create_role(
        RoleName="R2", AssumeRolePolicyDocument=TRUST, PermissionsBoundary=arn
    ),
    "GetPolicy": lambda iam, arn: iam.get_policy(PolicyArn=arn),
    "GetPolicyVersion": lambda iam, arn: iam.get_policy_version(PolicyArn=arn, VersionId="v1"),
    "DeletePolicyVersion": lambda iam, arn: iam.delete_policy_version(PolicyArn=arn, VersionId="v1"),
    "CreatePolicyVersion": lambda iam, arn: iam.create_policy_version(
        PolicyArn=arn, PolicyDocument=document({"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"})
    ),
    "DeletePolicy": lambda iam, arn: iam.delete_policy(PolicyArn=arn),
    "ListEntitiesForPolicy": lambda iam, arn: iam.list_entities_for_policy(PolicyArn=arn),
    "TagPolicy": lambda iam, arn: iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "k", "Value": "v"}]),
    "ListPolicyTags": lambda iam, arn: iam.list_policy_tags(PolicyArn=arn),
}

TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def _targets(server: RunningServer) -> Any:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="devs")
    iam.create_role(RoleName="R", AssumeRolePolicyDocument=TRUST)
    return iam


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("arn", NOT_POLICY_ARNS_OF_THIS_SERVER)
def test_a_policy_arn_not_of_this_servers_partition_is_invalid_input(
    server: RunningServer, operation: str, arn: str
) -> None:
    iam = _targets(server)
    with pytest.raises(ClientError) as refused:
        OPERATIONS[operation](iam, arn)
    assert error_of(refused) == ("InvalidInput", f"ARN {arn} is not valid.", 400)
    assert iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"] == []
    assert iam.list_attached_group_policies(GroupName="devs")["AttachedPolicies"] == []
    assert iam.list_attached_role_policies(RoleName="R")["AttachedPolicies"] == []
    assert "PermissionsBoundary" not in iam.get_user(UserName="alice")["User"]
    assert "PermissionsBoundary" not in iam.get_role(RoleName="R")["Role"]
    assert [user["UserName"] for user in iam.list_users()["Users"]] == ["alice"]
    assert [role["RoleName"] for role in iam.list_roles()["Roles"]] == ["R"]


def test_the_same_policy_in_this_servers_partition_is_attached(server: RunningServer) -> None:
    iam = _targets(server)
    iam.attach_user_policy(UserName="alice", PolicyArn=READ_ONLY)
    attached = iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"]
    assert attached == [{"PolicyName": "ReadOnlyAccess", "PolicyArn": READ_ONLY}]


def test_a_policy_arn_is_checked_before_authorization(server: RunningServer) -> None:
    _targets(server)
    nobody = user_client(
        server, "nobody", document({"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"})
    )
    with pytest.raises(ClientError) as refused:
        nobody.attach_user_policy(UserName="alice", PolicyArn="arn:nope:iam::aws:policy/ReadOnlyAccess")
    assert error_of(refused)[0] == "InvalidInput"
    with pytest.raises(ClientError) as refused:
        nobody.attach_user_policy(UserName="alice", PolicyArn=READ_ONLY)
    assert error_of(refused)[0] == "AccessDenied"


@pytest.mark.parametrize("arn", ["arn:aws-cn:iam::aws:policy/ReadOnlyAccess", "arn:nope:iam::aws:policy/X1"])
def test_session_policy_arns_of_another_partition_name_no_policy(server: RunningServer, arn: str) -> None:
    account = server.account_id
    trust = document(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}
    )
    iam = server.client("iam")
    iam.create_role(RoleName="S", AssumeRolePolicyDocument=trust)
    iam.create_user(UserName="assumer")
    allow = document({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"})
    iam.put_user_policy(UserName="assumer", PolicyName="assume", PolicyDocument=allow)
    key = iam.create_access_key(UserName="assumer")["AccessKey"]
    with pytest.raises(ClientError) as refused:
        server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"]).assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/S", RoleSessionName="s1", PolicyArns=[{"arn": arn}]
        )
    assert error_of(refused)[:2] == (
        "MalformedPolicyDocument",
        f"Policy {arn} does not exist or is not attachable.",
    )


# --- item 3: ChangePassword's allowance never beats an explicit Deny -------------------------------

OLD, NEW = "Old-password-1!", "New-password-2!"


def _user_with_password(server: RunningServer, policy: str | None) -> Any:
    iam = server.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8, AllowUsersToChangePassword=True)
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password=OLD)
    if policy is not None:
        iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=policy)
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    return server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])


def test_allow_users_to_change_password_lets_a_user_without_any_policy_change_it(
    server: RunningServer,
) -> None:
    alice = _user_with_password(server, None)
    alice.change_password(OldPassword=OLD, NewPassword=NEW)
    alice.change_password(OldPassword=NEW, NewPassword=OLD)  # the new one is in force


@pytest.mark.parametrize(
    "deny",
    [
        {"Effect": "Deny", "Action": "iam:ChangePassword", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::*:user/alice"},
        {"Effect": "Deny", "NotAction": "iam:GetUser", "Resource": "*"},
    ],
)
def test_an_explicit_deny_of_change_password_wins_over_allow_users_to_change_password(
    server: RunningServer, deny: dict[str, Any]
) -> None:
    alice = _user_with_password(server, document(deny))
    with pytest.raises(ClientError) as refused:
        alice.change_password(OldPassword=OLD, NewPassword=NEW)
    code, message, status = error_of(refused)
    assert (code, status) == ("AccessDenied", 403)
    assert "iam:ChangePassword" in message and "explicit deny" in message
    server.client("iam").delete_user_policy(UserName="alice", PolicyName="p")
    alice.change_password(OldPassword=OLD, NewPassword=NEW)  # the old password was never changed


def test_without_the_allowance_change_password_needs_an_allow(server: RunningServer) -> None:
    alice = _user_with_password(server, None)
    server.client("iam").update_account_password_policy(
        MinimumPasswordLength=8, AllowUsersToChangePassword=False
    )
    with pytest.raises(ClientError) as refused:
        alice.change_password(OldPassword=OLD, NewPassword=NEW)
    assert error_of(refused)[0] == "AccessDenied"
    server.client("iam").put_user_policy(
        UserName="alice",
        PolicyName="own",
        PolicyDocument=document({"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*"}),
    )
    alice.change_password(OldPassword=OLD, NewPassword=NEW)


# --- item 4: a Deny on a policy's tags reaches its tag operations ----------------------------------


def test_a_deny_on_the_policys_resource_tag_applies_to_its_tag_operations(server: RunningServer) -> None:
    iam = server.client("iam")
    policy = document({"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"})
    secret = iam.create_policy(
        PolicyName="secret", PolicyDocument=policy, Tags=[{"Key": "team", "Value": "sec"}]
    )
    plain = iam.create_policy(PolicyName="plain", PolicyDocument=policy)
    mallory = user_client(
        server,
        "mallory",
        document(
            {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": "iam:*",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:ResourceTag/team": "sec"}},
            },
        ),
    )
    secret_arn, plain_arn = secret["Policy"]["Arn"], plain["Policy"]["Arn"]
    for call in (
        lambda arn: mallory.tag_policy(PolicyArn=arn, Tags=[{"Key": "team", "Value": "open"}]),
        lambda arn: mallory.untag_policy(PolicyArn=arn, TagKeys=["team"]),
        lambda arn: mallory.list_policy_tags(PolicyArn=arn),
    ):
        with pytest.raises(ClientError) as refused:
            call(secret_arn)
        assert error_of(refused)[0] == "AccessDenied"
        call(plain_arn)
    assert iam.list_policy_tags(PolicyArn=secret_arn)["Tags"] == [{"Key": "team", "Value": "sec"}]


def test_create_user_always_checks_its_permissions_boundary(server: RunningServer) -> None:
    iam = server.client("iam")
    missing = f"arn:aws:iam::{server.account_id}:policy/NoSuchBoundary"
    with pytest.raises(ClientError) as refused:
        iam.create_user(UserName="bob", PermissionsBoundary=missing)
    assert error_of(refused)[0] == "NoSuchEntity"
    assert iam.list_users()["Users"] == []
