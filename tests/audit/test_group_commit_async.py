"""Awaited group commit: a future completes only once its events are committed, even when the lock is busy."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import datetime

import pytest
import sqlalchemy as sa

from hatrack.audit.events import build_events
from hatrack.audit.trail import GroupCommitter
from hatrack.audit.verify import verify_all
from hatrack.store import audit as store
from hatrack.store.db import Database
from tests.audit.records import ACCOUNT, call, root


def _names(database: Database) -> list[str]:
    with database.read() as conn:
        return [json.loads(e.event_json)["requestID"] for e in store.iter_trail(conn, ACCOUNT)]


def test_awaited_events_of_concurrent_calls_are_committed_before_their_futures_complete(
    database: Database, now: datetime
) -> None:
    committer = GroupCommitter(database)

    async def one(n: int) -> list[str]:
        await committer.submit_async(
            build_events(call("iam", "GetUser", root(), now, read_only=True, request_id=f"r{n}"))
        )
        return _names(database)

    async def main() -> list[list[str]]:
        return await asyncio.gather(*(one(n) for n in range(20)))

    seen = asyncio.run(main())
    committer.dispose()
    for n, names in enumerate(seen):
        assert f"r{n}" in names
    assert sorted(_names(database)) == sorted(f"r{n}" for n in range(20))
    assert committer.batches < 20  # the calls of one loop turn share a commit
    with database.read() as conn:
        [report] = verify_all(conn)
    assert report.intact, report.finding


def test_awaited_events_wait_for_a_writer_that_holds_the_lock(
    sqlite_database: Database, now: datetime
) -> None:
    database = sqlite_database
    committer = GroupCommitter(database)
    holding, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with database.begin() as conn:
            conn.execute(sa.text("UPDATE accounts SET created_at = created_at"))
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    holding.wait(10)

    async def main() -> None:
        waiting = committer.submit_async(
            build_events(call("iam", "GetUser", root(), now, read_only=True, request_id="late"))
        )
        await asyncio.sleep(0)  # the loop's own attempt meets the held lock
        assert not waiting.done()
        release.set()
        await asyncio.wait_for(waiting, 10)

    try:
        asyncio.run(main())
    finally:
        release.set()
        holder.join()
        committer.dispose()
    assert _names(database) == ["late"]


def test_an_awaited_event_that_cannot_be_written_fails_its_future(database: Database, now: datetime) -> None:
    with database.begin() as conn:
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
    committer = GroupCommitter(database)

    async def main() -> None:
        await committer.submit_async(build_events(call("iam", "GetUser", root(), now, read_only=True)))

    with pytest.raises(Exception, match="audit down"):
        asyncio.run(main())
    committer.dispose()


def test_a_read_unit_refuses_to_write(database: Database) -> None:
    with pytest.raises((RuntimeError, sa.exc.DBAPIError)), database.read() as conn:
        conn.execute(sa.text("UPDATE accounts SET created_at = created_at"))
        conn.execute(
            sa.text("INSERT INTO audit_heads (account_id, sequence, head_hash) VALUES ('x', 0, 'h')")
        )
    with database.read() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_heads")).scalar() == 0
