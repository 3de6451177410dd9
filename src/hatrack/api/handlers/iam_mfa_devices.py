"""MFA device read and tag operations: GetMFADevice, TagMFADevice, UntagMFADevice, ListMFADeviceTags.

Every operation is declared: GetMFADevice on the device's user (the account root when ``UserName`` is
absent and the caller is the root), the tag operations on the device's ARN (its serial number) with
its tags as ``aws:ResourceTag/*`` / ``iam:ResourceTag/*`` and the request's ``aws:RequestTag/*`` /
``aws:TagKeys``. Device tags live with the other entity tags (kind ``mfa``, keyed by serial number).
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.tagging import requested_tags, shown_tags
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.errors import NoSuchEntity
from hatrack.iam import lookups, mfa, users
from hatrack.iam.names import merge_tags, remove_tags, validate_tag_keys
from hatrack.iam.pagination import paginate
from hatrack.model.identities import VirtualMfaDeviceRecord


def _device(call: Call, serial: str) -> VirtualMfaDeviceRecord:
    device = lookups.find_mfa_device(call.conn, call.ctx.account_id, serial)
    if device is None:
        raise mfa.no_such_device(serial)
    return device


@operation("iam", "GetMFADevice", action="iam:GetMFADevice", resource=targets.own_user(), read_only=True)
def get_mfa_device(call: Call, request: shapes.GetMFADeviceRequest) -> shapes.GetMFADeviceResponse:
    name = targets.own_user_name(call, request.user_name)
    if name is None:
        owner_id, owner_label = call.ctx.account_id, "root"
    else:
        user = users.require_user(call.conn, call.ctx.account_id, name)
        owner_id, owner_label = user.user_id, user.name
    device = lookups.find_mfa_device(call.conn, call.ctx.account_id, request.serial_number)
    if device is None or device.user_id != owner_id:
        raise NoSuchEntity(
            f"MFA Device with serial number {request.serial_number} does not exist for user {owner_label}."
        )
    return shapes.GetMFADeviceResponse(
        user_name=owner_label if name is not None else None,
        serial_number=device.serial_number,
        enable_date=device.enabled_at,
    )


@operation(
    "iam",
    "TagMFADevice",
    action="iam:TagMFADevice",
    resource=targets.mfa_device(),
    condition_keys=(targets.request_tags,),
)
def tag_mfa_device(call: Call, request: shapes.TagMFADeviceRequest) -> None:
    found = _device(call, request.serial_number)
    wanted = requested_tags(request.tags)
    merged = merge_tags(mfa.device_tags(call.conn, found), wanted, quota_name="TagsPerMFADevice")
    lookups.set_mfa_device_tags(call.conn, found, merged)


@operation(
    "iam",
    "UntagMFADevice",
    action="iam:UntagMFADevice",
    resource=targets.mfa_device(),
    condition_keys=(targets.tag_keys,),
)
def untag_mfa_device(call: Call, request: shapes.UntagMFADeviceRequest) -> None:
    found = _device(call, request.serial_number)
    remaining = remove_tags(mfa.device_tags(call.conn, found), validate_tag_keys(list(request.tag_keys)))
    lookups.set_mfa_device_tags(call.conn, found, remaining)


@operation(
    "iam", "ListMFADeviceTags", action="iam:ListMFADeviceTags", resource=targets.mfa_device(), read_only=True
)
def list_mfa_device_tags(
    call: Call, request: shapes.ListMFADeviceTagsRequest
) -> shapes.ListMFADeviceTagsResponse:
    found = _device(call, request.serial_number)
    # AWS: "The returned list of tags is sorted by tag key."
    page = paginate(
        mfa.device_tags(call.conn, found),
        key=lambda tag: tag[0].lower(),
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.ListMFADeviceTagsResponse(
        tags=shown_tags(page.items) or (),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )
