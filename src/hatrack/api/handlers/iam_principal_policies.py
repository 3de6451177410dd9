"""Inline policies and managed-policy attachments of users, groups and roles, and users' permissions
boundaries (roles' are in ``iam_roles``).

Every operation is declared: the pipeline authorizes it on the user's, group's or role's ARN (with
its tags, and ``iam:PolicyARN`` for Attach…/Detach…, checked first) before the handler runs. The
seven operations exist once per kind of principal, as AWS names them; each handler is one line over
the body it shares with its two siblings.
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_policies import encoded
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import attachments, boundaries, inline_policies
from hatrack.iam.attachments import GROUP, ROLE, USER, Principal
from hatrack.iam.pagination import Page, paginate

_RESOLVERS = {USER: targets.user, GROUP: targets.group, ROLE: targets.role}


# --- the bodies, one per verb ---------------------------------------------------------------------


def _principal(call: Call, kind: str, name: str) -> Principal:
    return attachments.find_principal(call.conn, call.ctx.account_id, kind, name)


def _put(call: Call, kind: str, name: str, policy_name: str, document: str) -> None:
    inline_policies.put_inline_policy(
        call.conn, call.ctx.account_id, _principal(call, kind, name), policy_name, document, now=call.ctx.now
    )


def _get(call: Call, kind: str, name: str, policy_name: str) -> tuple[str, str]:
    """The principal's own spelling of its name, and the document URL-encoded as AWS returns it."""
    principal = _principal(call, kind, name)
    document = inline_policies.get_inline_policy(call.conn, call.ctx.account_id, principal, policy_name)
    return principal.name, encoded(document)


def _delete(call: Call, kind: str, name: str, policy_name: str) -> None:
    inline_policies.delete_inline_policy(
        call.conn, call.ctx.account_id, _principal(call, kind, name), policy_name
    )


def _list(call: Call, kind: str, name: str, marker: str | None, max_items: int | None) -> Page[str]:
    names = inline_policies.list_inline_policy_names(
        call.conn, call.ctx.account_id, _principal(call, kind, name)
    )
    return paginate(names, key=lambda n: n, marker=marker, max_items=max_items)


def _attach(call: Call, kind: str, name: str, policy_arn: str) -> None:
    attachments.attach_policy(
        call.conn, call.ctx.account_id, _principal(call, kind, name), policy_arn, now=call.ctx.now
    )


def _detach(call: Call, kind: str, name: str, policy_arn: str) -> None:
    attachments.detach_policy(call.conn, call.ctx.account_id, _principal(call, kind, name), policy_arn)


def _attached(
    call: Call,
    kind: str,
    name: str,
    request: shapes.ListAttachedUserPoliciesRequest
    | shapes.ListAttachedGroupPoliciesRequest
    | shapes.ListAttachedRolePoliciesRequest,
) -> tuple[tuple[shapes.AttachedPolicy, ...], bool, str | None]:
    views = attachments.list_attached_policies(
        call.conn, call.ctx.account_id, _principal(call, kind, name), path_prefix=request.path_prefix or "/"
    )
    page = paginate(
        list(enumerate(views)),
        key=lambda e: f"{e[0]:06d}",
        marker=request.marker,
        max_items=request.max_items,
    )
    attached = tuple(
        shapes.AttachedPolicy(policy_name=view.policy_name, policy_arn=view.arn(call.ctx.partition))
        for _, view in page.items
    )
    return attached, page.is_truncated, page.marker


# --- users ---------------------------------------------------------------------------------------


@operation("iam", "PutUserPolicy", action="iam:PutUserPolicy", resource=targets.user())
def put_user_policy(call: Call, request: shapes.PutUserPolicyRequest) -> None:
    _put(call, USER, request.user_name, request.policy_name, request.policy_document)


@operation("iam", "GetUserPolicy", action="iam:GetUserPolicy", resource=targets.user(), read_only=True)
def get_user_policy(call: Call, request: shapes.GetUserPolicyRequest) -> shapes.GetUserPolicyResponse:
    name, document = _get(call, USER, request.user_name, request.policy_name)
    return shapes.GetUserPolicyResponse(
        user_name=name, policy_name=request.policy_name, policy_document=document
    )


@operation("iam", "DeleteUserPolicy", action="iam:DeleteUserPolicy", resource=targets.user())
def delete_user_policy(call: Call, request: shapes.DeleteUserPolicyRequest) -> None:
    _delete(call, USER, request.user_name, request.policy_name)


@operation("iam", "ListUserPolicies", action="iam:ListUserPolicies", resource=targets.user(), read_only=True)
def list_user_policies(
    call: Call, request: shapes.ListUserPoliciesRequest
) -> shapes.ListUserPoliciesResponse:
    page = _list(call, USER, request.user_name, request.marker, request.max_items)
    return shapes.ListUserPoliciesResponse(
        policy_names=page.items, is_truncated=page.is_truncated, marker=page.marker
    )


@operation(
    "iam",
    "AttachUserPolicy",
    action="iam:AttachUserPolicy",
    resource=targets.user(),
    condition_keys=(targets.attached_policy_arn,),
)
def attach_user_policy(call: Call, request: shapes.AttachUserPolicyRequest) -> None:
    _attach(call, USER, request.user_name, request.policy_arn)


@operation(
    "iam",
    "DetachUserPolicy",
    action="iam:DetachUserPolicy",
    resource=targets.user(),
    condition_keys=(targets.attached_policy_arn,),
)
def detach_user_policy(call: Call, request: shapes.DetachUserPolicyRequest) -> None:
    _detach(call, USER, request.user_name, request.policy_arn)


@operation(
    "iam",
    "ListAttachedUserPolicies",
    action="iam:ListAttachedUserPolicies",
    resource=targets.user(),
    read_only=True,
)
def list_attached_user_policies(
    call: Call, request: shapes.ListAttachedUserPoliciesRequest
) -> shapes.ListAttachedUserPoliciesResponse:
    attached, truncated, marker = _attached(call, USER, request.user_name, request)
    return shapes.ListAttachedUserPoliciesResponse(
        attached_policies=attached, is_truncated=truncated, marker=marker
    )


# --- groups ---------------------------------------------------------------------------------------


@operation("iam", "PutGroupPolicy", action="iam:PutGroupPolicy", resource=targets.group())
def put_group_policy(call: Call, request: shapes.PutGroupPolicyRequest) -> None:
    _put(call, GROUP, request.group_name, request.policy_name, request.policy_document)


@operation("iam", "GetGroupPolicy", action="iam:GetGroupPolicy", resource=targets.group(), read_only=True)
def get_group_policy(call: Call, request: shapes.GetGroupPolicyRequest) -> shapes.GetGroupPolicyResponse:
    name, document = _get(call, GROUP, request.group_name, request.policy_name)
    return shapes.GetGroupPolicyResponse(
        group_name=name, policy_name=request.policy_name, policy_document=document
    )


@operation("iam", "DeleteGroupPolicy", action="iam:DeleteGroupPolicy", resource=targets.group())
def delete_group_policy(call: Call, request: shapes.DeleteGroupPolicyRequest) -> None:
    _delete(call, GROUP, request.group_name, request.policy_name)


@operation(
    "iam", "ListGroupPolicies", action="iam:ListGroupPolicies", resource=targets.group(), read_only=True
)
def list_group_policies(
    call: Call, request: shapes.ListGroupPoliciesRequest
) -> shapes.ListGroupPoliciesResponse:
    page = _list(call, GROUP, request.group_name, request.marker, request.max_items)
    return shapes.ListGroupPoliciesResponse(
        policy_names=page.items, is_truncated=page.is_truncated, marker=page.marker
    )


@operation(
    "iam",
    "AttachGroupPolicy",
    action="iam:AttachGroupPolicy",
    resource=targets.group(),
    condition_keys=(targets.attached_policy_arn,),
)
def attach_group_policy(call: Call, request: shapes.AttachGroupPolicyRequest) -> None:
    _attach(call, GROUP, request.group_name, request.policy_arn)


@operation(
    "iam",
    "DetachGroupPolicy",
    action="iam:DetachGroupPolicy",
    resource=targets.group(),
    condition_keys=(targets.attached_policy_arn,),
)
def detach_group_policy(call: Call, request: shapes.DetachGroupPolicyRequest) -> None:
    _detach(call, GROUP, request.group_name, request.policy_arn)


@operation(
    "iam",
    "ListAttachedGroupPolicies",
    action="iam:ListAttachedGroupPolicies",
    resource=targets.group(),
    read_only=True,
)
def list_attached_group_policies(
    call: Call, request: shapes.ListAttachedGroupPoliciesRequest
) -> shapes.ListAttachedGroupPoliciesResponse:
    attached, truncated, marker = _attached(call, GROUP, request.group_name, request)
    return shapes.ListAttachedGroupPoliciesResponse(
        attached_policies=attached, is_truncated=truncated, marker=marker
    )


# --- roles ---------------------------------------------------------------------------------------


@operation("iam", "PutRolePolicy", action="iam:PutRolePolicy", resource=targets.role())
def put_role_policy(call: Call, request: shapes.PutRolePolicyRequest) -> None:
    _put(call, ROLE, request.role_name, request.policy_name, request.policy_document)


@operation("iam", "GetRolePolicy", action="iam:GetRolePolicy", resource=targets.role(), read_only=True)
def get_role_policy(call: Call, request: shapes.GetRolePolicyRequest) -> shapes.GetRolePolicyResponse:
    name, document = _get(call, ROLE, request.role_name, request.policy_name)
    return shapes.GetRolePolicyResponse(
        role_name=name, policy_name=request.policy_name, policy_document=document
    )


@operation("iam", "DeleteRolePolicy", action="iam:DeleteRolePolicy", resource=targets.role())
def delete_role_policy(call: Call, request: shapes.DeleteRolePolicyRequest) -> None:
    _delete(call, ROLE, request.role_name, request.policy_name)


@operation("iam", "ListRolePolicies", action="iam:ListRolePolicies", resource=targets.role(), read_only=True)
def list_role_policies(
    call: Call, request: shapes.ListRolePoliciesRequest
) -> shapes.ListRolePoliciesResponse:
    page = _list(call, ROLE, request.role_name, request.marker, request.max_items)
    return shapes.ListRolePoliciesResponse(
        policy_names=page.items, is_truncated=page.is_truncated, marker=page.marker
    )


@operation(
    "iam",
    "AttachRolePolicy",
    action="iam:AttachRolePolicy",
    resource=targets.role(),
    condition_keys=(targets.attached_policy_arn,),
)
def attach_role_policy(call: Call, request: shapes.AttachRolePolicyRequest) -> None:
    _attach(call, ROLE, request.role_name, request.policy_arn)


@operation(
    "iam",
    "DetachRolePolicy",
    action="iam:DetachRolePolicy",
    resource=targets.role(),
    condition_keys=(targets.attached_policy_arn,),
)
def detach_role_policy(call: Call, request: shapes.DetachRolePolicyRequest) -> None:
    _detach(call, ROLE, request.role_name, request.policy_arn)


@operation(
    "iam",
    "ListAttachedRolePolicies",
    action="iam:ListAttachedRolePolicies",
    resource=targets.role(),
    read_only=True,
)
def list_attached_role_policies(
    call: Call, request: shapes.ListAttachedRolePoliciesRequest
) -> shapes.ListAttachedRolePoliciesResponse:
    attached, truncated, marker = _attached(call, ROLE, request.role_name, request)
    return shapes.ListAttachedRolePoliciesResponse(
        attached_policies=attached, is_truncated=truncated, marker=marker
    )


# --- users' permissions boundaries ----------------------------------------------------------------


@operation(
    "iam",
    "PutUserPermissionsBoundary",
    action="iam:PutUserPermissionsBoundary",
    resource=targets.user(),
    condition_keys=(targets.permissions_boundary,),
)
def put_user_permissions_boundary(call: Call, request: shapes.PutUserPermissionsBoundaryRequest) -> None:
    boundaries.put_user_permissions_boundary(
        call.conn, call.ctx.account_id, request.user_name, request.permissions_boundary
    )


@operation(
    "iam",
    "DeleteUserPermissionsBoundary",
    action="iam:DeleteUserPermissionsBoundary",
    resource=targets.user(),
    condition_keys=(targets.current_user_boundary,),
)
def delete_user_permissions_boundary(
    call: Call, request: shapes.DeleteUserPermissionsBoundaryRequest
) -> None:
    boundaries.delete_user_permissions_boundary(call.conn, call.ctx.account_id, request.user_name)
