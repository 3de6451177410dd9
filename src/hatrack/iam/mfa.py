"""Virtual MFA devices: create (the seed is shown once, then kept sealed), enable with two consecutive
codes, deactivate, delete, list, resync, and ``verify_mfa_code`` for STS.

A code is accepted once: the device remembers the last time step it accepted and refuses that step and
every earlier one (RFC 6238 §5.2).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.engine import Connection

from hatrack.credentials.keyring import Keyring
from hatrack.credentials.totp import (
    hotp_code,
    new_totp_secret,
    totp_secret_base32,
    totp_time_step,
    totp_uri,
    verify_totp,
)
from hatrack.errors import (
    DeleteConflict,
    EntityAlreadyExists,
    InvalidAuthenticationCode,
    LimitExceeded,
    NoSuchEntity,
)
from hatrack.iam.mfa_throttle import MfaThrottle, throttle_keys
from hatrack.iam.names import Tag, validate_name, validate_path
from hatrack.iam.pagination import Page, paginate
from hatrack.model.identities import UserRecord, VirtualMfaDeviceRecord
from hatrack.store import mfa as store
from hatrack.store import users as user_store
from hatrack.store.users import lock_user

MFA_DEVICES_PER_USER_QUOTA = 8
INVALID_CODE = "Authentication code for device is not valid."
# INVARIANT: never reuse this label for anything else sealed with the keyring (domain separation).
_SEED_LABEL = b"hatrack virtual mfa seed v1\x00"
# How far from now the first of the two codes of EnableMFADevice may be (steps of 30 s).
ENABLE_WINDOW_STEPS = 2
RESYNC_WINDOW_STEPS = 10


@dataclass(frozen=True, slots=True)
class NewVirtualMfaDevice:
    """A device just created, with its seed in the clear: shown once, never stored so."""

    device: VirtualMfaDeviceRecord
    base32_seed: str
    qr_code_png: bytes
    tags: tuple[Tag, ...]


def serial_number_of(partition: str, account_id: str, path: str, name: str) -> str:
    return f"arn:{partition}:iam::{account_id}:mfa{path}{name}"


def _seed_associated_data(serial_number: str) -> bytes:
    return _SEED_LABEL + serial_number.encode("utf-8")


# What the seed of ``serial_number`` is sealed with, for re-sealing it (``hatrack.rekey``).
seed_associated_data = _seed_associated_data


def _open_seed(keyring: Keyring, device: VirtualMfaDeviceRecord) -> bytes:
    return keyring.open(device.sealed_seed, associated_data=_seed_associated_data(device.serial_number))


def qr_code_png(uri: str) -> bytes:
    """The PNG of a QR code holding ``uri`` (what authenticator apps scan)."""
    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="png", scale=4)
    return out.getvalue()


def create_virtual_mfa_device(
    conn: Connection,
    keyring: Keyring,
    *,
    account_id: str,
    name: str,
    path: str = "/",
    tags: Sequence[Tag] = (),
    account_label: str,
    partition: str,
    now: datetime,
) -> NewVirtualMfaDevice:
    validate_name(name, field="virtualMFADeviceName", max_length=226)
    validate_path(path)
    serial = serial_number_of(partition, account_id, path, name)
    if store.find_device_by_name(conn, account_id, name) is not None:
        raise EntityAlreadyExists("MFADevice entity at the same path and name already exists.")
    seed = new_totp_secret()
    device = VirtualMfaDeviceRecord(
        serial_number=serial,
        account_id=account_id,
        name=name,
        path=path,
        sealed_seed=keyring.seal(seed, associated_data=_seed_associated_data(serial)),
        created_at=now,
    )
    store.insert_device(conn, device)
    user_store.set_tags(conn, account_id, "mfa", serial, tags)
    uri = totp_uri(seed, device_name=name, account_name=account_label)
    return NewVirtualMfaDevice(device, totp_secret_base32(seed), qr_code_png(uri), tuple(tags))


def no_such_device(serial_number: str) -> NoSuchEntity:
    return NoSuchEntity(f"VirtualMFADevice with serial number {serial_number} doesn't exist.")


def require_device(conn: Connection, account_id: str, serial_number: str) -> VirtualMfaDeviceRecord:
    device = store.get_device(conn, serial_number, for_update=True)
    if device is None or device.account_id != account_id:
        raise no_such_device(serial_number)
    return device


def _consecutive_step(
    seed: bytes, code1: str, code2: str, *, now: datetime, window: int, after: int | None
) -> int:
    """The step of ``code2`` when ``code1`` and ``code2`` are the codes of two consecutive steps near now."""
    current = totp_time_step(now)
    for first in range(current - window, current + window + 1):
        fresh = after is None or first > after
        if fresh and hotp_code(seed, first) == code1 and hotp_code(seed, first + 1) == code2:
            return first + 1
    raise InvalidAuthenticationCode(INVALID_CODE)


def _throttled_consecutive_step(
    throttle: MfaThrottle | None,
    device: VirtualMfaDeviceRecord,
    owner_id: str,
    seed: bytes,
    code1: str,
    code2: str,
    *,
    now: datetime,
    window: int,
    after: int | None,
) -> int:
    """``_consecutive_step`` behind the wrong-code back-off of ``mfa_throttle`` (same error when closed)."""
    if throttle is None:
        return _consecutive_step(seed, code1, code2, now=now, window=window, after=after)
    keys = throttle_keys(device.serial_number, owner_id)
    if throttle.is_closed(keys, now=now):
        raise InvalidAuthenticationCode(INVALID_CODE)
    try:
        step = _consecutive_step(seed, code1, code2, now=now, window=window, after=after)
    except InvalidAuthenticationCode:
        throttle.record_failure(keys, now=now)
        raise
    throttle.record_success(keys)
    return step


class CodesStep(Protocol):
    """Enable or Resync: prove two consecutive codes of a device for its user (None: the root)."""

    def __call__(
        self,
        conn: Connection,
        keyring: Keyring,
        *,
        account_id: str,
        user: UserRecord | None,
        serial_number: str,
        code1: str,
        code2: str,
        now: datetime,
        throttle: MfaThrottle | None = None,
    ) -> None: ...


def enable_mfa_device(
    conn: Connection,
    keyring: Keyring,
    *,
    account_id: str,
    user: UserRecord | None,
    serial_number: str,
    code1: str,
    code2: str,
    now: datetime,
    throttle: MfaThrottle | None = None,
) -> None:
    """Assign the device to ``user`` (None: the account root) once two consecutive codes prove the seed."""
    owner_id = user.user_id if user is not None else account_id
    lock_user(conn, account_id, owner_id)
    device = require_device(conn, account_id, serial_number)
    if device.is_assigned:
        raise EntityAlreadyExists("MFA Device is already in use.")
    if len(store.list_devices_of_user(conn, account_id, owner_id)) >= MFA_DEVICES_PER_USER_QUOTA:
        raise LimitExceeded(f"Cannot exceed quota for MFADevicesPerUser: {MFA_DEVICES_PER_USER_QUOTA}")
    seed = _open_seed(keyring, device)
    step = _throttled_consecutive_step(
        throttle, device, owner_id, seed, code1, code2, now=now, window=ENABLE_WINDOW_STEPS, after=None
    )
    store.assign_device(
        conn,
        serial_number,
        user_id=owner_id,
        user_name=user.name if user else None,
        at=now,
        last_used_step=step,
    )


def _assigned_device(
    conn: Connection, account_id: str, owner_id: str, owner_label: str, serial_number: str
) -> VirtualMfaDeviceRecord:
    device = store.get_device(conn, serial_number, for_update=True)
    if device is None or device.account_id != account_id or device.user_id != owner_id:
        raise NoSuchEntity(
            f"MFA Device with serial number {serial_number} does not exist for user {owner_label}."
        )
    return device


def deactivate_mfa_device(
    conn: Connection, *, account_id: str, user: UserRecord | None, serial_number: str
) -> None:
    owner_id = user.user_id if user is not None else account_id
    _assigned_device(conn, account_id, owner_id, user.name if user else "root", serial_number)
    store.unassign_device(conn, serial_number)


def resync_mfa_device(
    conn: Connection,
    keyring: Keyring,
    *,
    account_id: str,
    user: UserRecord | None,
    serial_number: str,
    code1: str,
    code2: str,
    now: datetime,
    throttle: MfaThrottle | None = None,
) -> None:
    owner_id = user.user_id if user is not None else account_id
    device = _assigned_device(conn, account_id, owner_id, user.name if user else "root", serial_number)
    seed = _open_seed(keyring, device)
    step = _throttled_consecutive_step(
        throttle,
        device,
        owner_id,
        seed,
        code1,
        code2,
        now=now,
        window=RESYNC_WINDOW_STEPS,
        after=device.last_used_step,
    )
    store.set_last_used_step(conn, serial_number, step)


def delete_virtual_mfa_device(conn: Connection, *, account_id: str, serial_number: str) -> None:
    device = require_device(conn, account_id, serial_number)
    if device.is_assigned:
        raise DeleteConflict("MFA device is already in use.")
    user_store.delete_tags(conn, account_id, "mfa", serial_number)
    store.delete_device(conn, serial_number)


def list_mfa_devices(
    conn: Connection,
    *,
    account_id: str,
    user: UserRecord | None,
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[VirtualMfaDeviceRecord]:
    owner_id = user.user_id if user is not None else account_id
    devices = store.list_devices_of_user(conn, account_id, owner_id)
    return paginate(devices, key=lambda device: device.serial_number, marker=marker, max_items=max_items)


def list_virtual_mfa_devices(
    conn: Connection,
    *,
    account_id: str,
    assignment_status: str = "Any",
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[VirtualMfaDeviceRecord]:
    devices = store.list_devices(conn, account_id)
    if assignment_status == "Assigned":
        devices = [device for device in devices if device.is_assigned]
    elif assignment_status == "Unassigned":
        devices = [device for device in devices if not device.is_assigned]
    return paginate(devices, key=lambda device: device.serial_number, marker=marker, max_items=max_items)


def device_tags(conn: Connection, device: VirtualMfaDeviceRecord) -> list[Tag]:
    return user_store.get_tags(conn, device.account_id, "mfa", device.serial_number)


def verify_mfa_code(
    conn: Connection,
    keyring: Keyring,
    account_id: str,
    serial_number: str,
    code: str,
    *,
    now: datetime,
    throttle: MfaThrottle | None = None,
) -> bool:
    """Whether ``code`` is the current code of an enabled device of the account; a step is accepted once.

    STS calls this for GetSessionToken / AssumeRole with ``SerialNumber`` and ``TokenCode``. The device
    row is locked (PostgreSQL) so that two concurrent calls cannot both accept the same code.
    """
    device = store.get_device(conn, serial_number, for_update=True)
    if device is None or device.account_id != account_id or not device.is_assigned or device.user_id is None:
        return False
    keys = throttle_keys(serial_number, device.user_id)
    if throttle is not None and throttle.is_closed(keys, now=now):
        return False  # backing off after wrong codes: not even a right code is looked at
    step = verify_totp(
        _open_seed(keyring, device), code, at=now, window=1, last_used_step=device.last_used_step
    )
    if step is None:
        if throttle is not None:
            throttle.record_failure(keys, now=now)
        return False
    if throttle is not None:
        throttle.record_success(keys)
    store.set_last_used_step(conn, serial_number, step)
    return True
