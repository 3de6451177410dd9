"""A role session's life: it expires, it cannot be forged or moved to another key, it survives keyring
rotation until it expires, and AWS's revocation policy ends it early."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hatrack.sts.revocation import REVOKE_POLICY_NAME, revoke_older_sessions_policy, revoke_role_sessions
from tests.sts.support import Keys, World, allow, trust

EXPIRED = ("ExpiredToken", "The security token included in the request is expired")
INVALID = ("InvalidClientTokenId", "The security token included in the request is invalid")


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def analyst(world: World, **options: Any) -> tuple[Keys, str]:
    role_arn = world.role(
        "SecurityAnalystRole",
        trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/alice"}),
        policies=[allow("iam:ListUsers")],
        **options,
    )
    return world.user("alice"), role_arn


def wear(world: World, keys: Keys, role_arn: str, **extra: Any) -> tuple[Keys, dict[str, Any]]:
    answer = world.client("sts", keys).assume_role(RoleArn=role_arn, RoleSessionName="s1", **extra)
    return Keys.of(answer["Credentials"]), answer


def test_a_session_works_until_its_expiration_and_is_expired_token_from_then_on(world: World) -> None:
    alice, role_arn = analyst(world)
    hat, answer = wear(world, alice, role_arn, DurationSeconds=900)
    expiration = answer["Credentials"]["Expiration"]
    world.clock.now = expiration - timedelta(seconds=1)
    assert world.client("iam", hat).list_users()["Users"]
    world.clock.now = expiration
    with pytest.raises(ClientError) as expired:
        world.client("iam", hat).list_users()
    assert error_of(expired) == EXPIRED
    assert expired.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(ClientError) as identity:  # not even GetCallerIdentity
        world.client("sts", hat).get_caller_identity()
    assert error_of(identity) == EXPIRED
    assert world.client("sts", alice).get_caller_identity()["Arn"].endswith(":user/alice")


def test_an_altered_token_is_invalid_client_token_id(world: World) -> None:
    alice, role_arn = analyst(world)
    hat, _ = wear(world, alice, role_arn)
    assert hat.session_token is not None
    raw = bytearray(base64.b64decode(hat.session_token))
    raw[len(raw) // 2] ^= 0x01
    forged = Keys(hat.access_key_id, hat.secret_access_key, base64.b64encode(bytes(raw)).decode())
    with pytest.raises(ClientError) as refused:
        world.client("sts", forged).get_caller_identity()
    assert error_of(refused) == INVALID


def test_a_token_presented_with_another_key_id_is_invalid_client_token_id(world: World) -> None:
    alice, role_arn = analyst(world)
    first, _ = wear(world, alice, role_arn)
    second, _ = wear(world, alice, role_arn)
    swapped = Keys(second.access_key_id, second.secret_access_key, first.session_token)
    with pytest.raises(ClientError) as refused:
        world.client("sts", swapped).get_caller_identity()
    assert error_of(refused) == INVALID


def test_a_temporary_key_without_its_token_is_invalid_client_token_id(world: World) -> None:
    alice, role_arn = analyst(world)
    hat, _ = wear(world, alice, role_arn)
    with pytest.raises(ClientError) as refused:
        world.client("sts", Keys(hat.access_key_id, hat.secret_access_key)).get_caller_identity()
    assert error_of(refused)[0] == "InvalidClientTokenId"


def test_a_token_signed_with_the_wrong_secret_is_signature_does_not_match(world: World) -> None:
    alice, role_arn = analyst(world)
    hat, _ = wear(world, alice, role_arn)
    wrong = Keys(hat.access_key_id, "A" * 40, hat.session_token)
    with pytest.raises(ClientError) as refused:
        world.client("sts", wrong).get_caller_identity()
    assert error_of(refused)[0] == "SignatureDoesNotMatch"


def test_keyring_rotation_keeps_older_sessions_valid_until_they_expire(world: World) -> None:
    alice, role_arn = analyst(world)
    before, answer = wear(world, alice, role_arn)
    keyring = world.services.keyring
    assert before.session_token is not None
    old_key_id = keyring.sealed_key_id(base64.b64decode(before.session_token))
    keyring.rotate()
    after, _ = wear(world, alice, role_arn)
    assert after.session_token is not None
    assert keyring.sealed_key_id(base64.b64decode(after.session_token)) != old_key_id
    assert world.client("iam", before).list_users()["Users"]
    assert world.client("iam", after).list_users()["Users"]
    world.clock.now = answer["Credentials"]["Expiration"]
    with pytest.raises(ClientError) as expired:
        world.client("iam", before).list_users()
    assert error_of(expired) == EXPIRED


def test_verifying_a_session_token_reads_no_database(world: World, tmp_path: Any) -> None:
    """The authenticator opens a session with the keyring alone: give it a database that cannot open."""
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    from hatrack.api.authentication import Authenticator
    from hatrack.sigv4.request import HttpRequest
    from hatrack.sigv4.verify import read_signature_claim
    from hatrack.store.db import Database

    alice, role_arn = analyst(world)
    hat, answer = wear(world, alice, role_arn)
    unreachable = Database(f"sqlite+pysqlite:///{tmp_path / 'missing' / 'nowhere.db'}")
    authenticator = Authenticator(unreachable, world.services.keyring)
    request = AWSRequest(
        method="POST",
        url="http://sts.local/",
        data=b"Action=GetCallerIdentity&Version=2011-06-15",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    botocore.auth.SigV4Auth(
        Credentials(hat.access_key_id, hat.secret_access_key, hat.session_token), "sts", "us-east-1"
    ).add_auth(request)
    prepared = request.prepare()
    http_request = HttpRequest(
        method="POST",
        path="/",
        query_string="",
        headers=(*tuple((key, str(value)) for key, value in prepared.headers.items()), ("host", "sts.local")),
        body=prepared.body if isinstance(prepared.body, bytes) else str(prepared.body).encode(),
    )
    now = datetime.now(UTC)
    claim = read_signature_claim(http_request, now=now, services=frozenset({"sts"}))
    caller = authenticator.authenticate(http_request, claim, now=now).caller
    assert caller.arn == answer["AssumedRoleUser"]["Arn"]
    assert caller.session is not None and caller.session.role_name == "SecurityAnalystRole"


# --- revocation ---------------------------------------------------------------------------------------


def test_aws_revoke_older_sessions_policy_denies_sessions_issued_before_it(world: World) -> None:
    alice, role_arn = analyst(world)
    old, _ = wear(world, alice, role_arn)
    world.clock.advance(seconds=5)
    world.put_role_policy(
        "SecurityAnalystRole", REVOKE_POLICY_NAME, revoke_older_sessions_policy(world.clock())
    )
    with pytest.raises(ClientError) as revoked:
        world.client("iam", old).list_users()
    code, message = error_of(revoked)
    assert code == "AccessDenied"
    assert message.endswith("with an explicit deny in an identity-based policy")
    world.clock.advance(seconds=1)
    fresh, _ = wear(world, alice, role_arn)
    assert world.client("iam", fresh).list_users()["Users"]


def test_the_console_form_of_the_revocation_policy_works_too(world: World) -> None:
    """AWS's own document, as the console writes it (second precision, list-valued Action)."""
    alice, role_arn = analyst(world)
    old, _ = wear(world, alice, role_arn)
    world.clock.advance(seconds=2)
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Action": ["*"],
                "Resource": ["*"],
                "Condition": {
                    "DateLessThan": {"aws:TokenIssueTime": world.clock().strftime("%Y-%m-%dT%H:%M:%SZ")}
                },
            }
        ],
    }
    world.put_role_policy("SecurityAnalystRole", "AWSRevokeOlderSessions", json.dumps(document))
    with pytest.raises(ClientError) as revoked:
        world.client("iam", old).list_users()
    assert error_of(revoked)[0] == "AccessDenied"


def test_revoke_role_sessions_cuts_off_every_earlier_session_of_the_role_only(world: World) -> None:
    alice, role_arn = analyst(world)
    other_arn = world.role(
        "Other",
        trust=trust({"AWS": f"arn:aws:iam::{world.account_id}:user/alice"}),
        policies=[allow("iam:ListUsers")],
    )
    old, _ = wear(world, alice, role_arn)
    other, _ = wear(world, alice, other_arn)
    world.clock.advance(seconds=1)
    with world.setup() as conn:
        revoked_arn = revoke_role_sessions(
            conn, world.account_id, "SecurityAnalystRole", now=world.clock(), partition="aws"
        )
    assert revoked_arn == role_arn
    with pytest.raises(ClientError) as refused:
        world.client("iam", old).list_users()
    assert error_of(refused)[0] == "AccessDenied"
    assert world.client("iam", other).list_users()["Users"]
    assert world.client("sts", old).get_caller_identity()["Arn"].endswith("/SecurityAnalystRole/s1")
    world.clock.advance(seconds=1)
    fresh, _ = wear(world, alice, role_arn)
    assert world.client("iam", fresh).list_users()["Users"]


def test_revoking_an_unknown_role_is_no_such_entity(world: World) -> None:
    from hatrack.errors import NoSuchEntity

    with world.setup() as conn, pytest.raises(NoSuchEntity):
        revoke_role_sessions(conn, world.account_id, "Nope", now=world.clock(), partition="aws")
