"""Users, groups, access keys, passwords, MFA and account settings through boto3 against a real server:
AWS's answers, errors and limits, and that a refused call changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from hatrack.credentials.totp import totp_code, totp_secret_from_base32
from tests.support.server import RunningServer

pytestmark = pytest.mark.e2e


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def unvalidated_iam(server: RunningServer) -> Any:
    """An IAM client that sends what it is given, as a hostile or buggy client would."""
    return boto3.client(
        "iam",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        aws_access_key_id=server.access_key_id,
        aws_secret_access_key=server.secret_access_key,
        config=Config(parameter_validation=False, retries={"max_attempts": 1}),
    )


def user_names(iam: Any) -> list[str]:
    return [user["UserName"] for user in iam.list_users()["Users"]]


# --- users ----------------------------------------------------------------------------------------


def test_a_created_user_is_found_by_get_user_with_its_arn_id_path_and_tags(server: RunningServer) -> None:
    iam = server.client("iam")
    created = iam.create_user(UserName="alice", Path="/eng/", Tags=[{"Key": "team", "Value": "blue"}])["User"]
    assert created["Arn"] == f"arn:aws:iam::{server.account_id}:user/eng/alice"
    assert created["UserId"].startswith("AIDA") and len(created["UserId"]) == 21
    assert created["Tags"] == [{"Key": "team", "Value": "blue"}]
    fetched = iam.get_user(UserName="ALICE")["User"]
    assert fetched["UserName"] == "alice"
    assert fetched["Path"] == "/eng/"
    assert fetched["UserId"] == created["UserId"]
    assert fetched["Tags"] == [{"Key": "team", "Value": "blue"}]


def test_get_user_without_a_name_answers_the_root_identity_for_the_root(server: RunningServer) -> None:
    user = server.client("iam").get_user()["User"]
    assert user["Arn"] == f"arn:aws:iam::{server.account_id}:root"
    assert user["UserId"] == server.account_id


def test_a_name_taken_in_another_case_is_entity_already_exists(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="Alice")
    with pytest.raises(ClientError) as refused:
        iam.create_user(UserName="alice")
    assert error_of(refused) == ("EntityAlreadyExists", "User with name alice already exists.", 409)
    assert user_names(iam) == ["Alice"]


def test_an_unknown_user_is_no_such_entity(server: RunningServer) -> None:
    with pytest.raises(ClientError) as refused:
        server.client("iam").get_user(UserName="ghost")
    assert error_of(refused) == ("NoSuchEntity", "The user with name ghost cannot be found.", 404)


@pytest.mark.parametrize("name", ["", "a" * 65, "a b", "a/b", "<x>", "é"])
def test_bad_user_names_are_validation_errors_and_create_nothing(server: RunningServer, name: str) -> None:
    iam = server.client("iam")
    with pytest.raises(ClientError) as refused:
        unvalidated_iam(server).create_user(UserName=name)
    assert error_of(refused)[0] == "ValidationError"
    assert user_names(iam) == []


def test_list_users_filters_by_path_prefix_and_pages_with_markers(server: RunningServer) -> None:
    iam = server.client("iam")
    for name in ["d", "b", "a", "e", "c"]:
        iam.create_user(UserName=name, Path="/x/" if name in "abc" else "/")
    first = iam.list_users(MaxItems=2)
    assert [u["UserName"] for u in first["Users"]] == ["a", "b"]
    assert first["IsTruncated"] is True
    second = iam.list_users(MaxItems=2, Marker=first["Marker"])
    assert [u["UserName"] for u in second["Users"]] == ["c", "d"]
    third = iam.list_users(MaxItems=2, Marker=second["Marker"])
    assert [u["UserName"] for u in third["Users"]] == ["e"]
    assert third["IsTruncated"] is False and "Marker" not in third
    assert [u["UserName"] for u in iam.list_users(PathPrefix="/x/")["Users"]] == ["a", "b", "c"]
    paginated = [
        u["UserName"]
        for page in iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 1})
        for u in page["Users"]
    ]
    assert paginated == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize("kwargs", [{"MaxItems": 0}, {"MaxItems": 1001}, {"Marker": "junk"}])
def test_bad_pagination_parameters_are_validation_errors(
    server: RunningServer, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as refused:
        unvalidated_iam(server).list_users(**kwargs)
    code, message, status = error_of(refused)
    assert (code, status) == ("ValidationError", 400)
    if "Marker" in kwargs:
        assert message == "Invalid Marker."


def test_update_user_renames_and_moves_and_the_access_keys_follow(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    iam.update_user(UserName="alice", NewUserName="alicia", NewPath="/ops/")
    assert iam.get_user(UserName="alicia")["User"]["Arn"].endswith(":user/ops/alicia")
    keys = iam.list_access_keys(UserName="alicia")["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["UserName"]) for k in keys] == [(key["AccessKeyId"], "alicia")]
    identity = server.client(
        "sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"]
    ).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{server.account_id}:user/ops/alicia"


def test_renaming_onto_an_existing_name_is_refused_and_changes_nothing(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    with pytest.raises(ClientError) as refused:
        iam.update_user(UserName="alice", NewUserName="BOB", NewPath="/moved/")
    assert error_of(refused)[:2] == ("EntityAlreadyExists", "User with name BOB already exists.")
    assert iam.get_user(UserName="alice")["User"]["Path"] == "/"
    assert user_names(iam) == ["alice", "bob"]


def test_delete_user_refuses_while_anything_remains_in_aws_order(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Correct-Horse-9")
    key = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    expected: list[tuple[str, Callable[[], object]]] = [
        ("must delete login profile first.", lambda: iam.delete_login_profile(UserName="alice")),
        ("must delete access keys first.", lambda: iam.delete_access_key(UserName="alice", AccessKeyId=key)),
        (
            "must remove users from group first.",
            lambda: iam.remove_user_from_group(GroupName="devs", UserName="alice"),
        ),
    ]
    for message, remove in expected:
        with pytest.raises(ClientError) as refused:
            iam.delete_user(UserName="alice")
        assert error_of(refused) == ("DeleteConflict", f"Cannot delete entity, {message}", 409)
        assert user_names(iam) == ["alice"]
        remove()
    iam.delete_user(UserName="alice")
    assert user_names(iam) == []


def test_delete_user_refuses_while_an_mfa_device_is_enabled(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    serial = enable_new_device(iam, "alice-phone", "alice")
    with pytest.raises(ClientError) as refused:
        iam.delete_user(UserName="alice")
    assert error_of(refused)[:2] == ("DeleteConflict", "Cannot delete entity, must delete MFA device first.")
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=serial)
    iam.delete_user(UserName="alice")


def test_delete_user_refuses_while_policies_remain(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    document = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}'
    )
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=document)
    with pytest.raises(ClientError) as refused:
        iam.delete_user(UserName="alice")
    assert error_of(refused)[:2] == ("DeleteConflict", "Cannot delete entity, must delete policies first.")
    iam.delete_user_policy(UserName="alice", PolicyName="inline")
    arn = iam.create_policy(PolicyName="managed", PolicyDocument=document)["Policy"]["Arn"]
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    with pytest.raises(ClientError) as refused:
        iam.delete_user(UserName="alice")
    assert error_of(refused)[:2] == (
        "DeleteConflict",
        "Cannot delete entity, must detach all policies first.",
    )
    iam.detach_user_policy(UserName="alice", PolicyArn=arn)
    iam.delete_user(UserName="alice")


def test_user_tags_are_added_replaced_removed_and_capped_at_fifty(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "blue"}])
    iam.tag_user(UserName="alice", Tags=[{"Key": "team", "Value": "red"}, {"Key": "env", "Value": "prod"}])
    assert iam.list_user_tags(UserName="alice")["Tags"] == [
        {"Key": "env", "Value": "prod"},
        {"Key": "team", "Value": "red"},
    ]
    iam.untag_user(UserName="alice", TagKeys=["env", "absent"])
    assert iam.list_user_tags(UserName="alice")["Tags"] == [{"Key": "team", "Value": "red"}]
    many = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    with pytest.raises(ClientError) as refused:
        iam.tag_user(UserName="alice", Tags=many)
    assert error_of(refused) == ("LimitExceeded", "Cannot exceed quota for TagsPerUser: 50", 409)
    assert iam.list_user_tags(UserName="alice")["Tags"] == [{"Key": "team", "Value": "red"}]
    with pytest.raises(ClientError) as refused:
        iam.tag_user(UserName="alice", Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}])
    assert error_of(refused)[:2] == (
        "InvalidInput",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    )


# --- groups ---------------------------------------------------------------------------------------


def test_groups_hold_members_and_list_the_groups_of_a_user(server: RunningServer) -> None:
    iam = server.client("iam")
    group = iam.create_group(GroupName="devs", Path="/eng/")["Group"]
    assert group["Arn"] == f"arn:aws:iam::{server.account_id}:group/eng/devs"
    assert group["GroupId"].startswith("AGPA")
    for name in ["carol", "alice", "bob"]:
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="devs", UserName=name)
    iam.add_user_to_group(GroupName="DEVS", UserName="alice")  # again: no change
    answer = iam.get_group(GroupName="devs", MaxItems=2)
    assert [u["UserName"] for u in answer["Users"]] == ["alice", "bob"] and answer["IsTruncated"]
    rest = iam.get_group(GroupName="devs", Marker=answer["Marker"])
    assert [u["UserName"] for u in rest["Users"]] == ["carol"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="bob")["Groups"]] == ["devs"]
    iam.remove_user_from_group(GroupName="devs", UserName="bob")
    assert iam.list_groups_for_user(UserName="bob")["Groups"] == []
    assert [g["GroupName"] for g in iam.list_groups(PathPrefix="/eng/")["Groups"]] == ["devs"]


def test_group_errors_and_limits(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_group(GroupName="devs")
    with pytest.raises(ClientError) as refused:
        iam.create_group(GroupName="Devs")
    assert error_of(refused) == ("EntityAlreadyExists", "Group with name Devs already exists.", 409)
    with pytest.raises(ClientError) as refused:
        iam.get_group(GroupName="ghosts")
    assert error_of(refused) == ("NoSuchEntity", "The group with name ghosts cannot be found.", 404)
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    with pytest.raises(ClientError) as refused:
        iam.delete_group(GroupName="devs")
    assert error_of(refused)[:2] == (
        "DeleteConflict",
        "Cannot delete entity, must remove users from group first.",
    )
    for index in range(9):
        iam.create_group(GroupName=f"g{index}")
        iam.add_user_to_group(GroupName=f"g{index}", UserName="alice")
    iam.create_group(GroupName="eleventh")
    with pytest.raises(ClientError) as refused:
        iam.add_user_to_group(GroupName="eleventh", UserName="alice")
    assert error_of(refused) == ("LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10", 409)
    assert len(iam.list_groups_for_user(UserName="alice")["Groups"]) == 10


def test_update_group_renames_it(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_group(GroupName="devs")
    iam.update_group(GroupName="devs", NewGroupName="builders", NewPath="/x/")
    group = iam.get_group(GroupName="builders")["Group"]
    assert group["Arn"] == f"arn:aws:iam::{server.account_id}:group/x/builders"
    iam.delete_group(GroupName="builders")
    assert iam.list_groups()["Groups"] == []


# --- access keys ----------------------------------------------------------------------------------


def test_a_user_has_at_most_two_access_keys(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    first = iam.create_access_key(UserName="alice")["AccessKey"]
    assert first["AccessKeyId"].startswith("AKIA") and len(first["SecretAccessKey"]) == 40
    assert first["Status"] == "Active" and first["UserName"] == "alice"
    iam.create_access_key(UserName="alice")
    with pytest.raises(ClientError) as refused:
        iam.create_access_key(UserName="alice")
    assert error_of(refused) == ("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409)
    listed = iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]
    assert len(listed) == 2 and all("SecretAccessKey" not in key for key in listed)


def test_an_inactive_key_is_refused_at_once_and_works_again_when_reactivated(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    sts = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    sts.get_caller_identity()
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    with pytest.raises(ClientError) as refused:
        sts.get_caller_identity()
    assert error_of(refused)[0] == "InvalidClientTokenId"
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
    assert sts.get_caller_identity()["Arn"].endswith(":user/alice")
    iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    with pytest.raises(ClientError) as refused:
        sts.get_caller_identity()
    assert error_of(refused)[0] == "InvalidClientTokenId"


def test_access_key_last_used_is_na_until_used(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    never = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert never["UserName"] == "alice"
    assert never["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}
    server.client(
        "sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"], region="eu-west-1"
    ).get_caller_identity()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used["ServiceName"] == "sts" and used["Region"] == "eu-west-1"
    assert abs(used["LastUsedDate"] - datetime.now(UTC)) < timedelta(minutes=5)


def test_another_users_key_or_an_unknown_key_is_no_such_entity(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    key = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    with pytest.raises(ClientError) as refused:
        iam.delete_access_key(UserName="bob", AccessKeyId=key)
    assert error_of(refused) == ("NoSuchEntity", f"The Access Key with id {key} cannot be found.", 404)
    assert len(iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]) == 1


def test_a_user_without_user_name_manages_its_own_keys(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    document = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*AccessKey*"],'
        f'"Resource":"arn:aws:iam::{server.account_id}:user/alice"}}]}}'
    )
    iam.put_user_policy(UserName="alice", PolicyName="own-keys", PolicyDocument=document)
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    alice = server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    second = alice.create_access_key()["AccessKey"]
    assert second["UserName"] == "alice"
    assert {k["AccessKeyId"] for k in alice.list_access_keys()["AccessKeyMetadata"]} == {
        key["AccessKeyId"],
        second["AccessKeyId"],
    }


# --- passwords ------------------------------------------------------------------------------------


def test_login_profiles_are_created_read_updated_and_deleted(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    created = iam.create_login_profile(
        UserName="alice", Password="Correct-Horse-9", PasswordResetRequired=True
    )
    assert created["LoginProfile"]["UserName"] == "alice"
    assert created["LoginProfile"]["PasswordResetRequired"] is True
    with pytest.raises(ClientError) as refused:
        iam.create_login_profile(UserName="alice", Password="Another-Horse-9")
    assert error_of(refused)[0] == "EntityAlreadyExists"
    iam.update_login_profile(UserName="alice", PasswordResetRequired=False)
    assert iam.get_login_profile(UserName="alice")["LoginProfile"]["PasswordResetRequired"] is False
    iam.delete_login_profile(UserName="alice")
    with pytest.raises(ClientError) as refused:
        iam.get_login_profile(UserName="alice")
    assert error_of(refused) == ("NoSuchEntity", "Login Profile for User alice cannot be found.", 404)


def test_the_account_password_policy_is_enforced_without_echoing_the_password(server: RunningServer) -> None:
    iam = server.client("iam")
    with pytest.raises(ClientError) as refused:
        iam.get_account_password_policy()
    assert error_of(refused) == (
        "NoSuchEntity",
        f"The Password Policy with domain name {server.account_id} cannot be found.",
        404,
    )
    iam.update_account_password_policy(
        MinimumPasswordLength=12, RequireSymbols=True, PasswordReusePrevention=2
    )
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 12 and policy["RequireSymbols"] is True
    assert policy["RequireNumbers"] is False and policy["PasswordReusePrevention"] == 2
    assert policy["ExpirePasswords"] is False
    iam.create_user(UserName="alice")
    for bad in ["Short-1", "NoSymbolsAtAll1234"]:
        with pytest.raises(ClientError) as refused:
            iam.create_login_profile(UserName="alice", Password=bad)
        code, message, status = error_of(refused)
        assert (code, status) == ("PasswordPolicyViolation", 400)
        assert bad not in message
    with pytest.raises(ClientError):
        iam.get_login_profile(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="first-password!")
    iam.update_login_profile(UserName="alice", Password="second-password!")
    with pytest.raises(ClientError) as refused:
        iam.update_login_profile(UserName="alice", Password="first-password!")
    assert error_of(refused)[0] == "PasswordPolicyViolation"
    iam.delete_account_password_policy()
    with pytest.raises(ClientError) as refused:
        iam.delete_account_password_policy()
    assert error_of(refused)[0] == "NoSuchEntity"


def test_a_user_changes_its_own_password_when_the_account_allows_it(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Correct-Horse-9", PasswordResetRequired=True)
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    alice = server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    with pytest.raises(ClientError) as refused:
        alice.change_password(OldPassword="Correct-Horse-9", NewPassword="Battery-Staple-7")
    assert error_of(refused)[0] == "AccessDenied"
    iam.update_account_password_policy(AllowUsersToChangePassword=True)
    with pytest.raises(ClientError) as refused:
        alice.change_password(OldPassword="wrong-Password-1", NewPassword="Battery-Staple-7")
    assert error_of(refused)[0] == "AccessDenied"
    alice.change_password(OldPassword="Correct-Horse-9", NewPassword="Battery-Staple-7")
    assert iam.get_login_profile(UserName="alice")["LoginProfile"]["PasswordResetRequired"] is False
    with pytest.raises(ClientError) as refused:
        iam.change_password(OldPassword="x", NewPassword="y")
    assert error_of(refused)[0] == "InvalidUserType"


# --- MFA ------------------------------------------------------------------------------------------


def codes_now(seed: bytes) -> tuple[str, str]:
    secret = totp_secret_from_base32(seed.decode("ascii"))
    now = datetime.now(UTC)
    return totp_code(secret, now - timedelta(seconds=30)), totp_code(secret, now)


def enable_new_device(iam: Any, name: str, user_name: str) -> str:
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    code1, code2 = codes_now(device["Base32StringSeed"])
    iam.enable_mfa_device(
        UserName=user_name,
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=code1,
        AuthenticationCode2=code2,
    )
    return str(device["SerialNumber"])


def test_a_virtual_mfa_device_is_created_enabled_listed_deactivated_and_deleted(
    server: RunningServer,
) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-phone")["VirtualMFADevice"]
    serial = device["SerialNumber"]
    assert serial == f"arn:aws:iam::{server.account_id}:mfa/alice-phone"
    assert len(device["Base32StringSeed"]) == 64
    assert device["QRCodePNG"].startswith(b"\x89PNG")
    unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert [d["SerialNumber"] for d in unassigned] == [serial]
    assert "Base32StringSeed" not in unassigned[0]
    with pytest.raises(ClientError) as refused:
        iam.enable_mfa_device(
            UserName="alice", SerialNumber=serial, AuthenticationCode1="000000", AuthenticationCode2="000000"
        )
    assert error_of(refused)[0] == "InvalidAuthenticationCode"
    assert iam.list_mfa_devices(UserName="alice")["MFADevices"] == []
    code1, code2 = codes_now(device["Base32StringSeed"])
    iam.enable_mfa_device(
        UserName="alice", SerialNumber=serial, AuthenticationCode1=code1, AuthenticationCode2=code2
    )
    listed = iam.list_mfa_devices(UserName="alice")["MFADevices"]
    assert [(d["UserName"], d["SerialNumber"]) for d in listed] == [("alice", serial)]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert assigned[0]["User"]["UserName"] == "alice"
    with pytest.raises(ClientError) as refused:
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert error_of(refused)[0] == "DeleteConflict"
    assert iam.get_account_summary()["SummaryMap"]["MFADevicesInUse"] == 1
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []


def test_a_device_name_is_unique(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_virtual_mfa_device(VirtualMFADeviceName="phone")
    with pytest.raises(ClientError) as refused:
        iam.create_virtual_mfa_device(VirtualMFADeviceName="phone")
    assert error_of(refused)[0] == "EntityAlreadyExists"
    assert len(iam.list_virtual_mfa_devices()["VirtualMFADevices"]) == 1


# --- account --------------------------------------------------------------------------------------


def test_an_account_has_one_alias(server: RunningServer) -> None:
    iam = server.client("iam")
    assert iam.list_account_aliases()["AccountAliases"] == []
    iam.create_account_alias(AccountAlias="my-company")
    iam.create_account_alias(AccountAlias="my-company-2")
    assert iam.list_account_aliases()["AccountAliases"] == ["my-company-2"]
    with pytest.raises(ClientError) as refused:
        unvalidated_iam(server).create_account_alias(AccountAlias="Bad_Alias")
    assert error_of(refused)[0] == "ValidationError"
    with pytest.raises(ClientError) as refused:
        iam.delete_account_alias(AccountAlias="my-company")
    assert error_of(refused)[0] == "NoSuchEntity"
    iam.delete_account_alias(AccountAlias="my-company-2")
    assert iam.list_account_aliases()["AccountAliases"] == []


def test_the_account_summary_counts_what_the_account_holds(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    iam.create_group(GroupName="devs")
    iam.create_virtual_mfa_device(VirtualMFADeviceName="spare")
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["Users"] == 2 and summary["UsersQuota"] == 5000
    assert summary["Groups"] == 1 and summary["GroupsQuota"] == 300
    assert summary["MFADevices"] == 1 and summary["MFADevicesInUse"] == 0
    assert summary["AccessKeysPerUserQuota"] == 2 and summary["GroupsPerUserQuota"] == 10
    assert summary["AccountAccessKeysPresent"] == 1 and summary["AccountMFAEnabled"] == 0
    assert summary["PolicySizeQuota"] == 6144 and summary["VersionsPerPolicyQuota"] == 5
    for key in [
        "Roles",
        "RolesQuota",
        "Policies",
        "PoliciesQuota",
        "InstanceProfiles",
        "Providers",
        "PolicyVersionsInUse",
        "UserPolicySizeQuota",
        "AssumeRolePolicySizeQuota",
    ]:
        assert key in summary
