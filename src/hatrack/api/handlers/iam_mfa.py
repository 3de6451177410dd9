"""Virtual MFA device operations: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice,
DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices, ResyncMFADevice.

Every operation is declared: Enable/Resync/Deactivate and ListMFADevices are authorized on the
device's user (the caller itself when ``UserName`` is absent; the account for the root), the others on
the device's serial number (its ARN) or the account's ``mfa/`` path.
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import named_or_own_user, user_view
from hatrack.api.handlers.tagging import requested_tags, shown_tags
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import lookups, mfa
from hatrack.model.identities import VirtualMfaDeviceRecord


def _device_user(call: Call, device: VirtualMfaDeviceRecord) -> shapes.User | None:
    if device.user_id is None:
        return None
    if device.user_id == call.ctx.account_id:
        account = lookups.find_account(call.conn, call.ctx.account_id)
        return shapes.User(
            user_id=call.ctx.account_id,
            arn=call.ctx.iam_arn("root"),
            path="/",
            user_name="",
            create_date=account.created_at if account is not None else call.ctx.now,
        )
    user = lookups.find_user_by_id(call.conn, call.ctx.account_id, device.user_id)
    return None if user is None else user_view(call, user)


@operation(
    "iam",
    "CreateVirtualMFADevice",
    action="iam:CreateVirtualMFADevice",
    resource=targets.new("mfa", "virtual_mfa_device_name"),
    condition_keys=(targets.creation_tags,),
)
def create_virtual_mfa_device(
    call: Call, request: shapes.CreateVirtualMFADeviceRequest
) -> shapes.CreateVirtualMFADeviceResponse:
    tags = requested_tags(request.tags)
    alias = lookups.account_alias(call.conn, call.ctx.account_id)
    created = mfa.create_virtual_mfa_device(
        call.conn,
        call.services.keyring,
        account_id=call.ctx.account_id,
        name=request.virtual_mfa_device_name,
        path=request.path or "/",
        tags=tags,
        account_label=alias or call.ctx.account_id,
        partition=call.ctx.partition,
        now=call.ctx.now,
    )
    return shapes.CreateVirtualMFADeviceResponse(
        virtual_mfa_device=shapes.VirtualMFADevice(
            serial_number=created.device.serial_number,
            base32_string_seed=created.base32_seed.encode("ascii"),
            qr_code_png=created.qr_code_png,
            tags=shown_tags(tags),
        )
    )


def _prove_codes(
    call: Call,
    request: shapes.EnableMFADeviceRequest | shapes.ResyncMFADeviceRequest,
    step: mfa.CodesStep,
) -> None:
    """Enable and Resync both prove two consecutive codes of the device for its user (throttled)."""
    step(
        call.conn,
        call.services.keyring,
        account_id=call.ctx.account_id,
        user=named_or_own_user(call, request.user_name),
        serial_number=request.serial_number,
        code1=request.authentication_code1,
        code2=request.authentication_code2,
        now=call.ctx.now,
        throttle=call.services.mfa_throttle,
    )


@operation("iam", "EnableMFADevice", action="iam:EnableMFADevice", resource=targets.own_user())
def enable_mfa_device(call: Call, request: shapes.EnableMFADeviceRequest) -> None:
    _prove_codes(call, request, mfa.enable_mfa_device)


@operation("iam", "ResyncMFADevice", action="iam:ResyncMFADevice", resource=targets.own_user())
def resync_mfa_device(call: Call, request: shapes.ResyncMFADeviceRequest) -> None:
    _prove_codes(call, request, mfa.resync_mfa_device)


@operation("iam", "DeactivateMFADevice", action="iam:DeactivateMFADevice", resource=targets.own_user())
def deactivate_mfa_device(call: Call, request: shapes.DeactivateMFADeviceRequest) -> None:
    mfa.deactivate_mfa_device(
        call.conn,
        account_id=call.ctx.account_id,
        user=named_or_own_user(call, request.user_name),
        serial_number=request.serial_number,
    )


@operation(
    "iam", "DeleteVirtualMFADevice", action="iam:DeleteVirtualMFADevice", resource=targets.mfa_device()
)
def delete_virtual_mfa_device(call: Call, request: shapes.DeleteVirtualMFADeviceRequest) -> None:
    mfa.delete_virtual_mfa_device(
        call.conn, account_id=call.ctx.account_id, serial_number=request.serial_number
    )


@operation("iam", "ListMFADevices", action="iam:ListMFADevices", resource=targets.own_user(), read_only=True)
def list_mfa_devices(call: Call, request: shapes.ListMFADevicesRequest) -> shapes.ListMFADevicesResponse:
    page = mfa.list_mfa_devices(
        call.conn,
        account_id=call.ctx.account_id,
        user=named_or_own_user(call, request.user_name),
        marker=request.marker,
        max_items=request.max_items,
    )
    devices = tuple(
        shapes.MFADevice(
            user_name=device.user_name if device.user_name is not None else "",
            serial_number=device.serial_number,
            enable_date=device.enabled_at,
        )
        for device in page.items
        if device.enabled_at is not None  # a user's devices are the ones enabled for it
    )
    return shapes.ListMFADevicesResponse(
        mfa_devices=devices, is_truncated=page.is_truncated, marker=page.marker
    )


@operation(
    "iam",
    "ListVirtualMFADevices",
    action="iam:ListVirtualMFADevices",
    resource=targets.fixed("mfa/"),
    read_only=True,
)
def list_virtual_mfa_devices(
    call: Call, request: shapes.ListVirtualMFADevicesRequest
) -> shapes.ListVirtualMFADevicesResponse:
    page = mfa.list_virtual_mfa_devices(
        call.conn,
        account_id=call.ctx.account_id,
        assignment_status=request.assignment_status or "Any",
        marker=request.marker,
        max_items=request.max_items,
    )
    devices: list[shapes.VirtualMFADevice] = []
    for device in page.items:
        user = _device_user(call, device)
        tags = mfa.device_tags(call.conn, device)
        devices.append(
            shapes.VirtualMFADevice(
                serial_number=device.serial_number,
                user=user,
                enable_date=device.enabled_at if user is not None else None,
                tags=shown_tags(tags),
            )
        )
    return shapes.ListVirtualMFADevicesResponse(
        virtual_mfa_devices=tuple(devices), is_truncated=page.is_truncated, marker=page.marker
    )
