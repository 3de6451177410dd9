"""One listener per node: PostgreSQL's LISTEN/NOTIFY carries credential changes between nodes.

``note_credential_change`` sends ``pg_notify`` in the changing transaction (``store/changes.py``);
PostgreSQL delivers it at commit to every connection listening on the channel. This thread holds
one such connection per node (outside the pool) and bumps ``credential_changes`` for each message,
so a node drops a cached key record within milliseconds of another node's commit.

A node that loses that connection cannot know what it missed: the counter is ``distrust``ed at
once (caches keyed by it are bypassed), and trusted again only after ``LISTEN`` is back in place
and the counter has moved past everything cached before (``trust``). The thread also pings the
server every ``PING_SECONDS`` and ``confirm``s the counter; a counter not confirmed for
``STALE_SECONDS`` counts as untrusted too, so a connection that hangs without failing (a network
partition) cannot keep stale entries alive.
"""

from __future__ import annotations

import logging
import threading

import psycopg
import sqlalchemy as sa

from hatrack.store.changes import CREDENTIAL_CHANNEL, ChangeCounter, credential_changes

log = logging.getLogger("hatrack.store")

PING_SECONDS = 0.5
RETRY_SECONDS = 0.5
CONNECT_TIMEOUT_SECONDS = 3


def libpq_conninfo(url: str) -> str:
    """The libpq connection string of a SQLAlchemy URL (``postgresql+psycopg://…``)."""
    return sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeListener:
    """Listens on ``CREDENTIAL_CHANNEL`` of the database at ``url`` and moves ``counter``."""

    def __init__(self, url: str, *, counter: ChangeCounter = credential_changes) -> None:
        self._conninfo = libpq_conninfo(url)
        self._counter = counter
        self._stop = threading.Event()
        self.listening = threading.Event()
        self._warned = False
        self._thread = threading.Thread(target=self._run, name="hatrack-listener", daemon=True)

    def start(self) -> ChangeListener:
        self._counter.distrust()  # nothing is trusted until the first LISTEN is in place
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as error:  # any failure: stop trusting, reconnect
                # Once per outage (the connection was up, or this is the first try), not per retry.
                if not self._stop.is_set() and (self.listening.is_set() or not self._warned):
                    self._warned = True
                    log.warning(
                        "change listener has no connection (%s); key cache bypassed until it is back",
                        type(error).__name__,
                    )
            finally:
                self.listening.clear()
                self._counter.distrust()
            self._stop.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        with psycopg.connect(
            self._conninfo,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=2,
            application_name="hatrack-listener",
        ) as conn:
            conn.execute(f"LISTEN {CREDENTIAL_CHANNEL}")
            self._counter.trust()  # after LISTEN: every later change is heard, every earlier dropped
            self._counter.confirm()
            self.listening.set()
            while not self._stop.is_set():
                for _ in conn.notifies(timeout=PING_SECONDS):
                    self._counter.bump()
                conn.execute("SELECT 1")  # a dead connection raises here
                self._counter.confirm()
