"""AssumeRole through boto3: wearing the hat, switching back, trust rules, durations, errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.sts.support import Keys, World, allow, trust


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def analyst_setup(world: World) -> tuple[Keys, str]:
    """alice may do nothing but assume SecurityAnalystRole, which may list users and read roles."""
    role_arn = f"arn:aws:iam::{world.account_id}:role/SecurityAnalystRole"
    alice = world.user("alice", policies=[allow("sts:AssumeRole", resource=role_arn)])
    world.role(
        "SecurityAnalystRole",
        trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:root"}),
        policies=[allow("iam:ListUsers", "iam:GetRole")],
    )
    return alice, role_arn


def assume(world: World, keys: Keys, role_arn: str, **extra: Any) -> dict[str, Any]:
    sts = world.client("sts", keys)
    answer: dict[str, Any] = sts.assume_role(RoleArn=role_arn, RoleSessionName=extra.pop("name", "s1"), **extra)
    return answer


def test_a_user_allowed_only_to_assume_the_role_does_exactly_what_the_role_allows(world: World) -> None:
    alice, role_arn = analyst_setup(world)
    answer = assume(world, alice, role_arn, name="alice-audit")
    hat = Keys.of(answer["Credentials"])
    assert hat.access_key_id.startswith("ASIA") and len(hat.access_key_id) == 20
    assert answer["AssumedRoleUser"]["Arn"] == (
        f"arn:aws:sts::{world.account_id}:assumed-role/SecurityAnalystRole/alice-audit"
    )
    assert answer["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA")
    assert answer["AssumedRoleUser"]["AssumedRoleId"].endswith(":alice-audit")
    assert answer["Credentials"]["Expiration"] == world.clock() + timedelta(hours=1)
    assert "PackedPolicySize" not in answer

    identity = world.client("sts", hat).get_caller_identity()
    assert identity["Arn"] == answer["AssumedRoleUser"]["Arn"]
    assert identity["UserId"] == answer["AssumedRoleUser"]["AssumedRoleId"]
    assert identity["Account"] == world.account_id

    as_role = world.client("iam", hat)
    assert [user["UserName"] for user in as_role.list_users()["Users"]] == ["alice"]
    assert as_role.get_role(RoleName="SecurityAnalystRole")["Role"]["Arn"] == role_arn
    with pytest.raises(ClientError) as refused:
        as_role.create_user(UserName="mallory")
    code, message = error_of(refused)
    assert code == "AccessDenied"
    assert message.startswith(f"User: {answer['AssumedRoleUser']['Arn']} is not authorized to perform: iam:CreateUser")


def test_switching_back_is_using_the_original_keys_again(world: World) -> None:
    alice, role_arn = analyst_setup(world)
    hat = Keys.of(assume(world, alice, role_arn)["Credentials"])
    assert world.client("iam", hat).list_users()["Users"]
    own = world.client("iam", alice)
    with pytest.raises(ClientError) as refused:
        own.list_users()
    assert error_of(refused)[0] == "AccessDenied"
    assert world.client("sts", alice).get_caller_identity()["Arn"] == f"arn:aws:iam::{world.account_id}:user/alice"


def test_a_role_session_never_has_the_permissions_of_the_user_who_assumed_it(world: World) -> None:
    role_arn = f"arn:aws:iam::{world.account_id}:role/Narrow"
    bob = world.user("bob", policies=[allow("sts:AssumeRole", "iam:ListRoles", "iam:ListUsers")])
    world.role("Narrow", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/bob"}), policies=[allow("iam:ListRoles")])
    hat = Keys.of(assume(world, bob, role_arn)["Credentials"])
    assert world.client("iam", hat).list_roles()["Roles"]
    with pytest.raises(ClientError) as refused:
        world.client("iam", hat).list_users()
    assert error_of(refused)[0] == "AccessDenied"
