"""Ids carry their full width of randomness: every random character is uniform over base32 (A-Z2-7).

(ASIA key ids are apart: their first 16 bits are the account's number, for GetAccessKeyInfo, and 64 are
random; tests/sts/test_temporary_key_ids.py measures them.)
"""

from __future__ import annotations

import string

from hatrack.credentials.access_keys import new_access_key_id
from hatrack.credentials.ids import ROLE_ID_PREFIX, USER_ID_PREFIX, new_unique_id

BASE32 = set(string.ascii_uppercase + "234567")
SAMPLE = 20_000


def _random_parts(ids: list[str], prefix: str, length: int) -> list[str]:
    assert all(value.startswith(prefix) and len(value) == length for value in ids)
    return [value[len(prefix) :] for value in ids]


def test_long_term_key_ids_have_sixteen_random_base32_characters_and_no_fixed_part() -> None:
    parts = _random_parts([new_access_key_id("AKIA") for _ in range(SAMPLE)], "AKIA", 20)
    assert len(set(parts)) == SAMPLE
    for position in range(16):
        assert {part[position] for part in parts} == BASE32


def test_user_and_role_ids_have_seventeen_random_base32_characters_and_no_fixed_part() -> None:
    for prefix in (USER_ID_PREFIX, ROLE_ID_PREFIX):
        parts = _random_parts([new_unique_id(prefix) for _ in range(SAMPLE)], prefix, 21)
        assert len(set(parts)) == SAMPLE
        for position in range(17):
            assert {part[position] for part in parts} == BASE32
