"""Digests as evidence: checked against a public key kept out of band, and made on a schedule.

The attacker here can write the database (not the key file): they rewrite an event, rebuild the hash
chain, put their own public key in place of the stored one and re-sign every digest with it. Only a
public key given to ``hatrack audit verify`` from elsewhere catches them.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hatrack.audit.chain import GENESIS_HASH, chain_hash
from hatrack.audit.digest import _signed_text, fingerprint, public_key_pem
from hatrack.audit.schedule import DigestScheduler
from hatrack.audit.trail import TrailRecorder
from hatrack.cli.main import cli
from hatrack.state import open_state
from hatrack.store.audit_tables import audit_digests, audit_events, audit_heads, audit_signing_keys
from tests.audit.records import call, root


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["audit", *args], catch_exceptions=False)


@pytest.fixture
def state_dir(tmp_path: Path, now: datetime) -> Path:
    """Three recorded calls and one scheduled round of digests (no manual export)."""
    directory = tmp_path / "state"
    state = open_state(directory, now=now)
    recorder = TrailRecorder(state.database)
    for n, name in enumerate(("alice", "bob", "carol")):
        with state.database.begin() as conn:
            recorder.record(
                conn,
                call(
                    "iam",
                    "CreateUser",
                    root(state.account_id),
                    now + timedelta(minutes=n),
                    params={"UserName": name},
                    request_id=f"r{n}",
                ),
            )
    scheduler = DigestScheduler(state.database, state.keyring, interval_seconds=60, clock=lambda: now)
    assert scheduler.tick() == 1
    state.database.dispose()
    return directory


def _real_key(state_dir: Path, tmp_path: Path) -> Path:
    shown = CliRunner().invoke(cli, ["audit", "digest", "public-key", "--state-dir", str(state_dir)])
    assert shown.exit_code == 0
    path = tmp_path / "kept-elsewhere.pem"
    path.write_text(shown.stdout)
    return path


def _forge(state_dir: Path) -> None:
    """Rewrite bob's CreateUser as a ListUsers, rebuild the chain, replace the key, re-sign the digests."""
    state = open_state(state_dir)
    attacker = Ed25519PrivateKey.generate()
    raw_public = attacker.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    with state.database.begin() as conn:
        rows = conn.execute(
            sa.select(audit_events).where(audit_events.c.account_id == state.account_id).order_by("sequence")
        ).all()
        previous = GENESIS_HASH
        for row in rows:
            record = json.loads(row.event_json)
            if record["requestParameters"] == {"userName": "bob"}:
                record["eventName"] = "ListUsers"
            text = json.dumps(record, separators=(",", ":"), ensure_ascii=False)
            digest = chain_hash(previous, text)
            conn.execute(
                audit_events.update()
                .where(audit_events.c.account_id == row.account_id, audit_events.c.sequence == row.sequence)
                .values(
                    event_json=text, event_name=record["eventName"], previous_hash=previous, event_hash=digest
                )
            )
            previous = digest
        conn.execute(
            audit_heads.update()
            .where(audit_heads.c.account_id == state.account_id)
            .values(head_hash=previous)
        )
        conn.execute(audit_signing_keys.delete())
        conn.execute(
            audit_signing_keys.insert().values(
                key_id=fingerprint(attacker.public_key()),
                public_key=raw_public,
                sealed_private_key=b"\x00" * 40,
                created_at=datetime(2026, 1, 1),
            )
        )
        for stored in conn.execute(sa.select(audit_digests)).all():
            document = json.loads(stored.document)
            document["headHash"] = previous
            document["signingKeyFingerprint"] = fingerprint(attacker.public_key())
            document["signature"] = base64.b64encode(attacker.sign(_signed_text(document))).decode()
            conn.execute(
                audit_digests.update()
                .where(
                    audit_digests.c.account_id == stored.account_id,
                    audit_digests.c.digest_number == stored.digest_number,
                )
                .values(document=json.dumps(document, separators=(",", ":")))
            )
    state.database.dispose()


def test_verify_with_the_real_key_passes(state_dir: Path, tmp_path: Path) -> None:
    key = _real_key(state_dir, tmp_path)
    result = _run("verify", "--state-dir", str(state_dir), "--public-key", str(key))
    assert result.exit_code == 0, result.output
    assert "given out of band" in result.output
    assert "intact (4 events, 1 digests)" in result.output or "intact (3 events, 1 digests)" in result.output


def test_verify_with_a_wrong_key_fails(state_dir: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.pem"
    wrong.write_bytes(public_key_pem(Ed25519PrivateKey.generate().public_key()))
    result = _run("verify", "--state-dir", str(state_dir), "--public-key", str(wrong))
    assert result.exit_code == 1
    assert "bad signature" in result.output


def test_without_a_key_verify_says_it_checked_only_internal_consistency(state_dir: Path) -> None:
    result = _run("verify", "--state-dir", str(state_dir))
    assert result.exit_code == 0
    assert "internal consistency only" in result.output


def test_a_rebuilt_chain_re_signed_with_a_replaced_key_is_caught_by_the_real_key(
    state_dir: Path, tmp_path: Path
) -> None:
    key = _real_key(state_dir, tmp_path)
    kept_fingerprint = fingerprint(serialization.load_pem_public_key(key.read_bytes()))  # type: ignore[arg-type]
    _forge(state_dir)
    fooled = _run("verify", "--state-dir", str(state_dir))
    assert fooled.exit_code == 0  # the database agrees with itself ...
    assert "internal consistency only" in fooled.output  # ... and verify says that is all it checked
    caught = _run("verify", "--state-dir", str(state_dir), "--public-key", str(key))
    assert caught.exit_code == 1
    assert "bad signature" in caught.output
    assert "is not the key given" in caught.output
    by_fingerprint = _run("verify", "--state-dir", str(state_dir), "--fingerprint", kept_fingerprint)
    assert by_fingerprint.exit_code == 1
    assert "was replaced" in by_fingerprint.output


def test_the_scheduler_makes_a_digest_only_when_a_trail_moved(tmp_path: Path, now: datetime) -> None:
    state = open_state(tmp_path / "s", now=now)
    scheduler = DigestScheduler(state.database, state.keyring, interval_seconds=60, clock=lambda: now)
    assert scheduler.tick() == 0  # no trail yet
    with state.database.begin() as conn:
        TrailRecorder(state.database).record(conn, call("iam", "ListUsers", root(state.account_id), now))
    assert scheduler.tick() == 1
    assert scheduler.tick() == 0
    state.database.dispose()


def test_a_failed_round_is_logged_and_the_next_one_runs(
    tmp_path: Path, now: datetime, caplog: pytest.LogCaptureFixture
) -> None:
    state = open_state(tmp_path / "s", now=now)
    outcomes: list[str] = ["fail"]

    def create(conn: Any, keyring: Any, *, now: datetime) -> list[object]:
        if outcomes and outcomes.pop() == "fail":
            raise OSError("database went away")
        return [object()]

    scheduler = DigestScheduler(state.database, state.keyring, interval_seconds=60, create=create)
    with caplog.at_level(logging.ERROR, logger="hatrack.audit.digests"):
        assert scheduler.tick() == 0
    assert "scheduled audit digests failed" in caplog.text
    assert scheduler.tick() == 1
    state.database.dispose()
