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
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from hatrack.audit.digest import create_digests
from hatrack.credentials.keyring import Keyring
from hatrack.periodic import PeriodicTask
from hatrack.store.audit import StoredDigest
from hatrack.store.db import Database

log = logging.getLogger("hatrack.audit.digests")

DEFAULT_INTERVAL_MINUTES = 60.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DigestScheduler(PeriodicTask):
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
        super().__init__(
            interval_seconds=interval_seconds,
            name="hatrack-audit-digests",
            what="scheduled audit digests",
            log=log,
        )
        self._database = database
        self._keyring = keyring
        self._clock = clock
        self._create = create

    def round(self) -> int:
        """The digests made (0 when nothing moved)."""
        with self._database.begin() as conn:
            return len(self._create(conn, self._keyring, now=self._clock()))
