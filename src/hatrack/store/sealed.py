"""Every column holding bytes sealed under the keyring, and how to read and replace them.

Retiring a keyring key (``hatrack keys retire``) must re-seal everything sealed under it first, so the
list of such columns lives here, next to the tables; a test checks that every ``sealed_*`` column of
the schema is on it. The associated data each blob was sealed with is derived from the row's id
column by its owner (``hatrack.rekey``); this module only moves bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.tables import metadata


@dataclass(frozen=True, slots=True)
class SealedColumn:
    table: str
    id_column: str  # the row's key, part of the associated data the blob was sealed with
    sealed_column: str


SEALED_COLUMNS = (
    SealedColumn("access_keys", "access_key_id", "sealed_secret"),
    SealedColumn("iam_virtual_mfa_devices", "serial_number", "sealed_seed"),
    SealedColumn("audit_signing_keys", "key_id", "sealed_private_key"),
    SealedColumn("console_sessions", "session_hash", "sealed_state"),
    SealedColumn("workload_cas", "account_id", "sealed_private_key"),
)


def _table(column: SealedColumn) -> sa.Table:
    return metadata.tables[column.table]


def iter_sealed(conn: Connection, column: SealedColumn) -> Iterator[tuple[str, bytes]]:
    """(row id, sealed bytes) of every row of ``column``'s table."""
    table = _table(column)
    query = sa.select(table.c[column.id_column], table.c[column.sealed_column])
    for row_id, sealed in conn.execute(query):
        yield str(row_id), bytes(sealed)


def replace_sealed(conn: Connection, column: SealedColumn, row_id: str, sealed: bytes) -> None:
    table = _table(column)
    conn.execute(
        table.update().where(table.c[column.id_column] == row_id).values({column.sealed_column: sealed})
    )
