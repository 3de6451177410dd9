"""IAM user operations: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, TagUser, UntagUser,
ListUserTags. Also the output shapes and target look-ups the other identity handlers share.

Each handler authorizes first with AWS's action and the target's ARN (and its tags as
``aws:ResourceTag/*`` / ``iam:ResourceTag/*``), then looks up, validates and changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.errors import ValidationError
from hatrack.iam import boundaries, users
from hatrack.iam.names import Tag, resource_tag_context, tag_request_context, validate_tag_keys, validate_tags
from hatrack.iam.pagination import paginate
from hatrack.model import CallerKind
from hatrack.model.identities import UserRecord
from hatrack.store import accounts as account_store
from hatrack.store import users as user_store

NON_USER_CREDENTIALS = "Must specify userName when calling with non-User credentials"

Context = dict[str, str | list[str]]


# --- shapes ---------------------------------------------------------------------------------------


def tags_shape(tags: Sequence[Tag]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags]


def tags_page(tags: Sequence[Tag], params: Mapping[str, Any]) -> dict[str, Any]:
    """The output of a List…Tags operation that lists tags in the order they were set (roles, policies,
    instance profiles, OIDC providers): one page of ``Tags`` with ``IsTruncated`` and ``Marker``."""
    page = paginate(
        list(enumerate(tags)),
        key=lambda e: f"{e[0]:06d}",
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"Tags": tags_shape([tag for _, tag in page.items]), **page.output()}


def user_shape(call: Call, user: UserRecord, *, detailed: bool = False) -> dict[str, Any]:
    """AWS's ``User`` as the dict undeclared handlers return (see ``user_view``)."""
    return user_view(call, user, detailed=detailed).to_wire()


# --- targets --------------------------------------------------------------------------------------


def user_target(call: Call, name: str) -> tuple[str, dict[str, str | list[str]]]:
    """The ARN to authorize against for the user ``name`` and its resource-tag context keys.

    Read before the decision only to name the resource as AWS does (its path) and its tags; a user that
    does not exist is named with path ``/`` so that the caller learns nothing before being allowed.
    """
    user = user_store.get_user(call.conn, call.ctx.account_id, name)
    if user is None:
        return call.ctx.iam_arn(f"user/{name}"), {}
    return user.arn(call.ctx.partition), resource_tag_context(user.tags)


def tagging_context(params: Mapping[str, Any]) -> Context:
    """``aws:RequestTag/*`` and ``aws:TagKeys`` of the request's ``Tags`` (a Tag… call's, even if empty)."""
    return tag_request_context([(tag["Key"], tag.get("Value", "")) for tag in params.get("Tags") or []])


def creation_tag_context(params: Mapping[str, Any]) -> Context:
    """The tagging keys of a Create… call, which has them only when it carries tags."""
    return tagging_context(params) if params.get("Tags") else {}


def root_arn(call: Call) -> str:
    return call.ctx.iam_arn("root")


def own_user_name(call: Call, params: Mapping[str, Any]) -> str | None:
    """``UserName`` if given, else the calling IAM user's own name; None for the account root.

    Other callers (role sessions, federated users) must name a user, as AWS requires.
    """
    name = params.get("UserName")
    if name is not None:
        return str(name)
    caller = call.ctx.caller
    if caller.is_root:
        return None
    if caller.kind is CallerKind.IAM_USER and caller.user_name is not None:
        return caller.user_name
    raise ValidationError(NON_USER_CREDENTIALS)


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
            tags = tuple(shapes.Tag(key=key, value=value) for key, value in user.tags)
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


def _tags(tags: tuple[shapes.Tag, ...] | None) -> list[dict[str, str]]:
    return [{"Key": tag.key, "Value": tag.value} for tag in tags or ()]


@operation(
    "iam",
    "CreateUser",
    action="iam:CreateUser",
    resource=targets.new("user", "user_name"),
    condition_keys=(targets.creation_tags, targets.permissions_boundary),
)
def create_user(call: Call, request: shapes.CreateUserRequest) -> shapes.CreateUserResponse:
    tags = validate_tags(_tags(request.tags))
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
        account = account_store.get_account(call.conn, call.ctx.account_id)
        root = shapes.User(
            user_id=call.ctx.account_id,
            arn=root_arn(call),
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
    users.tag_user(call.conn, call.ctx.account_id, request.user_name, validate_tags(_tags(request.tags)))


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
        tags=tuple(shapes.Tag(key=key, value=value) for key, value in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )
