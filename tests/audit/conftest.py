"""Fixtures of the audit trail's unit tests: a migrated database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hatrack.store.db import Database
from tests.support.postgres import PostgresServer


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    db.migrate()
    yield db
    db.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    """For behaviour only SQLite has (its writer commits on the event loop)."""
    db = Database(f"sqlite+pysqlite:///{tmp_path / 'hatrack.db'}")
    db.migrate()
    yield db
    db.dispose()


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> Iterator[Database]:
    """For behaviour only PostgreSQL has (it can tell whether a transaction wrote)."""
    db = Database(postgres_server.create_database())
    db.migrate()
    yield db
    db.dispose()
