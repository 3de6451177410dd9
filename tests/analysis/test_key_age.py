"""Key age and idle time: keys past the account's setting are deactivated with an event in the trail;
``analyze unused`` lists what was not used for N days."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from hatrack.analysis.key_age import KeyAgeScheduler, enforce_key_age, set_key_age
from hatrack.analysis.unused import find_unused
from hatrack.cli.main import cli
from hatrack.errors import InvalidInput
from hatrack.model import AccessKey
from hatrack.model.identities import UserRecord
from hatrack.state import open_state
from hatrack.store import access_keys as key_store
from hatrack.store import audit as audit_store
from hatrack.store import users as user_store
from hatrack.store.audit import LookupQuery
from tests.analysis.world import ACCOUNT, NOW, World, trust, world_at


@pytest.fixture
def world(tmp_path: Path, database_url: str) -> Iterator[World]:
    """A hand-built account on SQLite, and on PostgreSQL when it is there."""
    with world_at(tmp_path, database_url=database_url) as built:
        yield built


def _key(
    world: World, user_name: str, key_id: str, *, age_days: int, used_days_ago: int | None = None
) -> None:
    user = user_store.get_user(world.conn, ACCOUNT, user_name)
    assert user is not None
    key_store.insert_access_key(
        world.conn,
        AccessKey(key_id, ACCOUNT, user_name, user.user_id, "Active", NOW - timedelta(days=age_days), b"x"),
    )
    if used_days_ago is not None:
        key_store.record_access_key_use(
            world.conn, key_id, at=NOW - timedelta(days=used_days_ago), service="iam", region="us-east-1"
        )


def _status(world: World, key_id: str) -> str:
    key = key_store.get_access_key(world.conn, key_id)
    assert key is not None
    return key.status


def test_keys_older_than_the_maximum_age_are_deactivated_with_an_event(world: World) -> None:
    world.user("alice")
    _key(world, "alice", "AKIAOLDOLDOLDOLD0001", age_days=100, used_days_ago=1)
    _key(world, "alice", "AKIANEWNEWNEWNEW0001", age_days=10, used_days_ago=1)
    set_key_age(world.conn, ACCOUNT, max_age_days=90, max_idle_days=None, now=NOW)

    found = enforce_key_age(world.conn, now=NOW)
    assert [(d.access_key_id, d.user_name) for d in found] == [("AKIAOLDOLDOLDOLD0001", "alice")]
    assert "maximum key age of 90 days" in found[0].reason
    assert _status(world, "AKIAOLDOLDOLDOLD0001") == "Inactive"
    assert _status(world, "AKIANEWNEWNEWNEW0001") == "Active"
    [event] = audit_store.lookup_events(world.conn, LookupQuery(account_id=ACCOUNT))
    record = json.loads(event.event_json)
    assert (record["eventName"], record["eventType"]) == ("UpdateAccessKey", "AwsServiceEvent")
    assert record["userIdentity"] == {"type": "AWSService", "invokedBy": "hatrack"}
    assert record["requestParameters"]["accessKeyId"] == "AKIAOLDOLDOLDOLD0001"
    assert enforce_key_age(world.conn, now=NOW) == []  # inactive keys are left alone


def test_idle_keys_are_deactivated_from_their_last_use_or_creation(world: World) -> None:
    world.user("bob")
    _key(world, "bob", "AKIAIDLEIDLEIDLE0001", age_days=200, used_days_ago=40)
    _key(world, "bob", "AKIANEVERNEVERNE0001", age_days=31)
    _key(world, "bob", "AKIABUSYBUSYBUSY0001", age_days=200, used_days_ago=2)
    set_key_age(world.conn, ACCOUNT, max_age_days=None, max_idle_days=30, now=NOW)
    found = {d.access_key_id for d in enforce_key_age(world.conn, now=NOW)}
    assert found == {"AKIAIDLEIDLEIDLE0001", "AKIANEVERNEVERNE0001"}
    assert _status(world, "AKIABUSYBUSYBUSY0001") == "Active"


def test_without_a_setting_nothing_is_deactivated_and_bad_limits_are_refused(world: World) -> None:
    world.user("carol")
    _key(world, "carol", "AKIACAROLCAROLCA0001", age_days=5000)
    assert enforce_key_age(world.conn, now=NOW) == []
    with pytest.raises(InvalidInput):
        set_key_age(world.conn, ACCOUNT, max_age_days=0, max_idle_days=None, now=NOW)


def test_unused_lists_keys_passwords_users_and_roles(world: World) -> None:
    world.user("idle", password=True)
    _key(world, "idle", "AKIAIDLEUSERKEY00001", age_days=400, used_days_ago=200)
    world.user("busy")
    _key(world, "busy", "AKIABUSYUSERKEY00001", age_days=400, used_days_ago=1)
    world.role("Forgotten", trust({"Service": "ec2.amazonaws.com"}))
    found = {(u.kind, u.name) for u in find_unused(world.conn, days=90, now=NOW, partition="aws")}
    assert ("access-key", "AKIAIDLEUSERKEY00001") in found
    assert ("user", "idle") in found
    assert ("user", "busy") not in found and ("access-key", "AKIABUSYUSERKEY00001") not in found
    # Made at NOW: neither the password nor the role is older than 90 days yet.
    assert ("password", "idle") not in found and ("role", "Forgotten") not in found
    later = {
        (u.kind, u.name)
        for u in find_unused(world.conn, days=90, now=NOW + timedelta(days=91), partition="aws")
    }
    assert {("password", "idle"), ("role", "Forgotten")} <= later


def test_the_cli_sets_the_limit_and_enforces_it_once(tmp_path: Path, now: datetime) -> None:
    directory = tmp_path / "state"
    state = open_state(directory, account_id=ACCOUNT, now=now)
    with state.database.begin() as conn:
        user = UserRecord("AIDADAVEDAVEDAVEDAVE1", ACCOUNT, "dave", "/", now - timedelta(days=400))
        user_store.insert_user(conn, user)
        old = AccessKey(
            "AKIADAVEDAVEDAVE0001", ACCOUNT, "dave", user.user_id, "Active", now - timedelta(days=400), b"x"
        )
        key_store.insert_access_key(conn, old)
    state.database.dispose()
    runner = CliRunner()
    where = ["--state-dir", str(directory)]
    set_ = runner.invoke(cli, ["key-age", "set", "--account-id", ACCOUNT, "--max-age-days", "90", *where])
    assert set_.exit_code == 0, set_.output
    shown = runner.invoke(cli, ["key-age", "show", *where])
    assert f"{ACCOUNT}  max age: 90 days" in shown.output
    enforced = runner.invoke(cli, ["key-age", "enforce", "--json", *where])
    assert enforced.exit_code == 0, enforced.output
    assert [d["accessKeyId"] for d in json.loads(enforced.output)] == ["AKIADAVEDAVEDAVE0001"]
    unused = runner.invoke(cli, ["analyze", "unused", "--days", "30", "--json", *where])
    assert unused.exit_code == 0, unused.output
    assert ("user", "dave") in {(u["kind"], u["name"]) for u in json.loads(unused.output)}


def test_the_scheduler_enforces_on_each_tick(tmp_path: Path, now: datetime) -> None:
    state = open_state(tmp_path / "state", account_id=ACCOUNT, now=now)
    with state.database.begin() as conn:
        World(conn).user("erin")
        user = user_store.get_user(conn, ACCOUNT, "erin")
        assert user is not None
        key = AccessKey(
            "AKIAERINERINERIN0001", ACCOUNT, "erin", user.user_id, "Active", now - timedelta(days=9), b"x"
        )
        key_store.insert_access_key(conn, key)
        set_key_age(conn, ACCOUNT, max_age_days=None, max_idle_days=7, now=now)
    scheduler = KeyAgeScheduler(state.database, interval_seconds=3600, clock=lambda: now)
    assert scheduler.tick() == 1
    assert scheduler.tick() == 0
    state.database.dispose()
