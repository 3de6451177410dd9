"""``verify`` names the first event that was changed, removed or inserted; digests catch a rebuilt chain."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from hatrack.audit.chain import chain_hash
from hatrack.audit.digest import create_digests
from hatrack.audit.trail import TrailRecorder
from hatrack.audit.verify import verify_all, verify_trail
from hatrack.credentials.keyring import Keyring
from hatrack.store.audit_tables import audit_event_resources, audit_events, audit_heads
from hatrack.store.db import Database
from tests.audit.records import ACCOUNT, call, root


@pytest.fixture
def trail(database: Database, now: datetime) -> Database:
    recorder = TrailRecorder(database)
    for n in range(1, 7):
        with database.begin() as conn:
            recorder.record(
                conn,
                call(
                    "iam",
                    "CreateUser",
                    root(),
                    now + timedelta(minutes=n),
                    params={"UserName": f"user{n}"},
                    request_id=f"req-{n}",
                ),
            )
    return database


def _verify(database: Database) -> tuple[int, str, str]:
    with database.read() as conn:
        report = verify_trail(conn, ACCOUNT)
    assert report.finding is not None
    return report.finding.sequence, report.finding.problem, report.finding.detail


def _row(database: Database, sequence: int) -> dict[str, object]:
    with database.read() as conn:
        row = (
            conn.execute(sa.select(audit_events).where(audit_events.c.sequence == sequence)).mappings().one()
        )
    return dict(row)


def _update(database: Database, sequence: int, **values: object) -> None:
    with database.begin() as conn:
        conn.execute(audit_events.update().where(audit_events.c.sequence == sequence).values(**values))


def test_an_untouched_trail_verifies(trail: Database) -> None:
    with trail.read() as conn:
        [report] = verify_all(conn)
    assert report.intact
    assert report.events_checked == 6


def test_a_hand_edited_event_is_named(trail: Database) -> None:
    text = str(_row(trail, 3)["event_json"]).replace("user3", "mallory")
    _update(trail, 3, event_json=text)
    sequence, problem, _ = _verify(trail)
    assert (sequence, problem) == (3, "changed")


def test_an_edited_and_rehashed_event_is_named(trail: Database) -> None:
    row = _row(trail, 3)
    text = str(row["event_json"]).replace("user3", "mallory")
    _update(trail, 3, event_json=text, event_hash=chain_hash(str(row["previous_hash"]), text))
    sequence, problem, _ = _verify(trail)
    assert (sequence, problem) == (3, "changed")


def test_an_event_hidden_from_lookups_by_editing_its_columns_is_named(trail: Database) -> None:
    _update(trail, 4, event_name="ListUsers")
    assert _verify(trail)[:2] == (4, "changed")


def test_a_deleted_event_is_named(trail: Database) -> None:
    with trail.begin() as conn:
        conn.execute(audit_event_resources.delete().where(audit_event_resources.c.sequence == 2))
        conn.execute(audit_events.delete().where(audit_events.c.sequence == 2))
    sequence, problem, detail = _verify(trail)
    assert (sequence, problem) == (2, "removed")
    assert "event 2 was removed" in detail


def test_the_last_event_deleted_is_named(trail: Database) -> None:
    with trail.begin() as conn:
        conn.execute(audit_event_resources.delete().where(audit_event_resources.c.sequence == 6))
        conn.execute(audit_events.delete().where(audit_events.c.sequence == 6))
    assert _verify(trail)[:2] == (6, "removed")


def test_an_event_inserted_at_the_end_is_named(trail: Database) -> None:
    row = _row(trail, 6)
    forged = str(row["event_json"]).replace("user6", "ghost")
    with trail.begin() as conn:
        conn.execute(
            audit_events.insert().values(
                {
                    **row,
                    "sequence": 7,
                    "event_json": forged,
                    "previous_hash": row["event_hash"],
                    "event_hash": chain_hash(str(row["event_hash"]), forged),
                }
            )
        )
    assert _verify(trail)[:2] == (7, "inserted")


def test_an_event_inserted_in_the_middle_is_named(trail: Database) -> None:
    with trail.begin() as conn:  # make room: shift events 4.. up by one, as a forger would have to
        for sequence in range(6, 3, -1):
            for table in (audit_event_resources, audit_events):
                conn.execute(table.update().where(table.c.sequence == sequence).values(sequence=sequence + 1))
        conn.execute(audit_heads.update().values(sequence=7))
    row = _row(trail, 5)  # the old event 4
    forged = str(row["event_json"]).replace("user4", "ghost")
    previous = str(_row(trail, 3)["event_hash"])
    with trail.begin() as conn:
        conn.execute(
            audit_events.insert().values(
                {
                    **row,
                    "sequence": 4,
                    "event_json": forged,
                    "previous_hash": previous,
                    "event_hash": chain_hash(previous, forged),
                }
            )
        )
        conn.execute(
            audit_event_resources.insert().values(
                account_id=ACCOUNT,
                sequence=4,
                position=0,
                resource_type="AWS::IAM::User",
                resource_name="ghost",
                event_time=row["event_time"],
            )
        )
    assert _verify(trail)[:2] == (4, "inserted")


def test_a_chain_rebuilt_after_a_digest_is_caught_by_the_digest(trail: Database, now: datetime) -> None:
    keyring = Keyring.generate()
    with trail.begin() as conn:
        create_digests(conn, keyring, now=now)
    # Rewrite event 2 and rebuild every hash after it, head included: only the digest can tell.
    with trail.begin() as conn:
        rows = conn.execute(sa.select(audit_events).order_by(audit_events.c.sequence)).mappings().all()
        previous = str(rows[0]["event_hash"])
        for row in rows[1:]:
            text = str(row["event_json"])
            if row["sequence"] == 2:
                text = text.replace("user2", "mallory")
            digest = chain_hash(previous, text)
            conn.execute(
                audit_events.update()
                .where(audit_events.c.sequence == row["sequence"])
                .values(event_json=text, previous_hash=previous, event_hash=digest)
            )
            previous = digest
        conn.execute(audit_heads.update().values(head_hash=previous))
        conn.execute(
            audit_event_resources.update()
            .where(audit_event_resources.c.resource_name == "user2")
            .values(resource_name="mallory")
        )
    sequence, problem, detail = _verify(trail)
    assert (sequence, problem) == (6, "changed")
    assert "digest 1" in detail


def test_a_forged_digest_is_caught(trail: Database, now: datetime) -> None:
    from hatrack.store.audit_tables import audit_digests

    with trail.begin() as conn:
        create_digests(conn, Keyring.generate(), now=now)
        document = json.loads(conn.execute(sa.select(audit_digests.c.document)).scalar_one())
        document["sequence"] = 5
        conn.execute(audit_digests.update().values(document=json.dumps(document)))
    assert _verify(trail)[1] == "digest"
