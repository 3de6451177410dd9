"""``hatrack db``: the database's schema, migrated explicitly (``hatrack serve`` also migrates on start)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from hatrack.cli.options import database_option, state_dir_option


@click.group("db")
def db_group() -> None:
    """The database schema (Alembic migrations)."""


def _url(state_dir: Path, database_url: str | None) -> str:
    from hatrack.state import DATABASE_FILE
    from hatrack.store.db import sqlite_url

    return database_url or sqlite_url(state_dir / DATABASE_FILE)


@db_group.command("upgrade")
@state_dir_option
@database_option
def upgrade(state_dir: Path, database_url: str | None) -> None:
    """Apply every migration not yet applied (run once before upgrading the nodes one by one).

    Refuses a database migrated by a newer hatrack (a revision this version does not know).
    """
    from hatrack.store.db import Database, SchemaTooNew

    if database_url is None:
        state_dir.mkdir(parents=True, exist_ok=True)
    database = Database(_url(state_dir, database_url))
    try:
        revision = database.migrate()
    except SchemaTooNew as error:
        raise click.ClickException(str(error)) from None
    finally:
        database.dispose()
    click.echo(json.dumps({"revision": revision}))


@db_group.command("status")
@state_dir_option
@database_option
def status(state_dir: Path, database_url: str | None) -> None:
    """The stored revision and this version's head (exit 1 when they differ)."""
    from hatrack.store.db import Database

    database = Database(_url(state_dir, database_url))
    try:
        found = database.schema_status()
    finally:
        database.dispose()
    click.echo(json.dumps(found))
    if found["state"] != "current":
        raise SystemExit(1)
