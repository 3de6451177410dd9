"""The store opens SQLite and PostgreSQL alike, migrates to head, and keeps both in step."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hatrack.store import schema
from hatrack.store.db import Database
from hatrack.store.tables import metadata


def test_migrations_reach_the_tables_of_the_code(database_url: str) -> None:
    database = Database(database_url)
    database.migrate()
    with database.read() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    database.dispose()
    assert differences == [], "schema and migrations drifted: run scripts/regenerate_initial_migration.py"


def test_migrating_twice_changes_nothing(database_url: str) -> None:
    database = Database(database_url)
    database.migrate()
    with database.begin() as connection:
        connection.execute(
            schema.accounts.insert().values(account_id="123456789012", created_at=datetime.now(UTC))
        )
    database.migrate()
    with database.read() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(schema.accounts)).scalar_one()
    database.dispose()
    assert count == 1


def test_a_failed_transaction_leaves_nothing(database_url: str) -> None:
    database = Database(database_url)
    database.migrate()
    try:
        with database.begin() as connection:
            connection.execute(
                schema.accounts.insert().values(account_id="123456789012", created_at=datetime.now(UTC))
            )
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with database.read() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(schema.accounts)).scalar_one()
    database.dispose()
    assert count == 0
