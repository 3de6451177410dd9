"""Permissions boundaries of users and roles: a managed policy that caps identity-based permissions.

A boundary names a managed policy (customer- or AWS-managed) by ARN; it must exist when it is set.
The evaluation engine intersects it with the identity-based policies (hatrack.evaluation).
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from hatrack.errors import InvalidInput, NoSuchEntity
from hatrack.iam import managed_policies
from hatrack.iam.attachments import USER, find_principal
from hatrack.iam.roles import get_role, refuse_service_linked
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

BOUNDARY_TYPE = "PermissionsBoundaryPolicy"


def check_boundary_arn(conn: Connection, account_id: str, arn: str) -> str:
    """``arn`` if it names a managed policy visible in the account; else AWS's NoSuchEntity / InvalidInput."""
    try:
        policy = managed_policies.find_policy(conn, account_id, arn)
    except InvalidInput as error:
        raise InvalidInput(f"ARN {arn} is not valid.") from error
    if policy is None:
        raise NoSuchEntity(f"Scope ARN: {arn} does not exist or is not attachable.")
    return arn


def put_user_permissions_boundary(conn: Connection, account_id: str, user_name: str, arn: str) -> None:
    user = find_principal(conn, account_id, USER, user_name)
    check_boundary_arn(conn, account_id, arn)
    user_store.set_user_permissions_boundary(conn, account_id, user.name, arn)


def delete_user_permissions_boundary(conn: Connection, account_id: str, user_name: str) -> None:
    user = find_principal(conn, account_id, USER, user_name)
    user_store.set_user_permissions_boundary(conn, account_id, user.name, None)


def put_role_permissions_boundary(conn: Connection, account_id: str, role_name: str, arn: str) -> None:
    role = get_role(conn, account_id, role_name)
    refuse_service_linked(role.role_name, role.path)
    check_boundary_arn(conn, account_id, arn)
    role_store.set_role_permissions_boundary(conn, account_id, role.role_id, arn)


def delete_role_permissions_boundary(conn: Connection, account_id: str, role_name: str) -> None:
    role = get_role(conn, account_id, role_name)
    refuse_service_linked(role.role_name, role.path)
    role_store.set_role_permissions_boundary(conn, account_id, role.role_id, None)


def boundary_shape(arn: str | None) -> dict[str, str] | None:
    """The ``PermissionsBoundary`` member of a User or Role in AWS's output shape."""
    if arn is None:
        return None
    return {"PermissionsBoundaryType": BOUNDARY_TYPE, "PermissionsBoundaryArn": arn}
