"""Long-term access key operations: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
GetAccessKeyLastUsed. Without ``UserName`` they act on the caller's own keys (the root's, for the root).
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import named_or_own_user
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import access_keys, lookups
from hatrack.model import AccessKey


def key_view(key: AccessKey) -> shapes.AccessKeyMetadata:
    return shapes.AccessKeyMetadata(
        user_name=key.user_name,
        access_key_id=key.access_key_id,
        status=key.status,
        create_date=key.created_at,
    )


@operation("iam", "CreateAccessKey", action="iam:CreateAccessKey", resource=targets.own_user())
def create_access_key(call: Call, request: shapes.CreateAccessKeyRequest) -> shapes.CreateAccessKeyResponse:
    owner = named_or_own_user(call, request.user_name)
    created = access_keys.create_access_key(
        call.conn, call.services.keyring, account_id=call.ctx.account_id, user=owner, now=call.ctx.now
    )
    key = created.key
    return shapes.CreateAccessKeyResponse(
        access_key=shapes.AccessKey(
            user_name=key.user_name,  # None for the root's own key, as AWS answers
            access_key_id=key.access_key_id,
            status=key.status,
            secret_access_key=created.secret_access_key,
            create_date=key.created_at,
        )
    )


@operation("iam", "ListAccessKeys", action="iam:ListAccessKeys", resource=targets.own_user(), read_only=True)
def list_access_keys(call: Call, request: shapes.ListAccessKeysRequest) -> shapes.ListAccessKeysResponse:
    owner = named_or_own_user(call, request.user_name)
    page = access_keys.list_access_keys(
        call.conn,
        account_id=call.ctx.account_id,
        user=owner,
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.ListAccessKeysResponse(
        access_key_metadata=tuple(key_view(key) for key in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation("iam", "UpdateAccessKey", action="iam:UpdateAccessKey", resource=targets.own_user())
def update_access_key(call: Call, request: shapes.UpdateAccessKeyRequest) -> None:
    owner = named_or_own_user(call, request.user_name)
    access_keys.update_access_key(
        call.conn,
        account_id=call.ctx.account_id,
        user=owner,
        access_key_id=request.access_key_id,
        status=request.status,
    )
    call.services.authenticator.forget_key(request.access_key_id)


@operation("iam", "DeleteAccessKey", action="iam:DeleteAccessKey", resource=targets.own_user())
def delete_access_key(call: Call, request: shapes.DeleteAccessKeyRequest) -> None:
    owner = named_or_own_user(call, request.user_name)
    access_keys.delete_access_key(
        call.conn, account_id=call.ctx.account_id, user=owner, access_key_id=request.access_key_id
    )
    call.services.authenticator.forget_key(request.access_key_id)


@operation(
    "iam",
    "GetAccessKeyLastUsed",
    action="iam:GetAccessKeyLastUsed",
    resource=targets.access_key_owner(),
    read_only=True,
)
def get_access_key_last_used(
    call: Call, request: shapes.GetAccessKeyLastUsedRequest
) -> shapes.GetAccessKeyLastUsedResponse:
    key = lookups.find_access_key(call.conn, request.access_key_id)
    if key is None or key.account_id != call.ctx.account_id:
        raise access_keys.no_such_key(request.access_key_id)
    last_used = shapes.AccessKeyLastUsed.from_wire(access_keys.last_used(key))
    if key.user_name is None:
        return shapes.GetAccessKeyLastUsedResponse(user_name="root", access_key_last_used=last_used)
    user = lookups.find_user_by_id(call.conn, call.ctx.account_id, key.user_id)
    name = user.name if user is not None else key.user_name
    return shapes.GetAccessKeyLastUsedResponse(user_name=name, access_key_last_used=last_used)
