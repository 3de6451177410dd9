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
    answer: dict[str, Any] = sts.assume_role(
        RoleArn=role_arn, RoleSessionName=extra.pop("name", "s1"), **extra
    )
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
    assert message.startswith(
        f"User: {answer['AssumedRoleUser']['Arn']} is not authorized to perform: iam:CreateUser"
    )


def test_switching_back_is_using_the_original_keys_again(world: World) -> None:
    alice, role_arn = analyst_setup(world)
    hat = Keys.of(assume(world, alice, role_arn)["Credentials"])
    assert world.client("iam", hat).list_users()["Users"]
    own = world.client("iam", alice)
    with pytest.raises(ClientError) as refused:
        own.list_users()
    assert error_of(refused)[0] == "AccessDenied"
    assert (
        world.client("sts", alice).get_caller_identity()["Arn"]
        == f"arn:aws:iam::{world.account_id}:user/alice"
    )


def test_a_role_session_never_has_the_permissions_of_the_user_who_assumed_it(world: World) -> None:
    role_arn = f"arn:aws:iam::{world.account_id}:role/Narrow"
    bob = world.user("bob", policies=[allow("sts:AssumeRole", "iam:ListRoles", "iam:ListUsers")])
    world.role(
        "Narrow",
        trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/bob"}),
        policies=[allow("iam:ListRoles")],
    )
    hat = Keys.of(assume(world, bob, role_arn)["Credentials"])
    assert world.client("iam", hat).list_roles()["Roles"]
    with pytest.raises(ClientError) as refused:
        world.client("iam", hat).list_users()
    assert error_of(refused)[0] == "AccessDenied"


# --- who may assume: the trust policy and the caller's own policies --------------------------------


def test_a_trust_policy_that_does_not_name_the_caller_refuses_it(world: World) -> None:
    role_arn = world.role("Private", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/somebody"}))
    carol = world.user("carol", policies=[allow("sts:AssumeRole")])
    with pytest.raises(ClientError) as refused:
        assume(world, carol, role_arn)
    assert error_of(refused) == (
        "AccessDenied",
        f"User: arn:aws:iam::{world.account_id}:user/carol is not authorized to perform: sts:AssumeRole "
        f"on resource: {role_arn} because no role trust policy allows the sts:AssumeRole action",
    )


def test_an_unknown_role_is_refused_exactly_like_an_untrusting_one(world: World) -> None:
    carol = world.user("carol", policies=[allow("sts:AssumeRole")])
    world.role("Private", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/somebody"}))
    messages = []
    for name in ("Private", "DoesNotExist"):
        arn = f"arn:aws:iam::{world.account_id}:role/{name}"
        with pytest.raises(ClientError) as refused:
            assume(world, carol, arn)
        code, message = error_of(refused)
        assert code == "AccessDenied"
        messages.append(message.replace(arn, "ROLE"))
    assert messages[0] == messages[1]


def test_a_trust_naming_the_account_needs_the_callers_own_permission(world: World) -> None:
    role_arn = world.role("Shared", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:root"}))
    dave = world.user("dave")
    with pytest.raises(ClientError) as refused:
        assume(world, dave, role_arn)
    assert error_of(refused)[1].endswith("because no identity-based policy allows the sts:AssumeRole action")
    erin = world.user("erin", policies=[allow("sts:AssumeRole", resource=role_arn)])
    assert assume(world, erin, role_arn)["Credentials"]["AccessKeyId"].startswith("ASIA")


def test_a_trust_naming_the_user_itself_needs_no_identity_policy(world: World) -> None:
    role_arn = world.role("Direct", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/frank"}))
    frank = world.user("frank")
    assert assume(world, frank, role_arn)["AssumedRoleUser"]["Arn"].endswith(":assumed-role/Direct/s1")


def test_an_explicit_deny_in_the_callers_policy_wins_over_the_trust_policy(world: World) -> None:
    role_arn = world.role("Direct", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/gina"}))
    gina = world.user(
        "gina",
        policies=[
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sts:*", "Resource": "*"}]}
        ],
    )
    with pytest.raises(ClientError) as refused:
        assume(world, gina, role_arn)
    assert error_of(refused)[1].endswith("with an explicit deny in an identity-based policy")


def test_the_account_root_may_not_assume_roles_even_when_the_trust_policy_names_it(world: World) -> None:
    trusted = world.role("RootTrusted", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:root"}))
    with pytest.raises(ClientError) as refused:
        assume(world, world.root, trusted)
    assert error_of(refused) == ("AccessDenied", "Roles may not be assumed by root accounts.")
    # Nor may the root's own GetSessionToken session.
    session = Keys.of(world.client("sts", world.root).get_session_token()["Credentials"])
    with pytest.raises(ClientError) as refused_again:
        assume(world, session, trusted)
    assert error_of(refused_again) == ("AccessDenied", "Roles may not be assumed by root accounts.")


@pytest.mark.parametrize(
    ("external_id", "allowed"), [(None, False), ("wrong-id", False), ("partner-7781", True)]
)
def test_a_trust_policy_can_require_an_external_id(
    world: World, external_id: str | None, allowed: bool
) -> None:
    role_arn = world.role(
        "ThirdParty",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:user/vendor"},
            condition={"StringEquals": {"sts:ExternalId": "partner-7781"}},
        ),
    )
    vendor = world.user("vendor")
    extra = {} if external_id is None else {"ExternalId": external_id}
    if allowed:
        assert assume(world, vendor, role_arn, **extra)["Credentials"]
    else:
        with pytest.raises(ClientError) as refused:
            assume(world, vendor, role_arn, **extra)
        assert error_of(refused)[0] == "AccessDenied"


def test_a_trust_policy_can_pin_the_role_session_name(world: World) -> None:
    role_arn = world.role(
        "Named",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:user/hank"},
            condition={"StringLike": {"sts:RoleSessionName": "${aws:username}"}},
        ),
    )
    hank = world.user("hank")
    assert assume(world, hank, role_arn, name="hank")["Credentials"]
    with pytest.raises(ClientError) as refused:
        assume(world, hank, role_arn, name="someone-else")
    assert error_of(refused)[0] == "AccessDenied"


def test_trust_conditions_see_the_principal_arn_account_and_tags(world: World) -> None:
    role_arn = world.role(
        "TeamRole",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:root"},
            condition={
                "StringEquals": {"aws:PrincipalTag/team": "blue", "aws:PrincipalAccount": world.account_id},
                "ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{world.account_id}:user/*"},
                "IpAddress": {"aws:SourceIp": "127.0.0.0/8"},
            },
        ),
    )
    blue = world.user("blue-user", policies=[allow("sts:AssumeRole")])
    red = world.user("red-user", policies=[allow("sts:AssumeRole")])
    from hatrack.iam.users import tag_user

    with world.setup() as conn:
        tag_user(conn, world.account_id, "blue-user", [("team", "blue")])
        tag_user(conn, world.account_id, "red-user", [("team", "red")])
    assert assume(world, blue, role_arn)["Credentials"]
    with pytest.raises(ClientError) as refused:
        assume(world, red, role_arn)
    assert error_of(refused)[0] == "AccessDenied"


# --- MFA -------------------------------------------------------------------------------------------


def mfa_role(world: World) -> str:
    return world.role(
        "Guarded",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:user/ivy"},
            condition={
                "Bool": {"aws:MultiFactorAuthPresent": "true"},
                "NumericLessThan": {"aws:MultiFactorAuthAge": "300"},
            },
        ),
        policies=[allow("iam:ListUsers")],
    )


def test_a_role_that_requires_mfa_is_assumed_with_a_valid_code(world: World) -> None:
    from hatrack.credentials.totp import totp_code

    role_arn = mfa_role(world)
    ivy = world.user("ivy")
    serial, seed = world.mfa_device("ivy")
    with pytest.raises(ClientError) as refused:
        assume(world, ivy, role_arn)
    assert error_of(refused)[0] == "AccessDenied"
    world.clock.advance(seconds=30)
    answer = assume(world, ivy, role_arn, SerialNumber=serial, TokenCode=totp_code(seed, world.clock()))
    hat = Keys.of(answer["Credentials"])
    assert world.client("iam", hat).list_users()["Users"]


def test_a_wrong_or_replayed_mfa_code_is_access_denied(world: World) -> None:
    from hatrack.credentials.totp import totp_code

    role_arn = mfa_role(world)
    ivy = world.user("ivy")
    serial, seed = world.mfa_device("ivy")
    world.clock.advance(seconds=30)
    code = totp_code(seed, world.clock())
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ClientError) as refused:
        assume(world, ivy, role_arn, SerialNumber=serial, TokenCode=wrong)
    assert error_of(refused) == (
        "AccessDenied",
        "MultiFactorAuthentication failed with invalid MFA one time pass code.",
    )
    assert assume(world, ivy, role_arn, SerialNumber=serial, TokenCode=code)["Credentials"]
    with pytest.raises(ClientError) as replayed:
        assume(world, ivy, role_arn, SerialNumber=serial, TokenCode=code)
    assert error_of(replayed)[0] == "AccessDenied"


def test_a_serial_number_without_a_code_is_access_denied(world: World) -> None:
    role_arn = mfa_role(world)
    ivy = world.user("ivy")
    serial, _ = world.mfa_device("ivy")
    with pytest.raises(ClientError) as refused:
        assume(world, ivy, role_arn, SerialNumber=serial)
    assert error_of(refused) == (
        "AccessDenied",
        "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.",
    )


def test_another_users_mfa_device_does_not_count(world: World) -> None:
    from hatrack.credentials.totp import totp_code

    role_arn = mfa_role(world)
    ivy = world.user("ivy")
    world.user("jack")
    serial, seed = world.mfa_device("jack")
    world.clock.advance(seconds=30)
    with pytest.raises(ClientError) as refused:
        assume(world, ivy, role_arn, SerialNumber=serial, TokenCode=totp_code(seed, world.clock()))
    assert error_of(refused)[0] == "AccessDenied"


# --- durations and role chaining ------------------------------------------------------------------


def self_trusting_role(world: World, name: str, **options: Any) -> str:
    return world.role(name, trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/kim"}), **options)


def test_duration_defaults_to_one_hour_and_may_reach_the_roles_maximum(world: World) -> None:
    role_arn = self_trusting_role(world, "Long", max_session_duration=7200)
    kim = world.user("kim")
    now = world.clock()
    assert assume(world, kim, role_arn)["Credentials"]["Expiration"] == now + timedelta(seconds=3600)
    assert assume(world, kim, role_arn, DurationSeconds=900)["Credentials"]["Expiration"] == now + timedelta(
        seconds=900
    )
    assert assume(world, kim, role_arn, DurationSeconds=7200)["Credentials"]["Expiration"] == now + timedelta(
        hours=2
    )


def test_a_duration_above_the_roles_maximum_is_a_validation_error(world: World) -> None:
    role_arn = self_trusting_role(world, "Short")
    kim = world.user("kim")
    with pytest.raises(ClientError) as refused:
        assume(world, kim, role_arn, DurationSeconds=3601)
    assert error_of(refused) == (
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    )


@pytest.mark.parametrize(
    ("seconds", "message"),
    [
        (899, "Member must have value greater than or equal to 900"),
        (43201, "Member must have value less than or equal to 43200"),
    ],
)
def test_a_duration_outside_the_models_range_is_a_validation_error(
    world: World, seconds: int, message: str
) -> None:
    role_arn = self_trusting_role(world, "Any", max_session_duration=43200)
    kim = world.user("kim")
    sts = unvalidated_sts(world, kim)
    with pytest.raises(ClientError) as refused:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="s1", DurationSeconds=seconds)
    code, text = error_of(refused)
    assert code == "ValidationError"
    assert text.startswith("1 validation error detected: ") and text.endswith(message)


def unvalidated_sts(world: World, keys: Keys) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "sts",
        endpoint_url=world.endpoint,
        region_name="us-east-1",
        aws_access_key_id=keys.access_key_id,
        aws_secret_access_key=keys.secret_access_key,
        aws_session_token=keys.session_token,
        config=Config(
            signature_version=world.signature_version, parameter_validation=False, retries={"max_attempts": 1}
        ),
    )


def chain_setup(world: World) -> tuple[Keys, str, str]:
    """user -> RoleA (up to 12 hours) -> RoleB (up to 12 hours)."""
    role_a = world.role(
        "RoleA",
        trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/lee"}),
        policies=[allow("sts:AssumeRole", resource=f"arn:aws:iam::{world.account_id}:role/RoleB")],
        max_session_duration=43200,
    )
    role_b = world.role(
        "RoleB",
        trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:role/RoleA"}),
        policies=[allow("iam:ListRoles")],
        max_session_duration=43200,
    )
    return world.user("lee"), role_a, role_b


def test_a_chain_user_to_role_a_to_role_b_is_capped_at_one_hour(world: World) -> None:
    lee, role_a, role_b = chain_setup(world)
    first = assume(world, lee, role_a, DurationSeconds=43200)
    assert first["Credentials"]["Expiration"] == world.clock() + timedelta(hours=12)
    hat_a = Keys.of(first["Credentials"])
    second = assume(world, hat_a, role_b, name="hop2")
    assert second["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{world.account_id}:assumed-role/RoleB/hop2"
    assert second["Credentials"]["Expiration"] == world.clock() + timedelta(hours=1)
    hat_b = Keys.of(second["Credentials"])
    assert world.client("iam", hat_b).list_roles()["Roles"]
    with pytest.raises(ClientError) as refused:
        assume(world, hat_a, role_b, DurationSeconds=3601)
    assert error_of(refused) == (
        "ValidationError",
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    )


def test_role_b_sees_role_a_session_not_the_user(world: World) -> None:
    lee, role_a, role_b = chain_setup(world)
    hat_a = Keys.of(assume(world, lee, role_a)["Credentials"])
    hat_b = Keys.of(assume(world, hat_a, role_b)["Credentials"])
    assert world.client("sts", hat_b).get_caller_identity()["Arn"].endswith(":assumed-role/RoleB/s1")
    with pytest.raises(ClientError) as refused:  # the user itself is not trusted by RoleB
        assume(world, lee, role_b)
    assert error_of(refused)[0] == "AccessDenied"


# --- session policies -----------------------------------------------------------------------------


def broad_role(world: World) -> str:
    return world.role(
        "Broad",
        trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/max"}),
        policies=[allow("iam:ListUsers", "iam:ListRoles")],
    )


def test_a_session_policy_narrows_the_roles_permissions(world: World) -> None:
    import json

    role_arn = broad_role(world)
    maxi = world.user("max")
    answer = assume(world, maxi, role_arn, Policy=json.dumps(allow("iam:ListUsers", "iam:CreateUser")))
    assert 0 < answer["PackedPolicySize"] <= 100
    iam = world.client("iam", Keys.of(answer["Credentials"]))
    assert "max" in {user["UserName"] for user in iam.list_users()["Users"]}
    with pytest.raises(ClientError) as narrowed:
        iam.list_roles()
    assert error_of(narrowed)[1].endswith("because no session policy allows the iam:ListRoles action")
    with pytest.raises(ClientError) as not_granted:  # a session policy never adds to the role
        iam.create_user(UserName="nope")
    assert error_of(not_granted)[0] == "AccessDenied"


def test_managed_session_policies_narrow_too(world: World) -> None:
    role_arn = broad_role(world)
    maxi = world.user("max")
    policy_arn = world.managed_policy("OnlyRoles", allow("iam:ListRoles"))
    answer = assume(world, maxi, role_arn, PolicyArns=[{"arn": policy_arn}])
    iam = world.client("iam", Keys.of(answer["Credentials"]))
    assert iam.list_roles()["Roles"]
    with pytest.raises(ClientError) as narrowed:
        iam.list_users()
    assert error_of(narrowed)[0] == "AccessDenied"


def test_an_aws_managed_session_policy_is_found_by_its_arn(world: World) -> None:
    role_arn = broad_role(world)
    maxi = world.user("max")
    answer = assume(world, maxi, role_arn, PolicyArns=[{"arn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}])
    iam = world.client("iam", Keys.of(answer["Credentials"]))
    assert iam.list_roles()["Roles"]


def test_a_malformed_session_policy_is_malformed_policy_document(world: World) -> None:
    role_arn = broad_role(world)
    maxi = world.user("max")
    with pytest.raises(ClientError) as refused:
        assume(world, maxi, role_arn, Policy='{"Version": "2012-10-17", "Statement": [')
    assert error_of(refused)[0] == "MalformedPolicyDocument"


def test_an_unknown_managed_session_policy_is_refused(world: World) -> None:
    role_arn = broad_role(world)
    maxi = world.user("max")
    with pytest.raises(ClientError) as refused:
        assume(world, maxi, role_arn, PolicyArns=[{"arn": f"arn:aws:iam::{world.account_id}:policy/Nope"}])
    assert error_of(refused)[0] == "MalformedPolicyDocument"


def test_more_than_ten_policy_arns_or_a_long_inline_policy_are_validation_errors(world: World) -> None:
    import json

    role_arn = broad_role(world)
    maxi = world.user("max")
    arns = [{"arn": f"arn:aws:iam::{world.account_id}:policy/P{index}"} for index in range(11)]
    with pytest.raises(ClientError) as too_many:
        assume(world, maxi, role_arn, PolicyArns=arns)
    assert error_of(too_many)[0] == "ValidationError"
    long_policy = json.dumps(allow(*[f"iam:Get{'X' * 40}{index}" for index in range(60)]))
    assert len(long_policy) > 2048
    with pytest.raises(ClientError) as too_long:
        assume(world, maxi, role_arn, Policy=long_policy)
    assert error_of(too_long)[0] == "ValidationError"


def test_session_tags_past_the_packed_limit_are_packed_policy_too_large(world: World) -> None:
    import hashlib

    role_arn = world.role(
        "Tagged",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:user/max"}, actions=("sts:AssumeRole", "sts:TagSession")
        ),
    )
    maxi = world.user("max")
    noise = [hashlib.sha256(str(index).encode()).hexdigest() for index in range(100)]
    tags = [{"Key": f"k{index}-{noise[index][:60]}", "Value": noise[index] * 4} for index in range(50)]
    with pytest.raises(ClientError) as refused:
        assume(world, maxi, role_arn, Tags=tags)
    code, message = error_of(refused)
    assert code == "PackedPolicyTooLarge"
    assert message.startswith("Packed size of session tags consumes ") and message.endswith(
        "% of allotted space."
    )


# --- session tags and source identity -------------------------------------------------------------


def tagging_roles(world: World) -> tuple[Keys, str, str]:
    """nina -> Tagger (may pass tags) -> Reader (its policy needs the transitive tag project=apollo)."""
    tagger = world.role(
        "Tagger",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:user/nina"},
            actions=("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"),
        ),
        policies=[
            allow(
                "iam:ListUsers",
                condition={"StringEquals": {"aws:PrincipalTag/project": "apollo"}},
            ),
            allow("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"),
        ],
    )
    reader = world.role(
        "Reader",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:role/Tagger"},
            actions=("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"),
        ),
        policies=[allow("iam:ListRoles", condition={"StringEquals": {"aws:PrincipalTag/project": "apollo"}})],
    )
    return world.user("nina"), tagger, reader


def test_session_tags_become_principal_tags_of_the_session(world: World) -> None:
    nina, tagger, _ = tagging_roles(world)
    tagged = assume(world, nina, tagger, Tags=[{"Key": "project", "Value": "apollo"}])
    assert world.client("iam", Keys.of(tagged["Credentials"])).list_users()["Users"]
    assert tagged["PackedPolicySize"] >= 1
    untagged = assume(world, nina, tagger)
    with pytest.raises(ClientError) as refused:
        world.client("iam", Keys.of(untagged["Credentials"])).list_users()
    assert error_of(refused)[0] == "AccessDenied"


def test_passing_tags_needs_sts_tag_session_in_the_trust_policy(world: World) -> None:
    role_arn = world.role("NoTags", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/nina"}))
    nina = world.user("nina")
    assert assume(world, nina, role_arn)["Credentials"]
    with pytest.raises(ClientError) as refused:
        assume(world, nina, role_arn, Tags=[{"Key": "project", "Value": "apollo"}])
    code, message = error_of(refused)
    assert code == "AccessDenied"
    assert "sts:TagSession" in message


def test_transitive_tags_pass_along_the_chain_and_plain_ones_do_not(world: World) -> None:
    nina, tagger, reader = tagging_roles(world)
    transitive = assume(
        world, nina, tagger, Tags=[{"Key": "project", "Value": "apollo"}], TransitiveTagKeys=["project"]
    )
    hop = assume(world, Keys.of(transitive["Credentials"]), reader)
    assert world.client("iam", Keys.of(hop["Credentials"])).list_roles()["Roles"]

    plain = assume(world, nina, tagger, Tags=[{"Key": "project", "Value": "apollo"}])
    plain_hop = assume(world, Keys.of(plain["Credentials"]), reader)
    with pytest.raises(ClientError) as refused:
        world.client("iam", Keys.of(plain_hop["Credentials"])).list_roles()
    assert error_of(refused)[0] == "AccessDenied"


def test_a_transitive_tag_cannot_be_set_again_later_in_the_chain(world: World) -> None:
    nina, tagger, reader = tagging_roles(world)
    first = assume(
        world, nina, tagger, Tags=[{"Key": "project", "Value": "apollo"}], TransitiveTagKeys=["project"]
    )
    with pytest.raises(ClientError) as refused:
        assume(world, Keys.of(first["Credentials"]), reader, Tags=[{"Key": "Project", "Value": "gemini"}])
    assert error_of(refused)[0] == "ValidationError"


@pytest.mark.parametrize(
    ("tags", "transitive"),
    [
        ([{"Key": "team", "Value": "a"}, {"Key": "Team", "Value": "b"}], []),
        ([{"Key": "team", "Value": "a"}], ["cost-center"]),
    ],
    ids=["duplicate-keys-ignoring-case", "transitive-key-not-among-the-tags"],
)
def test_bad_session_tags_are_validation_errors(
    world: World, tags: list[dict[str, str]], transitive: list[str]
) -> None:
    nina, tagger, _ = tagging_roles(world)
    with pytest.raises(ClientError) as refused:
        assume(world, nina, tagger, Tags=tags, TransitiveTagKeys=transitive)
    assert error_of(refused)[0] == "ValidationError"


def test_more_than_fifty_tags_is_a_validation_error(world: World) -> None:
    nina, tagger, _ = tagging_roles(world)
    tags = [{"Key": f"k{index}", "Value": "v"} for index in range(51)]
    with pytest.raises(ClientError) as refused:
        unvalidated_sts(world, nina).assume_role(RoleArn=tagger, RoleSessionName="s1", Tags=tags)
    assert error_of(refused)[0] == "ValidationError"


def test_the_source_identity_is_set_once_and_kept_through_the_chain(world: World) -> None:
    nina, tagger, reader = tagging_roles(world)
    first = assume(world, nina, tagger, SourceIdentity="nina@example.com")
    assert first["SourceIdentity"] == "nina@example.com"
    hat_a = Keys.of(first["Credentials"])
    second = assume(world, hat_a, reader)
    assert second["SourceIdentity"] == "nina@example.com"
    again = assume(world, hat_a, reader, SourceIdentity="nina@example.com")
    assert again["SourceIdentity"] == "nina@example.com"
    with pytest.raises(ClientError) as refused:
        assume(world, hat_a, reader, SourceIdentity="someone-else")
    assert error_of(refused)[0] == "AccessDenied"


def test_setting_a_source_identity_needs_sts_set_source_identity(world: World) -> None:
    role_arn = world.role("Plain", trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/nina"}))
    nina = world.user("nina")
    with pytest.raises(ClientError) as refused:
        assume(world, nina, role_arn, SourceIdentity="nina")
    assert "sts:SetSourceIdentity" in error_of(refused)[1]


def test_a_trust_policy_can_require_a_source_identity(world: World) -> None:
    role_arn = world.role(
        "Audited",
        trust=trust(
            {"AWS": f"arn:aws:iam::{world.account_id}:user/nina"},
            actions=("sts:AssumeRole", "sts:SetSourceIdentity"),
            condition={"StringLike": {"sts:SourceIdentity": "*@example.com"}},
        ),
    )
    nina = world.user("nina")
    assert assume(world, nina, role_arn, SourceIdentity="nina@example.com")["Credentials"]
    with pytest.raises(ClientError) as refused:
        assume(world, nina, role_arn)
    assert error_of(refused)[0] == "AccessDenied"


# --- across accounts ----------------------------------------------------------------------------------


def test_cross_account_needs_both_the_trust_policy_and_the_callers_policy(world: World) -> None:
    other = world.new_account()
    role_arn = world.role(
        "Partner",
        account_id=other,
        trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:root"}),
        policies=[allow("iam:ListRoles")],
    )
    allowed = world.user("olga", policies=[allow("sts:AssumeRole", resource=role_arn)])
    answer = assume(world, allowed, role_arn)
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{other}:assumed-role/Partner/s1"
    hat = Keys.of(answer["Credentials"])
    identity = world.client("sts", hat).get_caller_identity()
    assert identity["Account"] == other
    roles = world.client("iam", hat).list_roles()["Roles"]
    assert [role["Arn"] for role in roles] == [role_arn]

    without_policy = world.user("pete")
    with pytest.raises(ClientError) as refused:
        assume(world, without_policy, role_arn)
    assert error_of(refused)[1].endswith("because no identity-based policy allows the sts:AssumeRole action")


def test_cross_account_is_refused_when_the_trust_policy_does_not_name_the_account(world: World) -> None:
    other = world.new_account()
    role_arn = world.role("Closed", account_id=other, trust=trust({"AWS": f"arn:aws:iam::{other}:root"}))
    quinn = world.user("quinn", policies=[allow("sts:AssumeRole")])
    with pytest.raises(ClientError) as refused:
        assume(world, quinn, role_arn)
    assert error_of(refused)[0] == "AccessDenied"


def test_a_trust_policy_naming_the_user_of_another_account_still_needs_its_identity_policy(
    world: World,
) -> None:
    other = world.new_account()
    role_arn = world.role(
        "Named", account_id=other, trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/rosa"})
    )
    rosa = world.user("rosa")
    with pytest.raises(ClientError) as refused:
        assume(world, rosa, role_arn)
    assert error_of(refused)[0] == "AccessDenied"
    world.put_user_policy("rosa", allow("sts:AssumeRole", resource=role_arn))
    assert assume(world, rosa, role_arn)["Credentials"]


# --- bad input (AWS_BEHAVIOUR.md rows 74-82) --------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("RoleSessionName", "a", "Member must have length greater than or equal to 2"),
        ("RoleSessionName", "x" * 65, "Member must have length less than or equal to 64"),
        ("RoleSessionName", "has space", "Member must satisfy regular expression pattern"),
        ("RoleSessionName", "a/b", "Member must satisfy regular expression pattern"),
        ("RoleSessionName", "é-name", "Member must satisfy regular expression pattern"),
        ("ExternalId", "a", "Member must have length greater than or equal to 2"),
        ("ExternalId", "x" * 1225, "Member must have length less than or equal to 1224"),
        ("ExternalId", "has space", "Member must satisfy regular expression pattern"),
        ("SerialNumber", "short", "Member must have length greater than or equal to 9"),
        ("TokenCode", "12345", "Member must have length greater than or equal to 6"),
        ("TokenCode", "abcdef", "Member must satisfy regular expression pattern"),
        ("TokenCode", "1234567", "Member must have length less than or equal to 6"),
        ("SourceIdentity", "a", "Member must have length greater than or equal to 2"),
        ("SourceIdentity", "bad name", "Member must satisfy regular expression pattern"),
    ],
)
def test_malformed_parameters_are_validation_errors(
    world: World, field: str, value: str, constraint: str
) -> None:
    role_arn = self_trusting_role(world, "Target")
    kim = world.user("kim")
    params: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": "ok-session", field: value}
    with pytest.raises(ClientError) as refused:
        unvalidated_sts(world, kim).assume_role(**params)
    code, message = error_of(refused)
    assert code == "ValidationError"
    assert constraint in message


def test_a_role_arn_that_is_not_a_role_arn_is_a_validation_error(world: World) -> None:
    kim = world.user("kim")
    with pytest.raises(ClientError) as refused:
        assume(world, kim, f"arn:aws:iam::{world.account_id}:user/kim")
    assert error_of(refused)[0] == "ValidationError"


def test_a_refused_assume_role_changes_nothing_and_the_next_call_works(world: World) -> None:
    role_arn = self_trusting_role(world, "Target")
    kim = world.user("kim")
    with pytest.raises(ClientError):
        assume(world, kim, role_arn, DurationSeconds=7200)
    assert assume(world, kim, role_arn)["Credentials"]
