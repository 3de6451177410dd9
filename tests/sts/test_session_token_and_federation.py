"""GetSessionToken and GetFederationToken, and what their credentials (and role credentials) may call."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.sts.support import Keys, World, allow, trust


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


# --- GetSessionToken -------------------------------------------------------------------------------


def test_get_session_token_defaults_to_twelve_hours_and_keeps_the_users_identity(world: World) -> None:
    sam = world.user("sam", policies=[allow("sts:AssumeRole")])
    answer = world.client("sts", sam).get_session_token()
    credentials = answer["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert credentials["Expiration"] == world.clock() + timedelta(hours=12)
    session = Keys.of(credentials)
    identity = world.client("sts", session).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{world.account_id}:user/sam"


@pytest.mark.parametrize("seconds", [900, 129600])
def test_get_session_token_accepts_fifteen_minutes_to_thirty_six_hours(world: World, seconds: int) -> None:
    sam = world.user("sam")
    answer = world.client("sts", sam).get_session_token(DurationSeconds=seconds)
    assert answer["Credentials"]["Expiration"] == world.clock() + timedelta(seconds=seconds)


@pytest.mark.parametrize("seconds", [899, 129601])
def test_get_session_token_refuses_durations_outside_the_range(world: World, seconds: int) -> None:
    import boto3
    from botocore.config import Config

    sam = world.user("sam")
    sts = boto3.client(
        "sts",
        endpoint_url=world.endpoint,
        region_name="us-east-1",
        aws_access_key_id=sam.access_key_id,
        aws_secret_access_key=sam.secret_access_key,
        config=Config(signature_version=world.signature_version, parameter_validation=False),
    )
    with pytest.raises(ClientError) as refused:
        sts.get_session_token(DurationSeconds=seconds)
    assert error_of(refused)[0] == "ValidationError"


def test_the_roots_session_token_is_clamped_to_one_hour(world: World) -> None:
    answer = world.client("sts").get_session_token(DurationSeconds=7200)
    assert answer["Credentials"]["Expiration"] == world.clock() + timedelta(hours=1)
    assert world.client("sts").get_session_token()["Credentials"]["Expiration"] == world.clock() + timedelta(
        hours=1
    )
    root_session = Keys.of(answer["Credentials"])
    assert (
        world.client("sts", root_session).get_caller_identity()["Arn"]
        == f"arn:aws:iam::{world.account_id}:root"
    )


def test_a_session_token_with_mfa_satisfies_mfa_conditions(world: World) -> None:
    from hatrack.credentials.totp import totp_code

    sam = world.user(
        "sam", policies=[allow("iam:ListUsers", condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})]
    )
    serial, seed = world.mfa_device("sam")
    world.clock.advance(seconds=30)
    with_mfa = world.client("sts", sam).get_session_token(
        SerialNumber=serial, TokenCode=totp_code(seed, world.clock())
    )
    assert world.client("iam", Keys.of(with_mfa["Credentials"])).list_users()["Users"]
    without_mfa = world.client("sts", sam).get_session_token()
    with pytest.raises(ClientError) as refused:
        world.client("iam", Keys.of(without_mfa["Credentials"])).list_users()
    assert error_of(refused)[0] == "AccessDenied"
    with pytest.raises(ClientError) as long_term:
        world.client("iam", sam).list_users()
    assert error_of(long_term)[0] == "AccessDenied"


def test_a_wrong_mfa_code_for_get_session_token_is_access_denied(world: World) -> None:
    sam = world.user("sam")
    serial, _ = world.mfa_device("sam")
    with pytest.raises(ClientError) as refused:
        world.client("sts", sam).get_session_token(SerialNumber=serial, TokenCode="000000")
    code, message = error_of(refused)
    assert code == "AccessDenied"
    assert message.startswith("MultiFactorAuthentication failed, unable to validate MFA code.")


def test_session_token_credentials_may_assume_a_role_but_not_call_other_sts_operations(world: World) -> None:
    role_arn = world.role("Target", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/sam"}))
    sam = world.user("sam", policies=[allow("sts:*")])
    session = Keys.of(world.client("sts", sam).get_session_token()["Credentials"])
    sts = world.client("sts", session)
    assert sts.assume_role(RoleArn=role_arn, RoleSessionName="via-session")["Credentials"]
    with pytest.raises(ClientError) as refused:
        sts.get_session_token()
    assert error_of(refused) == ("AccessDenied", "Cannot call GetSessionToken with session credentials")
    with pytest.raises(ClientError) as federation:
        sts.get_federation_token(Name="fed-user")
    assert error_of(federation) == ("AccessDenied", "Cannot call GetFederationToken with session credentials")


def test_role_credentials_cannot_get_session_or_federation_tokens(world: World) -> None:
    role_arn = world.role(
        "Powerful", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/sam"}), policies=[allow("*")]
    )
    sam = world.user("sam")
    hat = Keys.of(world.client("sts", sam).assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"])
    for call in ("get_session_token", "get_federation_token"):
        with pytest.raises(ClientError) as refused:
            method = getattr(world.client("sts", hat), call)
            method(**({"Name": "fed"} if call == "get_federation_token" else {}))
        assert error_of(refused)[0] == "AccessDenied"


# --- GetFederationToken ----------------------------------------------------------------------------


def broker(world: World) -> Keys:
    return world.user("broker", policies=[allow("sts:GetFederationToken", "iam:ListUsers", "iam:ListRoles")])


def test_a_federated_user_has_the_intersection_of_the_brokers_and_the_session_policies(world: World) -> None:
    keys = broker(world)
    answer = world.client("sts", keys).get_federation_token(
        Name="web-visitor", Policy=json.dumps(allow("iam:ListUsers", "iam:CreateUser"))
    )
    assert answer["FederatedUser"] == {
        "FederatedUserId": f"{world.account_id}:web-visitor",
        "Arn": f"arn:aws:sts::{world.account_id}:federated-user/web-visitor",
    }
    assert answer["Credentials"]["Expiration"] == world.clock() + timedelta(hours=12)
    assert 0 < answer["PackedPolicySize"] <= 100
    federated = Keys.of(answer["Credentials"])
    identity = world.client("sts", federated).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{world.account_id}:federated-user/web-visitor"
    assert identity["UserId"] == f"{world.account_id}:web-visitor"


def test_federated_credentials_cannot_call_other_sts_operations(world: World) -> None:
    keys = broker(world)
    federated = Keys.of(
        world.client("sts", keys).get_federation_token(Name="visitor", Policy=json.dumps(allow("*")))[
            "Credentials"
        ]
    )
    for call in ("get_session_token", "get_access_key_info"):
        with pytest.raises(ClientError) as sts_refused:
            method = getattr(world.client("sts", federated), call)
            method(**({"AccessKeyId": keys.access_key_id} if call == "get_access_key_info" else {}))
        assert error_of(sts_refused)[0] == "AccessDenied"


def test_federated_credentials_cannot_call_iam(world: World) -> None:
    keys = broker(world)
    federated = Keys.of(
        world.client("sts", keys).get_federation_token(Name="visitor", Policy=json.dumps(allow("*")))[
            "Credentials"
        ]
    )
    with pytest.raises(ClientError) as iam_refused:
        world.client("iam", federated).list_users()
    assert error_of(iam_refused)[0] == "AccessDenied"


def test_session_token_credentials_cannot_call_iam_without_mfa(world: World) -> None:
    sam = world.user("sam", policies=[allow("iam:ListUsers")])
    assert world.client("iam", sam).list_users()["Users"]
    session = Keys.of(world.client("sts", sam).get_session_token()["Credentials"])
    with pytest.raises(ClientError) as refused:
        world.client("iam", session).list_users()
    assert error_of(refused)[0] == "AccessDenied"


def test_session_token_credentials_with_mfa_may_call_iam(world: World) -> None:
    from hatrack.credentials.totp import totp_code

    sam = world.user("sam", policies=[allow("iam:ListUsers")])
    serial, seed = world.mfa_device("sam")
    world.clock.advance(seconds=30)
    answer = world.client("sts", sam).get_session_token(
        SerialNumber=serial, TokenCode=totp_code(seed, world.clock())
    )
    assert world.client("iam", Keys.of(answer["Credentials"])).list_users()["Users"]


def test_get_federation_token_needs_permission(world: World) -> None:
    nobody = world.user("nobody")
    with pytest.raises(ClientError) as refused:
        world.client("sts", nobody).get_federation_token(Name="visitor")
    code, message = error_of(refused)
    assert code == "AccessDenied"
    assert (
        f"sts:GetFederationToken on resource: arn:aws:sts::{world.account_id}:federated-user/visitor"
        in message
    )


def test_federation_durations_and_the_roots_one_hour_cap(world: World) -> None:
    keys = broker(world)
    answer = world.client("sts", keys).get_federation_token(Name="visitor", DurationSeconds=129600)
    assert answer["Credentials"]["Expiration"] == world.clock() + timedelta(seconds=129600)
    assert "PackedPolicySize" not in answer
    root_answer = world.client("sts").get_federation_token(Name="visitor", DurationSeconds=7200)
    assert root_answer["Credentials"]["Expiration"] == world.clock() + timedelta(hours=1)


def test_federation_session_policy_errors(world: World) -> None:
    keys = broker(world)
    with pytest.raises(ClientError) as malformed:
        world.client("sts", keys).get_federation_token(Name="visitor", Policy='{"Version": "2012-10-17"}')
    assert error_of(malformed)[0] == "MalformedPolicyDocument"


def test_every_kind_of_caller_sees_itself_in_get_caller_identity_even_when_denied_everything(
    world: World,
) -> None:
    deny_all: dict[str, Any] = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}],
    }
    denied = world.user("denied", policies=[deny_all])
    identity = world.client("sts", denied).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{world.account_id}:user/denied"
    assert identity["UserId"].startswith("AIDA")


@pytest.mark.parametrize(
    ("broker_allows", "session_policy", "allowed"),
    [
        (True, allow("cloudtrail:LookupEvents"), True),
        (True, allow("iam:ListUsers"), False),
        (False, allow("cloudtrail:LookupEvents"), False),
        (True, None, False),
    ],
    ids=["both-allow", "session-policy-does-not", "broker-does-not", "no-session-policy-no-permissions"],
)
def test_federated_permissions_are_the_intersection(
    world: World, broker_allows: bool, session_policy: dict[str, Any] | None, allowed: bool
) -> None:
    actions = ["sts:GetFederationToken"] + (["cloudtrail:LookupEvents"] if broker_allows else [])
    keys = world.user("broker", policies=[allow(*actions)])
    extra = {} if session_policy is None else {"Policy": json.dumps(session_policy)}
    federated = Keys.of(
        world.client("sts", keys).get_federation_token(Name="visitor", **extra)["Credentials"]
    )
    trail = world.client("cloudtrail", federated)
    if allowed:
        assert "Events" in trail.lookup_events(MaxResults=1)
    else:
        with pytest.raises(ClientError) as refused:
            trail.lookup_events(MaxResults=1)
        assert refused.value.response["Error"]["Code"] in ("AccessDenied", "AccessDeniedException")
