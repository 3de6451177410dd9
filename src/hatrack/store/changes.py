"""Change counters, so in-memory caches of stored facts know when to drop them.

A store function that changes what a cache holds calls ``note_credential_change(conn)``: the counter
moves at once and again after the commit, so a reader that fetched the old row between the two
cannot keep it (its entry carries the count it started with).

Across nodes on PostgreSQL the same call also sends ``pg_notify(CREDENTIAL_CHANNEL, '')`` inside the
transaction: PostgreSQL delivers it only if, and once, the change commits, to every node's listener
(``store/notifications.py``), which bumps that node's counter. While a node's listener is not
connected and caught up, its counter is not ``trusted`` and caches keyed by it must not be used.
On SQLite (processes sharing one file) there is no such message: other processes' changes reach a
cache through its expiry (one second for long-term keys, ``api/authentication.py``).
"""

from __future__ import annotations

import itertools
import threading
import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.after_commit import after_commit

# The PostgreSQL notification channel of credential changes (keys, their owners).
CREDENTIAL_CHANNEL = "hatrack_credentials"
# How long a listener's last sign of life keeps the counter trusted (it pings twice a second).
STALE_SECONDS = 2.0
_NOTIFY = sa.text(f"SELECT pg_notify('{CREDENTIAL_CHANNEL}', '')")


class ChangeCounter:
    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self.value = 0
        self._trusted = True
        self._confirmed: float | None = None  # set by a listener: when it last knew it was connected

    @property
    def trusted(self) -> bool:
        """False while changes made elsewhere may go unseen: a listener lost its connection, or has not
        confirmed it for ``STALE_SECONDS``. Without a listener (SQLite, tools) always True."""
        if not self._trusted:
            return False
        confirmed = self._confirmed
        return confirmed is None or time.monotonic() - confirmed < STALE_SECONDS

    def confirm(self) -> None:
        self._confirmed = time.monotonic()

    def bump(self) -> None:
        with self._lock:
            self.value = next(self._counter)

    def distrust(self) -> None:
        """Changes of other nodes may be missed from now on: caches keyed by this counter are bypassed."""
        self._trusted = False
        self.bump()

    def trust(self) -> None:
        """Caught up again (listening, and everything cached before is dropped by the bump)."""
        self.bump()
        self._trusted = True


# Access keys (status, deletion, owner) and the users that own them (name, path).
credential_changes = ChangeCounter()


def note_credential_change(conn: Connection) -> None:
    credential_changes.bump()
    if conn.dialect.name == "postgresql":
        conn.execute(_NOTIFY)  # delivered to every node's listener when (and only if) this commits
    after_commit(conn, credential_changes.bump)
