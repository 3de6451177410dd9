"""The keyring seals with its primary key, opens with any key, rotates and retires, and guards its file."""

from __future__ import annotations

import base64
import json
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hatrack.credentials import keyring as keyring_module
from hatrack.credentials.keyring import (
    OVERHEAD_BYTES,
    KeyFileInsecure,
    Keyring,
    KeyringError,
    KeySource,
    SealedDataInvalid,
    new_master_key,
)

AAD = b"row 42"
PLAINTEXT = b"the secret access key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "hatrack-keyring.json"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: the key file must be private anyway."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- sealing ---------------------------------------------------------------------------------------


def test_sealed_data_opens_to_the_plaintext() -> None:
    ring = Keyring.generate()
    sealed = ring.seal(PLAINTEXT, associated_data=AAD)
    assert ring.open(sealed, associated_data=AAD) == PLAINTEXT


def test_sealed_layout_is_version_key_id_nonce_ciphertext() -> None:
    ring = Keyring.generate()
    sealed = ring.seal(PLAINTEXT, associated_data=AAD)
    assert sealed[0] == 1
    assert sealed[1:5].hex() == ring.primary_key_id
    assert len(sealed) == len(PLAINTEXT) + OVERHEAD_BYTES
    assert ring.sealed_key_id(sealed) == ring.primary_key_id


def test_sealing_twice_gives_different_blobs() -> None:
    ring = Keyring.generate()
    assert ring.seal(PLAINTEXT, associated_data=AAD) != ring.seal(PLAINTEXT, associated_data=AAD)


def test_the_plaintext_does_not_appear_in_the_sealed_blob() -> None:
    ring = Keyring.generate()
    sealed = ring.seal(PLAINTEXT, associated_data=AAD)
    assert PLAINTEXT not in sealed
    assert PLAINTEXT[-16:] not in sealed


def test_other_associated_data_does_not_open() -> None:
    ring = Keyring.generate()
    sealed = ring.seal(PLAINTEXT, associated_data=AAD)
    with pytest.raises(SealedDataInvalid):
        ring.open(sealed, associated_data=b"row 43")


def test_flipping_any_byte_of_a_sealed_blob_is_detected() -> None:
    ring = Keyring.generate()
    sealed = ring.seal(PLAINTEXT, associated_data=AAD)
    for index in range(len(sealed)):
        tampered = bytearray(sealed)
        tampered[index] ^= 0x01
        with pytest.raises(SealedDataInvalid):
            ring.open(bytes(tampered), associated_data=AAD)


def test_truncated_or_extended_blobs_do_not_open() -> None:
    ring = Keyring.generate()
    sealed = ring.seal(PLAINTEXT, associated_data=AAD)
    for length in (0, 1, 5, OVERHEAD_BYTES - 1, OVERHEAD_BYTES, len(sealed) - 1):
        with pytest.raises(SealedDataInvalid):
            ring.open(sealed[:length], associated_data=AAD)
    with pytest.raises(SealedDataInvalid):
        ring.open(sealed + b"\x00", associated_data=AAD)


def test_another_keyring_cannot_open() -> None:
    sealed = Keyring.generate().seal(PLAINTEXT, associated_data=AAD)
    with pytest.raises(SealedDataInvalid):
        Keyring.generate().open(sealed, associated_data=AAD)


def test_an_empty_plaintext_seals_and_opens() -> None:
    ring = Keyring.generate()
    assert ring.open(ring.seal(b"", associated_data=b""), associated_data=b"") == b""


def test_sealed_key_id_refuses_what_is_not_a_sealed_blob() -> None:
    ring = Keyring.generate()
    with pytest.raises(SealedDataInvalid):
        ring.sealed_key_id(b"short")
    with pytest.raises(SealedDataInvalid):
        ring.sealed_key_id(b"\x02" + bytes(OVERHEAD_BYTES))


def test_the_error_says_nothing_about_the_cause() -> None:
    assert str(SealedDataInvalid()) == "sealed data is invalid"


# --- rotation and retirement -----------------------------------------------------------------------


def test_a_new_ring_has_a_primary_and_a_staged_key(now: datetime) -> None:
    ring = Keyring.generate(now=now)
    assert len(ring.key_ids) == 2
    assert ring.primary_key_id == ring.key_ids[0]
    assert ring.staged_key_id == ring.key_ids[1]
    assert all(len(key_id) == 8 for key_id in ring.key_ids)


def test_rotate_promotes_the_staged_key_and_stages_a_new_one(now: datetime) -> None:
    ring = Keyring.generate(now=now)
    old_primary, staged = ring.primary_key_id, ring.staged_key_id
    assert ring.rotate(now=now) == staged
    assert ring.primary_key_id == staged
    assert ring.staged_key_id not in (old_primary, staged)
    assert ring.key_ids[:2] == (old_primary, staged)
    assert len(ring.key_ids) == 3


def test_after_rotation_new_blobs_use_the_new_primary_and_old_blobs_still_open() -> None:
    ring = Keyring.generate()
    old = ring.seal(PLAINTEXT, associated_data=AAD)
    ring.rotate()
    new = ring.seal(PLAINTEXT, associated_data=AAD)
    assert ring.sealed_key_id(new) == ring.primary_key_id != ring.sealed_key_id(old)
    assert ring.open(old, associated_data=AAD) == PLAINTEXT
    assert ring.open(new, associated_data=AAD) == PLAINTEXT


def test_retiring_a_key_makes_its_blobs_invalid() -> None:
    ring = Keyring.generate()
    old_key = ring.primary_key_id
    old = ring.seal(PLAINTEXT, associated_data=AAD)
    ring.rotate()
    ring.retire(old_key)
    assert old_key not in ring.key_ids
    with pytest.raises(SealedDataInvalid):
        ring.open(old, associated_data=AAD)


def test_the_primary_and_staged_keys_cannot_be_retired() -> None:
    ring = Keyring.generate()
    with pytest.raises(KeyringError, match="primary"):
        ring.retire(ring.primary_key_id)
    assert ring.staged_key_id is not None
    with pytest.raises(KeyringError, match="staged"):
        ring.retire(ring.staged_key_id)
    assert len(ring.key_ids) == 2


@pytest.mark.parametrize("key_id", ["00000000", "zz", "0123456789", ""])
def test_retiring_an_unknown_key_is_refused(key_id: str) -> None:
    ring = Keyring.generate()
    with pytest.raises(KeyringError):
        ring.retire(key_id)


def test_repr_shows_no_key_material() -> None:
    ring = Keyring.generate()
    document = json.loads(ring.to_document())
    text = repr(ring)
    assert ring.primary_key_id in text
    for entry in document["keys"]:
        assert entry["key"] not in text


# --- the key file ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("open_umask")
def test_the_key_file_is_created_private(key_file: Path, now: datetime) -> None:
    ring = Keyring.load_or_create(key_file, now=now)
    assert file_mode(key_file) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert ring.source is KeySource.FILE
    assert ring.path == key_file
    assert json.loads(key_file.read_text())["keys"][0]["created_at"] == now.isoformat()


def test_the_key_file_is_loaded_again_with_the_same_keys(key_file: Path) -> None:
    first = Keyring.load_or_create(key_file)
    sealed = first.seal(PLAINTEXT, associated_data=AAD)
    second = Keyring.load_or_create(key_file)
    assert second.key_ids == first.key_ids
    assert second.primary_key_id == first.primary_key_id
    assert second.open(sealed, associated_data=AAD) == PLAINTEXT


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o606])
def test_a_key_file_others_can_access_is_refused(key_file: Path, mode: int) -> None:
    Keyring.load_or_create(key_file)
    key_file.chmod(mode)
    with pytest.raises(KeyFileInsecure, match="chmod 600"):
        Keyring.load_or_create(key_file)


def test_an_owner_only_read_only_key_file_is_accepted(key_file: Path) -> None:
    created = Keyring.load_or_create(key_file)
    key_file.chmod(0o400)
    assert Keyring.load_or_create(key_file).key_ids == created.key_ids


@pytest.mark.usefixtures("open_umask")
def test_rotation_is_persisted_and_the_file_stays_private(key_file: Path) -> None:
    ring = Keyring.load_or_create(key_file)
    new_primary = ring.rotate()
    assert file_mode(key_file) == 0o600
    reloaded = Keyring.load_or_create(key_file)
    assert reloaded.primary_key_id == new_primary
    assert reloaded.key_ids == ring.key_ids


def test_retirement_is_persisted(key_file: Path) -> None:
    ring = Keyring.load_or_create(key_file)
    old = ring.primary_key_id
    ring.rotate()
    ring.retire(old)
    assert old not in Keyring.load_or_create(key_file).key_ids


def test_rotation_builds_on_the_file_so_concurrent_rotations_keep_every_key(key_file: Path) -> None:
    one = Keyring.load_or_create(key_file)
    other = Keyring.load_or_create(key_file)
    one.rotate()
    other.rotate()  # re-reads the file first: one's new key survives
    assert set(one.key_ids) < set(Keyring.load_or_create(key_file).key_ids)
    assert len(Keyring.load_or_create(key_file).key_ids) == 4


def test_reload_picks_up_a_rotation_done_elsewhere(key_file: Path) -> None:
    serving = Keyring.load_or_create(key_file)
    operator = Keyring.load_or_create(key_file)
    new_primary = operator.rotate()
    # The staged key was already known to the serving node before the rotation:
    assert new_primary in serving.key_ids
    sealed_by_operator = operator.seal(PLAINTEXT, associated_data=AAD)
    assert serving.open(sealed_by_operator, associated_data=AAD) == PLAINTEXT
    serving.reload()
    assert serving.primary_key_id == new_primary


def test_reload_of_an_in_memory_ring_changes_nothing() -> None:
    ring = Keyring.generate()
    before = ring.key_ids
    ring.reload()
    assert ring.key_ids == before


def test_no_temporary_files_are_left_behind(key_file: Path) -> None:
    ring = Keyring.load_or_create(key_file)
    ring.rotate()
    names = sorted(path.name for path in key_file.parent.iterdir())
    assert names == [key_file.name, key_file.name + ".lock"]


def test_creating_over_an_existing_file_fails_without_leaving_a_temporary_file(key_file: Path) -> None:
    Keyring.load_or_create(key_file)
    before = key_file.read_text()
    with pytest.raises(FileExistsError):
        keyring_module._write_atomically(key_file, "{}", replace_existing=False)
    assert key_file.read_text() == before
    assert [path.name for path in key_file.parent.iterdir()] == [key_file.name]


def test_losing_the_creation_race_loads_the_winners_file(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner = Keyring.load_or_create(key_file)
    # The loser saw no file a moment ago, then the winner's link appeared first.
    real_exists = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self: False if self == key_file else real_exists(self))
    loser = Keyring.load_or_create(key_file)
    assert loser.key_ids == winner.key_ids


def write_document(path: Path, document: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    path.chmod(0o600)


def test_a_ring_without_a_staged_key_rotates_to_a_new_primary(key_file: Path) -> None:
    document = json.loads(Keyring.generate().to_document())
    document["keys"] = document["keys"][:1]
    document["staged"] = None
    write_document(key_file, document)
    ring = Keyring.load_or_create(key_file)
    assert ring.staged_key_id is None
    old = ring.primary_key_id
    new = ring.rotate()
    assert new != old
    assert ring.staged_key_id not in (None, old, new)
    assert len(ring.key_ids) == 3


def valid_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(Keyring.generate().to_document())
    return document


def broken_documents() -> list[tuple[str, object]]:
    def changed(**changes: object) -> dict[str, Any]:
        document = valid_document()
        document.update(changes)
        return document

    def with_entry(**changes: object) -> dict[str, Any]:
        document = valid_document()
        document["keys"][0].update(changes)
        return document

    def duplicated() -> dict[str, Any]:
        document = valid_document()
        document["keys"].append(dict(document["keys"][0]))
        return document

    return [
        ("not a hatrack-keyring document", ["a list"]),
        ("not a hatrack-keyring document", changed(format="fernet")),
        ("version", changed(version=2)),
        ("no keys", changed(keys=[])),
        ("no keys", changed(keys="none")),
        ("not an object", changed(keys=["abc"])),
        ("not a key id", with_entry(id="xyz")),
        ("not a key id", with_entry(id="0123456g")),
        ("not a key id", with_entry(id=12345678)),
        ("appears twice", duplicated()),
        ("not 32 bytes", with_entry(key=base64.b64encode(b"short").decode())),
        ("not 32 bytes", with_entry(key="not base64!")),
        ("not 32 bytes", with_entry(key=None)),
        ("created_at", with_entry(created_at="yesterday")),
        ("created_at", with_entry(created_at=17)),
        ("primary key", changed(primary="00000000")),
        ("not a key id", changed(primary=None)),
        ("staged key", changed(staged="00000000")),
        ("staged key", changed(staged=valid_document()["primary"])),
    ]


@pytest.mark.parametrize(("complaint", "document"), broken_documents())
def test_a_malformed_key_file_is_refused_with_a_reason(
    key_file: Path, complaint: str, document: object
) -> None:
    write_document(key_file, document)
    with pytest.raises(KeyringError, match=complaint):
        Keyring.load_or_create(key_file)


def test_a_key_file_that_is_not_json_is_refused(key_file: Path) -> None:
    key_file.parent.mkdir(parents=True)
    key_file.write_text("not json")
    key_file.chmod(0o600)
    with pytest.raises(KeyringError, match="not valid JSON"):
        Keyring.load_or_create(key_file)


def test_a_key_without_created_at_is_accepted(key_file: Path) -> None:
    document = valid_document()
    for entry in document["keys"]:
        entry["created_at"] = None
    write_document(key_file, document)
    assert len(Keyring.load_or_create(key_file).key_ids) == 2


# --- HATRACK_MASTER_KEY ----------------------------------------------------------------------------


def test_a_base64_master_key_gives_the_same_key_id_on_every_node() -> None:
    value = new_master_key()
    one, other = Keyring.from_environment(value), Keyring.from_environment(f"  {value}\n")
    assert one.key_ids == other.key_ids == (one.primary_key_id,)
    assert one.staged_key_id is None
    assert one.source is KeySource.ENVIRONMENT
    assert other.open(one.seal(PLAINTEXT, associated_data=AAD), associated_data=AAD) == PLAINTEXT


def test_hex_and_urlsafe_master_keys_name_the_same_key() -> None:
    material = bytes([0xFB, 0xFF] * 16)
    forms = [material.hex(), base64.b64encode(material).decode(), base64.urlsafe_b64encode(material).decode()]
    assert len({Keyring.from_environment(form).primary_key_id for form in forms}) == 1
    assert "-" in forms[2] or "_" in forms[2]  # so the urlsafe spelling really differs


def test_a_keyring_document_in_the_environment_keeps_every_key() -> None:
    ring = Keyring.generate()
    ring.rotate()
    sealed = ring.seal(PLAINTEXT, associated_data=AAD)
    from_env = Keyring.from_environment(ring.to_document())
    assert from_env.key_ids == ring.key_ids
    assert from_env.primary_key_id == ring.primary_key_id
    assert from_env.open(sealed, associated_data=AAD) == PLAINTEXT


@pytest.mark.parametrize(
    "value", ["", "short", base64.b64encode(bytes(31)).decode(), "z" * 64, bytes(33).hex(), "{not json"]
)
def test_a_malformed_master_key_is_refused(value: str) -> None:
    with pytest.raises(KeyringError):
        Keyring.from_environment(value)


def test_an_environment_keyring_refuses_to_rotate_or_retire() -> None:
    ring = Keyring.from_environment(Keyring.generate().to_document())
    with pytest.raises(KeyringError, match="HATRACK_MASTER_KEY"):
        ring.rotate()
    with pytest.raises(KeyringError, match="HATRACK_MASTER_KEY"):
        ring.retire(ring.key_ids[0])
