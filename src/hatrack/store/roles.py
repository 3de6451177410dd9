"""Repository of IAM roles. STS reads roles through ``get_role`` / ``get_role_by_id``.

Roles are unique per account by name without case; everything else refers to a role by its id.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.model.identities import RoleRecord
from hatrack.store import resource_tags
from hatrack.store.identity_tables import as_utc
from hatrack.store.permission_tables import roles

Tag = tuple[str, str]


def _record(row: RowMapping, tags: tuple[Tag, ...] = ()) -> RoleRecord:
    return RoleRecord(
        role_id=row["role_id"],
        account_id=row["account_id"],
        role_name=row["role_name"],
        path=row["path"],
        assume_role_policy_document=row["assume_role_policy_document"],
        max_session_duration=row["max_session_duration"],
        created_at=as_utc(row["created_at"]),
        description=row["description"],
        permissions_boundary_arn=row["permissions_boundary_arn"],
        last_used_at=as_utc(row["last_used_at"]),
        last_used_region=row["last_used_region"],
        tags=tags,
    )


def insert_role(conn: Connection, role: RoleRecord) -> None:
    conn.execute(
        roles.insert().values(
            role_id=role.role_id,
            account_id=role.account_id,
            role_name=role.role_name,
            name_lower=role.role_name.lower(),
            path=role.path,
            assume_role_policy_document=role.assume_role_policy_document,
            description=role.description,
            max_session_duration=role.max_session_duration,
            permissions_boundary_arn=role.permissions_boundary_arn,
            created_at=role.created_at,
        )
    )
    resource_tags.replace_tags(conn, role.account_id, resource_tags.ROLE, role.role_id, role.tags)


def _one(conn: Connection, condition: sa.ColumnElement[bool], account_id: str) -> RoleRecord | None:
    row = conn.execute(roles.select().where(roles.c.account_id == account_id, condition)).mappings().first()
    if row is None:
        return None
    tags = resource_tags.get_tags(conn, account_id, resource_tags.ROLE, row["role_id"])
    return _record(row, tags)


def get_role(conn: Connection, account_id: str, role_name: str) -> RoleRecord | None:
    """The role named ``role_name`` (compared without case), with its tags."""
    return _one(conn, roles.c.name_lower == role_name.lower(), account_id)


def get_role_by_id(conn: Connection, account_id: str, role_id: str) -> RoleRecord | None:
    return _one(conn, roles.c.role_id == role_id, account_id)


def get_roles_by_ids(conn: Connection, account_id: str, role_ids: list[str]) -> list[RoleRecord]:
    if not role_ids:
        return []
    rows = conn.execute(
        roles.select().where(roles.c.account_id == account_id, roles.c.role_id.in_(role_ids))
    ).mappings()
    return [_record(row) for row in rows]


def list_roles(conn: Connection, account_id: str, *, path_prefix: str = "/") -> list[RoleRecord]:
    """Roles whose path starts with ``path_prefix``, without tags (ListRoles does not return them)."""
    rows = conn.execute(
        roles.select().where(roles.c.account_id == account_id).order_by(roles.c.name_lower)
    ).mappings()
    return [_record(row) for row in rows if row["path"].startswith(path_prefix)]


def update_role(
    conn: Connection,
    account_id: str,
    role_id: str,
    *,
    description: str | None = None,
    max_session_duration: int | None = None,
) -> None:
    values: dict[str, object] = {}
    if description is not None:
        values["description"] = description
    if max_session_duration is not None:
        values["max_session_duration"] = max_session_duration
    if values:
        conn.execute(
            roles.update().where(roles.c.account_id == account_id, roles.c.role_id == role_id).values(values)
        )


def set_assume_role_policy(conn: Connection, account_id: str, role_id: str, document: str) -> None:
    conn.execute(
        roles.update()
        .where(roles.c.account_id == account_id, roles.c.role_id == role_id)
        .values(assume_role_policy_document=document)
    )


def set_role_permissions_boundary(
    conn: Connection, account_id: str, role_id: str, policy_arn: str | None
) -> None:
    conn.execute(
        roles.update()
        .where(roles.c.account_id == account_id, roles.c.role_id == role_id)
        .values(permissions_boundary_arn=policy_arn)
    )


def count_roles_with_boundary(conn: Connection, account_id: str, arn_suffix: str) -> int:
    """Roles whose boundary is the policy ``…:policy/PATH/NAME`` (any partition): ``arn_suffix`` is
    ``ACCOUNT:policy/PATH/NAME``."""
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(roles)
            .where(
                roles.c.account_id == account_id,
                roles.c.permissions_boundary_arn.like(f"arn:%:iam::{escape_like(arn_suffix)}", escape="\\"),
            )
        ).scalar_one()
    )


def escape_like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern whose escape character is a backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def record_role_use(conn: Connection, account_id: str, role_id: str, *, at: datetime, region: str) -> None:
    """RoleLastUsed: STS calls this when it issues a session for the role."""
    conn.execute(
        roles.update()
        .where(roles.c.account_id == account_id, roles.c.role_id == role_id)
        .values(last_used_at=at, last_used_region=region)
    )


def delete_role(conn: Connection, account_id: str, role_id: str) -> None:
    resource_tags.delete_tags(conn, account_id, resource_tags.ROLE, role_id)
    conn.execute(roles.delete().where(roles.c.account_id == account_id, roles.c.role_id == role_id))
