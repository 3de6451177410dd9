"""IAM instance profile operations: Create/Get/List/DeleteInstanceProfile, Add/RemoveRoleFromInstanceProfile,
ListInstanceProfilesForRole, Tag/Untag/ListInstanceProfileTags.

Every operation is declared: authorized on the profile's ARN (ListInstanceProfilesForRole: the
role's) with its tags; AddRoleToInstanceProfile also needs iam:PassRole on the role ("The caller of
this operation must be granted the PassRole permission on the IAM role by a permissions policy",
AddRoleToInstanceProfile API reference): a profile hands its role to EC2.
"""

from __future__ import annotations

from collections.abc import Sequence

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_roles import role_view
from hatrack.api.handlers.tagging import requested_tags, shown_tags, tags_page
from hatrack.api.registry import Dependent, operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import instance_profiles, lookups
from hatrack.iam.names import validate_tag_keys
from hatrack.iam.pagination import Page, paginate
from hatrack.model.identities import InstanceProfileRecord


def profile_view(call: Call, profile: InstanceProfileRecord) -> shapes.InstanceProfile:
    return shapes.InstanceProfile(
        path=profile.path,
        instance_profile_name=profile.instance_profile_name,
        instance_profile_id=profile.instance_profile_id,
        arn=profile.arn(call.ctx.partition),
        create_date=profile.created_at,
        roles=tuple(
            role_view(call, role)
            for role in instance_profiles.roles_of(call.conn, call.ctx.account_id, profile)
        ),
        tags=shown_tags(profile.tags),
    )


def _page(
    found: Sequence[InstanceProfileRecord], marker: str | None, max_items: int | None
) -> Page[InstanceProfileRecord]:
    """A page of ``found`` by name (ListInstanceProfiles and ListInstanceProfilesForRole)."""
    return paginate(
        list(found), key=lambda p: p.instance_profile_name.lower(), marker=marker, max_items=max_items
    )


@operation(
    "iam",
    "CreateInstanceProfile",
    action="iam:CreateInstanceProfile",
    resource=targets.new("instance-profile", "instance_profile_name"),
    condition_keys=(targets.creation_tags,),
)
def create_instance_profile(
    call: Call, request: shapes.CreateInstanceProfileRequest
) -> shapes.CreateInstanceProfileResponse:
    profile = instance_profiles.create_instance_profile(
        call.conn,
        call.ctx.account_id,
        name=request.instance_profile_name,
        path=request.path or "/",
        tags=requested_tags(request.tags),
        now=call.ctx.now,
    )
    return shapes.CreateInstanceProfileResponse(instance_profile=profile_view(call, profile))


@operation(
    "iam",
    "GetInstanceProfile",
    action="iam:GetInstanceProfile",
    resource=targets.instance_profile(),
    read_only=True,
)
def get_instance_profile(
    call: Call, request: shapes.GetInstanceProfileRequest
) -> shapes.GetInstanceProfileResponse:
    profile = instance_profiles.get_instance_profile(
        call.conn, call.ctx.account_id, request.instance_profile_name
    )
    return shapes.GetInstanceProfileResponse(instance_profile=profile_view(call, profile))


@operation(
    "iam",
    "ListInstanceProfiles",
    action="iam:ListInstanceProfiles",
    resource=targets.path_prefix("instance-profile"),
    read_only=True,
)
def list_instance_profiles(
    call: Call, request: shapes.ListInstanceProfilesRequest
) -> shapes.ListInstanceProfilesResponse:
    found = lookups.list_instance_profiles(
        call.conn, call.ctx.account_id, path_prefix=request.path_prefix or "/"
    )
    page = _page(found, request.marker, request.max_items)
    return shapes.ListInstanceProfilesResponse(
        instance_profiles=tuple(profile_view(call, p) for p in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation(
    "iam",
    "DeleteInstanceProfile",
    action="iam:DeleteInstanceProfile",
    resource=targets.instance_profile(),
)
def delete_instance_profile(call: Call, request: shapes.DeleteInstanceProfileRequest) -> None:
    instance_profiles.delete_instance_profile(call.conn, call.ctx.account_id, request.instance_profile_name)


@operation(
    "iam",
    "AddRoleToInstanceProfile",
    action="iam:AddRoleToInstanceProfile",
    resource=targets.instance_profile(),
    dependent=(Dependent("iam:PassRole", targets.role(), (targets.passed_to_ec2,)),),
)
def add_role_to_instance_profile(call: Call, request: shapes.AddRoleToInstanceProfileRequest) -> None:
    instance_profiles.add_role(
        call.conn, call.ctx.account_id, request.instance_profile_name, request.role_name
    )


@operation(
    "iam",
    "RemoveRoleFromInstanceProfile",
    action="iam:RemoveRoleFromInstanceProfile",
    resource=targets.instance_profile(),
)
def remove_role_from_instance_profile(
    call: Call, request: shapes.RemoveRoleFromInstanceProfileRequest
) -> None:
    instance_profiles.remove_role(
        call.conn, call.ctx.account_id, request.instance_profile_name, request.role_name
    )


@operation(
    "iam",
    "ListInstanceProfilesForRole",
    action="iam:ListInstanceProfilesForRole",
    resource=targets.role(),
    read_only=True,
)
def list_instance_profiles_for_role(
    call: Call, request: shapes.ListInstanceProfilesForRoleRequest
) -> shapes.ListInstanceProfilesForRoleResponse:
    found = instance_profiles.list_instance_profiles_for_role(
        call.conn, call.ctx.account_id, request.role_name
    )
    page = _page(found, request.marker, request.max_items)
    return shapes.ListInstanceProfilesForRoleResponse(
        instance_profiles=tuple(profile_view(call, p) for p in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation(
    "iam",
    "TagInstanceProfile",
    action="iam:TagInstanceProfile",
    resource=targets.instance_profile(),
    condition_keys=(targets.request_tags,),
)
def tag_instance_profile(call: Call, request: shapes.TagInstanceProfileRequest) -> None:
    instance_profiles.tag_instance_profile(
        call.conn, call.ctx.account_id, request.instance_profile_name, requested_tags(request.tags)
    )


@operation(
    "iam",
    "UntagInstanceProfile",
    action="iam:UntagInstanceProfile",
    resource=targets.instance_profile(),
    condition_keys=(targets.tag_keys,),
)
def untag_instance_profile(call: Call, request: shapes.UntagInstanceProfileRequest) -> None:
    instance_profiles.untag_instance_profile(
        call.conn,
        call.ctx.account_id,
        request.instance_profile_name,
        validate_tag_keys(list(request.tag_keys)),
    )


@operation(
    "iam",
    "ListInstanceProfileTags",
    action="iam:ListInstanceProfileTags",
    resource=targets.instance_profile(),
    read_only=True,
)
def list_instance_profile_tags(
    call: Call, request: shapes.ListInstanceProfileTagsRequest
) -> shapes.ListInstanceProfileTagsResponse:
    profile = instance_profiles.get_instance_profile(
        call.conn, call.ctx.account_id, request.instance_profile_name
    )
    page = tags_page(profile.tags, request.marker, request.max_items)
    return shapes.ListInstanceProfileTagsResponse(
        tags=page.tags, is_truncated=page.is_truncated, marker=page.marker
    )
