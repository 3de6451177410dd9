"""IAM user operations: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, TagUser, UntagUser,
ListUserTags. Also the output shapes and target look-ups the other identity handlers share.

Each handler authorizes first with AWS's action and the target's ARN (and its tags as
``aws:ResourceTag/*`` / ``iam:ResourceTag/*``), then looks up, validates and changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.errors import ValidationError
from hatrack.iam import boundaries, managed_policies, users
from hatrack.iam.names import Tag, resource_tag_context, tag_request_context, validate_tag_keys, validate_tags
from hatrack.iam.pagination import paginate
from hatrack.model import CallerKind
from hatrack.store import accounts as account_store
from hatrack.store import users as user_store
from hatrack.store.users import UserRecord

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
    """AWS's ``User`` structure; ``detailed`` adds the permissions boundary and tags (GetUser, CreateUser)."""
    shape: dict[str, Any] = {
        "Path": user.path,
        "UserName": user.name,
        "UserId": user.user_id,
        "Arn": user.arn(call.ctx.partition),
        "CreateDate": user.created_at,
    }
    if user.password_last_used is not None:
        shape["PasswordLastUsed"] = user.password_last_used
    if detailed:
        if user.permissions_boundary_arn is not None:
            shape["PermissionsBoundary"] = {
                "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                "PermissionsBoundaryArn": user.permissions_boundary_arn,
            }
        if user.tags:
            shape["Tags"] = tags_shape(user.tags)
    return shape


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


@operation("iam", "CreateUser")
def create_user(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["UserName"]
    path: str = params.get("Path", "/")
    boundary: str | None = params.get("PermissionsBoundary")
    if boundary is not None:
        boundary = managed_policies.check_policy_arn(boundary, call.ctx.partition)
    raw_tags = params.get("Tags") or []
    context = creation_tag_context(params)
    if boundary is not None:
        context["iam:PermissionsBoundary"] = boundary
    call.authorize("iam:CreateUser", call.ctx.iam_arn(f"user{path}{name}"), context=context)
    tags = validate_tags(raw_tags)
    if boundary is not None:
        boundaries.check_boundary_arn(call.conn, call.ctx.account_id, boundary)
    user = users.create_user(
        call.conn,
        account_id=call.ctx.account_id,
        name=name,
        path=path,
        tags=tags,
        permissions_boundary_arn=boundary,
        now=call.ctx.now,
    )
    return {"User": user_shape(call, user, detailed=True)}


@operation("iam", "GetUser", read_only=True)
def get_user(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name = own_user_name(call, params)
    if name is None:
        call.authorize("iam:GetUser", root_arn(call))
        account = account_store.get_account(call.conn, call.ctx.account_id)
        shape: dict[str, Any] = {"UserId": call.ctx.account_id, "Arn": root_arn(call)}
        if account is not None:
            shape["CreateDate"] = account.created_at
        return {"User": shape}
    arn, context = user_target(call, name)
    call.authorize("iam:GetUser", arn, context=context)
    user = users.require_user(call.conn, call.ctx.account_id, name)
    return {"User": user_shape(call, user, detailed=True)}


@operation("iam", "ListUsers", read_only=True)
def list_users(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    prefix: str = params.get("PathPrefix", "/")
    call.authorize("iam:ListUsers", call.ctx.iam_arn(f"user{prefix}"))
    page = users.list_users(
        call.conn,
        call.ctx.account_id,
        path_prefix=prefix,
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"Users": [user_shape(call, user) for user in page.items], **page.output()}


@operation("iam", "UpdateUser")
def update_user(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["UserName"]
    arn, context = user_target(call, name)
    call.authorize("iam:UpdateUser", arn, context=context)
    users.update_user(
        call.conn,
        call.ctx.account_id,
        name,
        new_name=params.get("NewUserName"),
        new_path=params.get("NewPath"),
    )
    return {}


@operation("iam", "DeleteUser")
def delete_user(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["UserName"]
    arn, context = user_target(call, name)
    call.authorize("iam:DeleteUser", arn, context=context)
    users.delete_user(call.conn, call.ctx.account_id, name)
    return {}


@operation("iam", "TagUser")
def tag_user(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["UserName"]
    raw_tags = params.get("Tags") or []
    arn, context = user_target(call, name)
    context.update(tagging_context(params))
    call.authorize("iam:TagUser", arn, context=context)
    users.tag_user(call.conn, call.ctx.account_id, name, validate_tags(raw_tags))
    return {}


@operation("iam", "UntagUser")
def untag_user(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["UserName"]
    keys: list[str] = list(params.get("TagKeys") or [])
    arn, context = user_target(call, name)
    context["aws:TagKeys"] = keys
    call.authorize("iam:UntagUser", arn, context=context)
    users.untag_user(call.conn, call.ctx.account_id, name, validate_tag_keys(keys))
    return {}


@operation("iam", "ListUserTags", read_only=True)
def list_user_tags(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["UserName"]
    arn, context = user_target(call, name)
    call.authorize("iam:ListUserTags", arn, context=context)
    page = users.list_user_tags(
        call.conn, call.ctx.account_id, name, marker=params.get("Marker"), max_items=params.get("MaxItems")
    )
    return {"Tags": tags_shape(page.items), **page.output()}
