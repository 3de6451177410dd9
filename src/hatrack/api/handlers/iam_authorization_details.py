"""GetAccountAuthorizationDetails: every user, group, role and managed policy of the account with their
relationships, filtered by entity type and paginated across all of them.

Authorized as ``iam:GetAccountAuthorizationDetails`` on ``*`` (Service Authorization Reference: no
resource type). Policy documents go out URL-encoded, as AWS sends them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_instance_profiles import profile_view
from hatrack.api.handlers.iam_policies import attached_shape, encoded, policy_shape, version_shape
from hatrack.api.handlers.iam_users import tags_shape
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import boundaries
from hatrack.iam.authorization_details import (
    GroupDetail,
    InlinePolicy,
    ManagedPolicyDetail,
    RoleDetail,
    UserDetail,
    account_authorization_details,
)
from hatrack.iam.managed_policies import PolicyView
from hatrack.iam.trust_principals import render_all_principals


def _inline(policies: Sequence[InlinePolicy]) -> list[dict[str, str]]:
    return [
        {"PolicyName": policy.policy_name, "PolicyDocument": encoded(policy.document)} for policy in policies
    ]


def _attached(call: Call, views: Sequence[PolicyView]) -> list[dict[str, str]]:
    return [attached_shape(call, view) for view in views]


def _boundary(shape: dict[str, Any], arn: str | None) -> None:
    boundary = boundaries.boundary_shape(arn)
    if boundary is not None:
        shape["PermissionsBoundary"] = boundary


def _user(call: Call, detail: UserDetail) -> dict[str, Any]:
    user = detail.user
    shape: dict[str, Any] = {
        "Path": user.path,
        "UserName": user.name,
        "UserId": user.user_id,
        "Arn": user.arn(call.ctx.partition),
        "CreateDate": user.created_at,
        "UserPolicyList": _inline(detail.inline_policies),
        "GroupList": list(detail.group_names),
        "AttachedManagedPolicies": _attached(call, detail.attached_policies),
        "Tags": tags_shape(user.tags),
    }
    _boundary(shape, user.permissions_boundary_arn)
    return shape


def _group(call: Call, detail: GroupDetail) -> dict[str, Any]:
    group = detail.group
    return {
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.group_id,
        "Arn": group.arn(call.ctx.partition),
        "CreateDate": group.created_at,
        "GroupPolicyList": _inline(detail.inline_policies),
        "AttachedManagedPolicies": _attached(call, detail.attached_policies),
    }


def _role(call: Call, detail: RoleDetail, trust: str) -> dict[str, Any]:
    role = detail.role
    last_used: dict[str, Any] = {}
    if role.last_used_at is not None:
        last_used["LastUsedDate"] = role.last_used_at
        if role.last_used_region:
            last_used["Region"] = role.last_used_region
    shape: dict[str, Any] = {
        "Path": role.path,
        "RoleName": role.role_name,
        "RoleId": role.role_id,
        "Arn": role.arn(call.ctx.partition),
        "CreateDate": role.created_at,
        "AssumeRolePolicyDocument": encoded(trust),
        "InstanceProfileList": [
            profile_view(call, profile).to_wire() for profile in detail.instance_profiles
        ],
        "RolePolicyList": _inline(detail.inline_policies),
        "AttachedManagedPolicies": _attached(call, detail.attached_policies),
        "Tags": tags_shape(role.tags),
        "RoleLastUsed": last_used,
    }
    _boundary(shape, role.permissions_boundary_arn)
    return shape


def _policy(call: Call, detail: ManagedPolicyDetail) -> dict[str, Any]:
    shape = policy_shape(call, detail.policy)
    shape.pop("Tags", None)  # ManagedPolicyDetail has no tags
    if detail.policy.description is not None:
        shape["Description"] = detail.policy.description
    shape["PolicyVersionList"] = [version_shape(version) for version in detail.versions]
    return shape


@operation(
    "iam",
    "GetAccountAuthorizationDetails",
    action="iam:GetAccountAuthorizationDetails",
    resource=targets.any_resource(),
    read_only=True,
)
def get_account_authorization_details(
    call: Call, request: shapes.GetAccountAuthorizationDetailsRequest
) -> shapes.GetAccountAuthorizationDetailsResponse:
    page = account_authorization_details(
        call.conn,
        call.ctx.account_id,
        entity_filter=list(request.filter) if request.filter is not None else None,
        marker=request.marker,
        max_items=request.max_items,
    )
    result: dict[str, Any] = {
        "UserDetailList": [],
        "GroupDetailList": [],
        "RoleDetailList": [],
        "Policies": [],
    }
    # The trust documents of the page's roles, their principal ids turned back into ARNs at once.
    roles = [detail.role for detail in page.items if isinstance(detail, RoleDetail)]
    rendered = render_all_principals(
        call.conn, [role.assume_role_policy_document for role in roles], partition=call.ctx.partition
    )
    trusts = {role.role_id: trust for role, trust in zip(roles, rendered, strict=True)}
    for detail in page.items:
        if isinstance(detail, UserDetail):
            result["UserDetailList"].append(_user(call, detail))
        elif isinstance(detail, GroupDetail):
            result["GroupDetailList"].append(_group(call, detail))
        elif isinstance(detail, RoleDetail):
            result["RoleDetailList"].append(_role(call, detail, trusts[detail.role.role_id]))
        else:
            result["Policies"].append(_policy(call, detail))
    # The details are built as the model's dicts; reading them into the typed response refuses any
    # member the model does not have.
    return shapes.GetAccountAuthorizationDetailsResponse.from_wire({**result, **page.output()})
