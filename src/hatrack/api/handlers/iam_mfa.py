"""Virtual MFA device operations: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice,
DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices, ResyncMFADevice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import (
    creation_tag_context,
    own_user_name,
    root_arn,
    tags_shape,
    user_shape,
    user_target,
)
from hatrack.api.registry import operation
from hatrack.iam import mfa, users
from hatrack.iam.names import validate_tags
from hatrack.store import account_settings as settings_store
from hatrack.store import accounts as account_store
from hatrack.store import users as user_store
from hatrack.store.mfa import VirtualMfaDeviceRecord
from hatrack.store.users import UserRecord


def _owner(call: Call, params: Mapping[str, Any], action: str) -> UserRecord | None:
    """Authorize ``action`` on the device's (future) owner, then return it (None: the account root)."""
    name = own_user_name(call, params)
    if name is None:
        call.authorize(action, root_arn(call))
        return None
    arn, context = user_target(call, name)
    call.authorize(action, arn, context=context)
    return users.require_user(call.conn, call.ctx.account_id, name)


def _device_user_shape(call: Call, device: VirtualMfaDeviceRecord) -> dict[str, Any] | None:
    if device.user_id is None:
        return None
    if device.user_id == call.ctx.account_id:
        account = account_store.get_account(call.conn, call.ctx.account_id)
        shape: dict[str, Any] = {
            "UserId": call.ctx.account_id,
            "Arn": root_arn(call),
            "Path": "/",
            "UserName": "",
        }
        if account is not None:
            shape["CreateDate"] = account.created_at
        return shape
    user = user_store.get_user_by_id(call.conn, call.ctx.account_id, device.user_id)
    return None if user is None else user_shape(call, user)


@operation("iam", "CreateVirtualMFADevice")
def create_virtual_mfa_device(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["VirtualMFADeviceName"]
    path: str = params.get("Path", "/")
    raw_tags = params.get("Tags") or []
    context = creation_tag_context(params)
    call.authorize("iam:CreateVirtualMFADevice", call.ctx.iam_arn(f"mfa{path}{name}"), context=context)
    tags = validate_tags(raw_tags)
    alias = settings_store.get_alias(call.conn, call.ctx.account_id)
    created = mfa.create_virtual_mfa_device(
        call.conn,
        call.services.keyring,
        account_id=call.ctx.account_id,
        name=name,
        path=path,
        tags=tags,
        account_label=alias or call.ctx.account_id,
        partition=call.ctx.partition,
        now=call.ctx.now,
    )
    shape: dict[str, Any] = {
        "SerialNumber": created.device.serial_number,
        "Base32StringSeed": created.base32_seed.encode("ascii"),
        "QRCodePNG": created.qr_code_png,
    }
    if tags:
        shape["Tags"] = tags_shape(tags)
    return {"VirtualMFADevice": shape}


@operation("iam", "EnableMFADevice")
def enable_mfa_device(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    owner = _owner(call, params, "iam:EnableMFADevice")
    mfa.enable_mfa_device(
        call.conn,
        call.services.keyring,
        account_id=call.ctx.account_id,
        user=owner,
        serial_number=params["SerialNumber"],
        code1=params["AuthenticationCode1"],
        code2=params["AuthenticationCode2"],
        now=call.ctx.now,
        throttle=call.services.mfa_throttle,
    )
    return {}


@operation("iam", "ResyncMFADevice")
def resync_mfa_device(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    owner = _owner(call, params, "iam:ResyncMFADevice")
    mfa.resync_mfa_device(
        call.conn,
        call.services.keyring,
        account_id=call.ctx.account_id,
        user=owner,
        serial_number=params["SerialNumber"],
        code1=params["AuthenticationCode1"],
        code2=params["AuthenticationCode2"],
        now=call.ctx.now,
        throttle=call.services.mfa_throttle,
    )
    return {}


@operation("iam", "DeactivateMFADevice")
def deactivate_mfa_device(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    owner = _owner(call, params, "iam:DeactivateMFADevice")
    mfa.deactivate_mfa_device(
        call.conn, account_id=call.ctx.account_id, user=owner, serial_number=params["SerialNumber"]
    )
    return {}


@operation("iam", "DeleteVirtualMFADevice")
def delete_virtual_mfa_device(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    serial: str = params["SerialNumber"]
    call.authorize("iam:DeleteVirtualMFADevice", serial)
    mfa.delete_virtual_mfa_device(call.conn, account_id=call.ctx.account_id, serial_number=serial)
    return {}


@operation("iam", "ListMFADevices", read_only=True)
def list_mfa_devices(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    owner = _owner(call, params, "iam:ListMFADevices")
    page = mfa.list_mfa_devices(
        call.conn,
        account_id=call.ctx.account_id,
        user=owner,
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    devices = [
        {
            "UserName": device.user_name if device.user_name is not None else "",
            "SerialNumber": device.serial_number,
            "EnableDate": device.enabled_at,
        }
        for device in page.items
    ]
    return {"MFADevices": devices, **page.output()}


@operation("iam", "ListVirtualMFADevices", read_only=True)
def list_virtual_mfa_devices(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:ListVirtualMFADevices", call.ctx.iam_arn("mfa/"))
    page = mfa.list_virtual_mfa_devices(
        call.conn,
        account_id=call.ctx.account_id,
        assignment_status=params.get("AssignmentStatus", "Any"),
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    devices: list[dict[str, Any]] = []
    for device in page.items:
        shape: dict[str, Any] = {"SerialNumber": device.serial_number}
        user = _device_user_shape(call, device)
        if user is not None:
            shape["User"] = user
            shape["EnableDate"] = device.enabled_at
        tags = mfa.device_tags(call.conn, device)
        if tags:
            shape["Tags"] = tags_shape(tags)
        devices.append(shape)
    return {"VirtualMFADevices": devices, **page.output()}
