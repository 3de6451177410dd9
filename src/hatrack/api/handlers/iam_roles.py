"""IAM role operations: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription,
UpdateAssumeRolePolicy, DeleteRole, TagRole, UntagRole, ListRoleTags, Put/DeleteRolePermissionsBoundary.

(The role's inline and attached policies are in ``iam_principal_policies``; its instance profiles in
``iam_instance_profiles``.) Every operation is declared: the pipeline authorizes it on the role's ARN,
with the role's tags as ``iam:ResourceTag/*`` / ``aws:ResourceTag/*`` and the request's
``aws:RequestTag/*`` / ``aws:TagKeys`` / ``iam:PermissionsBoundary`` where they apply.
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_policies import encoded
from hatrack.api.handlers.tagging import requested_tags, shown_tags, tags_page
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import boundaries, roles
from hatrack.iam.names import validate_tag_keys
from hatrack.iam.pagination import paginate
from hatrack.iam.trust_principals import render_all_principals, render_principals
from hatrack.model.identities import RoleRecord


def role_view(
    call: Call,
    role: RoleRecord,
    *,
    detailed: bool = False,
    last_used: bool = True,
    rendered_trust: str | None = None,
) -> shapes.Role:
    """AWS's ``Role``; ``detailed`` (GetRole, CreateRole) adds the boundary, tags and (unless
    ``last_used`` is False, as in CreateRole's answer) RoleLastUsed. Trust principals kept by unique
    id are shown as the current ARN of their user or role (the id when it was deleted), as AWS does;
    ``rendered_trust`` is that document when a listing rendered its whole page at once."""
    document = rendered_trust
    if document is None:
        document = render_principals(
            call.conn, role.assume_role_policy_document, partition=call.ctx.partition
        )
    boundary = tags = role_last_used = None
    if detailed:
        if role.permissions_boundary_arn is not None:
            boundary = shapes.AttachedPermissionsBoundary(
                permissions_boundary_type="PermissionsBoundaryPolicy",
                permissions_boundary_arn=role.permissions_boundary_arn,
            )
        if role.tags:
            tags = shown_tags(role.tags)
        if last_used:
            role_last_used = shapes.RoleLastUsed(
                last_used_date=role.last_used_at,
                region=role.last_used_region
                if role.last_used_at is not None and role.last_used_region
                else None,
            )
    return shapes.Role(
        path=role.path,
        role_name=role.role_name,
        role_id=role.role_id,
        arn=role.arn(call.ctx.partition),
        create_date=role.created_at,
        assume_role_policy_document=encoded(document),
        description=role.description,
        max_session_duration=role.max_session_duration,
        permissions_boundary=boundary,
        tags=tags,
        role_last_used=role_last_used,
    )


@operation(
    "iam",
    "CreateRole",
    action="iam:CreateRole",
    resource=targets.new("role", "role_name"),
    condition_keys=(targets.creation_tags, targets.permissions_boundary),
)
def create_role(call: Call, request: shapes.CreateRoleRequest) -> shapes.CreateRoleResponse:
    tags = requested_tags(request.tags)
    if request.permissions_boundary is not None:
        boundaries.check_boundary_arn(call.conn, call.ctx.account_id, request.permissions_boundary)
    role = roles.create_role(
        call.conn,
        call.ctx.account_id,
        role_name=request.role_name,
        path=request.path or "/",
        assume_role_policy_document=request.assume_role_policy_document,
        description=request.description,
        max_session_duration=request.max_session_duration,
        permissions_boundary_arn=request.permissions_boundary,
        tags=tags,
        now=call.ctx.now,
        partition=call.ctx.partition,
    )
    return shapes.CreateRoleResponse(role=role_view(call, role, detailed=True, last_used=False))


@operation("iam", "GetRole", action="iam:GetRole", resource=targets.role(), read_only=True)
def get_role(call: Call, request: shapes.GetRoleRequest) -> shapes.GetRoleResponse:
    role = roles.get_role(call.conn, call.ctx.account_id, request.role_name)
    return shapes.GetRoleResponse(role=role_view(call, role, detailed=True))


@operation("iam", "ListRoles", action="iam:ListRoles", resource=targets.path_prefix("role"), read_only=True)
def list_roles(call: Call, request: shapes.ListRolesRequest) -> shapes.ListRolesResponse:
    found = roles.list_roles(call.conn, call.ctx.account_id, path_prefix=request.path_prefix or "/")
    page = paginate(
        found, key=lambda r: r.role_name.lower(), marker=request.marker, max_items=request.max_items
    )
    trusts = render_all_principals(
        call.conn, [role.assume_role_policy_document for role in page.items], partition=call.ctx.partition
    )
    return shapes.ListRolesResponse(
        roles=tuple(
            role_view(call, role, rendered_trust=trust)
            for role, trust in zip(page.items, trusts, strict=True)
        ),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation("iam", "UpdateRole", action="iam:UpdateRole", resource=targets.role())
def update_role(call: Call, request: shapes.UpdateRoleRequest) -> shapes.UpdateRoleResponse:
    roles.update_role(
        call.conn,
        call.ctx.account_id,
        request.role_name,
        description=request.description,
        max_session_duration=request.max_session_duration,
    )
    return shapes.UpdateRoleResponse()


@operation("iam", "UpdateRoleDescription", action="iam:UpdateRoleDescription", resource=targets.role())
def update_role_description(
    call: Call, request: shapes.UpdateRoleDescriptionRequest
) -> shapes.UpdateRoleDescriptionResponse:
    role = roles.update_role(
        call.conn, call.ctx.account_id, request.role_name, description=request.description
    )
    return shapes.UpdateRoleDescriptionResponse(role=role_view(call, role, detailed=True))


@operation("iam", "UpdateAssumeRolePolicy", action="iam:UpdateAssumeRolePolicy", resource=targets.role())
def update_assume_role_policy(call: Call, request: shapes.UpdateAssumeRolePolicyRequest) -> None:
    roles.update_assume_role_policy(
        call.conn,
        call.ctx.account_id,
        request.role_name,
        request.policy_document,
        partition=call.ctx.partition,
    )


@operation("iam", "DeleteRole", action="iam:DeleteRole", resource=targets.role())
def delete_role(call: Call, request: shapes.DeleteRoleRequest) -> None:
    roles.delete_role(call.conn, call.ctx.account_id, request.role_name)


@operation(
    "iam", "TagRole", action="iam:TagRole", resource=targets.role(), condition_keys=(targets.request_tags,)
)
def tag_role(call: Call, request: shapes.TagRoleRequest) -> None:
    roles.tag_role(call.conn, call.ctx.account_id, request.role_name, requested_tags(request.tags))


@operation(
    "iam", "UntagRole", action="iam:UntagRole", resource=targets.role(), condition_keys=(targets.tag_keys,)
)
def untag_role(call: Call, request: shapes.UntagRoleRequest) -> None:
    roles.untag_role(
        call.conn, call.ctx.account_id, request.role_name, validate_tag_keys(list(request.tag_keys))
    )


@operation("iam", "ListRoleTags", action="iam:ListRoleTags", resource=targets.role(), read_only=True)
def list_role_tags(call: Call, request: shapes.ListRoleTagsRequest) -> shapes.ListRoleTagsResponse:
    role = roles.get_role(call.conn, call.ctx.account_id, request.role_name)
    page = tags_page(role.tags, request.marker, request.max_items)
    return shapes.ListRoleTagsResponse(tags=page.tags, is_truncated=page.is_truncated, marker=page.marker)


@operation(
    "iam",
    "PutRolePermissionsBoundary",
    action="iam:PutRolePermissionsBoundary",
    resource=targets.role(),
    condition_keys=(targets.permissions_boundary,),
)
def put_role_permissions_boundary(call: Call, request: shapes.PutRolePermissionsBoundaryRequest) -> None:
    boundaries.put_role_permissions_boundary(
        call.conn, call.ctx.account_id, request.role_name, request.permissions_boundary
    )


@operation(
    "iam",
    "DeleteRolePermissionsBoundary",
    action="iam:DeleteRolePermissionsBoundary",
    resource=targets.role(),
    condition_keys=(targets.current_role_boundary,),
)
def delete_role_permissions_boundary(
    call: Call, request: shapes.DeleteRolePermissionsBoundaryRequest
) -> None:
    boundaries.delete_role_permissions_boundary(call.conn, call.ctx.account_id, request.role_name)
