"""Wrong MFA codes back off (hatrack.iam.mfa_throttle): six digits cannot be brute-forced through
GetSessionToken, AssumeRole, EnableMFADevice or ResyncMFADevice, and the owner is delayed, never locked
out. The clock is the server's and is moved by the test; nothing sleeps."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from botocore.exceptions import ClientError

from hatrack.iam.mfa_throttle import FORGET_AFTER, FREE_FAILURES
from tests.sts.support import Keys, World, allow, trust


def wrong_code(right: str) -> str:
    return "000000" if right != "000000" else "111111"


def code_at(seed: bytes, moment: datetime) -> str:
    from hatrack.credentials.totp import totp_code

    return totp_code(seed, moment)


def session_token(world: World, keys: Keys, serial: str, code: str) -> str:
    """The error code of GetSessionToken with this MFA code, or "ok"."""
    try:
        world.client("sts", keys).get_session_token(SerialNumber=serial, TokenCode=code)
    except ClientError as refused:
        return str(refused.response["Error"]["Code"])
    return "ok"


def test_after_five_wrong_codes_even_the_right_code_waits_for_the_back_off(world: World) -> None:
    ivy = world.user("ivy")
    serial, seed = world.mfa_device("ivy")
    world.clock.advance(seconds=60)
    for _ in range(FREE_FAILURES):
        assert session_token(world, ivy, serial, wrong_code(code_at(seed, world.clock()))) == "AccessDenied"
    # The sixth wrong code closes the door for 30 s: the right code is refused meanwhile ...
    assert session_token(world, ivy, serial, wrong_code(code_at(seed, world.clock()))) == "AccessDenied"
    world.clock.advance(seconds=20)
    assert session_token(world, ivy, serial, code_at(seed, world.clock())) == "AccessDenied"
    # ... and accepted once the back-off has passed (the owner is delayed, not locked out).
    world.clock.advance(seconds=11)
    assert session_token(world, ivy, serial, code_at(seed, world.clock())) == "ok"
    # An accepted code forgets the failures: a wrong code now costs nothing again.
    world.clock.advance(seconds=30)
    assert session_token(world, ivy, serial, wrong_code(code_at(seed, world.clock()))) == "AccessDenied"
    world.clock.advance(seconds=30)
    assert session_token(world, ivy, serial, code_at(seed, world.clock())) == "ok"


def test_the_back_off_grows_and_failures_are_forgotten_after_an_hour(world: World) -> None:
    ivy = world.user("ivy")
    serial, seed = world.mfa_device("ivy")
    world.clock.advance(seconds=60)
    for _ in range(FREE_FAILURES + 3):  # the 6th, 7th, 8th close for 30 s, 1 min, 2 min
        world.clock.advance(seconds=61)
        assert session_token(world, ivy, serial, wrong_code(code_at(seed, world.clock()))) == "AccessDenied"
    world.clock.advance(seconds=90)
    assert session_token(world, ivy, serial, code_at(seed, world.clock())) == "AccessDenied"
    world.clock.advance(seconds=FORGET_AFTER.total_seconds())
    assert session_token(world, ivy, serial, code_at(seed, world.clock())) == "ok"


def test_assume_role_codes_share_the_back_off(world: World) -> None:
    role_arn = world.role(
        "Guarded",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:user/ivy"},
            condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        ),
    )
    ivy = world.user("ivy")
    serial, seed = world.mfa_device("ivy")
    world.clock.advance(seconds=60)
    sts = world.client("sts", ivy)
    for _ in range(FREE_FAILURES + 1):
        with pytest.raises(ClientError) as wrong:
            sts.assume_role(
                RoleArn=role_arn,
                RoleSessionName="s1",
                SerialNumber=serial,
                TokenCode=wrong_code(code_at(seed, world.clock())),
            )
        assert wrong.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(ClientError) as waiting:
        sts.assume_role(
            RoleArn=role_arn,
            RoleSessionName="s1",
            SerialNumber=serial,
            TokenCode=code_at(seed, world.clock()),
        )
    assert waiting.value.response["Error"] == {
        "Type": "Sender",
        "Code": "AccessDenied",
        "Message": "MultiFactorAuthentication failed with invalid MFA one time pass code.",
    }
    # GetSessionToken with the same device is closed too (the budget is the device's and the user's).
    assert session_token(world, ivy, serial, code_at(seed, world.clock())) == "AccessDenied"
    world.clock.advance(seconds=61)
    answer = sts.assume_role(
        RoleArn=role_arn, RoleSessionName="s1", SerialNumber=serial, TokenCode=code_at(seed, world.clock())
    )
    assert answer["Credentials"]["AccessKeyId"].startswith("ASIA")


def test_another_users_wrong_codes_cannot_lock_the_owner_out(world: World) -> None:
    ivy = world.user("ivy")
    mallory = world.user("mallory", policies=[allow("sts:GetSessionToken")])
    serial, seed = world.mfa_device("ivy")
    world.clock.advance(seconds=60)
    for _ in range(FREE_FAILURES * 3):
        assert (
            session_token(world, mallory, serial, wrong_code(code_at(seed, world.clock()))) == "AccessDenied"
        )
    assert session_token(world, ivy, serial, code_at(seed, world.clock())) == "ok"


def test_enable_mfa_device_backs_off_after_wrong_code_pairs(world: World) -> None:
    from hatrack.credentials.totp import totp_secret_from_base32

    world.user("ivy")
    iam = world.client("iam", world.root)
    created = iam.create_virtual_mfa_device(VirtualMFADeviceName="ivy-phone")["VirtualMFADevice"]
    serial = created["SerialNumber"]
    seed = totp_secret_from_base32(created["Base32StringSeed"].decode("ascii"))

    def enable(first: str, second: str) -> str:
        try:
            iam.enable_mfa_device(
                UserName="ivy", SerialNumber=serial, AuthenticationCode1=first, AuthenticationCode2=second
            )
        except ClientError as refused:
            return str(refused.response["Error"]["Code"])
        return "ok"

    for _ in range(FREE_FAILURES + 1):
        assert enable("000000", "000000") == "InvalidAuthenticationCode"
    now = world.clock()
    previous, current = code_at(seed, now - timedelta(seconds=30)), code_at(seed, now)
    assert enable(previous, current) == "InvalidAuthenticationCode"
    world.clock.advance(seconds=61)
    now = world.clock()
    assert enable(code_at(seed, now - timedelta(seconds=30)), code_at(seed, now)) == "ok"
