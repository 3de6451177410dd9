"""MFA device read and tag operations: GetMFADevice, TagMFADevice, UntagMFADevice, ListMFADeviceTags.

GetMFADevice is authorized on the device's user (the account root when ``UserName`` is absent and the
caller is the root), the tag operations on the device's ARN (its serial number) with its tags as
``aws:ResourceTag/*`` / ``iam:ResourceTag/*`` and the request's ``aws:RequestTag/*`` / ``aws:TagKeys``.
Device tags live with the other entity tags (kind ``mfa``, keyed by serial number).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import own_user_name, root_arn, tags_shape, user_target
from hatrack.api.registry import operation
from hatrack.errors import NoSuchEntity
from hatrack.iam import mfa, users
from hatrack.iam.names import (
    merge_tags,
    remove_tags,
    resource_tag_context,
    tag_request_context,
    validate_tag_keys,
    validate_tags,
)
from hatrack.iam.pagination import paginate
from hatrack.store import mfa as mfa_store
from hatrack.store import users as user_store
from hatrack.store.mfa import VirtualMfaDeviceRecord

Context = dict[str, str | list[str]]
_MFA_TAGS = "mfa"


def _device(call: Call, serial: str) -> VirtualMfaDeviceRecord | None:
    device = mfa_store.get_device(call.conn, serial)
    return device if device is not None and device.account_id == call.ctx.account_id else None


def _target(call: Call, serial: str) -> tuple[VirtualMfaDeviceRecord | None, Context]:
    device = _device(call, serial)
    if device is None:
        return None, {}
    return device, resource_tag_context(mfa.device_tags(call.conn, device))


def _require(device: VirtualMfaDeviceRecord | None, serial: str) -> VirtualMfaDeviceRecord:
    if device is None:
        raise mfa.no_such_device(serial)
    return device


@operation("iam", "GetMFADevice", read_only=True)
def get_mfa_device(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    serial: str = params["SerialNumber"]
    name = own_user_name(call, params)
    if name is None:
        call.authorize("iam:GetMFADevice", root_arn(call))
        owner_id, owner_label = call.ctx.account_id, "root"
    else:
        arn, context = user_target(call, name)
        call.authorize("iam:GetMFADevice", arn, context=context)
        user = users.require_user(call.conn, call.ctx.account_id, name)
        owner_id, owner_label = user.user_id, user.name
    device = _device(call, serial)
    if device is None or device.user_id != owner_id:
        raise NoSuchEntity(f"MFA Device with serial number {serial} does not exist for user {owner_label}.")
    shape: dict[str, Any] = {"SerialNumber": device.serial_number}
    if name is not None:
        shape["UserName"] = owner_label
    if device.enabled_at is not None:
        shape["EnableDate"] = device.enabled_at
    return shape


@operation("iam", "TagMFADevice")
def tag_mfa_device(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    serial: str = params["SerialNumber"]
    raw = params.get("Tags") or []
    device, context = _target(call, serial)
    context.update(tag_request_context([(tag["Key"], tag.get("Value", "")) for tag in raw]))
    call.authorize("iam:TagMFADevice", serial, context=context)
    found = _require(device, serial)
    merged = merge_tags(mfa.device_tags(call.conn, found), validate_tags(raw), quota_name="TagsPerMFADevice")
    user_store.set_tags(call.conn, call.ctx.account_id, _MFA_TAGS, found.serial_number, merged)
    return {}


@operation("iam", "UntagMFADevice")
def untag_mfa_device(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    serial: str = params["SerialNumber"]
    keys = list(params.get("TagKeys") or [])
    device, context = _target(call, serial)
    call.authorize("iam:UntagMFADevice", serial, context={**context, "aws:TagKeys": keys})
    found = _require(device, serial)
    remaining = remove_tags(mfa.device_tags(call.conn, found), validate_tag_keys(keys))
    user_store.set_tags(call.conn, call.ctx.account_id, _MFA_TAGS, found.serial_number, remaining)
    return {}


@operation("iam", "ListMFADeviceTags", read_only=True)
def list_mfa_device_tags(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    serial: str = params["SerialNumber"]
    device, context = _target(call, serial)
    call.authorize("iam:ListMFADeviceTags", serial, context=context)
    found = _require(device, serial)
    # AWS: "The returned list of tags is sorted by tag key."
    page = paginate(
        mfa.device_tags(call.conn, found),
        key=lambda tag: tag[0].lower(),
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"Tags": tags_shape(page.items), **page.output()}
