"""Passwords are Argon2id hashes with OWASP's parameters; verification never raises on a mismatch."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from hatrack.credentials.passwords import hash_password, needs_rehash, verify_password

PASSWORD = "correct horse battery staple ✓"


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password(PASSWORD)


def test_a_hash_verifies_its_password(stored: str) -> None:
    assert verify_password(stored, PASSWORD) is True


def test_the_hash_is_argon2id_with_owasp_parameters(stored: str) -> None:
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_the_hash_does_not_contain_the_password(stored: str) -> None:
    assert PASSWORD not in stored
    assert "correct" not in stored


def test_two_hashes_of_one_password_differ_by_their_salt(stored: str) -> None:
    again = hash_password(PASSWORD)
    assert again != stored
    assert verify_password(again, PASSWORD)


@pytest.mark.parametrize("attempt", ["", "correct horse battery staple", PASSWORD + " ", PASSWORD.upper()])
def test_a_wrong_password_is_false_not_an_exception(stored: str, attempt: str) -> None:
    assert verify_password(stored, attempt) is False


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "plaintext",
        "$argon2id$v=19$m=19456,t=2,p=1$zzz$zzz",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    ],
)
def test_a_malformed_hash_is_false_not_an_exception(malformed: str) -> None:
    assert verify_password(malformed, PASSWORD) is False


def test_text_that_is_not_unicode_cannot_be_hashed_and_does_not_verify(stored: str) -> None:
    with pytest.raises(ValueError) as raised:
        hash_password("hunter\ud800two")
    assert "hunter" not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__context__ is None
    assert verify_password(stored, "hunter\ud800two") is False


def test_a_fresh_hash_needs_no_rehash(stored: str) -> None:
    assert needs_rehash(stored) is False


def test_a_hash_with_weaker_parameters_needs_a_rehash() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert verify_password(old, PASSWORD) is True
    assert needs_rehash(old) is True


def test_a_malformed_hash_needs_a_rehash() -> None:
    assert needs_rehash("plaintext") is True
