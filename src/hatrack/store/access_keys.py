"""Repository of long-term access keys (users' and the account root's)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.model import AccessKey
from hatrack.store.changes import note_credential_change
from hatrack.store.schema import access_keys


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every time hatrack stores is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _record(row: RowMapping) -> AccessKey:
    return AccessKey(
        access_key_id=row["access_key_id"],
        account_id=row["account_id"],
        user_name=row["user_name"],
        user_id=row["user_id"],
        status=row["status"],
        created_at=_utc(row["created_at"]) or row["created_at"],
        sealed_secret=row["sealed_secret"],
        last_used_at=_utc(row["last_used_at"]),
        last_used_service=row["last_used_service"],
        last_used_region=row["last_used_region"],
    )


def insert_access_key(conn: Connection, key: AccessKey) -> None:
    conn.execute(
        access_keys.insert().values(
            access_key_id=key.access_key_id,
            account_id=key.account_id,
            user_name=key.user_name,
            user_id=key.user_id,
            status=key.status,
            created_at=key.created_at,
            sealed_secret=key.sealed_secret,
        )
    )


def get_access_key(conn: Connection, access_key_id: str) -> AccessKey | None:
    row = (
        conn.execute(access_keys.select().where(access_keys.c.access_key_id == access_key_id))
        .mappings()
        .first()
    )
    return _record(row) if row else None


def list_access_keys(conn: Connection, account_id: str, user_id: str) -> list[AccessKey]:
    rows = conn.execute(
        access_keys.select()
        .where(access_keys.c.account_id == account_id, access_keys.c.user_id == user_id)
        .order_by(access_keys.c.created_at, access_keys.c.access_key_id)
    ).mappings()
    return [_record(row) for row in rows]


def count_access_keys(conn: Connection, account_id: str, user_id: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(access_keys)
            .where(access_keys.c.account_id == account_id, access_keys.c.user_id == user_id)
        ).scalar_one()
    )


def set_access_key_status(conn: Connection, access_key_id: str, status: str) -> None:
    note_credential_change(conn)
    conn.execute(
        access_keys.update().where(access_keys.c.access_key_id == access_key_id).values(status=status)
    )


def rename_access_key_owner(conn: Connection, account_id: str, user_id: str, new_user_name: str) -> None:
    note_credential_change(conn)
    conn.execute(
        access_keys.update()
        .where(access_keys.c.account_id == account_id, access_keys.c.user_id == user_id)
        .values(user_name=new_user_name)
    )


def delete_access_key(conn: Connection, access_key_id: str) -> None:
    note_credential_change(conn)
    conn.execute(access_keys.delete().where(access_keys.c.access_key_id == access_key_id))


def record_access_key_use(
    conn: Connection, access_key_id: str, *, at: datetime, service: str, region: str
) -> None:
    conn.execute(
        access_keys.update()
        .where(access_keys.c.access_key_id == access_key_id)
        .values(last_used_at=at, last_used_service=service, last_used_region=region)
    )
