"""Roles, managed policies and versions, inline policies, attachments, instance profiles and OIDC providers
through boto3 against a real server: the successes and AWS's errors and limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def trust(account: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )


def allow(action: str, resource: str = "*") -> str:
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}
    )


def unvalidated_iam(server: RunningServer) -> Any:
    """A root client that sends what it is given, so that the server's own validation answers."""
    return boto3.client(
        "iam",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        aws_access_key_id=server.access_key_id,
        aws_secret_access_key=server.secret_access_key,
        config=Config(retries={"max_attempts": 1}, parameter_validation=False),
    )


def error_of(call: Callable[[], Any]) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


# --- roles ------------------------------------------------------------------------------------------


def test_a_role_is_created_read_listed_updated_and_deleted(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    created = iam.create_role(
        RoleName="deployer",
        Path="/ci/",
        AssumeRolePolicyDocument=trust(account),
        Description="ships <things> & more",
        Tags=[{"Key": "team", "Value": "ops"}],
    )["Role"]
    assert created["Arn"] == f"arn:aws:iam::{account}:role/ci/deployer"
    assert created["RoleId"].startswith("AROA")
    assert created["MaxSessionDuration"] == 3600
    assert created["AssumeRolePolicyDocument"] == json.loads(trust(account))  # botocore decodes it
    role = iam.get_role(RoleName="DEPLOYER")["Role"]
    assert role["Description"] == "ships <things> & more"
    assert role["Tags"] == [{"Key": "team", "Value": "ops"}]
    assert role["RoleLastUsed"] == {}
    assert [r["RoleName"] for r in iam.list_roles(PathPrefix="/ci/")["Roles"]] == ["deployer"]
    assert iam.list_roles(PathPrefix="/other/")["Roles"] == []
    iam.update_role(RoleName="deployer", MaxSessionDuration=43200, Description="new")
    updated = iam.update_role_description(RoleName="deployer", Description="newer")["Role"]
    assert (updated["MaxSessionDuration"], updated["Description"]) == (43200, "newer")
    iam.delete_role(RoleName="deployer")
    code, message, status = error_of(lambda: iam.get_role(RoleName="deployer"))
    assert (code, message, status) == ("NoSuchEntity", "The role with name deployer cannot be found.", 404)


def test_role_errors_and_limits(server: RunningServer) -> None:
    iam = server.client("iam")
    document = trust(server.account_id)
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=document)
    raw = unvalidated_iam(server)
    assert error_of(lambda: iam.create_role(RoleName="R", AssumeRolePolicyDocument=document)) == (
        "EntityAlreadyExists",
        "Role with name R already exists.",
        409,
    )
    code, _, _ = error_of(
        lambda: raw.create_role(RoleName="x", AssumeRolePolicyDocument=document, MaxSessionDuration=3599)
    )
    assert code == "ValidationError"
    code, _, _ = error_of(
        lambda: raw.create_role(RoleName="x", AssumeRolePolicyDocument=document, MaxSessionDuration=43201)
    )
    assert code == "ValidationError"
    code, _, _ = error_of(lambda: iam.create_role(RoleName="x", AssumeRolePolicyDocument=allow("s3:*")))
    assert code == "MalformedPolicyDocument"
    code, _, _ = error_of(lambda: iam.update_assume_role_policy(RoleName="r", PolicyDocument=allow("s3:*")))
    assert code == "MalformedPolicyDocument"
    big = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": f"S{n}",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"},
                    "Action": "sts:AssumeRole",
                }
                for n in range(30)
            ],
        }
    )
    assert error_of(lambda: iam.update_assume_role_policy(RoleName="r", PolicyDocument=big)) == (
        "LimitExceeded",
        "Cannot exceed quota for ACLSizePerRole: 2048",
        409,
    )
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["r"]  # nothing else was created


def test_role_tags_are_added_listed_and_removed(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust(server.account_id))
    iam.tag_role(RoleName="r", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    iam.tag_role(RoleName="r", Tags=[{"Key": "A", "Value": "3"}])
    assert iam.list_role_tags(RoleName="r")["Tags"] == [
        {"Key": "A", "Value": "3"},
        {"Key": "b", "Value": "2"},
    ]
    iam.untag_role(RoleName="r", TagKeys=["b"])
    assert iam.list_role_tags(RoleName="r")["Tags"] == [{"Key": "A", "Value": "3"}]
    code, _, _ = error_of(
        lambda: iam.tag_role(RoleName="r", Tags=[{"Key": "k", "Value": "1"}, {"Key": "K", "Value": "2"}])
    )
    assert code == "InvalidInput"
    code, message, _ = error_of(
        lambda: iam.tag_role(RoleName="r", Tags=[{"Key": f"k{n}", "Value": ""} for n in range(50)])
    )
    assert (code, message) == ("LimitExceeded", "Cannot exceed quota for TagsPerRole: 50")


def test_delete_role_conflicts_until_everything_is_removed(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust(server.account_id))
    iam.attach_role_policy(RoleName="r", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.put_role_policy(RoleName="r", PolicyName="inline", PolicyDocument=allow("iam:Get*"))
    iam.create_instance_profile(InstanceProfileName="web")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="r")
    assert error_of(lambda: iam.delete_role(RoleName="r")) == (
        "DeleteConflict",
        "Cannot delete entity, must detach all policies first.",
        409,
    )
    iam.detach_role_policy(RoleName="r", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert error_of(lambda: iam.delete_role(RoleName="r"))[1] == (
        "Cannot delete entity, must remove roles from instance profile first."
    )
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="r")
    assert (
        error_of(lambda: iam.delete_role(RoleName="r"))[1]
        == "Cannot delete entity, must delete policies first."
    )
    iam.delete_role_policy(RoleName="r", PolicyName="inline")
    iam.delete_role(RoleName="r")
    assert iam.list_roles()["Roles"] == []


def test_list_roles_paginates_with_markers(server: RunningServer) -> None:
    iam = server.client("iam")
    for n in range(5):
        iam.create_role(RoleName=f"role{n}", AssumeRolePolicyDocument=trust(server.account_id))
    first = iam.list_roles(MaxItems=2)
    assert first["IsTruncated"] and [r["RoleName"] for r in first["Roles"]] == ["role0", "role1"]
    second = iam.list_roles(MaxItems=2, Marker=first["Marker"])
    assert [r["RoleName"] for r in second["Roles"]] == ["role2", "role3"]
    names = [
        r["RoleName"]
        for page in iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 2})
        for r in page["Roles"]
    ]
    assert names == [f"role{n}" for n in range(5)]
    assert error_of(lambda: iam.list_roles(Marker="junk"))[:2] == ("ValidationError", "Invalid Marker.")


# --- managed policies -------------------------------------------------------------------------------


def test_a_managed_policy_and_its_versions(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    policy = iam.create_policy(
        PolicyName="ReadIam",
        Path="/team/",
        PolicyDocument=allow("iam:Get*"),
        Description="read",
        Tags=[{"Key": "k", "Value": "v"}],
    )["Policy"]
    arn = policy["Arn"]
    assert arn == f"arn:aws:iam::{account}:policy/team/ReadIam"
    assert policy["PolicyId"].startswith("ANPA") and policy["DefaultVersionId"] == "v1"
    got = iam.get_policy(PolicyArn=arn)["Policy"]
    assert (got["AttachmentCount"], got["PermissionsBoundaryUsageCount"], got["Description"]) == (
        0,
        0,
        "read",
    )
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "k", "Value": "v"}]
    for n in range(2, 6):
        created = iam.create_policy_version(
            PolicyArn=arn, PolicyDocument=allow(f"iam:List{n}"), SetAsDefault=True
        )
        assert created["PolicyVersion"]["VersionId"] == f"v{n}"
    assert error_of(lambda: iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow("iam:X"))) == (
        "LimitExceeded",
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an "
        "existing version.",
        409,
    )
    version = iam.get_policy_version(PolicyArn=arn, VersionId="v5")["PolicyVersion"]
    assert version["IsDefaultVersion"] and version["Document"] == json.loads(allow("iam:List5"))
    assert [v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]] == [
        "v5",
        "v4",
        "v3",
        "v2",
        "v1",
    ]
    assert error_of(lambda: iam.delete_policy_version(PolicyArn=arn, VersionId="v5")) == (
        "DeleteConflict",
        "Cannot delete the default version of a policy.",
        409,
    )
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v1"
    for n in range(2, 6):
        iam.delete_policy_version(PolicyArn=arn, VersionId=f"v{n}")
    assert error_of(lambda: iam.get_policy_version(PolicyArn=arn, VersionId="v2"))[0] == "NoSuchEntity"
    iam.delete_policy(PolicyArn=arn)
    assert error_of(lambda: iam.get_policy(PolicyArn=arn)) == (
        "NoSuchEntity",
        f"Policy {arn} was not found.",
        404,
    )


def test_managed_policy_errors(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_policy(PolicyName="p", PolicyDocument=allow("iam:Get*"))
    assert error_of(lambda: iam.create_policy(PolicyName="P", PolicyDocument=allow("iam:Get*"))) == (
        "EntityAlreadyExists",
        "A policy called P already exists. Duplicate names are not allowed.",
        409,
    )
    huge = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": [f"iam:Action{n:04d}" for n in range(400)], "Resource": "*"}
            ],
        }
    )
    assert error_of(lambda: iam.create_policy(PolicyName="big", PolicyDocument=huge)) == (
        "LimitExceeded",
        "Cannot exceed quota for PolicySize: 6144",
        409,
    )
    assert error_of(lambda: iam.create_policy(PolicyName="bad", PolicyDocument="{not json"))[0] == (
        "MalformedPolicyDocument"
    )
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == ["p"]


def test_list_policies_by_scope_and_aws_managed_policies(server: RunningServer) -> None:
    iam = server.client("iam")
    names = {p["PolicyName"] for p in iam.list_policies(Scope="AWS", MaxItems=1000)["Policies"]}
    assert {
        "AdministratorAccess",
        "IAMFullAccess",
        "IAMReadOnlyAccess",
        "IAMUserChangePassword",
        "AWSCloudTrail_ReadOnlyAccess",
        "ReadOnlyAccess",
    } <= names
    assert iam.list_policies(Scope="Local")["Policies"] == []
    assert iam.list_policies(OnlyAttached=True)["Policies"] == []
    readonly = iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")["Policy"]
    assert readonly["DefaultVersionId"] == "v4"
    document = iam.get_policy_version(PolicyArn=readonly["Arn"], VersionId="v4")["PolicyVersion"]["Document"]
    assert "iam:List*" in document["Statement"][0]["Action"]
    code, _, _ = error_of(lambda: iam.delete_policy(PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"))
    assert code in ("AccessDenied", "UnmodifiableEntity")


def test_delete_policy_conflicts_while_attached_and_entities_are_listed(server: RunningServer) -> None:
    iam = server.client("iam")
    arn = iam.create_policy(PolicyName="p", PolicyDocument=allow("iam:Get*"))["Policy"]["Arn"]
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust(server.account_id))
    iam.attach_user_policy(UserName="u", PolicyArn=arn)
    iam.attach_group_policy(GroupName="g", PolicyArn=arn)
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 3
    entities = iam.list_entities_for_policy(PolicyArn=arn)
    assert [u["UserName"] for u in entities["PolicyUsers"]] == ["u"]
    assert [g["GroupName"] for g in entities["PolicyGroups"]] == ["g"]
    assert [r["RoleName"] for r in entities["PolicyRoles"]] == ["r"]
    assert iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="Role")["PolicyUsers"] == []
    assert [p["PolicyName"] for p in iam.list_policies(OnlyAttached=True)["Policies"]] == ["p"]
    assert error_of(lambda: iam.delete_policy(PolicyArn=arn)) == (
        "DeleteConflict",
        "Cannot delete a policy attached to entities.",
        409,
    )
    iam.detach_user_policy(UserName="u", PolicyArn=arn)
    iam.detach_group_policy(GroupName="g", PolicyArn=arn)
    iam.detach_role_policy(RoleName="r", PolicyArn=arn)
    iam.delete_policy(PolicyArn=arn)


# --- attachments and inline policies ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["User", "Group", "Role"])
def test_attachments_are_limited_to_ten(server: RunningServer, kind: str) -> None:
    iam = server.client("iam")
    name = (
        {"UserName": "u"} if kind == "User" else {"GroupName": "g"} if kind == "Group" else {"RoleName": "r"}
    )
    if kind == "User":
        iam.create_user(UserName="u")
    elif kind == "Group":
        iam.create_group(GroupName="g")
    else:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust(server.account_id))
    attach = getattr(iam, f"attach_{kind.lower()}_policy")
    arns = [
        iam.create_policy(PolicyName=f"p{n}", PolicyDocument=allow("iam:Get*"))["Policy"]["Arn"]
        for n in range(11)
    ]
    for arn in arns[:10]:
        attach(PolicyArn=arn, **name)
    assert error_of(lambda: attach(PolicyArn=arns[10], **name)) == (
        "LimitExceeded",
        f"Cannot exceed quota for PoliciesPer{kind}: 10",
        409,
    )
    listed = getattr(iam, f"list_attached_{kind.lower()}_policies")(**name)["AttachedPolicies"]
    assert {p["PolicyArn"] for p in listed} == set(arns[:10])
    missing = f"arn:aws:iam::{server.account_id}:policy/nope"
    assert error_of(lambda: attach(PolicyArn=missing, **name)) == (
        "NoSuchEntity",
        f"Policy {missing} does not exist or is not attachable.",
        404,
    )


@pytest.mark.parametrize(("kind", "quota"), [("User", 2048), ("Group", 5120), ("Role", 10240)])
def test_inline_policies_and_their_total_size(server: RunningServer, kind: str, quota: int) -> None:
    iam = server.client("iam")
    if kind == "User":
        iam.create_user(UserName="t")
    elif kind == "Group":
        iam.create_group(GroupName="t")
    else:
        iam.create_role(RoleName="t", AssumeRolePolicyDocument=trust(server.account_id))
    name = {f"{kind}Name": "t"}
    put = getattr(iam, f"put_{kind.lower()}_policy")
    get = getattr(iam, f"get_{kind.lower()}_policy")
    listing = getattr(iam, f"list_{kind.lower()}_policies")
    delete = getattr(iam, f"delete_{kind.lower()}_policy")
    half = allow("iam:" + "a" * (quota // 2 - 40))
    put(PolicyName="one", PolicyDocument=half, **name)
    got = get(PolicyName="one", **name)
    assert got["PolicyDocument"] == json.loads(half) and got[f"{kind}Name"] == "t"
    assert error_of(lambda: put(PolicyName="two", PolicyDocument=half, **name)) == (
        "LimitExceeded",
        f"Maximum policy size of {quota} bytes exceeded for {kind.lower()} t",
        409,
    )
    assert listing(**name)["PolicyNames"] == ["one"]
    delete(PolicyName="one", **name)
    assert error_of(lambda: get(PolicyName="one", **name)) == (
        "NoSuchEntity",
        f"The {kind.lower()} policy with name one cannot be found.",
        404,
    )
    assert error_of(lambda: put(PolicyName="bad", PolicyDocument='{"Version": "2012-10-17"}', **name))[0] == (
        "MalformedPolicyDocument"
    )


def test_operations_on_missing_principals_are_no_such_entity(server: RunningServer) -> None:
    iam = server.client("iam")
    assert error_of(
        lambda: iam.put_user_policy(UserName="ghost", PolicyName="p", PolicyDocument=allow("iam:*"))
    ) == (
        "NoSuchEntity",
        "The user with name ghost cannot be found.",
        404,
    )
    assert error_of(lambda: iam.list_attached_group_policies(GroupName="ghost"))[1] == (
        "The group with name ghost cannot be found."
    )
    assert error_of(
        lambda: iam.attach_role_policy(RoleName="ghost", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    )[1] == ("The role with name ghost cannot be found.")


# --- instance profiles ------------------------------------------------------------------------------


def test_instance_profiles_hold_one_role(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    for name in ("one", "two"):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust(account))
    profile = iam.create_instance_profile(
        InstanceProfileName="web", Path="/app/", Tags=[{"Key": "k", "Value": "v"}]
    )
    assert profile["InstanceProfile"]["Arn"] == f"arn:aws:iam::{account}:instance-profile/app/web"
    assert profile["InstanceProfile"]["InstanceProfileId"].startswith("AIPA")
    assert (
        error_of(lambda: iam.create_instance_profile(InstanceProfileName="WEB"))[0] == "EntityAlreadyExists"
    )
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="one")
    assert error_of(lambda: iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="two")) == (
        "LimitExceeded",
        "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
        409,
    )
    got = iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]
    assert [r["RoleName"] for r in got["Roles"]] == ["one"]
    assert [
        p["InstanceProfileName"]
        for p in iam.list_instance_profiles_for_role(RoleName="one")["InstanceProfiles"]
    ] == ["web"]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles()["InstanceProfiles"]] == ["web"]
    iam.tag_instance_profile(InstanceProfileName="web", Tags=[{"Key": "x", "Value": "y"}])
    assert iam.list_instance_profile_tags(InstanceProfileName="web")["Tags"] == [
        {"Key": "k", "Value": "v"},
        {"Key": "x", "Value": "y"},
    ]
    iam.untag_instance_profile(InstanceProfileName="web", TagKeys=["k"])
    assert error_of(lambda: iam.delete_instance_profile(InstanceProfileName="web"))[0] == "DeleteConflict"
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="one")
    iam.delete_instance_profile(InstanceProfileName="web")
    assert error_of(lambda: iam.get_instance_profile(InstanceProfileName="web")) == (
        "NoSuchEntity",
        "Instance Profile web cannot be found.",
        404,
    )


# --- OIDC providers ---------------------------------------------------------------------------------


def test_oidc_providers(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    arn = iam.create_open_id_connect_provider(
        Url="https://token.example.com/tenant",
        ClientIDList=["sts.amazonaws.com"],
        ThumbprintList=["a" * 40],
        Tags=[{"Key": "k", "Value": "v"}],
    )["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::{account}:oidc-provider/token.example.com/tenant"
    assert (
        error_of(
            lambda: iam.create_open_id_connect_provider(
                Url="https://token.example.com/tenant", ThumbprintList=["a" * 40]
            )
        )[0]
        == "EntityAlreadyExists"
    )
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="app")
    iam.remove_client_id_from_open_id_connect_provider(
        OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com"
    )
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=["b" * 40])
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["Url"] == "token.example.com/tenant"
    assert (got["ClientIDList"], got["ThumbprintList"]) == (["app"], ["b" * 40])
    assert got["Tags"] == [{"Key": "k", "Value": "v"}]
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == [{"Arn": arn}]
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{"Key": "x", "Value": "y"}])
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=["k"])
    assert iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)["Tags"] == [
        {"Key": "x", "Value": "y"}
    ]
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert (
        error_of(lambda: iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn))[0] == "NoSuchEntity"
    )


def test_the_aws_cli_reads_roles_and_policy_documents_decoded(server: RunningServer, tmp_path: Path) -> None:
    iam = server.client("iam")
    iam.create_role(RoleName="cli-role", AssumeRolePolicyDocument=trust(server.account_id))
    arn = iam.create_policy(PolicyName="cli-policy", PolicyDocument=allow("iam:Get*"))["Policy"]["Arn"]
    role = server.aws("iam", "get-role", "--role-name", "cli-role", home=tmp_path)
    assert role.returncode == 0, role.stderr
    assert json.loads(role.stdout)["Role"]["AssumeRolePolicyDocument"] == json.loads(trust(server.account_id))
    version = server.aws(
        "iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1", home=tmp_path
    )
    assert version.returncode == 0, version.stderr
    assert json.loads(version.stdout)["PolicyVersion"]["Document"] == json.loads(allow("iam:Get*"))
