"""Policies take effect: attached, inline, group and AWS-managed policies grant; boundaries cap; a change is
enforced on the very next request; condition keys of the permission operations (iam:PolicyARN,
iam:PermissionsBoundary, iam:ResourceTag/*) are there to match. With boto3 against a real server."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

READ_ONLY = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: str | list[str], resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def user_client(server: RunningServer, name: str) -> Any:
    iam = server.client("iam")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])


def denied(call: Callable[[], Any]) -> str:
    with pytest.raises(ClientError) as raised:
        call()
    assert raised.value.response["Error"]["Code"] == "AccessDenied"
    message: str = raised.value.response["Error"]["Message"]
    return message


def test_an_attached_policy_is_enforced_on_the_next_request_and_detaching_revokes_it(
    server: RunningServer,
) -> None:
    root = server.client("iam")
    bob = user_client(server, "bob")
    denied(lambda: bob.list_users())
    root.attach_user_policy(UserName="bob", PolicyArn=READ_ONLY)
    assert "bob" in [u["UserName"] for u in bob.list_users()["Users"]]
    root.detach_user_policy(UserName="bob", PolicyArn=READ_ONLY)
    denied(lambda: bob.list_users())


def test_iam_read_only_access_lists_but_does_not_create(server: RunningServer) -> None:
    root = server.client("iam")
    bob = user_client(server, "bob")
    root.attach_user_policy(UserName="bob", PolicyArn=READ_ONLY)
    bob.list_roles()
    bob.get_policy(PolicyArn=READ_ONLY)
    message = denied(lambda: bob.create_user(UserName="carol"))
    account = server.account_id
    assert message == (
        f"User: arn:aws:iam::{account}:user/bob is not authorized to perform: iam:CreateUser on resource: "
        f"arn:aws:iam::{account}:user/carol because no identity-based policy allows the iam:CreateUser action"
    )


def test_a_new_default_version_is_enforced_on_the_next_request(server: RunningServer) -> None:
    root = server.client("iam")
    bob = user_client(server, "bob")
    arn = root.create_policy(PolicyName="p", PolicyDocument=document(allow("iam:ListUsers")))["Policy"]["Arn"]
    root.attach_user_policy(UserName="bob", PolicyArn=arn)
    bob.list_users()
    root.create_policy_version(
        PolicyArn=arn, PolicyDocument=document(allow("iam:ListRoles")), SetAsDefault=True
    )
    denied(lambda: bob.list_users())
    bob.list_roles()
    root.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    bob.list_users()


def test_inline_and_group_policies_grant_and_deleting_them_revokes(server: RunningServer) -> None:
    root = server.client("iam")
    bob = user_client(server, "bob")
    root.put_user_policy(UserName="bob", PolicyName="roles", PolicyDocument=document(allow("iam:ListRoles")))
    bob.list_roles()
    root.create_group(GroupName="readers")
    root.add_user_to_group(GroupName="readers", UserName="bob")
    root.put_group_policy(
        GroupName="readers", PolicyName="users", PolicyDocument=document(allow("iam:ListUsers"))
    )
    bob.list_users()
    root.attach_group_policy(GroupName="readers", PolicyArn=READ_ONLY)
    bob.list_policies(Scope="AWS", MaxItems=1)
    root.delete_user_policy(UserName="bob", PolicyName="roles")
    bob.list_roles()  # still granted by the group's IAMReadOnlyAccess
    root.detach_group_policy(GroupName="readers", PolicyArn=READ_ONLY)
    denied(lambda: bob.list_roles())
    bob.list_users()


def test_a_permissions_boundary_caps_what_the_user_policies_allow(server: RunningServer) -> None:
    root = server.client("iam")
    bob = user_client(server, "bob")
    root.attach_user_policy(UserName="bob", PolicyArn=ADMIN)
    bob.create_user(UserName="made-by-bob")
    root.put_user_permissions_boundary(UserName="bob", PermissionsBoundary=READ_ONLY)
    assert root.get_policy(PolicyArn=READ_ONLY)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    bob.list_users()
    message = denied(lambda: bob.create_user(UserName="carol"))
    assert message.endswith("because no permissions boundary allows the iam:CreateUser action")
    root.delete_user_permissions_boundary(UserName="bob")
    bob.create_user(UserName="carol")


def test_a_boundary_must_exist(server: RunningServer) -> None:
    root = server.client("iam")
    root.create_user(UserName="bob")
    missing = f"arn:aws:iam::{server.account_id}:policy/nope"
    with pytest.raises(ClientError) as raised:
        root.put_user_permissions_boundary(UserName="bob", PermissionsBoundary=missing)
    assert raised.value.response["Error"]["Code"] == "NoSuchEntity"
    assert (
        raised.value.response["Error"]["Message"]
        == f"Scope ARN: {missing} does not exist or is not attachable."
    )
    with pytest.raises(ClientError) as raised:
        root.create_role(
            RoleName="r",
            AssumeRolePolicyDocument=document(
                {"Effect": "Allow", "Principal": {"AWS": server.account_id}, "Action": "sts:AssumeRole"}
            ),
            PermissionsBoundary=missing,
        )
    assert raised.value.response["Error"]["Code"] == "NoSuchEntity"
    assert root.list_roles()["Roles"] == []


def test_a_role_session_has_the_role_policies_capped_by_its_boundary(server: RunningServer) -> None:
    root = server.client("iam")
    account = server.account_id
    trust = document(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}
    )
    role = root.create_role(RoleName="worker", AssumeRolePolicyDocument=trust, PermissionsBoundary=READ_ONLY)[
        "Role"
    ]
    assert role["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": READ_ONLY,
    }
    root.attach_role_policy(RoleName="worker", PolicyArn=ADMIN)
    # The root may not assume roles (AWS), so a user allowed to wears the hat.
    root.create_user(UserName="operator")
    root.put_user_policy(
        UserName="operator", PolicyName="hat", PolicyDocument=document(allow("sts:AssumeRole", role["Arn"]))
    )
    key = root.create_access_key(UserName="operator")["AccessKey"]
    operator_sts = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    credentials = operator_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")["Credentials"]
    session = server.client(
        "iam",
        key=credentials["AccessKeyId"],
        secret=credentials["SecretAccessKey"],
        token=credentials["SessionToken"],
    )
    session.list_roles()
    message = denied(lambda: session.create_role(RoleName="x", AssumeRolePolicyDocument=trust))
    assert "because no permissions boundary allows the iam:CreateRole action" in message
    root.delete_role_permissions_boundary(RoleName="worker")
    session.create_role(RoleName="x", AssumeRolePolicyDocument=trust)
    root.detach_role_policy(RoleName="worker", PolicyArn=ADMIN)
    denied(lambda: session.list_roles())


def test_attaching_can_be_limited_to_some_policies_with_iam_policy_arn(server: RunningServer) -> None:
    root = server.client("iam")
    root.create_user(UserName="target")
    bob = user_client(server, "bob")
    statement = allow(
        "iam:AttachUserPolicy",
        f"arn:aws:iam::{server.account_id}:user/*",
        Condition={"ArnEquals": {"iam:PolicyARN": READ_ONLY}},
    )
    root.put_user_policy(UserName="bob", PolicyName="attach", PolicyDocument=document(statement))
    bob.attach_user_policy(UserName="target", PolicyArn=READ_ONLY)
    denied(lambda: bob.attach_user_policy(UserName="target", PolicyArn=ADMIN))
    attached = root.list_attached_user_policies(UserName="target")["AttachedPolicies"]
    assert attached == [{"PolicyName": "IAMReadOnlyAccess", "PolicyArn": READ_ONLY}]


def test_creating_roles_can_require_a_boundary_with_iam_permissions_boundary(server: RunningServer) -> None:
    root = server.client("iam")
    bob = user_client(server, "bob")
    statement = allow(
        "iam:CreateRole",
        Condition={"StringEquals": {"iam:PermissionsBoundary": READ_ONLY}},
    )
    root.put_user_policy(UserName="bob", PolicyName="create", PolicyDocument=document(statement))
    trust = document({"Effect": "Allow", "Principal": {"AWS": server.account_id}, "Action": "sts:AssumeRole"})
    denied(lambda: bob.create_role(RoleName="free", AssumeRolePolicyDocument=trust))
    bob.create_role(RoleName="bounded", AssumeRolePolicyDocument=trust, PermissionsBoundary=READ_ONLY)


def test_role_tags_are_resource_tags_and_request_tags_in_conditions(server: RunningServer) -> None:
    root = server.client("iam")
    trust = document({"Effect": "Allow", "Principal": {"AWS": server.account_id}, "Action": "sts:AssumeRole"})
    root.create_role(
        RoleName="ops-role", AssumeRolePolicyDocument=trust, Tags=[{"Key": "team", "Value": "ops"}]
    )
    root.create_role(
        RoleName="dev-role", AssumeRolePolicyDocument=trust, Tags=[{"Key": "team", "Value": "dev"}]
    )
    bob = user_client(server, "bob")
    statements = [
        allow("iam:GetRole", Condition={"StringEquals": {"iam:ResourceTag/team": "ops"}}),
        allow("iam:TagRole", Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}),
    ]
    root.put_user_policy(UserName="bob", PolicyName="tags", PolicyDocument=document(*statements))
    bob.get_role(RoleName="ops-role")
    denied(lambda: bob.get_role(RoleName="dev-role"))
    bob.tag_role(RoleName="dev-role", Tags=[{"Key": "env", "Value": "prod"}])
    denied(lambda: bob.tag_role(RoleName="dev-role", Tags=[{"Key": "team", "Value": "ops"}]))
    assert root.list_role_tags(RoleName="dev-role")["Tags"] == [
        {"Key": "team", "Value": "dev"},
        {"Key": "env", "Value": "prod"},
    ]
