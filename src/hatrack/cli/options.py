"""Options shared by the commands that open the state folder."""

from __future__ import annotations

from pathlib import Path

import click

from hatrack.partitions import PARTITIONS

state_dir_option = click.option(
    "--state-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".hatrack"),
    show_default=True,
    help="Folder holding the database, the master key and the state file.",
)
database_option = click.option(
    "--database",
    "database_url",
    default=None,
    help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default: SQLite in the state folder).",
)
account_option = click.option("--account-id", default=None, help="12-digit id for the first account.")
partition_option = click.option(
    "--partition",
    type=click.Choice(sorted(PARTITIONS)),
    default=None,
    help=(
        "ARN partition of every account of this server, chosen when the state is created "
        "(default: aws); it cannot change later."
    ),
)
