"""Long-term access key operations: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
GetAccessKeyLastUsed. Without ``UserName`` they act on the caller's own keys (the root's, for the root).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import own_user_name, root_arn, user_target
from hatrack.api.registry import operation
from hatrack.iam import access_keys, users
from hatrack.model import AccessKey
from hatrack.store import access_keys as key_store
from hatrack.store import users as user_store
from hatrack.store.users import UserRecord


def _owner(call: Call, params: Mapping[str, Any], action: str) -> UserRecord | None:
    """Authorize ``action`` on the keys' owner, then return it (None: the account root)."""
    name = own_user_name(call, params)
    if name is None:
        call.authorize(action, root_arn(call))
        return None
    arn, context = user_target(call, name)
    call.authorize(action, arn, context=context)
    return users.require_user(call.conn, call.ctx.account_id, name)


def key_metadata(key: AccessKey) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "AccessKeyId": key.access_key_id,
        "Status": key.status,
        "CreateDate": key.created_at,
    }
    if key.user_name is not None:
        shape["UserName"] = key.user_name
    return shape


@operation("iam", "CreateAccessKey")
def create_access_key(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    owner = _owner(call, params, "iam:CreateAccessKey")
    created = access_keys.create_access_key(
        call.conn, call.services.keyring, account_id=call.ctx.account_id, user=owner, now=call.ctx.now
    )
    return {"AccessKey": {**key_metadata(created.key), "SecretAccessKey": created.secret_access_key}}


@operation("iam", "ListAccessKeys", read_only=True)
def list_access_keys(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    owner = _owner(call, params, "iam:ListAccessKeys")
    page = access_keys.list_access_keys(
        call.conn,
        account_id=call.ctx.account_id,
        user=owner,
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"AccessKeyMetadata": [key_metadata(key) for key in page.items], **page.output()}


@operation("iam", "UpdateAccessKey")
def update_access_key(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    owner = _owner(call, params, "iam:UpdateAccessKey")
    key_id: str = params["AccessKeyId"]
    access_keys.update_access_key(
        call.conn, account_id=call.ctx.account_id, user=owner, access_key_id=key_id, status=params["Status"]
    )
    call.services.authenticator.forget_key(key_id)
    return {}


@operation("iam", "DeleteAccessKey")
def delete_access_key(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    owner = _owner(call, params, "iam:DeleteAccessKey")
    key_id: str = params["AccessKeyId"]
    access_keys.delete_access_key(call.conn, account_id=call.ctx.account_id, user=owner, access_key_id=key_id)
    call.services.authenticator.forget_key(key_id)
    return {}


@operation("iam", "GetAccessKeyLastUsed", read_only=True)
def get_access_key_last_used(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    key_id: str = params["AccessKeyId"]
    key = key_store.get_access_key(call.conn, key_id)
    if key is None or key.account_id != call.ctx.account_id:
        call.authorize("iam:GetAccessKeyLastUsed", call.ctx.iam_arn("user/*"))
        raise access_keys.no_such_key(key_id)
    if key.user_name is None:
        call.authorize("iam:GetAccessKeyLastUsed", root_arn(call))
        return {"UserName": "root", "AccessKeyLastUsed": access_keys.last_used(key)}
    user = user_store.get_user_by_id(call.conn, call.ctx.account_id, key.user_id)
    name = user.name if user is not None else key.user_name
    arn, context = user_target(call, name)
    call.authorize("iam:GetAccessKeyLastUsed", arn, context=context)
    return {"UserName": name, "AccessKeyLastUsed": access_keys.last_used(key)}
