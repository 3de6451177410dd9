"""Temporary (``ASIA``) key ids: AWS's 20-character shape, 64 random bits, the account number in the
other 16 — and ids of the legacy layout (12-digit account id, 40 random bits) still read."""

from __future__ import annotations

import base64
import re
import secrets
import string

import pytest

from hatrack.sts.credentials import ACCOUNT_NUMBERS, RANDOM_BITS, new_temporary_key_id, read_temporary_key_id

BASE32 = set(string.ascii_uppercase + "234567")
AWS_SHAPE = re.compile(r"ASIA[A-Z2-7]{16}")
SAMPLE = 200_000


def legacy_key_id(account_id: str) -> str:
    """An id as hatrack issued them before: the account id in 40 bits, then 40 random bits."""
    raw = int(account_id).to_bytes(5, "big") + secrets.token_bytes(5)
    return "ASIA" + base64.b32encode(raw).decode("ascii")


def test_every_account_number_round_trips_in_the_aws_shape() -> None:
    for number in range(ACCOUNT_NUMBERS):
        key_id = new_temporary_key_id(number)
        assert AWS_SHAPE.fullmatch(key_id)
        read = read_temporary_key_id(key_id)
        assert read is not None and read.account_number == number


def test_the_random_part_is_sixty_four_bits_wide() -> None:
    assert RANDOM_BITS >= 64
    ids = [new_temporary_key_id(4242) for _ in range(SAMPLE)]
    assert len(set(ids)) == SAMPLE  # 40 random bits would give ~18 collisions in 200,000 (birthday)
    # Characters 0-2 and one bit of 3 are the account number; 4 bits of character 3 and all 60 bits
    # of characters 4-15 are random: 4 + 60 = 64.
    for position in range(3):
        assert len({key_id[4 + position] for key_id in ids}) == 1
    assert len({key_id[4 + 3] for key_id in ids}) == 16
    for position in range(4, 16):
        assert {key_id[4 + position] for key_id in ids} == BASE32


def test_across_accounts_every_position_takes_every_character() -> None:
    ids = [new_temporary_key_id(number) for number in range(ACCOUNT_NUMBERS)]
    for position in range(16):
        assert {key_id[4 + position] for key_id in ids} == BASE32


def test_the_random_bytes_come_from_the_given_source() -> None:
    key_id = new_temporary_key_id(1, token_bytes=lambda count: b"\xff" * count)
    assert key_id == "ASIA" + base64.b32encode(b"\x00\x01" + b"\xff" * 8).decode("ascii")
    with pytest.raises(ValueError, match="wrong number of bytes"):
        new_temporary_key_id(1, token_bytes=lambda count: b"\x00" * (count - 1))


@pytest.mark.parametrize("number", [-1, ACCOUNT_NUMBERS])
def test_an_account_number_outside_sixteen_bits_is_refused(number: int) -> None:
    with pytest.raises(ValueError, match="account number"):
        new_temporary_key_id(number)


def test_a_legacy_id_reads_as_its_account_id_and_as_an_out_of_range_number() -> None:
    # A generated account id has 12 digits and no leading 0, so it is at least 10**11: its first 16
    # bits, read as an account number, are at least 10**11 >> 24 = 5960.
    for account_id in ("100000000000", "123456789012", "999999999999"):
        read = read_temporary_key_id(legacy_key_id(account_id))
        assert read is not None
        assert read.legacy_account_id == account_id
        assert read.account_number >= 5960


@pytest.mark.parametrize(
    "key_id",
    ["AKIAIOSFODNN7EXAMPLE", "ASIA", "ASIAAAAAAAAAAAAAAAAAA", "ASIAAAAAAAAAAAAAAAA1", "ASIAaaaaaaaaaaaaaaaa"],
)
def test_what_is_no_temporary_key_id_reads_as_none(key_id: str) -> None:
    assert read_temporary_key_id(key_id) is None
