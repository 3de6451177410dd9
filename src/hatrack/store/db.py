"""Opening the database: the engine for SQLite (embedded default, WAL) or PostgreSQL, migrations on start.

``Database`` is the store's one handle; repositories take a ``Connection`` from ``Database.begin()``
so that a service call and its audit record share one transaction.
"""

from __future__ import annotations

import functools
import os
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


# PostgreSQL connections per process: ``pool_size`` kept open, as many again opened under a burst and
# closed once idle (``max_overflow``). A node at rest holds ``pool_size`` + 1 (its change listener,
# ``store/notifications.py``); at most 2 x ``pool_size`` + 1 per worker process. Size PostgreSQL's
# ``max_connections`` for the sum over every node and worker (docs/deployment.md).
DEFAULT_POOL_SIZE = 10
ENV_POOL_SIZE = "HATRACK_POOL_SIZE"

# Concurrent starts of several nodes migrate one at a time (a transaction-scoped advisory lock).
_MIGRATION_LOCK_ID = 0x6861747261636B  # "hatrack"


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer hatrack: its revision is unknown to this code."""


def pool_size_from_environment() -> int:
    value = os.environ.get(ENV_POOL_SIZE, "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_POOL_SIZE


def create_engine(url: str, *, busy_timeout_ms: int = 10_000, pool_size: int | None = None) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=False)
        _configure_sqlite(engine, busy_timeout_ms)
    else:
        size = pool_size or pool_size_from_environment()
        engine = sa.create_engine(url, pool_size=size, max_overflow=size, pool_pre_ping=True)
    generation.watch(engine)
    return engine


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache
def known_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(every revision this code knows, its head revisions)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return frozenset(r.revision for r in script.walk_revisions()), frozenset(script.get_heads())


def stored_revisions(conn: Connection) -> frozenset[str]:
    """The revisions the database is migrated to (empty: never migrated)."""
    from alembic.migration import MigrationContext

    return frozenset(MigrationContext.configure(conn).get_current_heads())


def refuse_unknown_revisions(stored: frozenset[str]) -> None:
    known, _heads = known_revisions()
    unknown = sorted(stored - known)
    if unknown:
        raise SchemaTooNew(
            f"the database is at schema revision {', '.join(unknown)}, which this hatrack does not "
            "know: it was migrated by a newer version. Run that version (or newer) on every "
            "node; hatrack never runs on a schema it does not know."
        )


class Database:
    """The store's handle: an engine whose schema is migrated to head."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 10_000, pool_size: int | None = None) -> None:
        """``busy_timeout_ms``: how long SQLite waits for another writer's lock before it refuses;
        ``pool_size``: PostgreSQL connections kept per process (default ``HATRACK_POOL_SIZE`` or 10)."""
        self.url = url
        self.engine = create_engine(url, busy_timeout_ms=busy_timeout_ms, pool_size=pool_size)
        self.is_sqlite = self.engine.dialect.name == "sqlite"

    def migrate(self) -> str:
        """Apply every Alembic migration not yet applied (idempotent); returns the head revision.

        Raises ``SchemaTooNew`` (and changes nothing) when the database is at a revision this code
        does not know. On PostgreSQL, nodes starting together migrate one after the other.
        """
        from alembic import command

        config = _alembic_config()
        with self.engine.begin() as connection:
            if not self.is_sqlite:
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
            refuse_unknown_revisions(stored_revisions(connection))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            return ", ".join(sorted(stored_revisions(connection)))

    def schema_status(self) -> dict[str, object]:
        """For the health endpoint: the stored and expected revisions and how they compare (raises a
        ``DATABASE_ERRORS`` error when the database cannot be reached).

        ``state`` is ``current``, ``behind`` (not migrated yet: this code would miss tables), or
        ``newer`` (migrated by a newer version while this node runs: the rolling-upgrade window, in
        which migrations only add, docs/deployment.md; a node is refused only at start).
        """
        with self.read() as connection:
            stored = stored_revisions(connection)
        known, heads = known_revisions()
        state = "current" if stored == heads else "newer" if stored - known else "behind"
        return {"state": state, "revision": sorted(stored), "expected": sorted(heads)}

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
