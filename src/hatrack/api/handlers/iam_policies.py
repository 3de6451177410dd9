"""IAM policy operations: managed policies and their versions and tags, inline policies and attachments of
users, groups and roles, ListEntitiesForPolicy, users' permissions boundaries.

Each handler authorizes first with AWS's action and resource (Service Authorization Reference: the policy
ARN for policy operations, the user/group/role ARN for Put/Attach… with ``iam:PolicyARN`` and
``iam:PermissionsBoundary``), then looks up, validates and changes. Policy documents go out URL-encoded,
as AWS sends them (botocore and the CLI decode them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import creation_tag_context, tagging_context, tags_page, tags_shape
from hatrack.api.registry import operation
from hatrack.iam import attachments, boundaries, inline_policies, managed_policies
from hatrack.iam.attachments import GROUP, ROLE, USER, Principal
from hatrack.iam.managed_policies import PolicyView, VersionView
from hatrack.iam.names import resource_tag_context, validate_tag_keys, validate_tags
from hatrack.iam.pagination import paginate
from hatrack.policy import PolicyKind, check_policy
from hatrack.store import groups as group_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

Context = dict[str, str | list[str]]
_TITLE = {USER: "User", GROUP: "Group", ROLE: "Role"}


# --- shapes ---------------------------------------------------------------------------------------


def encoded(document: str) -> str:
    """A policy document as IAM returns it: URL-encoded JSON."""
    return quote(document, safe="")


def policy_shape(call: Call, view: PolicyView, *, detailed: bool = False) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "PolicyName": view.policy_name,
        "PolicyId": view.policy_id,
        "Arn": view.arn(call.ctx.partition),
        "Path": view.path,
        "DefaultVersionId": view.default_version_id,
        "AttachmentCount": view.attachment_count,
        "PermissionsBoundaryUsageCount": view.boundary_usage_count,
        "IsAttachable": True,
        "CreateDate": view.created_at,
        "UpdateDate": view.updated_at,
    }
    if view.description is not None and detailed:
        shape["Description"] = view.description
    if detailed and view.tags:
        shape["Tags"] = tags_shape(view.tags)
    return shape


def version_shape(version: VersionView, *, with_document: bool = True) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "VersionId": version.version_id,
        "IsDefaultVersion": version.is_default,
        "CreateDate": version.created_at,
    }
    if with_document:
        shape["Document"] = encoded(version.document)
    return shape


def attached_shape(call: Call, view: PolicyView) -> dict[str, str]:
    return {"PolicyName": view.policy_name, "PolicyArn": view.arn(call.ctx.partition)}


# --- targets --------------------------------------------------------------------------------------


def principal_target(call: Call, kind: str, name: str) -> tuple[str, Context, Principal | None]:
    """The ARN to authorize against for the user/group/role ``name``, its resource-tag keys, and the
    principal (None if it does not exist: it is then named with path ``/``, and NoSuchEntity comes after
    the decision)."""
    account_id = call.ctx.account_id
    tags: tuple[tuple[str, str], ...] = ()
    principal: Principal | None = None
    if kind == USER:
        user = user_store.get_user(call.conn, account_id, name)
        if user is not None:
            principal, tags = Principal(USER, user.user_id, user.name, user.path, account_id), user.tags
    elif kind == GROUP:
        group = group_store.get_group(call.conn, account_id, name)
        if group is not None:
            principal = Principal(GROUP, group.group_id, group.name, group.path, account_id)
    else:
        role = role_store.get_role(call.conn, account_id, name)
        if role is not None:
            principal, tags = Principal(ROLE, role.role_id, role.role_name, role.path, account_id), role.tags
    if principal is None:
        return call.ctx.iam_arn(f"{kind}/{name}"), {}, None
    return principal.arn(call.ctx.partition), resource_tag_context(tags), principal


def require(call: Call, kind: str, name: str, principal: Principal | None) -> Principal:
    return principal or attachments.find_principal(call.conn, call.ctx.account_id, kind, name)


def policy_arn_param(call: Call, arn: str) -> str:
    """A ``PolicyArn`` / ``PermissionsBoundary`` parameter, checked before anything else is done with it:
    ``InvalidInput`` unless it names a managed policy in the server's partition."""
    return managed_policies.check_policy_arn(arn, call.ctx.partition)


def policy_arn_for_auth(arn: str) -> tuple[str, str | None]:
    """The ARN to authorize against and the resource's account (``aws`` for AWS-managed policies).

    ``arn`` has passed ``policy_arn_param``.
    """
    owner, _, _ = managed_policies.split_policy_arn(arn)
    return arn, owner if owner == managed_policies.AWS_ACCOUNT else None


def _authorize_policy(call: Call, action: str, arn: str, context: Context | None = None) -> None:
    resource, owner = policy_arn_for_auth(arn)
    if owner is not None and action in _READS:
        owner = None  # reading an AWS-managed policy is a read of the caller's own account's view
    call.authorize(action, resource, resource_account=owner, context=context)


_READS = frozenset(
    {
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyVersions",
        "iam:ListEntitiesForPolicy",
        "iam:ListPolicyTags",
    }
)


# --- managed policies -----------------------------------------------------------------------------


@operation("iam", "CreatePolicy")
def create_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["PolicyName"]
    path: str = params.get("Path", "/")
    raw_tags = params.get("Tags") or []
    context = creation_tag_context(params)
    call.authorize("iam:CreatePolicy", call.ctx.iam_arn(f"policy{path}{name}"), context=context)
    tags = validate_tags(raw_tags)
    document: str = params["PolicyDocument"]
    check_policy(document, PolicyKind.MANAGED)
    view = managed_policies.create_policy(
        call.conn,
        call.ctx.account_id,
        policy_name=name,
        path=path,
        document=document,
        description=params.get("Description"),
        tags=tags,
        now=call.ctx.now,
    )
    return {"Policy": policy_shape(call, view, detailed=True)}


@operation("iam", "GetPolicy", read_only=True)
def get_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:GetPolicy", arn)
    return {
        "Policy": policy_shape(
            call, managed_policies.get_policy(call.conn, call.ctx.account_id, arn), detailed=True
        )
    }


@operation("iam", "ListPolicies", read_only=True)
def list_policies(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:ListPolicies", call.ctx.iam_arn("policy/"))
    views = managed_policies.list_policies(
        call.conn,
        call.ctx.account_id,
        scope=params.get("Scope", "All"),
        only_attached=bool(params.get("OnlyAttached", False)),
        path_prefix=params.get("PathPrefix", "/"),
        usage_filter=params.get("PolicyUsageFilter"),
    )
    page = paginate(
        views,
        key=lambda v: f"{v.owner}:{v.policy_name.lower()}",
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"Policies": [policy_shape(call, view) for view in page.items], **page.output()}


@operation("iam", "DeletePolicy")
def delete_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:DeletePolicy", arn)
    managed_policies.delete_policy(call.conn, call.ctx.account_id, arn)
    return {}


@operation("iam", "CreatePolicyVersion")
def create_policy_version(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:CreatePolicyVersion", arn)
    document: str = params["PolicyDocument"]
    check_policy(document, PolicyKind.MANAGED)
    version = managed_policies.create_policy_version(
        call.conn,
        call.ctx.account_id,
        arn,
        document=document,
        set_as_default=bool(params.get("SetAsDefault", False)),
        now=call.ctx.now,
    )
    return {"PolicyVersion": version_shape(version, with_document=False)}


@operation("iam", "GetPolicyVersion", read_only=True)
def get_policy_version(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:GetPolicyVersion", arn)
    version = managed_policies.get_policy_version(call.conn, call.ctx.account_id, arn, params["VersionId"])
    return {"PolicyVersion": version_shape(version)}


@operation("iam", "ListPolicyVersions", read_only=True)
def list_policy_versions(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:ListPolicyVersions", arn)
    versions = managed_policies.list_policy_versions(call.conn, call.ctx.account_id, arn)
    # Newest first: sort by the zero-padded complement of the version number.
    page = paginate(
        versions,
        key=lambda v: f"{10**9 - int(v.version_id[1:]):010d}",
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"Versions": [version_shape(v, with_document=False) for v in page.items], **page.output()}


@operation("iam", "SetDefaultPolicyVersion")
def set_default_policy_version(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:SetDefaultPolicyVersion", arn)
    managed_policies.set_default_policy_version(
        call.conn, call.ctx.account_id, arn, params["VersionId"], now=call.ctx.now
    )
    return {}


@operation("iam", "DeletePolicyVersion")
def delete_policy_version(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:DeletePolicyVersion", arn)
    managed_policies.delete_policy_version(call.conn, call.ctx.account_id, arn, params["VersionId"])
    return {}


@operation("iam", "ListEntitiesForPolicy", read_only=True)
def list_entities_for_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:ListEntitiesForPolicy", arn)
    found = attachments.list_entities_for_policy(
        call.conn,
        call.ctx.account_id,
        arn,
        entity_filter=params.get("EntityFilter"),
        path_prefix=params.get("PathPrefix", "/"),
        usage_filter=params.get("PolicyUsageFilter"),
    )
    entries = (
        [("Group", name, entity_id) for name, entity_id in found.groups]
        + [("Role", name, entity_id) for name, entity_id in found.roles]
        + [("User", name, entity_id) for name, entity_id in found.users]
    )
    page = paginate(
        entries,
        key=lambda e: f"{e[0]}:{e[1].lower()}",
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    result: dict[str, Any] = {"PolicyGroups": [], "PolicyUsers": [], "PolicyRoles": []}
    for kind, name, entity_id in page.items:
        result[f"Policy{kind}s"].append({f"{kind}Name": name, f"{kind}Id": entity_id})
    return {**result, **page.output()}


@operation("iam", "TagPolicy")
def tag_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:TagPolicy", arn, {**_policy_tags(call, arn), **tagging_context(params)})
    managed_policies.tag_policy(call.conn, call.ctx.account_id, arn, validate_tags(params.get("Tags") or []))
    return {}


@operation("iam", "UntagPolicy")
def untag_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    keys = list(params.get("TagKeys") or [])
    _authorize_policy(call, "iam:UntagPolicy", arn, {**_policy_tags(call, arn), "aws:TagKeys": keys})
    managed_policies.untag_policy(call.conn, call.ctx.account_id, arn, validate_tag_keys(keys))
    return {}


@operation("iam", "ListPolicyTags", read_only=True)
def list_policy_tags(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = policy_arn_param(call, params["PolicyArn"])
    _authorize_policy(call, "iam:ListPolicyTags", arn, _policy_tags(call, arn))
    view = managed_policies.get_policy(call.conn, call.ctx.account_id, arn, with_counts=False)
    return tags_page(view.tags, params)


def _policy_tags(call: Call, arn: str) -> Context:
    """The ``aws:ResourceTag/*`` keys of the policy ``arn`` (already checked by ``policy_arn_param``);
    none when there is no such policy (NoSuchEntity comes after the decision)."""
    view = managed_policies.find_policy(call.conn, call.ctx.account_id, arn)
    return resource_tag_context(view.tags) if view is not None else {}


# --- inline policies and attachments of users, groups and roles ------------------------------------


def _register_principal_operations(kind: str) -> None:
    title = _TITLE[kind]
    name_member = f"{title}Name"

    def put_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
        arn, context, principal = principal_target(call, kind, params[name_member])
        call.authorize(f"iam:Put{title}Policy", arn, context=context)
        target = require(call, kind, params[name_member], principal)
        inline_policies.put_inline_policy(
            call.conn,
            call.ctx.account_id,
            target,
            params["PolicyName"],
            params["PolicyDocument"],
            now=call.ctx.now,
        )
        return {}

    def get_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
        arn, context, principal = principal_target(call, kind, params[name_member])
        call.authorize(f"iam:Get{title}Policy", arn, context=context)
        target = require(call, kind, params[name_member], principal)
        document = inline_policies.get_inline_policy(
            call.conn, call.ctx.account_id, target, params["PolicyName"]
        )
        return {
            name_member: target.name,
            "PolicyName": params["PolicyName"],
            "PolicyDocument": encoded(document),
        }

    def delete_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
        arn, context, principal = principal_target(call, kind, params[name_member])
        call.authorize(f"iam:Delete{title}Policy", arn, context=context)
        target = require(call, kind, params[name_member], principal)
        inline_policies.delete_inline_policy(call.conn, call.ctx.account_id, target, params["PolicyName"])
        return {}

    def list_policies(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
        arn, context, principal = principal_target(call, kind, params[name_member])
        call.authorize(f"iam:List{title}Policies", arn, context=context)
        target = require(call, kind, params[name_member], principal)
        names = inline_policies.list_inline_policy_names(call.conn, call.ctx.account_id, target)
        page = paginate(names, key=lambda n: n, marker=params.get("Marker"), max_items=params.get("MaxItems"))
        return {"PolicyNames": list(page.items), **page.output()}

    def attach_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
        policy_arn = policy_arn_param(call, params["PolicyArn"])
        arn, context, principal = principal_target(call, kind, params[name_member])
        call.authorize(f"iam:Attach{title}Policy", arn, context={**context, "iam:PolicyARN": policy_arn})
        target = require(call, kind, params[name_member], principal)
        attachments.attach_policy(call.conn, call.ctx.account_id, target, policy_arn, now=call.ctx.now)
        return {}

    def detach_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
        policy_arn = policy_arn_param(call, params["PolicyArn"])
        arn, context, principal = principal_target(call, kind, params[name_member])
        call.authorize(f"iam:Detach{title}Policy", arn, context={**context, "iam:PolicyARN": policy_arn})
        target = require(call, kind, params[name_member], principal)
        attachments.detach_policy(call.conn, call.ctx.account_id, target, policy_arn)
        return {}

    def list_attached(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
        arn, context, principal = principal_target(call, kind, params[name_member])
        call.authorize(f"iam:ListAttached{title}Policies", arn, context=context)
        target = require(call, kind, params[name_member], principal)
        views = attachments.list_attached_policies(
            call.conn, call.ctx.account_id, target, path_prefix=params.get("PathPrefix", "/")
        )
        page = paginate(
            list(enumerate(views)),
            key=lambda e: f"{e[0]:06d}",
            marker=params.get("Marker"),
            max_items=params.get("MaxItems"),
        )
        return {"AttachedPolicies": [attached_shape(call, view) for _, view in page.items], **page.output()}

    operation("iam", f"Put{title}Policy")(put_policy)
    operation("iam", f"Get{title}Policy", read_only=True)(get_policy)
    operation("iam", f"Delete{title}Policy")(delete_policy)
    operation("iam", f"List{title}Policies", read_only=True)(list_policies)
    operation("iam", f"Attach{title}Policy")(attach_policy)
    operation("iam", f"Detach{title}Policy")(detach_policy)
    operation("iam", f"ListAttached{title}Policies", read_only=True)(list_attached)


for _kind in (USER, GROUP, ROLE):
    _register_principal_operations(_kind)


# --- users' permissions boundaries (roles' are in iam_roles) ---------------------------------------


@operation("iam", "PutUserPermissionsBoundary")
def put_user_permissions_boundary(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    boundary = policy_arn_param(call, params["PermissionsBoundary"])
    arn, context, _ = principal_target(call, USER, params["UserName"])
    call.authorize(
        "iam:PutUserPermissionsBoundary", arn, context={**context, "iam:PermissionsBoundary": boundary}
    )
    boundaries.put_user_permissions_boundary(call.conn, call.ctx.account_id, params["UserName"], boundary)
    return {}


@operation("iam", "DeleteUserPermissionsBoundary")
def delete_user_permissions_boundary(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context, _ = principal_target(call, USER, params["UserName"])
    user = user_store.get_user(call.conn, call.ctx.account_id, params["UserName"])
    if user is not None and user.permissions_boundary_arn is not None:
        context = {**context, "iam:PermissionsBoundary": user.permissions_boundary_arn}
    call.authorize("iam:DeleteUserPermissionsBoundary", arn, context=context)
    boundaries.delete_user_permissions_boundary(call.conn, call.ctx.account_id, params["UserName"])
    return {}
