"""SQLite's one writer: concurrent mutations share a transaction, each rolls back alone, and nothing is
acknowledged before its commit."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store import schema
from hatrack.store.after_commit import after_commit
from hatrack.store.db import Database, sqlite_url
from hatrack.store.writer import LoopWriter


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(sqlite_url(tmp_path / "hatrack.db"))
    db.migrate()
    yield db
    db.dispose()


def _add_account(account_id: str) -> Callable[[Connection], str]:
    def work(conn: Connection) -> str:
        conn.execute(schema.accounts.insert().values(account_id=account_id, created_at=datetime.now(UTC)))
        return account_id

    return work


def _accounts(database: Database) -> set[str]:
    with database.read() as conn:
        return set(conn.execute(sa.select(schema.accounts.c.account_id)).scalars())


async def _gather(writer: LoopWriter, works: list[Callable[[Connection], str]]) -> list[object]:
    futures = [writer.submit(work) for work in works]
    return list(await asyncio.gather(*futures, return_exceptions=True))


def test_the_mutations_of_one_loop_turn_commit_in_one_transaction(database: Database) -> None:
    writer = LoopWriter(database, budget=60.0)  # no budget cut, however loaded the machine is
    ids = [f"{n:012d}" for n in range(1, 21)]
    results = asyncio.run(_gather(writer, [_add_account(i) for i in ids]))
    writer.dispose()
    assert results == ids
    assert _accounts(database) == set(ids)
    assert (writer.batches, writer.units) == (1, 20)


def test_a_failing_mutation_rolls_back_alone_and_its_caller_gets_the_error(database: Database) -> None:
    writer = LoopWriter(database, budget=60.0)

    def half_then_fail(conn: Connection) -> str:
        _add_account("000000000099")(conn)
        raise ValueError("refused")

    works = [_add_account("000000000001"), half_then_fail, _add_account("000000000002")]
    results = asyncio.run(_gather(writer, works))
    writer.dispose()
    assert results[0] == "000000000001" and results[2] == "000000000002"
    assert isinstance(results[1], ValueError)
    assert _accounts(database) == {"000000000001", "000000000002"}  # not the failed unit's half
    assert writer.batches == 1


def test_after_commit_callbacks_run_only_for_the_units_that_committed(database: Database) -> None:
    writer = LoopWriter(database)
    ran: list[str] = []

    def noted(name: str, fail: bool) -> Callable[[Connection], str]:
        def work(conn: Connection) -> str:
            after_commit(conn, lambda: ran.append(name))
            if fail:
                raise ValueError(name)
            return name

        return work

    asyncio.run(_gather(writer, [noted("kept", False), noted("dropped", True)]))
    writer.dispose()
    assert ran == ["kept"]


def test_a_batch_that_cannot_commit_acknowledges_none_of_its_units(database: Database) -> None:
    """A deferred foreign-key violation makes COMMIT itself fail: every unit of the batch hears so."""
    writer = LoopWriter(database)

    def orphan_key(conn: Connection) -> str:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        conn.execute(
            schema.access_keys.insert().values(
                access_key_id="AKIAORPHAN0000000001",
                account_id="999999999999",  # no such account: refused only at COMMIT
                user_name=None,
                user_id="AIDAORPHAN",
                status="Active",
                created_at=datetime.now(UTC),
                sealed_secret=b"x",
            )
        )
        return "orphan"

    results = asyncio.run(_gather(writer, [_add_account("000000000001"), orphan_key]))
    writer.dispose()
    assert all(isinstance(result, Exception) for result in results), results
    assert _accounts(database) == set()


def test_a_budget_splits_a_long_queue_into_several_commits(database: Database) -> None:
    writer = LoopWriter(database, budget=0.0)
    ids = [f"{n:012d}" for n in range(1, 6)]
    results = asyncio.run(_gather(writer, [_add_account(i) for i in ids]))
    writer.dispose()
    assert results == ids
    assert (writer.batches, writer.units) == (5, 5)


def test_when_another_connection_holds_the_lock_the_batch_waits_in_a_thread_not_on_the_loop(
    database: Database,
) -> None:
    writer = LoopWriter(database)
    other = database.engine.connect()
    other.begin()  # BEGIN IMMEDIATE: the write lock, held by "another process"
    other.execute(schema.accounts.insert().values(account_id="000000000007", created_at=datetime.now(UTC)))
    released = threading.Event()

    def release_later() -> None:
        time.sleep(0.3)
        other.commit()
        other.close()
        released.set()

    async def scenario() -> tuple[object, float]:
        threading.Thread(target=release_later).start()
        future = writer.submit(_add_account("000000000008"))
        ticks = 0
        while not future.done():  # the loop keeps turning while the write waits
            ticks += 1
            await asyncio.sleep(0.01)
        return await future, ticks

    result, ticks = asyncio.run(scenario())
    writer.dispose()
    assert released.is_set()
    assert result == "000000000008"
    assert writer.handed_over >= 1
    assert ticks >= 10
    assert _accounts(database) == {"000000000007", "000000000008"}


def test_joined_submissions_run_as_one_call_and_a_bad_one_fails_alone(database: Database) -> None:
    """The events of calls that changed nothing: one call for all of a batch; when it fails, each alone."""
    writer = LoopWriter(database)
    calls: list[list[str]] = []

    def add_accounts(conn: Connection, ids: Sequence[str]) -> None:
        calls.append(list(ids))
        if "bad" in ids:
            raise ValueError("a bad item")
        for account_id in ids:
            _add_account(account_id)(conn)

    async def scenario() -> list[object]:
        futures = [
            writer.submit_joined(add_accounts, ["000000000001", "000000000002"]),
            writer.submit_joined(add_accounts, ["bad"]),
            writer.submit_joined(add_accounts, ["000000000003"]),
        ]
        return list(await asyncio.gather(*futures, return_exceptions=True))

    results = asyncio.run(scenario())
    writer.dispose()
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], ValueError)
    assert calls[0] == ["000000000001", "000000000002", "bad", "000000000003"]  # first: one call for all
    assert _accounts(database) == {"000000000001", "000000000002", "000000000003"}
    assert writer.batches == 1
