"""GetAccessKeyInfo and DecodeAuthorizationMessage."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from hatrack.sts.decode import DeniedRequest, encode_authorization_message
from tests.sts.support import Keys, World, allow, trust


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_get_access_key_info_names_the_account_of_long_term_and_temporary_keys(world: World) -> None:
    other = world.new_account()
    outsider = world.accounts[other]
    role_arn = world.role("R", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/uma"}))
    uma = world.user("uma", policies=[allow("sts:GetAccessKeyInfo")])
    hat = Keys.of(world.client("sts", uma).assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"])
    sts = world.client("sts", uma)
    assert sts.get_access_key_info(AccessKeyId=uma.access_key_id)["Account"] == world.account_id
    assert sts.get_access_key_info(AccessKeyId=hat.access_key_id)["Account"] == world.account_id
    assert sts.get_access_key_info(AccessKeyId=outsider.access_key_id)["Account"] == other


def test_get_access_key_info_of_an_unknown_key_is_refused(world: World) -> None:
    with pytest.raises(ClientError) as refused:
        world.client("sts").get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")
    assert error_of(refused)[0] == "InvalidParameterValue"


def test_get_access_key_info_needs_permission(world: World) -> None:
    vic = world.user("vic")
    with pytest.raises(ClientError) as refused:
        world.client("sts", vic).get_access_key_info(AccessKeyId=vic.access_key_id)
    assert error_of(refused)[0] == "AccessDenied"


def denied(world: World) -> DeniedRequest:
    return DeniedRequest(
        account_id=world.account_id,
        principal_id="AIDAEXAMPLE",
        principal_arn=f"arn:aws:iam::{world.account_id}:user/wes",
        action="iam:CreateUser",
        resource=f"arn:aws:iam::{world.account_id}:user/x",
        explicit_deny=False,
        context={"aws:username": "wes", "aws:TagKeys": ["a", "b"]},
    )


def test_decode_authorization_message_opens_a_denial_for_allowed_callers(world: World) -> None:
    encoded = encode_authorization_message(world.services.keyring, denied(world))
    reader = world.user("reader", policies=[allow("sts:DecodeAuthorizationMessage")])
    decoded = json.loads(
        world.client("sts", reader).decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"]
    )
    assert decoded["allowed"] is False
    assert decoded["explicitDeny"] is False
    assert decoded["context"]["action"] == "iam:CreateUser"
    assert decoded["context"]["principal"]["arn"].endswith(":user/wes")
    assert {"key": "aws:username", "values": {"items": [{"value": "wes"}]}} in decoded["context"][
        "conditions"
    ]["items"]


def test_decoding_needs_permission_and_a_genuine_message_of_the_account(world: World) -> None:
    encoded = encode_authorization_message(world.services.keyring, denied(world))
    nobody = world.user("nobody")
    with pytest.raises(ClientError) as refused:
        world.client("sts", nobody).decode_authorization_message(EncodedMessage=encoded)
    assert error_of(refused)[0] == "AccessDenied"
    reader = world.user("reader", policies=[allow("sts:DecodeAuthorizationMessage")])
    for bad in ("garbage", encoded[:-4] + ("AAAA" if not encoded.endswith("AAAA") else "BBBB")):
        with pytest.raises(ClientError) as invalid:
            world.client("sts", reader).decode_authorization_message(EncodedMessage=bad)
        assert error_of(invalid)[0] == "InvalidAuthorizationMessageException"
    other = world.new_account()
    outsider = world.client("sts", world.accounts[other])
    with pytest.raises(ClientError) as foreign:
        outsider.decode_authorization_message(EncodedMessage=encoded)
    assert error_of(foreign)[0] == "InvalidAuthorizationMessageException"
