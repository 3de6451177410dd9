"""IAM group operations: CreateGroup, GetGroup (with its members), ListGroups, UpdateGroup, DeleteGroup,
AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser."""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import user_view
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import groups
from hatrack.model.identities import GroupRecord


def group_view(call: Call, group: GroupRecord) -> shapes.Group:
    return shapes.Group(
        path=group.path,
        group_name=group.name,
        group_id=group.group_id,
        arn=group.arn(call.ctx.partition),
        create_date=group.created_at,
    )


@operation("iam", "CreateGroup", action="iam:CreateGroup", resource=targets.new("group", "group_name"))
def create_group(call: Call, request: shapes.CreateGroupRequest) -> shapes.CreateGroupResponse:
    group = groups.create_group(
        call.conn,
        account_id=call.ctx.account_id,
        name=request.group_name,
        path=request.path or "/",
        now=call.ctx.now,
    )
    return shapes.CreateGroupResponse(group=group_view(call, group))


@operation("iam", "GetGroup", action="iam:GetGroup", resource=targets.group(), read_only=True)
def get_group(call: Call, request: shapes.GetGroupRequest) -> shapes.GetGroupResponse:
    group = groups.require_group(call.conn, call.ctx.account_id, request.group_name)
    page = groups.group_members(
        call.conn, call.ctx.account_id, group, marker=request.marker, max_items=request.max_items
    )
    return shapes.GetGroupResponse(
        group=group_view(call, group),
        users=tuple(user_view(call, user) for user in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation(
    "iam", "ListGroups", action="iam:ListGroups", resource=targets.path_prefix("group"), read_only=True
)
def list_groups(call: Call, request: shapes.ListGroupsRequest) -> shapes.ListGroupsResponse:
    page = groups.list_groups(
        call.conn,
        call.ctx.account_id,
        path_prefix=request.path_prefix or "/",
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.ListGroupsResponse(
        groups=tuple(group_view(call, group) for group in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


@operation("iam", "UpdateGroup", action="iam:UpdateGroup", resource=targets.group())
def update_group(call: Call, request: shapes.UpdateGroupRequest) -> None:
    groups.update_group(
        call.conn,
        call.ctx.account_id,
        request.group_name,
        new_name=request.new_group_name,
        new_path=request.new_path,
    )


@operation("iam", "DeleteGroup", action="iam:DeleteGroup", resource=targets.group())
def delete_group(call: Call, request: shapes.DeleteGroupRequest) -> None:
    groups.delete_group(call.conn, call.ctx.account_id, request.group_name)


@operation("iam", "AddUserToGroup", action="iam:AddUserToGroup", resource=targets.group())
def add_user_to_group(call: Call, request: shapes.AddUserToGroupRequest) -> None:
    groups.add_user_to_group(
        call.conn, call.ctx.account_id, request.group_name, request.user_name, now=call.ctx.now
    )


@operation("iam", "RemoveUserFromGroup", action="iam:RemoveUserFromGroup", resource=targets.group())
def remove_user_from_group(call: Call, request: shapes.RemoveUserFromGroupRequest) -> None:
    groups.remove_user_from_group(call.conn, call.ctx.account_id, request.group_name, request.user_name)


@operation(
    "iam", "ListGroupsForUser", action="iam:ListGroupsForUser", resource=targets.user(), read_only=True
)
def list_groups_for_user(
    call: Call, request: shapes.ListGroupsForUserRequest
) -> shapes.ListGroupsForUserResponse:
    page = groups.groups_for_user(
        call.conn, call.ctx.account_id, request.user_name, marker=request.marker, max_items=request.max_items
    )
    return shapes.ListGroupsForUserResponse(
        groups=tuple(group_view(call, group) for group in page.items),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )
