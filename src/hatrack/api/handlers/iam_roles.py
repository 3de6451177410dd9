"""IAM role operations: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription,
UpdateAssumeRolePolicy, DeleteRole, TagRole, UntagRole, ListRoleTags, Put/DeleteRolePermissionsBoundary.

(The role's inline and attached policies are in ``iam_policies``; its instance profiles in
``iam_instance_profiles``.) Each handler authorizes first against the role's ARN, with the role's tags as
``iam:ResourceTag/*`` / ``aws:ResourceTag/*`` and the request's ``aws:RequestTag/*`` / ``aws:TagKeys`` /
``iam:PermissionsBoundary`` where they apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers.iam_policies import encoded, policy_arn_param, principal_target
from hatrack.api.handlers.iam_users import creation_tag_context, tagging_context, tags_page, tags_shape
from hatrack.api.registry import operation
from hatrack.iam import boundaries, roles
from hatrack.iam.attachments import ROLE
from hatrack.iam.names import validate_tag_keys, validate_tags
from hatrack.iam.pagination import paginate
from hatrack.iam.trust_principals import render_principals
from hatrack.store import roles as role_store
from hatrack.store.roles import RoleRecord


def role_shape(call: Call, role: RoleRecord, *, detailed: bool = False) -> dict[str, Any]:
    """AWS's ``Role``; ``detailed`` (GetRole, CreateRole) adds the boundary, tags and RoleLastUsed."""
    shape: dict[str, Any] = {
        "Path": role.path,
        "RoleName": role.role_name,
        "RoleId": role.role_id,
        "Arn": role.arn(call.ctx.partition),
        "CreateDate": role.created_at,
        "AssumeRolePolicyDocument": encoded(
            render_principals(call.conn, role.assume_role_policy_document, partition=call.ctx.partition)
        ),
        "MaxSessionDuration": role.max_session_duration,
    }
    if role.description is not None:
        shape["Description"] = role.description
    if detailed:
        boundary = boundaries.boundary_shape(role.permissions_boundary_arn)
        if boundary is not None:
            shape["PermissionsBoundary"] = boundary
        if role.tags:
            shape["Tags"] = tags_shape(role.tags)
        last_used: dict[str, Any] = {}
        if role.last_used_at is not None:
            last_used["LastUsedDate"] = role.last_used_at
            if role.last_used_region:
                last_used["Region"] = role.last_used_region
        shape["RoleLastUsed"] = last_used
    return shape


def _target(call: Call, name: str) -> tuple[str, dict[str, str | list[str]]]:
    arn, context, _ = principal_target(call, ROLE, name)
    return arn, context


@operation("iam", "CreateRole")
def create_role(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["RoleName"]
    path: str = params.get("Path", "/")
    boundary: str | None = params.get("PermissionsBoundary")
    if boundary is not None:
        boundary = policy_arn_param(call, boundary)
    raw_tags = params.get("Tags") or []
    context = creation_tag_context(params)
    if boundary is not None:
        context["iam:PermissionsBoundary"] = boundary
    call.authorize("iam:CreateRole", call.ctx.iam_arn(f"role{path}{name}"), context=context)
    tags = validate_tags(raw_tags)
    if boundary is not None:
        boundaries.check_boundary_arn(call.conn, call.ctx.account_id, boundary)
    role = roles.create_role(
        call.conn,
        call.ctx.account_id,
        role_name=name,
        path=path,
        assume_role_policy_document=params["AssumeRolePolicyDocument"],
        description=params.get("Description"),
        max_session_duration=params.get("MaxSessionDuration"),
        permissions_boundary_arn=boundary,
        tags=tags,
        now=call.ctx.now,
        partition=call.ctx.partition,
    )
    shape = role_shape(call, role, detailed=True)
    shape.pop("RoleLastUsed", None)
    return {"Role": shape}


@operation("iam", "GetRole", read_only=True)
def get_role(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    call.authorize("iam:GetRole", arn, context=context)
    return {
        "Role": role_shape(
            call, roles.get_role(call.conn, call.ctx.account_id, params["RoleName"]), detailed=True
        )
    }


@operation("iam", "ListRoles", read_only=True)
def list_roles(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    prefix: str = params.get("PathPrefix", "/")
    call.authorize("iam:ListRoles", call.ctx.iam_arn(f"role{prefix}"))
    found = roles.list_roles(call.conn, call.ctx.account_id, path_prefix=prefix)
    page = paginate(
        found,
        key=lambda r: r.role_name.lower(),
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"Roles": [role_shape(call, role) for role in page.items], **page.output()}


@operation("iam", "UpdateRole")
def update_role(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    call.authorize("iam:UpdateRole", arn, context=context)
    roles.update_role(
        call.conn,
        call.ctx.account_id,
        params["RoleName"],
        description=params.get("Description"),
        max_session_duration=params.get("MaxSessionDuration"),
    )
    return {}


@operation("iam", "UpdateRoleDescription")
def update_role_description(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    call.authorize("iam:UpdateRoleDescription", arn, context=context)
    role = roles.update_role(
        call.conn, call.ctx.account_id, params["RoleName"], description=params["Description"]
    )
    return {"Role": role_shape(call, role, detailed=True)}


@operation("iam", "UpdateAssumeRolePolicy")
def update_assume_role_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    call.authorize("iam:UpdateAssumeRolePolicy", arn, context=context)
    roles.update_assume_role_policy(
        call.conn,
        call.ctx.account_id,
        params["RoleName"],
        params["PolicyDocument"],
        partition=call.ctx.partition,
    )
    return {}


@operation("iam", "DeleteRole")
def delete_role(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    call.authorize("iam:DeleteRole", arn, context=context)
    roles.delete_role(call.conn, call.ctx.account_id, params["RoleName"])
    return {}


@operation("iam", "TagRole")
def tag_role(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    raw = params.get("Tags") or []
    call.authorize("iam:TagRole", arn, context={**context, **tagging_context(params)})
    roles.tag_role(call.conn, call.ctx.account_id, params["RoleName"], validate_tags(raw))
    return {}


@operation("iam", "UntagRole")
def untag_role(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    keys = list(params.get("TagKeys") or [])
    call.authorize("iam:UntagRole", arn, context={**context, "aws:TagKeys": keys})
    roles.untag_role(call.conn, call.ctx.account_id, params["RoleName"], validate_tag_keys(keys))
    return {}


@operation("iam", "ListRoleTags", read_only=True)
def list_role_tags(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    call.authorize("iam:ListRoleTags", arn, context=context)
    return tags_page(roles.get_role(call.conn, call.ctx.account_id, params["RoleName"]).tags, params)


@operation("iam", "PutRolePermissionsBoundary")
def put_role_permissions_boundary(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    boundary = policy_arn_param(call, params["PermissionsBoundary"])
    arn, context = _target(call, params["RoleName"])
    call.authorize(
        "iam:PutRolePermissionsBoundary", arn, context={**context, "iam:PermissionsBoundary": boundary}
    )
    boundaries.put_role_permissions_boundary(call.conn, call.ctx.account_id, params["RoleName"], boundary)
    return {}


@operation("iam", "DeleteRolePermissionsBoundary")
def delete_role_permissions_boundary(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["RoleName"])
    role = role_store.get_role(call.conn, call.ctx.account_id, params["RoleName"])
    if role is not None and role.permissions_boundary_arn is not None:
        context = {**context, "iam:PermissionsBoundary": role.permissions_boundary_arn}
    call.authorize("iam:DeleteRolePermissionsBoundary", arn, context=context)
    boundaries.delete_role_permissions_boundary(call.conn, call.ctx.account_id, params["RoleName"])
    return {}
