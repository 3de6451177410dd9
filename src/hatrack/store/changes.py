"""Process-wide change counters, so in-memory caches of stored facts know when to drop them.

A store function that changes what a cache holds calls ``note_credential_change(conn)``: the counter
moves at once and again after the commit, so a reader that fetched the old row between the two
cannot keep it (its entry carries the count it started with).
"""

from __future__ import annotations

import itertools
import threading

from sqlalchemy.engine import Connection

from hatrack.store.after_commit import after_commit


class ChangeCounter:
    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self.value = 0

    def bump(self) -> None:
        with self._lock:
            self.value = next(self._counter)


# Access keys (status, deletion, owner) and the users that own them (name, path).
credential_changes = ChangeCounter()


def note_credential_change(conn: Connection) -> None:
    credential_changes.bump()
    after_commit(conn, credential_changes.bump)
