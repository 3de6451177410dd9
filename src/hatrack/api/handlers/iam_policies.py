"""IAM managed-policy operations: policies, their versions and tags, ListEntitiesForPolicy; and the
shapes and look-ups the other policy handlers share (inline policies and attachments are in
``iam_principal_policies``).

Every operation is declared: the pipeline authorizes it on the policy's ARN (checked first:
InvalidInput for an ARN naming no policy of this partition), with the policy's tags, before the
handler runs. Policy documents go out URL-encoded, as AWS sends them (botocore and the CLI decode them).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.tagging import requested_tags, tags_page
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import attachments, managed_policies
from hatrack.iam.managed_policies import PolicyView, VersionView
from hatrack.iam.names import validate_tag_keys
from hatrack.iam.pagination import paginate
from hatrack.policy import PolicyKind, check_policy

# --- shapes ---------------------------------------------------------------------------------------


def encoded(document: str) -> str:
    """A policy document as IAM returns it: URL-encoded JSON."""
    return quote(document, safe="")


def policy_shape(call: Call, view: PolicyView, *, detailed: bool = False) -> dict[str, Any]:
    """AWS's ``Policy`` as the dict undeclared handlers return (see ``policy_view``)."""
    return policy_view(call, view, detailed=detailed).to_wire()


def version_shape(version: VersionView, *, with_document: bool = True) -> dict[str, Any]:
    """AWS's ``PolicyVersion`` as the dict undeclared handlers return (see ``version_view``)."""
    return version_view(version, with_document=with_document).to_wire()


def attached_shape(call: Call, view: PolicyView) -> dict[str, str]:
    return {"PolicyName": view.policy_name, "PolicyArn": view.arn(call.ctx.partition)}


# --- managed policies -----------------------------------------------------------------------------


def policy_view(call: Call, view: PolicyView, *, detailed: bool = False) -> shapes.Policy:
    return shapes.Policy(
        policy_name=view.policy_name,
        policy_id=view.policy_id,
        arn=view.arn(call.ctx.partition),
        path=view.path,
        default_version_id=view.default_version_id,
        attachment_count=view.attachment_count,
        permissions_boundary_usage_count=view.boundary_usage_count,
        is_attachable=True,
        description=view.description if detailed else None,
        create_date=view.created_at,
        update_date=view.updated_at,
        tags=tuple(shapes.Tag(key=k, value=v) for k, v in view.tags) if detailed and view.tags else None,
    )


def version_view(version: VersionView, *, with_document: bool = True) -> shapes.PolicyVersion:
    return shapes.PolicyVersion(
        document=encoded(version.document) if with_document else None,
        version_id=version.version_id,
        is_default_version=version.is_default,
        create_date=version.created_at,
    )


@operation(
    "iam",
    "CreatePolicy",
    action="iam:CreatePolicy",
    resource=targets.new("policy", "policy_name"),
    condition_keys=(targets.creation_tags,),
)
def create_policy(call: Call, request: shapes.CreatePolicyRequest) -> shapes.CreatePolicyResponse:
    tags = requested_tags(request.tags)
    check_policy(request.policy_document, PolicyKind.MANAGED)
    view = managed_policies.create_policy(
        call.conn,
        call.ctx.account_id,
        policy_name=request.policy_name,
        path=request.path or "/",
        document=request.policy_document,
        description=request.description,
        tags=tags,
        now=call.ctx.now,
    )
    return shapes.CreatePolicyResponse(policy=policy_view(call, view, detailed=True))


@operation("iam", "GetPolicy", action="iam:GetPolicy", resource=targets.policy(reading=True), read_only=True)
def get_policy(call: Call, request: shapes.GetPolicyRequest) -> shapes.GetPolicyResponse:
    view = managed_policies.get_policy(call.conn, call.ctx.account_id, request.policy_arn)
    return shapes.GetPolicyResponse(policy=policy_view(call, view, detailed=True))


@operation(
    "iam", "ListPolicies", action="iam:ListPolicies", resource=targets.fixed("policy/"), read_only=True
)
def list_policies(call: Call, request: shapes.ListPoliciesRequest) -> shapes.ListPoliciesResponse:
    views = managed_policies.list_policies(
        call.conn,
        call.ctx.account_id,
        scope=request.scope or "All",
        only_attached=bool(request.only_attached),
        path_prefix=request.path_prefix or "/",
        usage_filter=request.policy_usage_filter,
    )
    page = paginate(
        views,
        key=lambda v: f"{v.owner}:{v.policy_name.lower()}",
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.ListPoliciesResponse(
        policies=tuple(policy_view(call, view) for view in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation("iam", "DeletePolicy", action="iam:DeletePolicy", resource=targets.policy())
def delete_policy(call: Call, request: shapes.DeletePolicyRequest) -> None:
    managed_policies.delete_policy(call.conn, call.ctx.account_id, request.policy_arn)


@operation("iam", "CreatePolicyVersion", action="iam:CreatePolicyVersion", resource=targets.policy())
def create_policy_version(
    call: Call, request: shapes.CreatePolicyVersionRequest
) -> shapes.CreatePolicyVersionResponse:
    check_policy(request.policy_document, PolicyKind.MANAGED)
    version = managed_policies.create_policy_version(
        call.conn,
        call.ctx.account_id,
        request.policy_arn,
        document=request.policy_document,
        set_as_default=bool(request.set_as_default),
        now=call.ctx.now,
    )
    return shapes.CreatePolicyVersionResponse(policy_version=version_view(version, with_document=False))


@operation(
    "iam",
    "GetPolicyVersion",
    action="iam:GetPolicyVersion",
    resource=targets.policy(reading=True),
    read_only=True,
)
def get_policy_version(
    call: Call, request: shapes.GetPolicyVersionRequest
) -> shapes.GetPolicyVersionResponse:
    version = managed_policies.get_policy_version(
        call.conn, call.ctx.account_id, request.policy_arn, request.version_id
    )
    return shapes.GetPolicyVersionResponse(policy_version=version_view(version))


@operation(
    "iam",
    "ListPolicyVersions",
    action="iam:ListPolicyVersions",
    resource=targets.policy(reading=True),
    read_only=True,
)
def list_policy_versions(
    call: Call, request: shapes.ListPolicyVersionsRequest
) -> shapes.ListPolicyVersionsResponse:
    versions = managed_policies.list_policy_versions(call.conn, call.ctx.account_id, request.policy_arn)
    # Newest first: sort by the zero-padded complement of the version number.
    page = paginate(
        versions,
        key=lambda v: f"{10**9 - int(v.version_id[1:]):010d}",
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.ListPolicyVersionsResponse(
        versions=tuple(version_view(v, with_document=False) for v in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation("iam", "SetDefaultPolicyVersion", action="iam:SetDefaultPolicyVersion", resource=targets.policy())
def set_default_policy_version(call: Call, request: shapes.SetDefaultPolicyVersionRequest) -> None:
    managed_policies.set_default_policy_version(
        call.conn, call.ctx.account_id, request.policy_arn, request.version_id, now=call.ctx.now
    )


@operation("iam", "DeletePolicyVersion", action="iam:DeletePolicyVersion", resource=targets.policy())
def delete_policy_version(call: Call, request: shapes.DeletePolicyVersionRequest) -> None:
    managed_policies.delete_policy_version(
        call.conn, call.ctx.account_id, request.policy_arn, request.version_id
    )


@operation(
    "iam",
    "ListEntitiesForPolicy",
    action="iam:ListEntitiesForPolicy",
    resource=targets.policy(reading=True),
    read_only=True,
)
def list_entities_for_policy(
    call: Call, request: shapes.ListEntitiesForPolicyRequest
) -> shapes.ListEntitiesForPolicyResponse:
    found = attachments.list_entities_for_policy(
        call.conn,
        call.ctx.account_id,
        request.policy_arn,
        entity_filter=request.entity_filter,
        path_prefix=request.path_prefix or "/",
        usage_filter=request.policy_usage_filter,
    )
    entries = (
        [("Group", name, entity_id) for name, entity_id in found.groups]
        + [("Role", name, entity_id) for name, entity_id in found.roles]
        + [("User", name, entity_id) for name, entity_id in found.users]
    )
    page = paginate(
        entries, key=lambda e: f"{e[0]}:{e[1].lower()}", marker=request.marker, max_items=request.max_items
    )
    return shapes.ListEntitiesForPolicyResponse(
        policy_groups=tuple(
            shapes.PolicyGroup(group_name=name, group_id=entity_id)
            for kind, name, entity_id in page.items
            if kind == "Group"
        ),
        policy_users=tuple(
            shapes.PolicyUser(user_name=name, user_id=entity_id)
            for kind, name, entity_id in page.items
            if kind == "User"
        ),
        policy_roles=tuple(
            shapes.PolicyRole(role_name=name, role_id=entity_id)
            for kind, name, entity_id in page.items
            if kind == "Role"
        ),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation(
    "iam",
    "TagPolicy",
    action="iam:TagPolicy",
    resource=targets.policy(),
    condition_keys=(targets.request_tags,),
)
def tag_policy(call: Call, request: shapes.TagPolicyRequest) -> None:
    managed_policies.tag_policy(
        call.conn, call.ctx.account_id, request.policy_arn, requested_tags(request.tags)
    )


@operation(
    "iam",
    "UntagPolicy",
    action="iam:UntagPolicy",
    resource=targets.policy(),
    condition_keys=(targets.tag_keys,),
)
def untag_policy(call: Call, request: shapes.UntagPolicyRequest) -> None:
    managed_policies.untag_policy(
        call.conn, call.ctx.account_id, request.policy_arn, validate_tag_keys(list(request.tag_keys))
    )


@operation(
    "iam",
    "ListPolicyTags",
    action="iam:ListPolicyTags",
    resource=targets.policy(reading=True),
    read_only=True,
)
def list_policy_tags(call: Call, request: shapes.ListPolicyTagsRequest) -> shapes.ListPolicyTagsResponse:
    view = managed_policies.get_policy(call.conn, call.ctx.account_id, request.policy_arn, with_counts=False)
    page = tags_page(view.tags, request.marker, request.max_items)
    return shapes.ListPolicyTagsResponse(tags=page.tags, is_truncated=page.is_truncated, marker=page.marker)
