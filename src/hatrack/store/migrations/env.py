"""Alembic environment: migrates the connection handed over by ``Database.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

# Every table module registers its tables on ``metadata`` when imported.
import hatrack.store.tables  # noqa: F401  (side effect: the tables of every area)
from hatrack.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # the alembic command line, for generating migrations
    engine = engine_from_config(
        config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
