"""IAM service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole,
GetServiceLinkedRoleDeletionStatus (the rules are in ``hatrack.iam.service_linked_roles``).

Declared on the role's ARN (``role/aws-service-role/SERVICE/NAME``), CreateServiceLinkedRole with
``iam:AWSServiceName`` as AWS's reference lists.
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.iam_roles import role_view
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.iam import service_linked_roles


@operation(
    "iam",
    "CreateServiceLinkedRole",
    action="iam:CreateServiceLinkedRole",
    resource=targets.new_service_linked_role,
    condition_keys=(targets.aws_service_name,),
)
def create_service_linked_role(
    call: Call, request: shapes.CreateServiceLinkedRoleRequest
) -> shapes.CreateServiceLinkedRoleResponse:
    role = service_linked_roles.create_service_linked_role(
        call.conn,
        call.ctx.account_id,
        service=request.aws_service_name,
        description=request.description,
        custom_suffix=request.custom_suffix,
        now=call.ctx.now,
        partition=call.ctx.partition,
    )
    return shapes.CreateServiceLinkedRoleResponse(role=role_view(call, role))


@operation("iam", "DeleteServiceLinkedRole", action="iam:DeleteServiceLinkedRole", resource=targets.role())
def delete_service_linked_role(
    call: Call, request: shapes.DeleteServiceLinkedRoleRequest
) -> shapes.DeleteServiceLinkedRoleResponse:
    task_id = service_linked_roles.delete_service_linked_role(
        call.conn, call.ctx.account_id, request.role_name, now=call.ctx.now
    )
    return shapes.DeleteServiceLinkedRoleResponse(deletion_task_id=task_id)


@operation(
    "iam",
    "GetServiceLinkedRoleDeletionStatus",
    action="iam:GetServiceLinkedRoleDeletionStatus",
    resource=targets.deletion_task_role,
    read_only=True,
)
def get_deletion_status(
    call: Call, request: shapes.GetServiceLinkedRoleDeletionStatusRequest
) -> shapes.GetServiceLinkedRoleDeletionStatusResponse:
    status = service_linked_roles.deletion_status(call.conn, call.ctx.account_id, request.deletion_task_id)
    return shapes.GetServiceLinkedRoleDeletionStatusResponse(status=status)
