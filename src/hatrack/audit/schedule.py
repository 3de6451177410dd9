"""Signed digests on a schedule: every N minutes each trail whose head moved gets a new digest.

CloudTrail delivers a digest file per region every hour; a digest that exists only when an operator
remembers to export one protects nothing. ``DigestScheduler`` runs in a daemon thread of its own (the
event loop never waits for it), and a failed round (database away, lock taken too long) is logged and
retried at the next tick, never fatal. Several processes or nodes may run it on one database: a
digest is made under the trail's head lock and only when the head moved, so they take turns and never
sign the same head twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from hatrack.audit.digest import create_digests
from hatrack.credentials.keyring import Keyring
from hatrack.store.audit import StoredDigest
from hatrack.store.db import Database

log = logging.getLogger("hatrack.audit.digests")

DEFAULT_INTERVAL_MINUTES = 60.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DigestScheduler:
    """Makes the digests of every trail each ``interval_seconds``; ``tick`` does one round."""

    def __init__(
        self,
        database: Database,
        keyring: Keyring,
        *,
        interval_seconds: float,
        clock: Callable[[], datetime] = _utc_now,
        create: Callable[..., Sequence[StoredDigest]] = create_digests,
    ) -> None:
        if interval_seconds <= 0:
            raise ValueError("the digest interval must be positive")
        self._database = database
        self._keyring = keyring
        self._interval = interval_seconds
        self._clock = clock
        self._create = create
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> int:
        """One round: the digests made (0 when nothing moved or the round failed; a failure is logged)."""
        try:
            with self._database.begin() as conn:
                return len(self._create(conn, self._keyring, now=self._clock()))
        except Exception:
            # INVARIANT: the digest thread's edge: it must survive any failure (one bad round must
            # not end digests for good), so log it and let the next round try again.
            log.exception("scheduled audit digests failed; retrying in %.0f s", self._interval)
            return 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="hatrack-audit-digests", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.tick()
