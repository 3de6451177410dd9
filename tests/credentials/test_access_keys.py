"""Access key ids, secrets and unique ids look like AWS's; sealed secrets open only for their own key."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from hatrack.credentials import access_keys as access_keys_module
from hatrack.credentials.access_keys import new_access_key_id, new_secret_access_key, open_secret, seal_secret
from hatrack.credentials.ids import (
    GROUP_ID_PREFIX,
    INSTANCE_PROFILE_ID_PREFIX,
    POLICY_ID_PREFIX,
    ROLE_ID_PREFIX,
    USER_ID_PREFIX,
    new_unique_id,
    random_base32,
)
from hatrack.credentials.keyring import Keyring, SealedDataInvalid

BASE32 = "[A-Z2-7]"


def constant_bytes(value: int) -> Callable[[int], bytes]:
    return lambda size: bytes([value]) * size


@pytest.mark.parametrize("kind", ["AKIA", "ASIA"])
def test_access_key_ids_are_the_prefix_and_16_base32_characters(kind: str) -> None:
    for _ in range(50):
        key_id = new_access_key_id(kind)  # type: ignore[arg-type]  # parametrized Literal
        assert re.fullmatch(f"{kind}{BASE32}{{16}}", key_id), key_id


def test_access_key_ids_are_random() -> None:
    assert len({new_access_key_id("AKIA") for _ in range(200)}) == 200


def test_access_key_ids_take_their_randomness_from_the_caller() -> None:
    assert new_access_key_id("AKIA", token_bytes=constant_bytes(0)) == "AKIA" + "A" * 16
    assert new_access_key_id("ASIA", token_bytes=constant_bytes(0xFF)) == "ASIA" + "7" * 16


def test_other_access_key_prefixes_are_refused() -> None:
    with pytest.raises(ValueError, match="AKIA or ASIA"):
        new_access_key_id("AIDA")  # type: ignore[arg-type]  # the point of the test


def test_secret_access_keys_are_40_characters_of_base64() -> None:
    secrets = {new_secret_access_key() for _ in range(200)}
    assert len(secrets) == 200
    for secret in secrets:
        assert re.fullmatch("[A-Za-z0-9+/]{40}", secret), secret


def test_secret_access_keys_take_their_randomness_from_the_caller() -> None:
    assert new_secret_access_key(token_bytes=constant_bytes(0)) == "A" * 40


@pytest.mark.parametrize(
    "prefix",
    [USER_ID_PREFIX, ROLE_ID_PREFIX, GROUP_ID_PREFIX, POLICY_ID_PREFIX, INSTANCE_PROFILE_ID_PREFIX],
)
def test_unique_ids_are_the_prefix_and_17_base32_characters(prefix: str) -> None:
    for _ in range(50):
        unique_id = new_unique_id(prefix)
        assert re.fullmatch(f"{prefix}{BASE32}{{17}}", unique_id), unique_id
        assert len(unique_id) == 21


def test_the_prefixes_are_aws_prefixes() -> None:
    prefixes = [USER_ID_PREFIX, ROLE_ID_PREFIX, GROUP_ID_PREFIX, POLICY_ID_PREFIX, INSTANCE_PROFILE_ID_PREFIX]
    assert prefixes == ["AIDA", "AROA", "AGPA", "ANPA", "AIPA"]


@pytest.mark.parametrize("prefix", ["", "AID", "AIDAX", "aida", "AID1", "ÄIDA"])
def test_malformed_id_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="four capital letters"):
        new_unique_id(prefix)


@pytest.mark.parametrize("length", [0, 1, 7, 8, 16, 17, 40])
def test_random_base32_gives_exactly_the_length_asked(length: int) -> None:
    assert re.fullmatch(f"{BASE32}{{{length}}}", random_base32(length))


def test_random_base32_uses_every_character_of_the_alphabet() -> None:
    seen = set("".join(random_base32(64) for _ in range(40)))
    assert seen == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


# --- sealed secrets --------------------------------------------------------------------------------


def test_a_sealed_secret_opens_for_its_key() -> None:
    keyring = Keyring.generate()
    key_id, secret = new_access_key_id("AKIA"), new_secret_access_key()
    assert open_secret(keyring, key_id, seal_secret(keyring, key_id, secret)) == secret


def test_the_secret_does_not_appear_in_the_sealed_blob() -> None:
    keyring = Keyring.generate()
    key_id, secret = new_access_key_id("AKIA"), new_secret_access_key()
    sealed = seal_secret(keyring, key_id, secret)
    assert secret.encode() not in sealed
    assert secret[:10].encode() not in sealed
    assert secret.encode() not in sealed.hex().encode()


def test_a_sealed_secret_moved_to_another_key_row_does_not_open() -> None:
    keyring = Keyring.generate()
    key_id, other_key_id = new_access_key_id("AKIA"), new_access_key_id("AKIA")
    sealed = seal_secret(keyring, key_id, new_secret_access_key())
    with pytest.raises(SealedDataInvalid):
        open_secret(keyring, other_key_id, sealed)


def test_a_tampered_sealed_secret_does_not_open() -> None:
    keyring = Keyring.generate()
    key_id = new_access_key_id("AKIA")
    sealed = seal_secret(keyring, key_id, new_secret_access_key())
    for index in range(len(sealed)):
        tampered = bytearray(sealed)
        tampered[index] ^= 0x40
        with pytest.raises(SealedDataInvalid):
            open_secret(keyring, key_id, bytes(tampered))


def test_a_sealed_secret_survives_rotation_but_not_retirement() -> None:
    keyring = Keyring.generate()
    key_id, secret = new_access_key_id("AKIA"), new_secret_access_key()
    sealed = seal_secret(keyring, key_id, secret)
    old_key = keyring.primary_key_id
    keyring.rotate()
    assert open_secret(keyring, key_id, sealed) == secret
    keyring.retire(old_key)
    with pytest.raises(SealedDataInvalid):
        open_secret(keyring, key_id, sealed)


def test_a_session_token_sealed_blob_is_not_a_sealed_secret() -> None:
    """Domain separation: the same key id, another purpose, does not open."""
    keyring = Keyring.generate()
    key_id = new_access_key_id("ASIA")
    other_purpose = keyring.seal(b"secret", associated_data=key_id.encode())
    with pytest.raises(SealedDataInvalid):
        open_secret(keyring, key_id, other_purpose)


def test_sealed_bytes_that_are_not_text_do_not_open() -> None:
    keyring = Keyring.generate()
    key_id = new_access_key_id("AKIA")
    sealed = keyring.seal(b"\xff\xfe", associated_data=access_keys_module._associated_data(key_id))
    with pytest.raises(SealedDataInvalid):
        open_secret(keyring, key_id, sealed)
