"""Repository of virtual MFA devices: the sealed TOTP seed, who the device is enabled for, the last
time step accepted (so that no code is accepted twice)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.errors import EntityAlreadyExists
from hatrack.model.identities import VirtualMfaDeviceRecord
from hatrack.store.identity_tables import as_utc, virtual_mfa_devices


def _record(row: RowMapping) -> VirtualMfaDeviceRecord:
    return VirtualMfaDeviceRecord(
        serial_number=row["serial_number"],
        account_id=row["account_id"],
        name=row["name"],
        path=row["path"],
        sealed_seed=bytes(row["sealed_seed"]),
        created_at=as_utc(row["created_at"]),
        user_id=row["user_id"],
        user_name=row["user_name"],
        enabled_at=as_utc(row["enabled_at"]),
        last_used_step=None if row["last_used_step"] is None else int(row["last_used_step"]),
    )


def insert_device(conn: Connection, device: VirtualMfaDeviceRecord) -> None:
    try:
        conn.execute(
            virtual_mfa_devices.insert().values(
                serial_number=device.serial_number,
                account_id=device.account_id,
                name=device.name,
                path=device.path,
                sealed_seed=device.sealed_seed,
                created_at=device.created_at,
            )
        )
    except sa.exc.IntegrityError:  # a concurrent call took the name first (PostgreSQL)
        raise EntityAlreadyExists("MFADevice entity at the same path and name already exists.") from None


def get_device(
    conn: Connection, serial_number: str, *, for_update: bool = False
) -> VirtualMfaDeviceRecord | None:
    query = virtual_mfa_devices.select().where(virtual_mfa_devices.c.serial_number == serial_number)
    if for_update:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    return _record(row) if row else None


def find_device_by_name(conn: Connection, account_id: str, name: str) -> VirtualMfaDeviceRecord | None:
    """A device of the account with this name (compared without case), whatever its path."""
    row = (
        conn.execute(
            virtual_mfa_devices.select().where(
                virtual_mfa_devices.c.account_id == account_id,
                sa.func.lower(virtual_mfa_devices.c.name) == name.lower(),
            )
        )
        .mappings()
        .first()
    )
    return _record(row) if row else None


def list_devices(conn: Connection, account_id: str) -> list[VirtualMfaDeviceRecord]:
    rows = conn.execute(
        virtual_mfa_devices.select()
        .where(virtual_mfa_devices.c.account_id == account_id)
        .order_by(virtual_mfa_devices.c.serial_number)
    ).mappings()
    return [_record(row) for row in rows]


def list_devices_of_user(conn: Connection, account_id: str, user_id: str) -> list[VirtualMfaDeviceRecord]:
    rows = conn.execute(
        virtual_mfa_devices.select()
        .where(virtual_mfa_devices.c.account_id == account_id, virtual_mfa_devices.c.user_id == user_id)
        .order_by(virtual_mfa_devices.c.serial_number)
    ).mappings()
    return [_record(row) for row in rows]


def assign_device(
    conn: Connection,
    serial_number: str,
    *,
    user_id: str,
    user_name: str | None,
    at: datetime,
    last_used_step: int,
) -> None:
    conn.execute(
        virtual_mfa_devices.update()
        .where(virtual_mfa_devices.c.serial_number == serial_number)
        .values(user_id=user_id, user_name=user_name, enabled_at=at, last_used_step=last_used_step)
    )


def unassign_device(conn: Connection, serial_number: str) -> None:
    conn.execute(
        virtual_mfa_devices.update()
        .where(virtual_mfa_devices.c.serial_number == serial_number)
        .values(user_id=None, user_name=None, enabled_at=None, last_used_step=None)
    )


def set_last_used_step(conn: Connection, serial_number: str, step: int) -> None:
    conn.execute(
        virtual_mfa_devices.update()
        .where(virtual_mfa_devices.c.serial_number == serial_number)
        .values(last_used_step=step)
    )


def rename_device_owner(conn: Connection, account_id: str, user_id: str, user_name: str) -> None:
    conn.execute(
        virtual_mfa_devices.update()
        .where(virtual_mfa_devices.c.account_id == account_id, virtual_mfa_devices.c.user_id == user_id)
        .values(user_name=user_name)
    )


def delete_device(conn: Connection, serial_number: str) -> None:
    conn.execute(virtual_mfa_devices.delete().where(virtual_mfa_devices.c.serial_number == serial_number))


def count_devices(conn: Connection, account_id: str, *, assigned_only: bool = False) -> int:
    query = (
        sa.select(sa.func.count())
        .select_from(virtual_mfa_devices)
        .where(virtual_mfa_devices.c.account_id == account_id)
    )
    if assigned_only:
        query = query.where(virtual_mfa_devices.c.user_id.is_not(None))
    return int(conn.execute(query).scalar_one())
