"""IAM group operations: CreateGroup, GetGroup (with its members), ListGroups, UpdateGroup, DeleteGroup,
AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import user_shape, user_target
from hatrack.api.registry import operation
from hatrack.iam import groups
from hatrack.store import groups as group_store
from hatrack.store.groups import GroupRecord


def group_shape(call: Call, group: GroupRecord) -> dict[str, Any]:
    return {
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.group_id,
        "Arn": group.arn(call.ctx.partition),
        "CreateDate": group.created_at,
    }


def group_target(call: Call, name: str) -> str:
    group = group_store.get_group(call.conn, call.ctx.account_id, name)
    return group.arn(call.ctx.partition) if group is not None else call.ctx.iam_arn(f"group/{name}")


@operation("iam", "CreateGroup")
def create_group(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["GroupName"]
    path: str = params.get("Path", "/")
    call.authorize("iam:CreateGroup", call.ctx.iam_arn(f"group{path}{name}"))
    group = groups.create_group(
        call.conn, account_id=call.ctx.account_id, name=name, path=path, now=call.ctx.now
    )
    return {"Group": group_shape(call, group)}


@operation("iam", "GetGroup", read_only=True)
def get_group(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["GroupName"]
    call.authorize("iam:GetGroup", group_target(call, name))
    group = groups.require_group(call.conn, call.ctx.account_id, name)
    page = groups.group_members(
        call.conn, call.ctx.account_id, group, marker=params.get("Marker"), max_items=params.get("MaxItems")
    )
    return {
        "Group": group_shape(call, group),
        "Users": [user_shape(call, user) for user in page.items],
        **page.output(),
    }


@operation("iam", "ListGroups", read_only=True)
def list_groups(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    prefix: str = params.get("PathPrefix", "/")
    call.authorize("iam:ListGroups", call.ctx.iam_arn(f"group{prefix}"))
    page = groups.list_groups(
        call.conn,
        call.ctx.account_id,
        path_prefix=prefix,
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"Groups": [group_shape(call, group) for group in page.items], **page.output()}


@operation("iam", "UpdateGroup")
def update_group(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["GroupName"]
    call.authorize("iam:UpdateGroup", group_target(call, name))
    groups.update_group(
        call.conn,
        call.ctx.account_id,
        name,
        new_name=params.get("NewGroupName"),
        new_path=params.get("NewPath"),
    )
    return {}


@operation("iam", "DeleteGroup")
def delete_group(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["GroupName"]
    call.authorize("iam:DeleteGroup", group_target(call, name))
    groups.delete_group(call.conn, call.ctx.account_id, name)
    return {}


@operation("iam", "AddUserToGroup")
def add_user_to_group(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    group_name: str = params["GroupName"]
    call.authorize("iam:AddUserToGroup", group_target(call, group_name))
    groups.add_user_to_group(call.conn, call.ctx.account_id, group_name, params["UserName"], now=call.ctx.now)
    return {}


@operation("iam", "RemoveUserFromGroup")
def remove_user_from_group(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    group_name: str = params["GroupName"]
    call.authorize("iam:RemoveUserFromGroup", group_target(call, group_name))
    groups.remove_user_from_group(call.conn, call.ctx.account_id, group_name, params["UserName"])
    return {}


@operation("iam", "ListGroupsForUser", read_only=True)
def list_groups_for_user(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    name: str = params["UserName"]
    arn, context = user_target(call, name)
    call.authorize("iam:ListGroupsForUser", arn, context=context)
    page = groups.groups_for_user(
        call.conn, call.ctx.account_id, name, marker=params.get("Marker"), max_items=params.get("MaxItems")
    )
    return {"Groups": [group_shape(call, group) for group in page.items], **page.output()}
