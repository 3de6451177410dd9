"""Unit tests of the console's pieces: the throttle's schedule, the password check (expiry, hard
expiry, reset, unknown names), console credentials, sealed session state, colours, redirects, the
ConsoleLogin record, and the sign-in token's 15 minutes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hatrack.api.authentication import caller_of_session
from hatrack.audit.events import build_events
from hatrack.audit.sign_in import console_login_record
from hatrack.console.api_client import SessionCredentials
from hatrack.console.pages_roles import color_of
from hatrack.console.sessions import ConsoleSessions, ConsoleState, Hat, WornRole, decode_state, encode_state
from hatrack.console.sign_in import check_password, issue_console_credentials
from hatrack.console.throttle import SignInThrottle, delay_after
from hatrack.credentials.keyring import Keyring
from hatrack.credentials.session_token import open_session_token
from hatrack.iam import login_profiles, users
from hatrack.iam.accounts import create_account
from hatrack.iam.password_policy import update_password_policy
from hatrack.model import Caller, CallerKind, TokenKind
from hatrack.store import console as console_store
from hatrack.store.db import Database
from hatrack.sts.limits import check_credential_limits

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    db: Database
    keyring: Keyring
    account_id: str


@pytest.fixture
def world(tmp_path: Any) -> Iterator[World]:
    db = Database(f"sqlite+pysqlite:///{tmp_path / 'hatrack.db'}")
    db.migrate()
    keyring = Keyring.generate(now=NOW)
    with db.begin() as conn:
        account_id = create_account(conn, keyring, now=NOW).account_id
    yield World(db, keyring, account_id)
    db.dispose()


def _user(world: World, name: str, password: str, *, reset: bool = False) -> None:
    with world.db.begin() as conn:
        user = users.create_user(conn, account_id=world.account_id, name=name, now=NOW)
        login_profiles.create_login_profile(conn, user, password, password_reset_required=reset, now=NOW)


# --- throttle ------------------------------------------------------------------------------------


def test_the_delay_grows_after_the_free_failures_and_stops_at_five_minutes() -> None:
    assert [delay_after(n, 3).total_seconds() for n in range(1, 9)] == [0, 0, 0, 1, 2, 4, 8, 16]
    assert delay_after(40, 3) == timedelta(minutes=5)


def test_a_waiting_attempt_is_not_counted_and_success_forgets() -> None:
    throttle = SignInThrottle()
    keys = ("user:1:alice", "address:10.0.0.1")
    for _ in range(4):
        throttle.record_failure(keys, now=NOW)
    assert throttle.wait_left(keys, now=NOW) == timedelta(seconds=1)
    assert throttle.wait_left(keys, now=NOW + timedelta(seconds=1)) == timedelta(0)
    throttle.record_success(keys[0])
    assert throttle.wait_left(keys[:1], now=NOW) == timedelta(0)
    # The address keeps its count (10 free failures), so one address cannot spray many names.
    assert throttle.wait_left(keys[1:], now=NOW) == timedelta(0)


def test_failures_are_forgotten_after_an_hour() -> None:
    throttle = SignInThrottle()
    for _ in range(10):
        throttle.record_failure(("user:1:bob",), now=NOW)
    assert throttle.wait_left(("user:1:bob",), now=NOW + timedelta(hours=1)) == timedelta(0)


# --- the password check --------------------------------------------------------------------------


def test_a_right_password_names_the_user_and_a_wrong_one_or_unknown_name_does_not(world: World) -> None:
    _user(world, "alice", "Correct-Horse-9")
    with world.db.read() as conn:
        right = check_password(conn, world.account_id, "alice", "Correct-Horse-9", now=NOW, partition="aws")
        wrong = check_password(conn, world.account_id, "alice", "nope", now=NOW, partition="aws")
        unknown = check_password(conn, world.account_id, "nobody", "nope", now=NOW, partition="aws")
        root = check_password(conn, world.account_id, None, "nope", now=NOW, partition="aws")
    assert right.identity is not None and right.identity.arn.endswith(":user/alice")
    assert wrong.identity is None and wrong.user_id is not None  # the trail may name an existing user
    assert unknown.identity is None and unknown.user_id is None
    assert root.identity is None


def test_an_expired_password_must_be_changed_and_hard_expiry_is_reported(world: World) -> None:
    _user(world, "carol", "Correct-Horse-9")
    with world.db.begin() as conn:
        update_password_policy(conn, world.account_id, max_password_age=30, hard_expiry=False)
    later = NOW + timedelta(days=31)
    with world.db.read() as conn:
        fresh = check_password(conn, world.account_id, "carol", "Correct-Horse-9", now=NOW, partition="aws")
        old = check_password(conn, world.account_id, "carol", "Correct-Horse-9", now=later, partition="aws")
    assert fresh.identity is not None and not fresh.identity.password_expired
    assert old.identity is not None and old.identity.password_expired and not old.identity.hard_expiry
    with world.db.begin() as conn:
        update_password_policy(conn, world.account_id, max_password_age=30, hard_expiry=True)
    with world.db.read() as conn:
        hard = check_password(conn, world.account_id, "carol", "Correct-Horse-9", now=later, partition="aws")
    assert hard.identity is not None and hard.identity.hard_expiry


def test_a_reset_requirement_is_reported(world: World) -> None:
    _user(world, "dave", "Correct-Horse-9", reset=True)
    with world.db.read() as conn:
        checked = check_password(conn, world.account_id, "dave", "Correct-Horse-9", now=NOW, partition="aws")
    assert checked.identity is not None and checked.identity.password_reset_required


def test_the_root_password_is_checked_against_its_argon2_hash(world: World) -> None:
    from hatrack.credentials.passwords import hash_password

    with world.db.begin() as conn:
        console_store.set_root_password_hash(conn, world.account_id, hash_password("Root-Pass-1"), at=NOW)
        console_store.set_root_password_hash(conn, world.account_id, hash_password("Root-Pass-2"), at=NOW)
    with world.db.read() as conn:
        old = check_password(conn, world.account_id, None, "Root-Pass-1", now=NOW, partition="aws")
        new = check_password(conn, world.account_id, None, "Root-Pass-2", now=NOW, partition="aws")
    assert old.identity is None
    assert new.identity is not None and new.identity.arn == f"arn:aws:iam::{world.account_id}:root"


# --- console credentials -------------------------------------------------------------------------


def test_console_credentials_act_as_the_user_with_mfa_and_may_call_iam(world: World) -> None:
    _user(world, "erin", "Correct-Horse-9")
    with world.db.begin() as conn:
        identity = check_password(conn, world.account_id, "erin", "Correct-Horse-9", now=NOW, partition="aws")
        assert identity.identity is not None
        issued = issue_console_credentials(
            conn, world.keyring, identity.identity, partition="aws", mfa_at=NOW, now=NOW
        )
    claims = open_session_token(
        world.keyring, issued.session_token, access_key_id=issued.access_key_id, now=NOW
    )
    assert claims.kind is TokenKind.CONSOLE
    assert claims.expires_at == NOW + timedelta(hours=12)
    assert claims.mfa_authenticated and claims.mfa_authenticated_at == NOW
    caller = caller_of_session(claims, partition="aws")
    assert caller.kind is CallerKind.IAM_USER
    assert caller.arn == f"arn:aws:iam::{world.account_id}:user/erin"
    check_credential_limits(caller, "iam", "ListUsers")  # unlike GetSessionToken without MFA
    with pytest.raises(Exception, match="Cannot call GetSessionToken with session credentials"):
        check_credential_limits(caller, "sts", "GetSessionToken")


# --- sealed session state ------------------------------------------------------------------------


def _state() -> ConsoleState:
    base = SessionCredentials("ASIAEXAMPLEEXAMPLE00", "secret-base", "token-base", NOW + timedelta(hours=12))
    role = WornRole(
        SessionCredentials("ASIAEXAMPLEEXAMPLE01", "secret-role", "token-role", NOW + timedelta(hours=1)),
        "arn:aws:iam::123456789012:role/admin",
        "admin",
        "123456789012",
        "Admin",
        "B7CA9D",
        "arn:aws:sts::123456789012:assumed-role/admin/alice",
    )
    return ConsoleState(
        stage="ready",
        account_id="123456789012",
        principal_arn="arn:aws:iam::123456789012:user/alice",
        user_name="alice",
        user_id="AIDAEXAMPLE",
        expires_at=NOW + timedelta(hours=12),
        csrf_token="c",
        base=base,
        role=role,
        hats=(Hat("arn", "ASIAEXAMPLEEXAMPLE00", "t"),),
    )


def test_the_state_round_trips() -> None:
    assert decode_state(encode_state(_state())) == _state()


async def _stored(world: World, state: ConsoleState) -> tuple[str, bytes]:
    sessions = ConsoleSessions(world.db, world.keyring)
    session_id = await sessions.create(state, now=NOW)
    with world.db.read() as conn:
        rows = conn.execute(console_store.console_sessions.select()).mappings().all()
    assert len(rows) == 1
    return session_id, bytes(rows[0]["sealed_state"]) + rows[0]["session_hash"].encode()


def test_the_store_holds_no_secret_nor_the_cookie_and_a_session_ends_on_the_server(world: World) -> None:
    import anyio

    async def scenario() -> None:
        state = replace(_state(), account_id=world.account_id)
        session_id, stored = await _stored(world, state)
        for secret in (b"secret-base", b"secret-role", b"token-base", session_id.encode()):
            assert secret not in stored
        sessions = ConsoleSessions(world.db, world.keyring)
        assert await sessions.load(session_id, now=NOW) == state
        assert await sessions.load("not-" + session_id, now=NOW) is None
        # The worn role's hour is over: the session is back to the user.
        later = await sessions.load(session_id, now=NOW + timedelta(hours=2))
        assert later is not None and later.role is None
        assert await sessions.load(session_id, now=NOW + timedelta(hours=13)) is None  # never past expiry
        await sessions.end(session_id)
        assert await sessions.load(session_id, now=NOW) is None

    anyio.run(scenario)


# --- colours, records ----------------------------------------------------------------------------


def test_colours_are_aws_s_palette_names_or_hex_codes() -> None:
    assert color_of("green") == "B7CA9D"
    assert color_of("#ff0000") == "FF0000"
    assert color_of("red;background:url(x)") == ""


def test_a_failed_console_login_has_aws_s_shape_and_hides_unknown_names() -> None:
    caller = Caller(
        kind=CallerKind.IAM_USER, account_id="123456789012", partition="aws", arn="", principal_id=""
    )
    record = console_login_record(
        caller=caller,
        user_known=False,
        success=False,
        mfa_used=False,
        login_to="https://x/console/home",
        source_ip="10.0.0.1",
        user_agent="test",
        event_time=NOW,
        request_id="r",
    )
    [event] = build_events(record)
    assert event.record["eventName"] == "ConsoleLogin"
    assert event.record["eventSource"] == "signin.amazonaws.com"
    assert event.record["eventType"] == "AwsConsoleSignIn"
    assert event.record["errorMessage"] == "Failed authentication"
    assert "errorCode" not in event.record
    assert event.record["responseElements"] == {"ConsoleLogin": "Failure"}
    assert event.record["additionalEventData"] == {
        "LoginTo": "https://x/console/home",
        "MobileVersion": "No",
        "MFAUsed": "No",
    }
    assert event.record["userIdentity"]["userName"] == "HIDDEN_DUE_TO_SECURITY_REASONS"
    assert event.columns.username == "HIDDEN_DUE_TO_SECURITY_REASONS"


# --- federation ----------------------------------------------------------------------------------


def test_a_sign_in_token_opens_for_15_minutes_only() -> None:
    from hatrack.console.pages_federation import FederationRefused, open_sign_in_token, seal_sign_in_token

    keyring = Keyring.generate(now=NOW)
    credentials = SessionCredentials("ASIAEXAMPLEEXAMPLE00", "s", "t", NOW + timedelta(hours=1))
    token = seal_sign_in_token(keyring, credentials, 1800, NOW)
    assert "s" not in token.split("-")  # opaque
    assert open_sign_in_token(keyring, token, NOW + timedelta(minutes=14)) == (credentials, 1800)
    for refused in (
        lambda: open_sign_in_token(keyring, token, NOW + timedelta(minutes=15)),
        lambda: open_sign_in_token(Keyring.generate(now=NOW), token, NOW),
        lambda: open_sign_in_token(keyring, token[:-2], NOW),
    ):
        with pytest.raises(FederationRefused, match="invalid or has expired"):
            refused()
