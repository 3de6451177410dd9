"""IAM user operations: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, TagUser, UntagUser,
ListUserTags; and ``user_view``, the ``User`` shape the other identity handlers share.

Every operation is declared: the pipeline authorizes it on the user's ARN (``targets.user`` /
``targets.own_user``) with its tags as ``aws:ResourceTag/*`` / ``iam:ResourceTag/*`` before the
handler runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.tagging import requested_tags, shown_tags
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import boundaries, lookups, users
from hatrack.iam.names import Tag, validate_tag_keys
from hatrack.model.identities import UserRecord

# --- shapes ---------------------------------------------------------------------------------------


def tags_shape(tags: Sequence[Tag]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags]


def named_or_own_user(call: Call, name: str | None) -> UserRecord | None:
    """The user ``name``, or the calling IAM user itself when absent (None: the account root), for
    the operations on a user's keys, devices and password; the pipeline has authorized it already."""
    own = targets.own_user_name(call, name)
    return None if own is None else users.require_user(call.conn, call.ctx.account_id, own)


# --- operations -----------------------------------------------------------------------------------


def user_view(call: Call, user: UserRecord, *, detailed: bool = False) -> shapes.User:
    """AWS's ``User``, typed; ``detailed`` adds the permissions boundary and tags (GetUser, CreateUser)."""
    boundary = None
    tags = None
    if detailed:
        if user.permissions_boundary_arn is not None:
            boundary = shapes.AttachedPermissionsBoundary(
                permissions_boundary_type="PermissionsBoundaryPolicy",
                permissions_boundary_arn=user.permissions_boundary_arn,
            )
        if user.tags:
            tags = shown_tags(user.tags)
    return shapes.User(
        path=user.path,
        user_name=user.name,
        user_id=user.user_id,
        arn=user.arn(call.ctx.partition),
        create_date=user.created_at,
        password_last_used=user.password_last_used,
        permissions_boundary=boundary,
        tags=tags,
    )


@operation(
    "iam",
    "CreateUser",
    action="iam:CreateUser",
    resource=targets.new("user", "user_name"),
    condition_keys=(targets.creation_tags, targets.permissions_boundary),
)
def create_user(call: Call, request: shapes.CreateUserRequest) -> shapes.CreateUserResponse:
    tags = requested_tags(request.tags)
    if request.permissions_boundary is not None:
        boundaries.check_boundary_arn(call.conn, call.ctx.account_id, request.permissions_boundary)
    user = users.create_user(
        call.conn,
        account_id=call.ctx.account_id,
        name=request.user_name,
        path=request.path or "/",
        tags=tags,
        permissions_boundary_arn=request.permissions_boundary,
        now=call.ctx.now,
    )
    return shapes.CreateUserResponse(user=user_view(call, user, detailed=True))


@operation("iam", "GetUser", action="iam:GetUser", resource=targets.own_user(), read_only=True)
def get_user(call: Call, request: shapes.GetUserRequest) -> shapes.GetUserResponse:
    name = targets.own_user_name(call, request.user_name)
    if name is None:
        account = lookups.find_account(call.conn, call.ctx.account_id)
        root = shapes.User(
            user_id=call.ctx.account_id,
            arn=call.ctx.iam_arn("root"),
            create_date=account.created_at if account is not None else call.ctx.now,
        )
        return shapes.GetUserResponse(user=root)
    user = users.require_user(call.conn, call.ctx.account_id, name)
    return shapes.GetUserResponse(user=user_view(call, user, detailed=True))


@operation("iam", "ListUsers", action="iam:ListUsers", resource=targets.path_prefix("user"), read_only=True)
def list_users(call: Call, request: shapes.ListUsersRequest) -> shapes.ListUsersResponse:
    page = users.list_users(
        call.conn,
        call.ctx.account_id,
        path_prefix=request.path_prefix or "/",
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.ListUsersResponse(
        users=tuple(user_view(call, user) for user in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation("iam", "UpdateUser", action="iam:UpdateUser", resource=targets.user())
def update_user(call: Call, request: shapes.UpdateUserRequest) -> None:
    users.update_user(
        call.conn,
        call.ctx.account_id,
        request.user_name,
        new_name=request.new_user_name,
        new_path=request.new_path,
    )


@operation("iam", "DeleteUser", action="iam:DeleteUser", resource=targets.user())
def delete_user(call: Call, request: shapes.DeleteUserRequest) -> None:
    users.delete_user(call.conn, call.ctx.account_id, request.user_name)


@operation(
    "iam", "TagUser", action="iam:TagUser", resource=targets.user(), condition_keys=(targets.request_tags,)
)
def tag_user(call: Call, request: shapes.TagUserRequest) -> None:
    users.tag_user(call.conn, call.ctx.account_id, request.user_name, requested_tags(request.tags))


@operation(
    "iam", "UntagUser", action="iam:UntagUser", resource=targets.user(), condition_keys=(targets.tag_keys,)
)
def untag_user(call: Call, request: shapes.UntagUserRequest) -> None:
    users.untag_user(
        call.conn, call.ctx.account_id, request.user_name, validate_tag_keys(list(request.tag_keys))
    )


@operation("iam", "ListUserTags", action="iam:ListUserTags", resource=targets.user(), read_only=True)
def list_user_tags(call: Call, request: shapes.ListUserTagsRequest) -> shapes.ListUserTagsResponse:
    page = users.list_user_tags(
        call.conn, call.ctx.account_id, request.user_name, marker=request.marker, max_items=request.max_items
    )
    return shapes.ListUserTagsResponse(
        tags=shown_tags(page.items) or (), is_truncated=page.is_truncated, marker=page.marker
    )
