"""The trail commits with the change, refuses to lose an event, and chains concurrent writers in order."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from hatrack.audit.chain import GENESIS_HASH, chain_hash
from hatrack.audit.trail import GroupCommitter, TrailRecorder
from hatrack.audit.verify import verify_all
from hatrack.errors import AccessDenied
from hatrack.model import Account
from hatrack.store import audit as store
from hatrack.store.accounts import get_account, insert_account
from hatrack.store.db import Database
from tests.audit.records import ACCOUNT, call, root, user


def _events(database: Database, account: str = ACCOUNT) -> list[store.StoredEvent]:
    with database.read() as conn:
        return list(store.iter_trail(conn, account))


def test_the_change_and_its_event_commit_together(database: Database, now: datetime) -> None:
    recorder = TrailRecorder(database)
    with database.begin() as conn:
        insert_account(conn, Account("999988887777", now))
        recorder.record(conn, call("iam", "CreateAccountAlias", root(), now, params={"AccountAlias": "x"}))
    [event] = _events(database)
    assert json.loads(event.event_json)["eventName"] == "CreateAccountAlias"
    assert (event.sequence, event.previous_hash) == (1, GENESIS_HASH)
    assert event.event_hash == chain_hash(GENESIS_HASH, event.event_json)


def test_no_event_remains_of_a_change_that_rolled_back(database: Database, now: datetime) -> None:
    recorder = TrailRecorder(database)
    with pytest.raises(RuntimeError), database.begin() as conn:
        insert_account(conn, Account("999988887777", now))
        recorder.record(conn, call("iam", "CreateAccountAlias", root(), now))
        raise RuntimeError("the handler failed after recording")
    assert _events(database) == []
    with database.read() as conn:
        assert store.get_head(conn, ACCOUNT) is None


def test_a_change_whose_event_cannot_be_written_does_not_happen(database: Database, now: datetime) -> None:
    recorder = TrailRecorder(database)
    with database.begin() as conn:  # the audit store refuses every write from now on
        if database.is_sqlite:
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit down'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'audit down'; END $$"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
    with pytest.raises(sa.exc.DBAPIError), database.begin() as conn:
        insert_account(conn, Account("999988887777", now))
        recorder.record(conn, call("iam", "CreateAccountAlias", root(), now))
    with database.read() as conn:
        assert get_account(conn, "999988887777") is None
    with pytest.raises(sa.exc.DBAPIError):
        recorder.record_apart(call("iam", "CreateUser", root(), now, error=AccessDenied("no")))


def test_denied_calls_are_recorded_apart(database: Database, now: datetime) -> None:
    recorder = TrailRecorder(database)
    recorder.record_apart(
        call(
            "iam",
            "CreateUser",
            user("eve", "AKIAEVEEVEEVEEVE0001"),
            now,
            params={"UserName": "x"},
            error=AccessDenied("not authorized"),
        )
    )
    [event] = _events(database)
    assert json.loads(event.event_json)["errorCode"] == "AccessDenied"


def test_a_failed_signature_with_a_known_key_goes_to_the_key_owner_s_trail(
    database: Database, now: datetime
) -> None:
    from hatrack.model import AccessKey
    from hatrack.store.access_keys import insert_access_key

    with database.begin() as conn:
        insert_account(conn, Account(ACCOUNT, now))
        insert_access_key(
            conn, AccessKey("AKIAKNOWNKEY00000001", ACCOUNT, "bob", "AIDABOB", "Active", now, b"x")
        )
    recorder = TrailRecorder(database)
    recorder.record_apart(
        call("iam", "ListUsers", None, now, error=AccessDenied("bad"), access_key_id="AKIAKNOWNKEY00000001")
    )
    recorder.record_apart(
        call("iam", "ListUsers", None, now, error=AccessDenied("bad"), access_key_id="AKIANOBODY0000000001")
    )
    assert [e.access_key_id for e in _events(database)] == ["AKIAKNOWNKEY00000001"]
    assert [e.access_key_id for e in _events(database, "")] == []  # an unknown key reaches no trail


def test_the_log_of_unattributed_calls_is_rate_limited() -> None:
    import logging

    from hatrack.audit.trail import RateLimitedLog

    moments = iter([0.0] + [0.0] * 5 + [10.0])
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logger = logging.getLogger("tests.rate_limited")
    logger.addHandler(Collect())
    limited = RateLimitedLog(logger, rate=1.0, burst=2, clock=lambda: next(moments))
    outcomes = [limited.note(f"line {n}") for n in range(6)]
    assert outcomes == [True, True, False, False, False, True]
    assert lines[-1] == "line 5 (3 similar lines dropped before this one)"


@pytest.mark.parametrize("defer_unchanged", [False, True])
def test_concurrent_writers_extend_one_unbroken_chain(
    database: Database, now: datetime, defer_unchanged: bool
) -> None:
    recorder = TrailRecorder(database, defer_unchanged=defer_unchanged and not database.is_sqlite)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(15):
                moment = now + timedelta(seconds=i)
                read = call("iam", "ListUsers", root(), moment, read_only=True, request_id=f"r{worker}-{i}")
                with database.begin() as conn:
                    recorder.record(conn, read)
                recorder.record_apart(
                    call(
                        "iam",
                        "DeleteUser",
                        root(),
                        moment,
                        error=AccessDenied("no"),
                        request_id=f"d{worker}-{i}",
                    )
                )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    events = _events(database)
    assert [e.sequence for e in events] == list(range(1, 181))
    assert len({json.loads(e.event_json)["requestID"] for e in events}) == 180
    with database.read() as conn:
        [report] = verify_all(conn)
    assert report.intact, report.finding
    assert report.events_checked == 180


def test_the_committer_writes_queued_events_together(database: Database, now: datetime) -> None:
    from hatrack.audit.events import build_events

    committer = GroupCommitter(database)
    barrier = threading.Barrier(8)

    def submit(n: int) -> None:
        barrier.wait()
        committer.submit(
            build_events(call("iam", "GetUser", root(), now, read_only=True, request_id=f"g{n}"))
        )

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    committer.dispose()
    assert committer.events == 8
    assert 1 <= committer.batches <= 8
    assert len(_events(database)) == 8


def test_event_times_are_stored_in_utc(database: Database) -> None:
    from zoneinfo import ZoneInfo

    local = datetime(2026, 11, 28, 13, 0, tzinfo=ZoneInfo("Europe/Paris"))
    recorder = TrailRecorder(database)
    with database.begin() as conn:
        recorder.record(conn, call("iam", "ListUsers", root(), local, read_only=True))
    [event] = _events(database)
    assert event.event_time == datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert json.loads(event.event_json)["eventTime"] == "2026-11-28T12:00:00Z"


@pytest.mark.postgres
def test_on_postgresql_an_unchanged_call_s_event_commits_through_the_group_committer(
    postgres_database: Database, now: datetime
) -> None:
    # Only PostgreSQL can tell whether a transaction wrote; SQLite appends such events inline.
    database = postgres_database
    recorder = TrailRecorder(database)
    with database.begin() as conn:
        recorder.record(conn, call("sts", "AssumeRole", root(), now, params={"RoleSessionName": "s"}))
        with database.read() as other:  # committed already, before the call's own transaction ends
            assert [e.event_name for e in store.iter_trail(other, ACCOUNT)] == ["AssumeRole"]
    assert recorder.committer.events == 1
