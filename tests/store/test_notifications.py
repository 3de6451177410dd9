"""PostgreSQL's LISTEN/NOTIFY carries credential changes to every node's counter; a node whose
listener connection is lost stops trusting that counter until it listens again."""

from __future__ import annotations

import time
from collections.abc import Callable

import psycopg
import pytest

from hatrack.store.changes import ChangeCounter, note_credential_change
from hatrack.store.db import Database
from hatrack.store.notifications import ChangeListener, libpq_conninfo
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.postgres


def _soon(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.01)


def test_a_committed_change_elsewhere_moves_the_counter_and_a_rolled_back_one_does_not(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.create_database()
    counter = ChangeCounter()
    listener = ChangeListener(url, counter=counter).start()
    other_node = Database(url)
    try:
        _soon(lambda: counter.trusted)
        before = counter.value
        with pytest.raises(RuntimeError), other_node.begin() as conn:
            note_credential_change(conn)
            raise RuntimeError("rolled back")
        time.sleep(0.3)
        assert counter.value == before  # PostgreSQL never delivers a rolled-back notification
        with other_node.begin() as conn:
            note_credential_change(conn)
        _soon(lambda: counter.value != before, seconds=1.0)
    finally:
        listener.stop()
        other_node.dispose()


def test_a_lost_listener_connection_is_distrusted_until_it_listens_again(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.create_database()
    counter = ChangeCounter()
    listener = ChangeListener(url, counter=counter).start()
    try:
        _soon(lambda: counter.trusted)
        before = counter.value
        with psycopg.connect(libpq_conninfo(url), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = 'hatrack-listener' AND datname = current_database()"
            )
        _soon(lambda: not counter.trusted, seconds=2.0)
        _soon(lambda: counter.trusted)  # reconnected and listening again
        assert counter.value != before  # everything cached before the loss is dropped
        assert listener.listening.is_set()
    finally:
        listener.stop()
