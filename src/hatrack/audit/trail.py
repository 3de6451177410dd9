"""The recorder the server uses: every answered call becomes chained CloudTrail events, committed first.

``record(conn, call)`` runs inside the call's own transaction. A mutation's events are appended right
there, so the change and its record commit (or roll back) together. ``record_apart(call)`` (failed and
denied calls, which changed nothing) hands the events to the ``GroupCommitter``.

Group commit: the committer is one writer thread per process. Callers queue their events and wait
(a thread on an Event, the ASGI edge on an asyncio future through ``commit_apart_async``); the writer
takes everything queued, appends it in ONE transaction (one head-row update per account, one commit,
one WAL flush) and wakes them (one ``call_soon_threadsafe`` per event loop and batch). The events'
JSON text and lookup columns are computed by the callers (``AuditEvent``), so the writer thread holds
the GIL only to chain hashes and hand rows to the driver. While it commits, the next requests queue
up, so under load each commit carries many events.

On PostgreSQL every call whose transaction has written nothing (no transaction id assigned) goes
through the committer too; chaining its event inline would make it lock the account's head row through
a WAL flush of its own. A call that did change something appends inline, so the change and its record
stay atomic. On SQLite the call's transaction already holds the database's only write lock (BEGIN
IMMEDIATE), so its events are appended inline (a commit there costs no fsync: WAL with
synchronous=NORMAL). Either way ``record`` returns only once the events are committed or part of the
transaction about to commit, and raises if they cannot be written: the edge then fails the request.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence

from sqlalchemy.engine import Connection

from hatrack.audit.call import CallRecord
from hatrack.audit.chain import append_events
from hatrack.audit.events import AuditEvent, build_events, new_event_id, unattributed_summary
from hatrack.audit.recorder import Recorder
from hatrack.credentials.keyring import Keyring
from hatrack.store.access_keys import get_access_key
from hatrack.store.accounts import get_account
from hatrack.store.audit import transaction_has_written
from hatrack.store.db import Database
from hatrack.store.writer import LoopWriter

log = logging.getLogger("hatrack.audit")
# Calls that belong to no account's trail (unauthenticated, naming no key or account this server
# hosts): a line in the server's log, never a row anyone could fill the database with.
unattributed_log = logging.getLogger("hatrack.audit.unattributed")


class RateLimitedLog:
    """A token bucket in front of a logger: ``rate`` lines a second, bursts of ``burst``.

    What is dropped is counted and reported with the next line that passes, so a flood shows as one
    line saying how much was left out.
    """

    def __init__(
        self,
        logger: logging.Logger,
        *,
        rate: float = 5.0,
        burst: int = 50,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._rate = rate
        self._burst = float(burst)
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()
        self._dropped = 0
        self._lock = threading.Lock()

    def note(self, line: str) -> bool:
        """Log ``line`` unless over the rate; returns whether it was logged."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self._burst, self._tokens + (now - self._last) * self._rate)
            self._last = now
            if self._tokens < 1.0:
                self._dropped += 1
                return False
            self._tokens -= 1.0
            dropped, self._dropped = self._dropped, 0
        suffix = f" ({dropped} similar lines dropped before this one)" if dropped else ""
        self._logger.warning("%s%s", line, suffix)
        return True


class _Pending:
    """Events waiting for the writer, and how their caller learns the outcome.

    A thread caller waits on ``done``; an asyncio caller awaits ``future``, completed on its own loop.
    """

    __slots__ = ("done", "error", "events", "future", "loop")

    def __init__(
        self,
        events: Sequence[AuditEvent],
        *,
        loop: asyncio.AbstractEventLoop | None = None,
        future: asyncio.Future[None] | None = None,
    ) -> None:
        self.events = events
        self.loop = loop
        self.future = future
        self.done = threading.Event() if future is None else None
        self.error: BaseException | None = None


def _settle(items: list[_Pending]) -> None:
    """On the waiters' event loop: complete their futures."""
    for item in items:
        future = item.future
        if future is None or future.done():
            continue
        if item.error is not None:
            future.set_exception(item.error)
        else:
            future.set_result(None)


class GroupCommitter:
    """Appends the events of concurrent callers in shared transactions (group commit).

    It writes through a connection pool of its own, so callers holding a connection while they wait
    can never starve it. Callers wait in a thread (``submit``) or on an event loop (``submit_async``);
    the writer wakes a loop's waiters with one ``call_soon_threadsafe`` per batch.
    """

    def __init__(self, database: Database, *, max_batch: int = 1000) -> None:
        self._database = Database(database.url)
        # SQLite: an event loop's waiters are first committed on the loop itself, through a connection
        # that never waits for the write lock (see ``submit_async``).
        self._loop_database = Database(database.url, busy_timeout_ms=0) if database.is_sqlite else None
        self._loop_batches: dict[asyncio.AbstractEventLoop, list[_Pending]] = {}
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._wakeup = threading.Condition(self._lock)
        self._pending: list[_Pending] = []
        self._thread: threading.Thread | None = None
        self.batches = 0  # commits made, for the benchmark's report
        self.events = 0

    def submit(self, events: Sequence[AuditEvent]) -> None:
        """Append ``events``; returns once they are committed, raises what the write raised."""
        item = _Pending(events)
        self._enqueue(item)
        assert item.done is not None
        item.done.wait()
        if item.error is not None:
            raise item.error

    def submit_async(self, events: Sequence[AuditEvent]) -> asyncio.Future[None]:
        """Append ``events``; the future completes once they are committed (or with the write's error).

        On SQLite the events of every call the loop answers in one turn are committed by the loop
        itself right after that turn (one short write, no thread handoff: handing the GIL back and
        forth with a writer thread costs a busy server more than the write). If the write lock is
        taken (a mutation in a worker thread, another process) or the write fails, the batch goes to
        the writer thread, which waits for the lock and isolates a bad event.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        item = _Pending(events, loop=loop, future=future)
        if self._loop_database is None:
            self._enqueue(item)
            return future
        batch = self._loop_batches.get(loop)
        if batch is None:
            self._loop_batches[loop] = [item]
            loop.call_soon(self._commit_on_loop, loop)
        else:
            batch.append(item)
        return future

    def _commit_on_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        batch = self._loop_batches.pop(loop, [])
        if not batch:
            return
        assert self._loop_database is not None
        try:
            self._write([event for item in batch for event in item.events], self._loop_database)
        except Exception:
            # INVARIANT: nothing is lost or hidden here: the batch goes to the writer thread, which
            # writes it again (waiting for the lock) and hands any error back to each waiting request.
            with self._lock:
                self._pending.extend(batch)
                self._ensure_writer()
                self._wakeup.notify()
            return
        _settle(batch)

    def _enqueue(self, item: _Pending) -> None:
        with self._lock:
            self._pending.append(item)
            self._ensure_writer()
            self._wakeup.notify()

    def _ensure_writer(self) -> None:
        """Start the writer thread if it is not running (``self._lock`` held)."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="hatrack-audit-commit", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._pending:
                    self._wakeup.wait()
                batch = self._pending[: self._max_batch]
                del self._pending[: self._max_batch]
            self._commit(batch)

    def _commit(self, batch: list[_Pending]) -> None:
        try:
            self._write([event for item in batch for event in item.events])
        # INVARIANT: the writer thread must survive any failure, or every later request would wait
        # forever; the error is not swallowed but handed to the request that waits for this batch,
        # and that request fails (no change without its record).
        except Exception as error:
            if len(batch) == 1:
                batch[0].error = error
            else:
                # One bad event must not fail its neighbours: write each on its own.
                for item in batch:
                    try:
                        self._write(item.events)
                    except Exception as single:
                        item.error = single
        finally:
            self._wake(batch)

    @staticmethod
    def _wake(batch: list[_Pending]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[_Pending]] = {}
        for item in batch:
            if item.done is not None:
                item.done.set()
            elif item.loop is not None:
                by_loop.setdefault(item.loop, []).append(item)
        for loop, items in by_loop.items():
            try:
                loop.call_soon_threadsafe(_settle, items)
            except RuntimeError:  # the loop has closed: nobody is waiting any more
                log.warning("audit events committed for a closed event loop")

    def _write(self, events: Sequence[AuditEvent], database: Database | None = None) -> None:
        with (database or self._database).begin() as conn:
            append_events(conn, events)
        self.batches += 1
        self.events += len(events)

    def dispose(self) -> None:
        self._database.dispose()
        if self._loop_database is not None:
            self._loop_database.dispose()


class TrailRecorder:
    """Writes each call's CloudTrail events into the account trails (see the module docstring)."""

    def __init__(
        self,
        database: Database,
        *,
        defer_unchanged: bool | None = None,
        make_event_id: Callable[[], str] = new_event_id,
        committer: GroupCommitter | None = None,
        writer: LoopWriter | None = None,
    ) -> None:
        self.database = database
        # SQLite: the one writer of the process, whose loop batches carry the events of calls that
        # changed nothing too (one transaction a loop turn for mutations and events alike).
        self.writer = writer
        self.defer_unchanged = (not database.is_sqlite) if defer_unchanged is None else defer_unchanged
        self.make_event_id = make_event_id
        self.committer = committer or GroupCommitter(database)
        self.unattributed = RateLimitedLog(unattributed_log)
        self._known_accounts: set[str] = set()  # accounts are never deleted: a positive cache is exact

    def record(self, conn: Connection, call: CallRecord) -> None:
        events = build_events(
            call,
            account_exists=lambda account: self._account_exists(account, conn),
            make_event_id=self.make_event_id,
        )
        if not events:
            self.unattributed.note(unattributed_summary(call))
            return
        if self.defer_unchanged and not transaction_has_written(conn):
            # The call changed nothing: its events may commit apart, with other calls' events.
            self.committer.submit(events)
        else:
            append_events(conn, events)

    def record_apart(self, call: CallRecord) -> None:
        self.commit_apart(self.prepare_apart(call))

    def prepare_apart(self, call: CallRecord) -> list[AuditEvent]:
        events = build_events(
            call,
            key_owner=self._key_owner(call),
            account_exists=self._account_exists,
            make_event_id=self.make_event_id,
        )
        if not events:
            self.unattributed.note(unattributed_summary(call))
        return events

    def _account_exists(self, account_id: str, conn: Connection | None = None) -> bool:
        if account_id in self._known_accounts:
            return True
        if conn is not None:
            found = get_account(conn, account_id) is not None
        else:
            with self.database.read() as reader:
                found = get_account(reader, account_id) is not None
        if found:
            self._known_accounts.add(account_id)
        return found

    def commit_apart(self, events: Sequence[AuditEvent]) -> None:
        if events:
            self.committer.submit(events)

    async def commit_apart_async(self, events: Sequence[AuditEvent]) -> None:
        if not events:
            return
        if self.writer is not None:
            await self.writer.submit_joined(append_events, events)
            return
        await self.committer.submit_async(events)

    def _key_owner(self, call: CallRecord) -> str | None:
        """For a call that failed to authenticate: the account owning the long-term key it claimed."""
        key_id = call.access_key_id
        if call.caller is not None or not key_id or not key_id.startswith("AKIA") or len(key_id) > 128:
            return None
        with self.database.read() as conn:
            key = get_access_key(conn, key_id)
        return key.account_id if key is not None else None


def default_recorder(database: Database, keyring: Keyring, *, writer: LoopWriter | None = None) -> Recorder:
    """The server's recorder: the chained CloudTrail trail in ``database`` (events of the ASGI edge
    through ``writer`` when given: SQLite's one writer).

    ``keyring`` is not needed to record; digests are signed with the Ed25519 key sealed under it
    (``hatrack.audit.digest``).
    """
    return TrailRecorder(database, writer=writer)
