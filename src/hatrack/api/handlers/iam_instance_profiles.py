"""IAM instance profile operations: Create/Get/List/DeleteInstanceProfile, Add/RemoveRoleFromInstanceProfile,
ListInstanceProfilesForRole, Tag/Untag/ListInstanceProfileTags. Authorized against the profile's ARN
(ListInstanceProfilesForRole: the role's), with its tags as resource-tag keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers.iam_policies import principal_target
from hatrack.api.handlers.iam_roles import role_shape
from hatrack.api.handlers.iam_users import creation_tag_context, tagging_context, tags_page, tags_shape
from hatrack.api.registry import operation
from hatrack.iam import instance_profiles
from hatrack.iam.attachments import ROLE
from hatrack.iam.names import resource_tag_context, validate_tag_keys, validate_tags
from hatrack.iam.pagination import paginate
from hatrack.store import instance_profiles as store
from hatrack.store import roles as role_store
from hatrack.store.instance_profiles import InstanceProfileRecord

Context = dict[str, str | list[str]]


def profile_shape(call: Call, profile: InstanceProfileRecord) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "Path": profile.path,
        "InstanceProfileName": profile.instance_profile_name,
        "InstanceProfileId": profile.instance_profile_id,
        "Arn": profile.arn(call.ctx.partition),
        "CreateDate": profile.created_at,
        "Roles": [
            role_shape(call, role)
            for role in instance_profiles.roles_of(call.conn, call.ctx.account_id, profile)
        ],
    }
    if profile.tags:
        shape["Tags"] = tags_shape(profile.tags)
    return shape


def _profiles_page(
    call: Call, found: list[InstanceProfileRecord], params: Mapping[str, Any]
) -> dict[str, Any]:
    """The output of ListInstanceProfiles and ListInstanceProfilesForRole: a page of ``found`` by name."""
    page = paginate(
        found,
        key=lambda p: p.instance_profile_name.lower(),
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"InstanceProfiles": [profile_shape(call, p) for p in page.items], **page.output()}


def _target(call: Call, name: str) -> tuple[str, Context]:
    profile = store.get_instance_profile(call.conn, call.ctx.account_id, name)
    if profile is None:
        return call.ctx.iam_arn(f"instance-profile/{name}"), {}
    return profile.arn(call.ctx.partition), resource_tag_context(profile.tags)


@operation("iam", "CreateInstanceProfile")
def create_instance_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["InstanceProfileName"]
    path: str = params.get("Path", "/")
    raw = params.get("Tags") or []
    context = creation_tag_context(params)
    call.authorize(
        "iam:CreateInstanceProfile", call.ctx.iam_arn(f"instance-profile{path}{name}"), context=context
    )
    profile = instance_profiles.create_instance_profile(
        call.conn, call.ctx.account_id, name=name, path=path, tags=validate_tags(raw), now=call.ctx.now
    )
    return {"InstanceProfile": profile_shape(call, profile)}


@operation("iam", "GetInstanceProfile", read_only=True)
def get_instance_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["InstanceProfileName"])
    call.authorize("iam:GetInstanceProfile", arn, context=context)
    profile = instance_profiles.get_instance_profile(
        call.conn, call.ctx.account_id, params["InstanceProfileName"]
    )
    return {"InstanceProfile": profile_shape(call, profile)}


@operation("iam", "ListInstanceProfiles", read_only=True)
def list_instance_profiles(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    prefix: str = params.get("PathPrefix", "/")
    call.authorize("iam:ListInstanceProfiles", call.ctx.iam_arn(f"instance-profile{prefix}"))
    found = store.list_instance_profiles(call.conn, call.ctx.account_id, path_prefix=prefix)
    return _profiles_page(call, found, params)


@operation("iam", "DeleteInstanceProfile")
def delete_instance_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["InstanceProfileName"])
    call.authorize("iam:DeleteInstanceProfile", arn, context=context)
    instance_profiles.delete_instance_profile(call.conn, call.ctx.account_id, params["InstanceProfileName"])
    return {}


@operation("iam", "AddRoleToInstanceProfile")
def add_role_to_instance_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["InstanceProfileName"])
    call.authorize("iam:AddRoleToInstanceProfile", arn, context=context)
    # "The caller of this operation must be granted the PassRole permission on the IAM role by a
    # permissions policy" (AddRoleToInstanceProfile API reference): a profile hands its role to EC2.
    role = role_store.get_role(call.conn, call.ctx.account_id, params["RoleName"])
    if role is not None:
        pass_context: Context = {
            # guess: the service and associated resource AWS sets for this PassRole (the API reference
            # says iam:AssociatedResourceArn is arn:aws:ec2:*:CallerAccountId:instance/*).
            "iam:PassedToService": "ec2.amazonaws.com",
            "iam:AssociatedResourceArn": f"arn:{call.ctx.partition}:ec2:*:{call.ctx.account_id}:instance/*",
            **resource_tag_context(role.tags),
        }
        call.authorize("iam:PassRole", role.arn(call.ctx.partition), context=pass_context)
    instance_profiles.add_role(
        call.conn, call.ctx.account_id, params["InstanceProfileName"], params["RoleName"]
    )
    return {}


@operation("iam", "RemoveRoleFromInstanceProfile")
def remove_role_from_instance_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["InstanceProfileName"])
    call.authorize("iam:RemoveRoleFromInstanceProfile", arn, context=context)
    instance_profiles.remove_role(
        call.conn, call.ctx.account_id, params["InstanceProfileName"], params["RoleName"]
    )
    return {}


@operation("iam", "ListInstanceProfilesForRole", read_only=True)
def list_instance_profiles_for_role(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context, _ = principal_target(call, ROLE, params["RoleName"])
    call.authorize("iam:ListInstanceProfilesForRole", arn, context=context)
    found = instance_profiles.list_instance_profiles_for_role(
        call.conn, call.ctx.account_id, params["RoleName"]
    )
    return _profiles_page(call, found, params)


@operation("iam", "TagInstanceProfile")
def tag_instance_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["InstanceProfileName"])
    raw = params.get("Tags") or []
    call.authorize("iam:TagInstanceProfile", arn, context={**context, **tagging_context(params)})
    instance_profiles.tag_instance_profile(
        call.conn, call.ctx.account_id, params["InstanceProfileName"], validate_tags(raw)
    )
    return {}


@operation("iam", "UntagInstanceProfile")
def untag_instance_profile(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["InstanceProfileName"])
    keys = list(params.get("TagKeys") or [])
    call.authorize("iam:UntagInstanceProfile", arn, context={**context, "aws:TagKeys": keys})
    instance_profiles.untag_instance_profile(
        call.conn, call.ctx.account_id, params["InstanceProfileName"], validate_tag_keys(keys)
    )
    return {}


@operation("iam", "ListInstanceProfileTags", read_only=True)
def list_instance_profile_tags(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["InstanceProfileName"])
    call.authorize("iam:ListInstanceProfileTags", arn, context=context)
    profile = instance_profiles.get_instance_profile(
        call.conn, call.ctx.account_id, params["InstanceProfileName"]
    )
    return tags_page(profile.tags, params)
