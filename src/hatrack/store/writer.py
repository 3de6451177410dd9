"""SQLite's one writer: the mutations of concurrent requests, committed together by the event loop.

SQLite has one write lock per database. Worker threads that each take it (``BEGIN IMMEDIATE``) wait in
SQLite's busy handler, which sleeps instead of being woken, and hold pooled connections while they
sleep: 32 concurrent writers made about 60 writes a second although one write's own work is a few
milliseconds. ``LoopWriter`` takes the lock itself, once per batch:

- a request hands its unit of work to ``submit`` and awaits the future it gets back;
- once per loop turn the loop runs every unit queued so far in ONE transaction, each inside a
  savepoint of its own: a unit that raises rolls back alone (its savepoint) and its future gets the
  error, the others go on (per-request atomicity);
- the transaction commits, the callbacks the units registered with ``after_commit`` run, and only then
  are the futures completed: an answer is sent only for a change that is on disk with its audit event
  (WAL; a process killed with kill -9 loses nothing it acknowledged);
- a batch stops taking units after ``budget`` seconds of work and commits; the rest go to the next
  loop turn, so reads are not held up behind a long queue;
- the loop's connection never waits for the lock (``busy_timeout`` 0). When the lock is held elsewhere
  (another process, the audit committer's thread, an administrative command), the batch is handed to
  one thread of this writer that waits for it, and the loop carries on;
- writers of several processes on one database (``--workers N``) take turns through an advisory file
  lock beside the database (``flock``), held for each batch: the loop only tries it, the waiting
  thread blocks on it and the kernel wakes it the moment it is free. SQLite's own busy handler polls
  with sleeps of up to 100 ms, so a waiter in it loses the lock to writers that never sleep.

Read-your-writes holds: a unit sees the units before it in its batch, and a request sent after an
answer reads a committed change. Only SQLite uses it; PostgreSQL runs each mutation in a worker thread
of its own, with row locks and its own group commit.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store import generation
from hatrack.store.after_commit import take_callbacks
from hatrack.store.db import Database

log = logging.getLogger("hatrack.store")

T = TypeVar("T")
DEFAULT_BUDGET_SECONDS = 0.015  # the work of one batch before it commits and lets the loop go on
DEFAULT_MAX_BATCH = 256


@dataclass(slots=True, eq=False)
class _Unit(Generic[T]):
    work: Callable[[Connection], T]
    future: asyncio.Future[T]
    result: Any = None
    error: BaseException | None = None
    callbacks: list[Callable[[], None]] = field(default_factory=list)
    # A joined unit: ``work`` is ``joined(conn, items)``, run with the items of every other unit of the
    # batch with the same ``joined`` in one call (``LoopWriter.submit_joined``).
    joined: Callable[[Connection, Sequence[Any]], object] | None = None
    items: Sequence[Any] = ()


class _FileLock:
    """An advisory lock on a file beside the database. Each holder opens the file itself: ``flock`` locks
    belong to an open file, so the loop's and the waiting thread's locks exclude each other too."""

    def __init__(self, path: Path | None) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600) if path is not None else None

    def acquire(self, *, wait: bool) -> bool:
        if self._fd is None:
            return True
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _lock_path(database: Database) -> Path | None:
    """``hatrack.db-writer.lock`` beside a file database; None for an in-memory one."""
    name = sa.engine.make_url(database.url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).with_name(Path(name).name + "-writer.lock")


class LoopWriter:
    """Runs units of work that write, for one SQLite database, in shared transactions (see the module)."""

    def __init__(
        self,
        database: Database,
        *,
        budget: float = DEFAULT_BUDGET_SECONDS,
        max_batch: int = DEFAULT_MAX_BATCH,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._loop_database = Database(database.url, busy_timeout_ms=0)
        self._waiting_database = Database(database.url)
        self._loop_lock = _FileLock(_lock_path(database))
        self._waiting_lock = _FileLock(_lock_path(database))
        self._budget = budget
        self._max_batch = max_batch
        self._clock = clock
        self._queues: dict[asyncio.AbstractEventLoop, deque[_Unit[Any]]] = {}
        self._scheduled: set[asyncio.AbstractEventLoop] = set()
        self._waiting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hatrack-writer")
        self.batches = 0  # transactions committed, for benchmarks and tests
        self.units = 0
        self.handed_over = 0  # batches the loop handed to the waiting thread

    def submit(self, work: Callable[[Connection], T]) -> asyncio.Future[T]:
        """Run ``work(conn)`` in the next batch; the future has its result once the batch committed, or
        the error it raised (its savepoint rolled back), or the commit's error."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._enqueue(_Unit(work, future))
        return future

    def submit_joined(
        self, apply: Callable[[Connection, Sequence[Any]], object], items: Sequence[Any]
    ) -> asyncio.Future[None]:
        """Run ``apply(conn, items)`` in the next batch, joined with the items of every other submission
        of the same ``apply`` there: ONE call for all of them (the audit events of the calls that changed
        nothing: one head update per account, one multi-row insert). If the joined call fails, each
        submission runs alone in a savepoint of its own, so a bad item fails only its own caller."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._enqueue(_Unit(lambda conn: apply(conn, items), future, joined=apply, items=items))
        return future

    def _enqueue(self, unit: _Unit[Any]) -> None:
        """Queue ``unit`` on the running loop; its next turn drains the queue."""
        loop = asyncio.get_running_loop()
        self._queues.setdefault(loop, deque()).append(unit)
        self._schedule(loop)

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        if loop not in self._scheduled:
            self._scheduled.add(loop)
            loop.call_soon(self._drain, loop)

    # -- on the loop -----------------------------------------------------------------------------

    def _drain(self, loop: asyncio.AbstractEventLoop) -> None:
        self._scheduled.discard(loop)
        queue = self._queues.get(loop)
        if not queue:
            return
        batch = [queue.popleft() for _ in range(min(len(queue), self._max_batch))]
        try:
            done = self._run_batch(
                self._loop_database, self._loop_lock, batch, budget=self._budget, wait=False
            )
        except _LockTaken:
            self.handed_over += 1
            self._hand_over(loop, batch)
        except BaseException as error:  # INVARIANT: every waiter hears back, whatever happened
            log.exception("a batch of writes failed")
            for unit in batch:
                unit.error = error
            _settle(batch)
        else:
            if len(done) < len(batch):
                ran = {id(unit) for unit in done}
                queue.extendleft(reversed([unit for unit in batch if id(unit) not in ran]))
            _settle(done)
        if queue:
            self._schedule(loop)

    def _hand_over(self, loop: asyncio.AbstractEventLoop, batch: list[_Unit[Any]]) -> None:
        def run() -> None:
            try:
                done = self._run_batch(
                    self._waiting_database, self._waiting_lock, batch, budget=None, wait=True
                )
            except BaseException as error:  # INVARIANT: every waiter hears back, whatever happened
                for unit in batch:
                    unit.error = error
                done = batch
            try:
                loop.call_soon_threadsafe(_settle, done)
            except RuntimeError:  # the loop has closed: nobody is waiting any more
                log.warning("writes committed for a closed event loop")

        self._waiting.submit(run)

    # -- either side -----------------------------------------------------------------------------

    def _run_batch(
        self,
        database: Database,
        lock: _FileLock,
        batch: list[_Unit[Any]],
        *,
        budget: float | None,
        wait: bool,
    ) -> list[_Unit[Any]]:
        """Run units of ``batch`` in one transaction (all of them, or as many as ``budget`` allows, at
        least one) and commit; returns the units run, each with its result or error.

        Raises ``_LockTaken`` (nothing run) when the database's write lock is held elsewhere and
        ``wait`` is False (the loop's database never waits either).
        """
        if not lock.acquire(wait=wait):
            raise _LockTaken()
        try:
            return self._run_locked(database, batch, budget=budget)
        finally:
            lock.release()

    def _run_locked(
        self, database: Database, batch: list[_Unit[Any]], *, budget: float | None
    ) -> list[_Unit[Any]]:
        with database.engine.connect() as connection:
            try:
                connection.begin()
            except (sa.exc.OperationalError, sqlite3.OperationalError) as error:
                if _is_locked(error):
                    raise _LockTaken() from error
                raise
            generation.forget_changes(connection)
            take_callbacks(connection)  # none may be left from an earlier use of the connection
            started = self._clock()
            done: list[_Unit[Any]] = []
            changed = False
            for unit in batch:
                if unit.joined is not None:
                    continue
                if done and budget is not None and self._clock() - started > budget:
                    break
                changed = _run_unit(connection, unit) or changed
                done.append(unit)
            groups: dict[int, list[_Unit[Any]]] = {}
            for unit in batch:
                if unit.joined is not None:  # cheap and never left for later
                    groups.setdefault(id(unit.joined), []).append(unit)
            for group in groups.values():
                changed = _run_joined(connection, group) or changed
                done.extend(group)
            try:
                if changed:
                    generation.bump(connection)  # once for the batch, with its changes
                connection.commit()
            except Exception as error:
                # INVARIANT: nothing of this batch is acknowledged unless its commit succeeded.
                log.exception("a batch of %d writes failed to commit", len(done))
                connection.rollback()
                for unit in done:
                    if unit.error is None:
                        unit.error = error
                        unit.callbacks = []
                return done
        self.batches += 1
        self.units += len(done)
        for unit in done:
            for callback in unit.callbacks:
                try:
                    callback()
                except Exception:  # the change is committed: a failed callback must not unsay it
                    log.exception("an after-commit callback failed")
        return done

    def dispose(self) -> None:
        self._waiting.shutdown(wait=True)
        self._loop_database.dispose()
        self._waiting_database.dispose()
        self._loop_lock.close()
        self._waiting_lock.close()


def _run_unit(connection: Connection, unit: _Unit[Any]) -> bool:
    """Run one unit in a savepoint of its own; returns whether it changed a watched table."""
    savepoint = connection.begin_nested()
    try:
        unit.result = unit.work(connection)
    except BaseException as error:
        unit.error = error
        generation.forget_changes(connection)
        savepoint.rollback()
        take_callbacks(connection)  # a unit rolled back: its after-commit callbacks must not run
        return False
    savepoint.commit()
    unit.callbacks = take_callbacks(connection)
    return generation.take_changes(connection)


def _run_joined(connection: Connection, group: list[_Unit[Any]]) -> bool:
    """Run the joined units of one ``apply`` as one call in one savepoint; when it fails, each alone."""
    apply = group[0].joined
    assert apply is not None
    savepoint = connection.begin_nested()
    try:
        apply(connection, [item for unit in group for item in unit.items])
    except Exception:
        generation.forget_changes(connection)
        savepoint.rollback()
        take_callbacks(connection)
        changed = False
        for unit in group:
            changed = _run_unit(connection, unit) or changed
        return changed
    savepoint.commit()
    group[0].callbacks = take_callbacks(connection)
    return generation.take_changes(connection)


class _LockTaken(Exception):
    """The write lock is held by another connection, and this one does not wait."""


def _is_locked(error: BaseException) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text


def _settle(units: list[_Unit[Any]]) -> None:
    for unit in units:
        future = unit.future
        if future.done():  # the request was cancelled (client gone): its change stands all the same
            continue
        if unit.error is not None:
            future.set_exception(unit.error)
        else:
            future.set_result(unit.result)
