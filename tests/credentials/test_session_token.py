"""Session tokens carry their claims sealed, open only for their own key id, expire, and stay compact."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatrack.credentials import session_token as token_module
from hatrack.credentials.access_keys import new_access_key_id, new_secret_access_key
from hatrack.credentials.keyring import Keyring
from hatrack.credentials.session_token import (
    EXPIRED_TOKEN_MESSAGE,
    INVALID_TOKEN_MESSAGE,
    MAX_TOKEN_CHARS,
    issue_session_token,
    open_session_token,
    packed_policy_size_percent,
)
from hatrack.errors import ExpiredToken, InvalidClientTokenId
from hatrack.model import SessionClaims, SessionTag, TokenKind

ISSUED = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
ACCESS_KEY_ID = "ASIAQ3EGRJ6MEXAMPLE7"
SECRET = "9drTJvcXLB89EXAMPLELB8923FB892xMFI3EXAMPLE"[:40]

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
            }
        ],
    }
)


def role_session(**changes: object) -> SessionClaims:
    claims = SessionClaims(
        kind=TokenKind.ASSUMED_ROLE,
        account_id="123456789012",
        partition="aws",
        access_key_id=ACCESS_KEY_ID,
        secret_access_key=SECRET,
        issued_at=ISSUED,
        expires_at=ISSUED + timedelta(hours=1),
        session_name="deploy-2026-11-28",
        role_name="DeployRole",
        role_id="AROA3XFRBF535PLBIFPI4",
        source_arn="arn:aws:iam::123456789012:user/alice",
        source_access_key_id="AKIAIOSFODNN7EXAMPLE",
    )
    return dataclasses.replace(claims, **changes)  # type: ignore[arg-type]  # keyword changes of the test


def every_claim_set() -> SessionClaims:
    """Claims where every field differs from its default."""
    return role_session(
        kind=TokenKind.FEDERATED,
        partition="aws-cn",
        role_path="/service/",
        user_name="alice",
        user_id="AIDAJQABLZS4A3QDU576Q",
        user_path="/engineering/",
        source_identity="alice@example.com",
        mfa_authenticated=True,
        mfa_authenticated_at=ISSUED - timedelta(minutes=5),
        session_policies=(POLICY,),
        session_policy_arns=("arn:aws:iam::aws:policy/ReadOnlyAccess",),
        tags=(SessionTag("team", "payments"), SessionTag("cost-center", "42")),
        transitive_tag_keys=("team",),
        chained=True,
        from_console=True,
    )


@pytest.fixture
def keyring() -> Keyring:
    return Keyring.generate()


def open_at(
    keyring: Keyring, token: str, now: datetime = ISSUED, access_key_id: str = ACCESS_KEY_ID
) -> SessionClaims:
    return open_session_token(keyring, token, access_key_id=access_key_id, now=now)


# --- round trips -------------------------------------------------------------------------------------


def test_a_role_session_round_trips(keyring: Keyring) -> None:
    claims = role_session()
    assert open_at(keyring, issue_session_token(keyring, claims)) == claims


def test_every_claim_round_trips(keyring: Keyring) -> None:
    claims = every_claim_set()
    for field in dataclasses.fields(SessionClaims):
        if field.default is not dataclasses.MISSING:
            assert getattr(claims, field.name) != field.default, field.name
    assert open_at(keyring, issue_session_token(keyring, claims)) == claims


def test_the_token_format_knows_every_claim() -> None:
    """A new SessionClaims field must be added to the token format, not silently dropped."""
    carried = {
        "kind", "account_id", "partition", "access_key_id", "secret_access_key", "issued_at", "expires_at",
        "session_name", "role_name", "role_path", "role_id", "user_name", "user_id", "user_path",
        "source_arn", "source_access_key_id", "source_identity", "mfa_authenticated", "mfa_authenticated_at",
        "session_policies", "session_policy_arns", "tags", "transitive_tag_keys", "chained",
        "from_console",
    }  # fmt: skip
    assert {field.name for field in dataclasses.fields(SessionClaims)} == carried


@pytest.mark.parametrize("kind", list(TokenKind))
def test_every_kind_round_trips(keyring: Keyring, kind: TokenKind) -> None:
    claims = role_session(kind=kind)
    assert open_at(keyring, issue_session_token(keyring, claims)).kind is kind


def test_times_keep_their_microseconds_and_come_back_in_utc(keyring: Keyring) -> None:
    plus_two = timezone(timedelta(hours=2))
    claims = role_session(
        issued_at=datetime(2026, 11, 28, 14, 0, 0, 123456, tzinfo=plus_two),
        expires_at=datetime(2026, 11, 28, 15, 0, 0, 1, tzinfo=plus_two),
    )
    opened = open_at(keyring, issue_session_token(keyring, claims), now=ISSUED)
    assert opened == claims
    assert opened.issued_at.tzinfo is UTC
    assert opened.issued_at.microsecond == 123456


def test_the_token_looks_like_standard_base64(keyring: Keyring) -> None:
    token = issue_session_token(keyring, every_claim_set())
    assert base64.b64encode(base64.b64decode(token, validate=True)).decode() == token


# --- what a token does not reveal -----------------------------------------------------------------


def test_the_secret_appears_nowhere_in_the_token(keyring: Keyring) -> None:
    claims = role_session(secret_access_key=new_secret_access_key())
    token = issue_session_token(keyring, claims)
    raw = base64.b64decode(token)
    assert claims.secret_access_key not in token
    assert claims.secret_access_key.encode() not in raw
    assert claims.secret_access_key[:12] not in token
    assert claims.secret_access_key[:12].encode() not in raw


def test_the_claims_are_encrypted_not_just_signed(keyring: Keyring) -> None:
    token = issue_session_token(keyring, role_session())
    raw = base64.b64decode(token)
    for visible in (b"DeployRole", b"123456789012", b"alice", b"AROA3XFRBF535PLBIFPI4"):
        assert visible not in raw


# --- integrity -------------------------------------------------------------------------------------


def assert_invalid(keyring: Keyring, token: str, access_key_id: str = ACCESS_KEY_ID) -> None:
    with pytest.raises(InvalidClientTokenId) as raised:
        open_at(keyring, token, access_key_id=access_key_id)
    assert raised.value.message == INVALID_TOKEN_MESSAGE
    assert raised.value.status == 403


def test_the_invalid_message_is_aws_wording_without_a_final_period() -> None:
    assert INVALID_TOKEN_MESSAGE == "The security token included in the request is invalid"
    assert EXPIRED_TOKEN_MESSAGE == "The security token included in the request is expired"


def test_flipping_any_byte_of_the_token_is_detected(keyring: Keyring) -> None:
    raw = base64.b64decode(issue_session_token(keyring, role_session()))
    for index in range(len(raw)):
        tampered = bytearray(raw)
        tampered[index] ^= 0x80
        assert_invalid(keyring, base64.b64encode(bytes(tampered)).decode())


def test_changing_any_character_of_the_token_text_is_detected(keyring: Keyring) -> None:
    token = issue_session_token(keyring, role_session())
    for index, character in enumerate(token):
        replacement = "B" if character != "B" else "C"
        assert_invalid(keyring, token[:index] + replacement + token[index + 1 :])


def test_a_token_presented_with_another_access_key_id_is_invalid(keyring: Keyring) -> None:
    token = issue_session_token(keyring, role_session())
    assert_invalid(keyring, token, access_key_id=new_access_key_id("ASIA"))
    assert_invalid(keyring, token, access_key_id=ACCESS_KEY_ID.lower())


def test_a_token_from_another_keyring_is_invalid(keyring: Keyring) -> None:
    assert_invalid(keyring, issue_session_token(Keyring.generate(), role_session()))


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not base64!",
        "FwoGZXIvYXdzEBYaDHhBTW9zZXhhbXBsZQ==",  # base64, but not one of ours
        "AQID",
        "é" * 40,
        " " + "A" * 100,
        "A" * (MAX_TOKEN_CHARS + 4),
    ],
)
def test_malformed_tokens_are_invalid(keyring: Keyring, token: str) -> None:
    assert_invalid(keyring, token)


def test_a_non_canonical_base64_spelling_is_invalid(keyring: Keyring) -> None:
    token = issue_session_token(keyring, role_session())
    raw = base64.b64decode(token)
    while len(raw) % 3 == 0:  # make the encoding end in padding, so spare bits exist
        raw += b"\x00"
        token = base64.b64encode(raw).decode()
    head, last_char = token.rstrip("=")[:-1], token.rstrip("=")[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    sibling = alphabet[alphabet.index(last_char) ^ 1]  # differs only in a padding bit
    spelled = head + sibling + "=" * (len(token) - len(token.rstrip("=")))
    assert base64.b64decode(spelled) == raw
    assert_invalid(keyring, spelled)


def seal_payload(keyring: Keyring, payload: bytes) -> str:
    """A token sealed with the right key and key id but whose content this version cannot read."""
    sealed = keyring.seal(payload, associated_data=token_module._associated_data(ACCESS_KEY_ID))
    return base64.b64encode(sealed).decode()


def wire_payload(wire: object) -> bytes:
    return b"\x01" + token_module._deflate(json.dumps(wire).encode())


def good_wire() -> dict[str, object]:
    return token_module._claims_to_wire(role_session())


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\x02" + token_module._deflate(b"{}"), id="future version"),
        pytest.param(b"\x01not deflate", id="not deflate"),
        pytest.param(b"\x01" + token_module._deflate(b"not json"), id="not json"),
        pytest.param(b"\x01" + token_module._deflate(b"\xff\xfe"), id="not utf-8"),
        pytest.param(b"\x01" + token_module._deflate(b"{}")[:-1], id="truncated deflate"),
        pytest.param(b"\x01" + token_module._deflate(b"{}") + b"x", id="trailing bytes"),
        pytest.param(wire_payload([1, 2]), id="not an object"),
        pytest.param(wire_payload({**good_wire(), "zz": 1}), id="unknown claim"),
        pytest.param(wire_payload({**good_wire(), "k": "x"}), id="unknown kind"),
        pytest.param(wire_payload({k: v for k, v in good_wire().items() if k != "s"}), id="no secret"),
        pytest.param(wire_payload({**good_wire(), "a": 123456789012}), id="account not text"),
        pytest.param(wire_payload({**good_wire(), "e": "tomorrow"}), id="time not a number"),
        pytest.param(wire_payload({**good_wire(), "e": 1.5}), id="time a float"),
        pytest.param(wire_payload({**good_wire(), "e": True}), id="time a boolean"),
        pytest.param(wire_payload({**good_wire(), "e": [1, 0]}), id="time without fraction as pair"),
        pytest.param(wire_payload({**good_wire(), "e": [1, 1_000_000]}), id="fraction too large"),
        pytest.param(wire_payload({**good_wire(), "e": [1, 2, 3]}), id="time triple"),
        pytest.param(wire_payload({**good_wire(), "e": 10**20}), id="time out of range"),
        pytest.param(wire_payload({**good_wire(), "m": True}), id="flag a boolean"),
        pytest.param(wire_payload({**good_wire(), "c": 2}), id="flag two"),
        pytest.param(wire_payload({**good_wire(), "sp": "one policy"}), id="policies not a list"),
        pytest.param(wire_payload({**good_wire(), "sp": [1]}), id="policy not text"),
        pytest.param(wire_payload({**good_wire(), "t": [["k"]]}), id="tag not a pair"),
        pytest.param(wire_payload({**good_wire(), "un": 7}), id="user name not text"),
    ],
)
def test_sealed_content_this_version_cannot_read_is_invalid(keyring: Keyring, payload: bytes) -> None:
    assert_invalid(keyring, seal_payload(keyring, payload))


def test_the_good_wire_of_those_cases_does_open(keyring: Keyring) -> None:
    assert open_at(keyring, seal_payload(keyring, wire_payload(good_wire()))) == role_session()


def test_a_decompression_bomb_is_invalid(keyring: Keyring) -> None:
    bomb = b"\x01" + token_module._deflate(b'{"a":"' + b"A" * (2 << 20) + b'"}')
    assert len(bomb) < MAX_TOKEN_CHARS
    assert_invalid(keyring, seal_payload(keyring, bomb))


# --- expiry ----------------------------------------------------------------------------------------


def test_a_token_opens_until_the_second_before_it_expires(keyring: Keyring) -> None:
    claims = role_session()
    token = issue_session_token(keyring, claims)
    assert open_at(keyring, token, now=claims.expires_at - timedelta(seconds=1)) == claims
    assert open_at(keyring, token, now=claims.expires_at - timedelta(microseconds=1)) == claims


@pytest.mark.parametrize("late", [timedelta(0), timedelta(microseconds=1), timedelta(days=400)])
def test_a_token_at_or_after_its_expiry_is_expired(keyring: Keyring, late: timedelta) -> None:
    claims = role_session()
    token = issue_session_token(keyring, claims)
    with pytest.raises(ExpiredToken) as raised:
        open_at(keyring, token, now=claims.expires_at + late)
    assert raised.value.message == EXPIRED_TOKEN_MESSAGE
    assert raised.value.status == 403


def test_integrity_is_checked_before_expiry(keyring: Keyring) -> None:
    token = issue_session_token(keyring, role_session())
    with pytest.raises(InvalidClientTokenId):
        open_at(keyring, token, now=ISSUED + timedelta(days=1), access_key_id=new_access_key_id("ASIA"))


def test_naive_times_are_a_programming_error(keyring: Keyring) -> None:
    token = issue_session_token(keyring, role_session())
    with pytest.raises(ValueError, match="now"):
        open_at(keyring, token, now=datetime(2026, 11, 28, 12))
    with pytest.raises(ValueError, match="expires_at"):
        issue_session_token(keyring, role_session(expires_at=datetime(2026, 11, 28, 13)))


# --- keyring rotation ------------------------------------------------------------------------------


def test_tokens_sealed_before_a_rotation_still_open(keyring: Keyring) -> None:
    claims = role_session()
    before = issue_session_token(keyring, claims)
    keyring.rotate()
    keyring.rotate()
    after = issue_session_token(keyring, claims)
    assert open_at(keyring, before) == claims
    assert open_at(keyring, after) == claims


def test_retiring_the_key_of_a_token_makes_it_invalid(keyring: Keyring) -> None:
    old_key = keyring.primary_key_id
    token = issue_session_token(keyring, role_session())
    keyring.rotate()
    keyring.retire(old_key)
    assert_invalid(keyring, token)


# --- size ------------------------------------------------------------------------------------------


def test_a_role_session_token_is_well_under_1000_characters(keyring: Keyring) -> None:
    claims = role_session(
        role_path="/deployment/pipelines/",
        session_name="x" * 64,
        source_arn="arn:aws:sts::123456789012:assumed-role/OrganizationAccountAccessRole/" + "y" * 64,
        source_identity="z" * 64,
        mfa_authenticated=True,
        mfa_authenticated_at=ISSUED,
    )
    assert len(issue_session_token(keyring, claims)) < 600


def realistic_policy(length: int) -> str:
    """A valid-looking policy of exactly ``length`` characters, many distinct ARNs (a worst-ish case)."""
    statements = []
    index = 0
    text = ""
    while True:
        statements.append(
            {
                "Sid": f"Stmt{index}",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "dynamodb:Query"],
                "Resource": [f"arn:aws:s3:::bucket-{index * 7919 % 10007}/prefix-{index}/*"],
            }
        )
        candidate = json.dumps({"Version": "2012-10-17", "Statement": statements})
        if len(candidate) > length:
            break
        text, index = candidate, index + 1
    return text + " " * (length - len(text))


def test_a_2048_character_session_policy_keeps_the_token_under_4_kb(keyring: Keyring) -> None:
    policy = realistic_policy(2048)
    assert len(policy) == 2048
    claims = role_session(
        session_policies=(policy,), session_policy_arns=("arn:aws:iam::aws:policy/ReadOnlyAccess",)
    )
    assert packed_policy_size_percent(claims) <= 100
    assert len(issue_session_token(keyring, claims)) < 4096


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(policy=st.text(min_size=1000, max_size=2048), tag_count=st.integers(0, 50))
def test_any_token_that_passes_the_packed_size_check_is_under_4_kb(
    keyring: Keyring, policy: str, tag_count: int
) -> None:
    tags = tuple(SessionTag(f"key-{n}", "v" * (n * 5)) for n in range(tag_count))
    claims = role_session(session_policies=(policy,), tags=tags)
    # Trim the drawn policy (then the tags) until AssumeRole would accept the claims, so that every
    # example checks a token that passed, most of them close to the limit (random text hardly
    # compresses, and most drawn policies are over it).
    while packed_policy_size_percent(claims) > 100:
        if policy:
            policy = policy[: len(policy) * 9 // 10]
        else:
            tags = tags[:-1]
        claims = role_session(session_policies=(policy,) if policy else (), tags=tags)
    assert len(issue_session_token(keyring, claims)) < 4096


def test_packed_size_is_zero_without_policies_or_tags() -> None:
    assert packed_policy_size_percent(role_session()) == 0


def test_packed_size_of_a_small_policy_is_a_few_percent() -> None:
    assert 1 <= packed_policy_size_percent(role_session(session_policies=(POLICY,))) <= 10


def test_packed_size_grows_with_policies_and_tags() -> None:
    small = role_session(session_policies=(realistic_policy(500),))
    large = role_session(session_policies=(realistic_policy(2048),))
    tagged = dataclasses.replace(large, tags=tuple(SessionTag(f"k{n}", f"value-{n}") for n in range(20)))
    assert (
        packed_policy_size_percent(small)
        < packed_policy_size_percent(large)
        < packed_policy_size_percent(tagged)
    )


def test_packed_size_counts_policy_arns_and_transitive_keys() -> None:
    arns = role_session(session_policy_arns=("arn:aws:iam::aws:policy/ReadOnlyAccess",))
    tags = tuple(SessionTag(unpredictable(f"key {n}", 20), "a") for n in range(10))
    transitive = role_session(tags=tags, transitive_tag_keys=tuple(tag.key for tag in tags))
    assert packed_policy_size_percent(arns) > 0
    assert packed_policy_size_percent(transitive) > packed_policy_size_percent(role_session(tags=tags))


def unpredictable(seed: str, length: int) -> str:
    """``length`` characters of base64 that no compressor can predict (deterministic, for tests)."""
    return base64.b64encode(hashlib.shake_256(seed.encode()).digest(length)).decode()[:length]


def test_fifty_maximal_tags_are_over_the_packed_limit() -> None:
    tags = tuple(
        SessionTag(unpredictable(f"key {n}", 128), unpredictable(f"value {n}", 256)) for n in range(50)
    )
    assert packed_policy_size_percent(role_session(tags=tags)) > 100


def test_a_2048_character_policy_of_base64_noise_still_fits() -> None:
    assert 70 <= packed_policy_size_percent(role_session(session_policies=(unpredictable("p", 2048),))) <= 100


def test_an_incompressible_2048_character_policy_is_over_the_packed_limit() -> None:
    # AWS allows policy characters from U+0009 to U+00FF; bytes of noise mapped into U+0080-U+00FF.
    noise = "".join(chr(0x80 + byte % 0x80) for byte in hashlib.shake_256(b"noise").digest(2048))
    assert packed_policy_size_percent(role_session(session_policies=(noise,))) > 100


# --- property: every claim set round trips --------------------------------------------------------

texts = st.text(max_size=40)
moments = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC))
claim_sets = st.builds(
    SessionClaims,
    kind=st.sampled_from(TokenKind),
    account_id=texts,
    partition=texts,
    access_key_id=st.just(ACCESS_KEY_ID),
    secret_access_key=texts,
    issued_at=moments,
    expires_at=moments,
    session_name=texts,
    role_name=texts,
    role_path=texts,
    role_id=texts,
    user_name=st.none() | texts,
    user_id=texts,
    user_path=texts,
    source_arn=texts,
    source_access_key_id=texts,
    source_identity=st.none() | texts,
    mfa_authenticated=st.booleans(),
    mfa_authenticated_at=st.none() | moments,
    session_policies=st.lists(st.text(max_size=200), max_size=3).map(tuple),
    session_policy_arns=st.lists(texts, max_size=3).map(tuple),
    tags=st.lists(st.builds(SessionTag, key=texts, value=texts), max_size=4).map(tuple),
    transitive_tag_keys=st.lists(texts, max_size=3).map(tuple),
    chained=st.booleans(),
    from_console=st.booleans(),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=claim_sets)
def test_any_claims_round_trip_through_a_token(keyring: Keyring, claims: SessionClaims) -> None:
    token = issue_session_token(keyring, claims)
    assert (
        open_session_token(keyring, token, access_key_id=ACCESS_KEY_ID, now=datetime(1970, 6, 1, tzinfo=UTC))
        == claims
    )
