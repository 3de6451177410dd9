"""Opening the database: the engine for SQLite (embedded default, WAL) or PostgreSQL, migrations on start.

``Database`` is the store's one handle; repositories take a ``Connection`` from ``Database.begin()``
so that a service call and its audit record share one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from hatrack.store import generation, schema
from hatrack.store.after_commit import take_callbacks
from hatrack.store.changes import note_credential_change

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# What a unit of work raises when the database refuses or fails it (lock timeout, lost connection,
# constraint): named here so that callers outside store/ can catch it without importing SQLAlchemy.
# sqlite3's own errors too: the BEGIN of ``_on_begin`` goes straight to the driver, unwrapped.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sa.exc.SQLAlchemyError, sqlite3.Error)


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy manage transactions (BEGIN IMMEDIATE below), not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the lock up front, so two concurrent read-then-write transactions
        # serialize instead of failing with "database is locked" at their first write.
        read_only = conn.get_execution_options().get("hatrack_read_only", False)
        # Straight to the driver: this runs for every unit of work, and nothing needs its result.
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")


def create_engine(url: str, *, busy_timeout_ms: int = 10_000) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=False)
        _configure_sqlite(engine, busy_timeout_ms)
    else:
        engine = sa.create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    generation.watch(engine)
    return engine


class Database:
    """The store's handle: an engine whose schema is migrated to head."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 10_000) -> None:
        """``busy_timeout_ms``: how long SQLite waits for another writer's lock before it refuses."""
        self.url = url
        self.engine = create_engine(url, busy_timeout_ms=busy_timeout_ms)
        self.is_sqlite = self.engine.dialect.name == "sqlite"

    def migrate(self) -> None:
        """Apply every Alembic migration not yet applied (idempotent)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Callbacks registered with ``after_commit`` run once the commit has happened. A unit that wrote
        what makes up a policy set moves the store's generation before it commits
        (``hatrack.store.generation``).
        """
        with self.engine.begin() as connection:
            generation.forget_changes(connection)
            try:
                yield connection
                generation.bump_if_changed(connection)
            finally:
                callbacks = take_callbacks(connection)
        for callback in callbacks:
            callback()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only unit of work (no write lock taken on SQLite), refused if it writes.

        PostgreSQL runs it as a READ ONLY transaction; on SQLite a write is found by the connection's
        change count, and the unit raises (its transaction rolls back as the connection closes).
        """
        if not self.is_sqlite:
            with self.engine.connect().execution_options(
                hatrack_read_only=True, postgresql_readonly=True
            ) as connection:
                generation.forget_seen(connection)
                yield connection
            return
        with self.engine.connect().execution_options(hatrack_read_only=True) as connection:
            generation.forget_seen(connection)
            sqlite_connection = connection.connection.dbapi_connection
            changes = sqlite_connection.total_changes if sqlite_connection is not None else 0
            yield connection
            if sqlite_connection is not None and sqlite_connection.total_changes != changes:
                raise RuntimeError("a read-only unit of work wrote to the store")

    def wipe(self, *, keep: frozenset[str] = frozenset({"accounts", "console_root_passwords"})) -> None:
        """Delete every row except those of the ``keep`` tables (dev mode's reset): the accounts and
        their root credentials stay, and so does the generation row (it moves, as the watched tables
        empty)."""
        with self.begin() as connection:
            note_credential_change(connection)
            for table in reversed(schema.metadata.sorted_tables):
                if table.name in keep or table is generation.store_generation:
                    continue
                if table.name == "access_keys":
                    connection.execute(table.delete().where(table.c.user_name.is_not(None)))
                    continue
                connection.execute(table.delete())

    def dispose(self) -> None:
        self.engine.dispose()


def is_read_unit(conn: Connection) -> bool:
    """Whether ``conn`` belongs to a read unit (``Database.read``), which sees only committed data."""
    return bool(conn.get_execution_options().get("hatrack_read_only", False))
