"""Digests: the chain head signed with Ed25519; a copy of the trail checks out with the public key alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hatrack.audit.digest import (
    create_digests,
    load_public_key,
    public_key_pem,
    read_public_key_pem,
    verify_copy,
)
from hatrack.audit.trail import TrailRecorder
from hatrack.credentials.keyring import Keyring
from hatrack.store import audit as store
from hatrack.store.db import Database
from tests.audit.records import ACCOUNT, call, root


def _record(database: Database, recorder: TrailRecorder, now: datetime, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        with database.begin() as conn:
            recorder.record(
                conn,
                call(
                    "iam",
                    "CreateUser",
                    root(),
                    now + timedelta(seconds=n),
                    params={"UserName": f"u{n}"},
                    request_id=f"r{n}",
                ),
            )


@pytest.fixture
def exported(database: Database, now: datetime) -> tuple[list[str], list[str], bytes]:
    keyring = Keyring.generate()
    recorder = TrailRecorder(database)
    _record(database, recorder, now, 3)
    with database.begin() as conn:
        create_digests(conn, keyring, now=now + timedelta(hours=1))
    _record(database, recorder, now, 3, start=3)
    with database.begin() as conn:
        create_digests(conn, keyring, now=now + timedelta(hours=2))
        create_digests(conn, keyring, now=now + timedelta(hours=3))  # nothing new: no third digest
    with database.read() as conn:
        lines = [event.event_json for event in store.iter_trail(conn, ACCOUNT)]
        digests = [digest.document for digest in store.list_digests(conn, ACCOUNT)]
        public = load_public_key(conn)
    assert public is not None
    return lines, digests, public_key_pem(public)


def test_an_exported_copy_checks_out_with_the_public_key(
    exported: tuple[list[str], list[str], bytes],
) -> None:
    lines, digests, pem = exported
    [report] = verify_copy(lines, digests, read_public_key_pem(pem))
    assert report.problem is None
    assert (report.events, report.digests, report.verified_through) == (6, 2, 6)


def test_a_changed_line_in_the_copy_fails_the_digest_that_covers_it(
    exported: tuple[list[str], list[str], bytes],
) -> None:
    lines, digests, pem = exported
    lines[4] = lines[4].replace("u4", "mallory")
    [report] = verify_copy(lines, digests, read_public_key_pem(pem))
    assert report.verified_through == 3
    assert report.problem is not None and "after event 3 and at or before event 6" in report.problem


def test_a_removed_line_is_caught(exported: tuple[list[str], list[str], bytes]) -> None:
    lines, digests, pem = exported
    del lines[1]
    [report] = verify_copy(lines, digests, read_public_key_pem(pem))
    assert report.problem is not None and report.verified_through == 0


def test_another_key_does_not_vouch_for_the_digests(exported: tuple[list[str], list[str], bytes]) -> None:
    lines, digests, _ = exported
    [report] = verify_copy(lines, digests, Ed25519PrivateKey.generate().public_key())
    assert report.problem is not None and "bad signature" in report.problem


def test_a_removed_digest_is_caught(exported: tuple[list[str], list[str], bytes]) -> None:
    lines, digests, pem = exported
    [report] = verify_copy(lines, digests[1:], read_public_key_pem(pem))
    assert report.problem is not None and "digest was removed" in report.problem


def test_the_signing_key_is_sealed_and_reused(database: Database, now: datetime) -> None:
    keyring = Keyring.generate()
    with database.begin() as conn:
        create_digests(conn, keyring, now=now)
        first = store.get_signing_key(conn)
        create_digests(conn, keyring, now=now)
        assert store.get_signing_key(conn) == first
    assert first is not None
    assert len(first.sealed_private_key) > 32  # sealed (AES-GCM), not the 32 raw bytes
