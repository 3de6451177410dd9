"""Service and action last-accessed through boto3, from what the trail recorded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def _policy(*actions: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}],
        }
    )


def _user_with_key(server: RunningServer, name: str, *actions: str) -> tuple[dict[str, Any], Any]:
    iam = server.client("iam")
    user = iam.create_user(UserName=name)["User"]
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=_policy(*actions))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return user, server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])


def test_a_user_s_services_and_iam_actions_last_accessed(server: RunningServer) -> None:
    iam = server.client("iam")
    user, as_user = _user_with_key(server, "auditor", "iam:GetUser", "iam:ListUsers", "s3:GetObject")
    as_user.get_user(UserName="auditor")
    as_user.list_users()

    job = iam.generate_service_last_accessed_details(Arn=user["Arn"], Granularity="ACTION_LEVEL")["JobId"]
    details = iam.get_service_last_accessed_details(JobId=job)
    assert details["JobStatus"] == "COMPLETED"
    assert details["JobType"] == "ACTION_LEVEL"
    services = {s["ServiceNamespace"]: s for s in details["ServicesLastAccessed"]}
    assert set(services) == {"iam", "s3"}
    assert services["iam"]["LastAuthenticatedEntity"] == user["Arn"]
    assert services["iam"]["TotalAuthenticatedEntities"] == 1
    assert "LastAuthenticated" not in services["s3"]  # allowed, never used
    assert services["s3"]["TotalAuthenticatedEntities"] == 0
    actions = {a["ActionName"] for a in services["iam"]["TrackedActionsLastAccessed"]}
    assert actions == {"iam:GetUser", "iam:ListUsers"}

    entities = iam.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace="iam")
    assert [(e["EntityInfo"]["Arn"], e["EntityInfo"]["Type"]) for e in entities["EntityDetailsList"]] == [
        (user["Arn"], "USER")
    ]
    assert "LastAuthenticated" in entities["EntityDetailsList"][0]


def test_a_group_counts_its_members(server: RunningServer) -> None:
    iam = server.client("iam")
    group = iam.create_group(GroupName="readers")["Group"]
    iam.put_group_policy(GroupName="readers", PolicyName="p", PolicyDocument=_policy("iam:ListUsers"))
    used, as_used = _user_with_key(server, "reader1", "iam:ListUsers")
    idle, _ = _user_with_key(server, "reader2", "iam:ListUsers")
    for name in ("reader1", "reader2"):
        iam.add_user_to_group(GroupName="readers", UserName=name)
    as_used.list_users()

    job = iam.generate_service_last_accessed_details(Arn=group["Arn"])["JobId"]
    details = iam.get_service_last_accessed_details(JobId=job)
    assert details["JobType"] == "SERVICE_LEVEL"
    [service] = details["ServicesLastAccessed"]
    assert (service["ServiceNamespace"], service["TotalAuthenticatedEntities"]) == ("iam", 1)
    assert "TrackedActionsLastAccessed" not in service
    entities = iam.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace="iam")
    last = {e["EntityInfo"]["Arn"]: e.get("LastAuthenticated") for e in entities["EntityDetailsList"]}
    assert last[used["Arn"]] is not None and last[idle["Arn"]] is None


def test_unknown_entities_and_jobs_are_refused(server: RunningServer) -> None:
    iam = server.client("iam")
    with pytest.raises(ClientError) as missing:
        iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{server.account_id}:user/nobody")
    assert missing.value.response["Error"]["Code"] == "NoSuchEntity"
    with pytest.raises(ClientError) as no_job:
        iam.get_service_last_accessed_details(JobId="00000000-0000-4000-8000-000000000000")
    assert no_job.value.response["Error"]["Code"] == "NoSuchEntity"


def test_a_role_counts_its_sessions_and_a_policy_its_entities(server: RunningServer) -> None:
    iam = server.client("iam")
    user, _ = _user_with_key(server, "worker", "sts:AssumeRole")
    key = iam.create_access_key(UserName="worker")["AccessKey"]
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole"}],
    }
    role = iam.create_role(RoleName="Deployer", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    policy = iam.create_policy(
        PolicyName="deploy", PolicyDocument=_policy("iam:ListRoles", "sts:GetCallerIdentity")
    )
    iam.attach_role_policy(RoleName="Deployer", PolicyArn=policy["Policy"]["Arn"])
    sts = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="deploy")["Credentials"]
    server.client(
        "iam", key=session["AccessKeyId"], secret=session["SecretAccessKey"], token=session["SessionToken"]
    ).list_roles()

    job = iam.generate_service_last_accessed_details(Arn=role["Arn"], Granularity="ACTION_LEVEL")["JobId"]
    services = {
        s["ServiceNamespace"]: s
        for s in iam.get_service_last_accessed_details(JobId=job)["ServicesLastAccessed"]
    }
    assert services["iam"]["LastAuthenticatedEntity"] == role["Arn"]
    assert [a["ActionName"] for a in services["iam"]["TrackedActionsLastAccessed"]] == ["iam:ListRoles"]
    assert "LastAuthenticated" not in services["sts"]

    by_policy = iam.generate_service_last_accessed_details(Arn=policy["Policy"]["Arn"])["JobId"]
    entities = iam.get_service_last_accessed_details_with_entities(JobId=by_policy, ServiceNamespace="iam")
    assert [(e["EntityInfo"]["Arn"], e["EntityInfo"]["Type"]) for e in entities["EntityDetailsList"]] == [
        (role["Arn"], "ROLE")
    ]
