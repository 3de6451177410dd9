"""Issue 10 regressions on the trust path, through boto3 against a real ``hatrack serve``: principals
kept by unique id, the role's tags in AssumeRole, SourceIdentity rules, the root, PassRole for
instance profiles."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = raised.value.response["Error"]
    return str(error["Code"]), str(error["Message"])


def trust_document(principal: str, *actions: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": principal},
                    "Action": list(actions or ("sts:AssumeRole",)),
                }
            ],
        }
    )


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def user_keys(server: RunningServer, name: str, *statements: dict[str, Any]) -> dict[str, str]:
    iam = server.client("iam")
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}


def session_keys(answer: dict[str, Any]) -> dict[str, str]:
    credentials = answer["Credentials"]
    return {
        "key": credentials["AccessKeyId"],
        "secret": credentials["SecretAccessKey"],
        "token": credentials["SessionToken"],
    }


def trusted_principal(role: dict[str, Any]) -> Any:
    return role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"]


def _listed(iam: Any) -> dict[str, Any]:
    return {role["RoleName"]: role for role in iam.list_roles()["Roles"]}


def _detailed(iam: Any) -> dict[str, Any]:
    details = iam.get_account_authorization_details(Filter=["Role"])["RoleDetailList"]
    return {role["RoleName"]: role for role in details}


# --- 1. principals by unique id ------------------------------------------------------------------


def test_a_deleted_and_recreated_role_is_not_the_trusted_principal(server: RunningServer) -> None:
    iam = server.client("iam")
    account = server.account_id
    operator = user_keys(server, "operator", {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"})
    first_b = iam.create_role(
        RoleName="B", AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{account}:root")
    )["Role"]
    iam.create_role(RoleName="A", AssumeRolePolicyDocument=trust_document(first_b["Arn"]))
    role_a = f"arn:aws:iam::{account}:role/A"
    # While the principal exists the trust policy reads back as written (GetRole, ListRoles and
    # GetAccountAuthorizationDetails alike), and B's sessions may assume A.
    assert trusted_principal(iam.get_role(RoleName="A")["Role"]) == first_b["Arn"]
    assert trusted_principal(_listed(iam)["A"]) == first_b["Arn"]
    assert trusted_principal(_detailed(iam)["A"]) == first_b["Arn"]
    old_session = session_keys(
        server.client("sts", **operator).assume_role(RoleArn=first_b["Arn"], RoleSessionName="old")
    )
    assert server.client("sts", **old_session).assume_role(RoleArn=role_a, RoleSessionName="hop")

    iam.delete_role(RoleName="B")
    second_b = iam.create_role(
        RoleName="B", AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{account}:root")
    )["Role"]
    assert second_b["Arn"] == first_b["Arn"] and second_b["RoleId"] != first_b["RoleId"]
    new_session = session_keys(
        server.client("sts", **operator).assume_role(RoleArn=second_b["Arn"], RoleSessionName="new")
    )
    for session in (old_session, new_session):
        with pytest.raises(ClientError) as refused:
            server.client("sts", **session).assume_role(RoleArn=role_a, RoleSessionName="hop")
        assert error_of(refused)[0] == "AccessDenied"

    # GetRole and ListRoles show the deleted principal's unique id, as AWS does.
    assert trusted_principal(iam.get_role(RoleName="A")["Role"]) == first_b["RoleId"]
    assert trusted_principal(_listed(iam)["A"]) == first_b["RoleId"]
    assert trusted_principal(_detailed(iam)["A"]) == first_b["RoleId"]
    assert first_b["RoleId"].startswith("AROA")


def test_a_deleted_and_recreated_user_is_not_the_trusted_principal(server: RunningServer) -> None:
    iam = server.client("iam")
    carl = user_keys(server, "carl")
    carl_id = iam.get_user(UserName="carl")["User"]["UserId"]
    role_arn = iam.create_role(
        RoleName="ForCarl",
        AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{server.account_id}:user/carl"),
    )["Role"]["Arn"]
    assert server.client("sts", **carl).assume_role(RoleArn=role_arn, RoleSessionName="s1")

    iam.delete_access_key(UserName="carl", AccessKeyId=carl["key"])
    iam.delete_user(UserName="carl")
    new_carl = user_keys(server, "carl", {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"})
    with pytest.raises(ClientError) as refused:
        server.client("sts", **new_carl).assume_role(RoleArn=role_arn, RoleSessionName="s1")
    assert error_of(refused)[0] == "AccessDenied"
    assert trusted_principal(iam.get_role(RoleName="ForCarl")["Role"]) == carl_id
    assert carl_id.startswith("AIDA")


def test_a_trust_policy_naming_a_user_or_role_that_does_not_exist_is_malformed(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_role(
        RoleName="Target", AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{server.account_id}:root")
    )
    for missing in (
        f"arn:aws:iam::{server.account_id}:user/nobody",
        f"arn:aws:iam::{server.account_id}:role/Nobody",
    ):
        with pytest.raises(ClientError) as created:
            iam.create_role(RoleName="Bad", AssumeRolePolicyDocument=trust_document(missing))
        assert error_of(created) == (
            "MalformedPolicyDocument",
            f'Invalid principal in policy: "AWS":"{missing}"',
        )
        with pytest.raises(ClientError) as updated:
            iam.update_assume_role_policy(RoleName="Target", PolicyDocument=trust_document(missing))
        assert error_of(updated) == (
            "MalformedPolicyDocument",
            f'Invalid principal in policy: "AWS":"{missing}"',
        )
    assert [role["RoleName"] for role in iam.list_roles()["Roles"]] == ["Target"]


# --- 2. the role's tags are resource tags of sts:AssumeRole ---------------------------------------


def test_a_deny_on_the_roles_tag_blocks_assuming_only_the_tagged_role(server: RunningServer) -> None:
    iam = server.client("iam")
    root_trust = trust_document(f"arn:aws:iam::{server.account_id}:root")
    prod = iam.create_role(
        RoleName="Prod", AssumeRolePolicyDocument=root_trust, Tags=[{"Key": "env", "Value": "prod"}]
    )
    dev = iam.create_role(
        RoleName="Dev", AssumeRolePolicyDocument=root_trust, Tags=[{"Key": "env", "Value": "dev"}]
    )
    keys = user_keys(
        server,
        "dana",
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
        {
            "Effect": "Deny",
            "Action": "sts:AssumeRole",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}},
        },
    )
    sts = server.client("sts", **keys)
    with pytest.raises(ClientError) as refused:
        sts.assume_role(RoleArn=prod["Role"]["Arn"], RoleSessionName="s1")
    code, message = error_of(refused)
    assert code == "AccessDenied" and "with an explicit deny in an identity-based policy" in message
    assert sts.assume_role(RoleArn=dev["Role"]["Arn"], RoleSessionName="s1")["Credentials"]


# --- 4. SourceIdentity ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "constraint"),
    [
        ("a", "Member must have length greater than or equal to 2"),
        ("x" * 65, "Member must have length less than or equal to 64"),
        ("bad name", "Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
        ("aws:x", "Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
    ],
)
def test_a_malformed_source_identity_is_a_validation_error(
    server: RunningServer, value: str, constraint: str
) -> None:
    keys = user_keys(server, "sam", {"Effect": "Allow", "Action": "sts:*", "Resource": "*"})
    sts = boto3.client(
        "sts",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        aws_access_key_id=keys["key"],
        aws_secret_access_key=keys["secret"],
        config=Config(parameter_validation=False, retries={"max_attempts": 1}),
    )
    with pytest.raises(ClientError) as refused:
        sts.assume_role(
            RoleArn=f"arn:aws:iam::{server.account_id}:role/Anything",
            RoleSessionName="s1",
            SourceIdentity=value,
        )
    assert error_of(refused) == (
        "ValidationError",
        f"1 validation error detected: Value '{value}' at 'sourceIdentity' failed to satisfy constraint: "
        f"{constraint}",
    )


def test_a_source_identity_carried_along_a_chain_needs_set_source_identity_in_the_next_trust(
    server: RunningServer,
) -> None:
    iam = server.client("iam")
    keys = user_keys(server, "sid")
    user_arn = f"arn:aws:iam::{server.account_id}:user/sid"
    first = iam.create_role(
        RoleName="First",
        AssumeRolePolicyDocument=trust_document(user_arn, "sts:AssumeRole", "sts:SetSourceIdentity"),
    )["Role"]["Arn"]
    plain = iam.create_role(RoleName="Plain", AssumeRolePolicyDocument=trust_document(first))["Role"]["Arn"]
    keeping = iam.create_role(
        RoleName="Keeping",
        AssumeRolePolicyDocument=trust_document(first, "sts:AssumeRole", "sts:SetSourceIdentity"),
    )["Role"]["Arn"]
    # Without sts:SetSourceIdentity in the trust policy a source identity is refused outright ...
    with pytest.raises(ClientError) as direct:
        server.client("sts", **keys).assume_role(
            RoleArn=plain, RoleSessionName="s1", SourceIdentity="sid-person"
        )
    assert error_of(direct)[0] == "AccessDenied"
    hat = session_keys(
        server.client("sts", **keys).assume_role(
            RoleArn=first, RoleSessionName="s1", SourceIdentity="sid-person"
        )
    )
    # ... and a session that carries one passes it on only where the next trust policy allows it.
    with pytest.raises(ClientError) as chained:
        server.client("sts", **hat).assume_role(RoleArn=plain, RoleSessionName="s2")
    code, message = error_of(chained)
    assert code == "AccessDenied" and "sts:SetSourceIdentity" in message
    answer = server.client("sts", **hat).assume_role(RoleArn=keeping, RoleSessionName="s2")
    assert answer["SourceIdentity"] == "sid-person"


# --- 5. the root may not assume roles ---------------------------------------------------------------


def test_the_root_may_not_assume_a_role_that_trusts_the_account(server: RunningServer) -> None:
    role_arn = server.client("iam").create_role(
        RoleName="Open", AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{server.account_id}:root")
    )["Role"]["Arn"]
    with pytest.raises(ClientError) as refused:
        server.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="s1")
    assert error_of(refused) == ("AccessDenied", "Roles may not be assumed by root accounts.")


# --- 7. AddRoleToInstanceProfile passes the role --------------------------------------------------


def test_adding_a_role_to_an_instance_profile_needs_pass_role_on_the_role(server: RunningServer) -> None:
    iam = server.client("iam")
    role_arn = iam.create_role(
        RoleName="Powerful", AssumeRolePolicyDocument=trust_document(f"arn:aws:iam::{server.account_id}:root")
    )["Role"]["Arn"]
    iam.create_instance_profile(InstanceProfileName="web")
    keys = user_keys(
        server, "deployer", {"Effect": "Allow", "Action": "iam:AddRoleToInstanceProfile", "Resource": "*"}
    )
    deployer = server.client("iam", **keys)
    with pytest.raises(ClientError) as refused:
        deployer.add_role_to_instance_profile(InstanceProfileName="web", RoleName="Powerful")
    code, message = error_of(refused)
    assert code == "AccessDenied" and f"iam:PassRole on resource: {role_arn}" in message
    assert iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"] == []

    iam.put_user_policy(
        UserName="deployer",
        PolicyName="pass",
        PolicyDocument=policy({"Effect": "Allow", "Action": "iam:PassRole", "Resource": role_arn}),
    )
    deployer.add_role_to_instance_profile(InstanceProfileName="web", RoleName="Powerful")
    roles = iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"]
    assert [role["RoleName"] for role in roles] == ["Powerful"]
