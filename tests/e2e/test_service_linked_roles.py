"""Service-linked roles through boto3 against a real server: AWS's naming and path, the trust policy
for the service, CustomSuffix, protection from ordinary edits (UnmodifiableEntity), and deletion
with its status."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e

PROTECTED = (
    "Cannot perform the operation on the protected role 'AWSServiceRoleForAutoScaling' - "
    "this role is only modifiable by AWS"
)
DOC = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
)


def _error(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_a_service_linked_role_gets_aws_name_path_and_trust_policy(server: RunningServer) -> None:
    iam = server.client("iam")
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", Description="scaling")[
        "Role"
    ]
    assert role["RoleName"] == "AWSServiceRoleForAutoScaling"
    assert role["Path"] == "/aws-service-role/autoscaling.amazonaws.com/"
    assert role["Arn"] == (
        f"arn:aws:iam::{server.account_id}:role/aws-service-role/autoscaling.amazonaws.com/"
        "AWSServiceRoleForAutoScaling"
    )
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": ["autoscaling.amazonaws.com"]},
            "Action": "sts:AssumeRole",
        }
    ]
    assert iam.get_role(RoleName="AWSServiceRoleForAutoScaling")["Role"]["Description"] == "scaling"


def test_a_second_role_for_the_service_needs_a_custom_suffix(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    with pytest.raises(ClientError) as raised:
        iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    assert _error(raised) == (
        "InvalidInput",
        "Service role name AWSServiceRoleForAutoScaling has been taken in this account, "
        "please try a different suffix.",
    )
    second = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="batch")
    assert second["Role"]["RoleName"] == "AWSServiceRoleForAutoScaling_batch"


def test_a_name_that_is_no_aws_service_is_refused(server: RunningServer) -> None:
    iam = server.client("iam")
    with pytest.raises(ClientError) as raised:
        iam.create_service_linked_role(AWSServiceName="example.com")
    assert _error(raised)[0] == "InvalidInput"


def test_create_role_may_not_use_the_service_linked_path(server: RunningServer) -> None:
    iam = server.client("iam")
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    )
    with pytest.raises(ClientError) as raised:
        iam.create_role(
            RoleName="sneaky", Path="/aws-service-role/ec2.amazonaws.com/", AssumeRolePolicyDocument=trust
        )
    assert _error(raised)[0] == "InvalidInput"


EDITS: dict[str, Callable[[Any, str], Any]] = {
    "UpdateAssumeRolePolicy": lambda iam, name: iam.update_assume_role_policy(
        RoleName=name, PolicyDocument=iam_trust()
    ),
    "PutRolePolicy": lambda iam, name: iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=DOC),
    "DeleteRolePolicy": lambda iam, name: iam.delete_role_policy(RoleName=name, PolicyName="p"),
    "AttachRolePolicy": lambda iam, name: iam.attach_role_policy(
        RoleName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"
    ),
    "DetachRolePolicy": lambda iam, name: iam.detach_role_policy(
        RoleName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"
    ),
    "PutRolePermissionsBoundary": lambda iam, name: iam.put_role_permissions_boundary(
        RoleName=name, PermissionsBoundary="arn:aws:iam::aws:policy/ReadOnlyAccess"
    ),
    "DeleteRolePermissionsBoundary": lambda iam, name: iam.delete_role_permissions_boundary(RoleName=name),
    "DeleteRole": lambda iam, name: iam.delete_role(RoleName=name),
}


def iam_trust() -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    )


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_ordinary_edits_of_a_service_linked_role_are_refused(server: RunningServer, edit: str) -> None:
    iam = server.client("iam")
    iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    with pytest.raises(ClientError) as raised:
        EDITS[edit](iam, "AWSServiceRoleForAutoScaling")
    assert _error(raised) == ("UnmodifiableEntity", PROTECTED)
    role = iam.get_role(RoleName="AWSServiceRoleForAutoScaling")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": ["autoscaling.amazonaws.com"]
    }
    assert iam.list_role_policies(RoleName="AWSServiceRoleForAutoScaling")["PolicyNames"] == []


def test_its_description_may_be_edited(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    iam.update_role_description(RoleName="AWSServiceRoleForAutoScaling", Description="mine")
    assert iam.get_role(RoleName="AWSServiceRoleForAutoScaling")["Role"]["Description"] == "mine"


def test_delete_service_linked_role_deletes_it_and_reports_the_task(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    task = iam.delete_service_linked_role(RoleName="AWSServiceRoleForAutoScaling")["DeletionTaskId"]
    assert task.startswith("task/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling/")
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == "SUCCEEDED"
    with pytest.raises(ClientError) as raised:
        iam.get_role(RoleName="AWSServiceRoleForAutoScaling")
    assert _error(raised)[0] == "NoSuchEntity"
    with pytest.raises(ClientError) as raised:
        iam.get_service_linked_role_deletion_status(DeletionTaskId=task + "x")
    assert _error(raised)[0] == "NoSuchEntity"


def test_delete_service_linked_role_refuses_an_ordinary_role(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_role(RoleName="plain", AssumeRolePolicyDocument=iam_trust())
    with pytest.raises(ClientError) as raised:
        iam.delete_service_linked_role(RoleName="plain")
    assert _error(raised)[0] == "InvalidInput"
    assert iam.get_role(RoleName="plain")["Role"]["RoleName"] == "plain"
