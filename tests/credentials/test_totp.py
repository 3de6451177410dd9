"""TOTP for virtual MFA devices follows RFC 6238 (SHA-1 rows of its test vectors) and refuses replays."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from hatrack.credentials.totp import (
    TOTP_SECRET_BYTES,
    hotp_code,
    new_totp_secret,
    totp_code,
    totp_secret_base32,
    totp_secret_from_base32,
    totp_time_step,
    totp_uri,
    verify_totp,
)

RFC_SECRET = b"12345678901234567890"  # RFC 6238 Appendix B, the SHA-1 seed

# RFC 6238 Appendix B: (Unix time, 8-digit TOTP, SHA-1 rows)
RFC_6238_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]

NOW = datetime(2026, 11, 28, 12, 0, 10, tzinfo=UTC)


def at(unix_time: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=unix_time)


@pytest.mark.parametrize(("unix_time", "expected"), RFC_6238_SHA1)
def test_rfc_6238_sha1_vectors_with_8_digits(unix_time: int, expected: str) -> None:
    assert totp_code(RFC_SECRET, at(unix_time), digits=8) == expected


@pytest.mark.parametrize(("unix_time", "expected"), RFC_6238_SHA1)
def test_six_digit_codes_are_the_last_six_digits_of_the_vectors(unix_time: int, expected: str) -> None:
    assert totp_code(RFC_SECRET, at(unix_time)) == expected[-6:]


def test_rfc_4226_hotp_vectors() -> None:
    # RFC 4226 Appendix D, counters 0-9
    expected = [
        "755224",
        "287082",
        "359152",
        "969429",
        "338314",
        "254676",
        "287922",
        "162583",
        "399871",
        "520489",
    ]
    assert [hotp_code(RFC_SECRET, counter) for counter in range(10)] == expected


def test_time_steps_are_30_seconds_from_the_epoch() -> None:
    assert totp_time_step(at(0)) == 0
    assert totp_time_step(at(29)) == 0
    assert totp_time_step(at(30)) == 1
    assert totp_time_step(at(59) + timedelta(microseconds=999_999)) == 1
    assert totp_time_step(datetime(1970, 1, 1, 2, 0, 30, tzinfo=timezone(timedelta(hours=2)))) == 1


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        totp_code(RFC_SECRET, datetime(2026, 11, 28))


def test_the_current_code_verifies_and_names_its_step() -> None:
    secret = new_totp_secret()
    assert verify_totp(secret, totp_code(secret, NOW), at=NOW) == totp_time_step(NOW)


def test_codes_one_step_early_or_late_verify_within_the_default_window() -> None:
    secret = new_totp_secret()
    step = totp_time_step(NOW)
    for offset in (-1, 1):
        code = totp_code(secret, NOW + timedelta(seconds=30 * offset))
        assert verify_totp(secret, code, at=NOW) == step + offset


def test_codes_two_steps_away_need_a_wider_window() -> None:
    # A fixed secret, so the test never depends on a random one not repeating a code in the window.
    secret = RFC_SECRET
    code = totp_code(secret, NOW - timedelta(seconds=60))
    assert code not in {totp_code(secret, NOW + timedelta(seconds=30 * k)) for k in (-1, 0, 1)}
    assert verify_totp(secret, code, at=NOW) is None
    assert verify_totp(secret, code, at=NOW, window=2) == totp_time_step(NOW) - 2
    assert verify_totp(secret, totp_code(secret, NOW), at=NOW, window=0) == totp_time_step(NOW)


def test_a_code_already_used_is_refused() -> None:
    secret = new_totp_secret()
    code = totp_code(secret, NOW)
    step = verify_totp(secret, code, at=NOW)
    assert step is not None
    assert verify_totp(secret, code, at=NOW + timedelta(seconds=5), last_used_step=step) is None
    later = totp_code(secret, NOW + timedelta(seconds=30))
    assert verify_totp(secret, later, at=NOW + timedelta(seconds=30), last_used_step=step) == step + 1


def test_rfc_seed_code_at_59_seconds_verifies() -> None:
    assert verify_totp(RFC_SECRET, "287082", at=at(59)) == 1


@pytest.mark.parametrize("code", ["", "28708", "2870820", "28708a", "２８７０８２", " 287082", "287 082"])
def test_malformed_codes_do_not_verify(code: str) -> None:
    assert verify_totp(RFC_SECRET, code, at=at(59)) is None


def test_a_wrong_code_does_not_verify() -> None:
    assert verify_totp(RFC_SECRET, "000000", at=at(59)) is None


def test_a_negative_window_is_refused() -> None:
    with pytest.raises(ValueError, match="window"):
        verify_totp(RFC_SECRET, "287082", at=at(59), window=-1)


def test_new_seeds_are_40_random_bytes_and_64_base32_characters() -> None:
    seeds = {new_totp_secret() for _ in range(20)}
    assert len(seeds) == 20
    for seed in seeds:
        assert len(seed) == TOTP_SECRET_BYTES
        assert re.fullmatch("[A-Z2-7]{64}", totp_secret_base32(seed))


def test_new_seeds_take_their_randomness_from_the_caller() -> None:
    assert new_totp_secret(token_bytes=lambda size: b"\x00" * size) == bytes(40)


def test_base32_round_trips_and_tolerates_what_people_type() -> None:
    assert totp_secret_base32(RFC_SECRET) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_secret_from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq") == RFC_SECRET
    assert totp_secret_base32(b"abc") == "MFRGG"
    assert totp_secret_from_base32("MFRGG") == b"abc"


@pytest.mark.parametrize("text", ["not base32!", "MFRGG1", "A"])
def test_malformed_base32_seeds_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="base32"):
        totp_secret_from_base32(text)


def test_the_otpauth_uri_has_aws_shape() -> None:
    uri = totp_uri(RFC_SECRET, device_name="alice-phone", account_name="alice")
    assert uri == "otpauth://totp/alice-phone@alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def test_the_otpauth_uri_escapes_its_label_and_adds_an_issuer() -> None:
    uri = totp_uri(RFC_SECRET, device_name="my device", account_name="123456789012", issuer="hatrack & co")
    assert uri == (
        "otpauth://totp/my%20device@123456789012?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=hatrack%20%26%20co"
    )
