"""Repository of IAM groups and their members (users)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.errors import EntityAlreadyExists
from hatrack.model.identities import GroupRecord, UserRecord
from hatrack.store.identity_tables import as_utc, group_members, groups, users
from hatrack.store.users import user_record


def _record(row: RowMapping) -> GroupRecord:
    return GroupRecord(
        group_id=row["group_id"],
        account_id=row["account_id"],
        name=row["name"],
        path=row["path"],
        created_at=as_utc(row["created_at"]),
    )


def insert_group(conn: Connection, group: GroupRecord) -> None:
    try:
        conn.execute(
            groups.insert().values(
                group_id=group.group_id,
                account_id=group.account_id,
                name=group.name,
                name_lower=group.name.lower(),
                path=group.path,
                created_at=group.created_at,
            )
        )
    except sa.exc.IntegrityError:  # a concurrent call took the name first (PostgreSQL)
        raise EntityAlreadyExists(f"Group with name {group.name} already exists.") from None


def get_group(conn: Connection, account_id: str, group_name: str) -> GroupRecord | None:
    """The group called ``group_name`` (compared without case), or None."""
    row = (
        conn.execute(
            groups.select().where(
                groups.c.account_id == account_id, groups.c.name_lower == group_name.lower()
            )
        )
        .mappings()
        .first()
    )
    return _record(row) if row else None


def get_group_by_id(conn: Connection, account_id: str, group_id: str) -> GroupRecord | None:
    row = (
        conn.execute(groups.select().where(groups.c.account_id == account_id, groups.c.group_id == group_id))
        .mappings()
        .first()
    )
    return _record(row) if row else None


def list_groups(conn: Connection, account_id: str, *, path_prefix: str = "/") -> list[GroupRecord]:
    query = groups.select().where(groups.c.account_id == account_id)
    if path_prefix != "/":
        query = query.where(groups.c.path.startswith(path_prefix, autoescape=True))
    return [_record(row) for row in conn.execute(query.order_by(groups.c.name_lower)).mappings()]


def count_groups(conn: Connection, account_id: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).select_from(groups).where(groups.c.account_id == account_id)
        ).scalar_one()
    )


def update_group(
    conn: Connection, account_id: str, group_id: str, *, name: str | None = None, path: str | None = None
) -> None:
    values: dict[str, str] = {}
    if name is not None:
        values.update(name=name, name_lower=name.lower())
    if path is not None:
        values["path"] = path
    if values:
        conn.execute(
            groups.update()
            .where(groups.c.account_id == account_id, groups.c.group_id == group_id)
            .values(**values)
        )


def delete_group(conn: Connection, account_id: str, group_id: str) -> None:
    conn.execute(groups.delete().where(groups.c.account_id == account_id, groups.c.group_id == group_id))


# --- membership ---------------------------------------------------------------------------------


def add_member(conn: Connection, account_id: str, group_id: str, user_id: str, *, at: datetime) -> bool:
    """Add the user to the group; False (and no change) if it is already a member."""
    if is_member(conn, group_id, user_id):
        return False
    conn.execute(
        group_members.insert().values(account_id=account_id, group_id=group_id, user_id=user_id, added_at=at)
    )
    return True


def remove_member(conn: Connection, group_id: str, user_id: str) -> bool:
    result = conn.execute(
        group_members.delete().where(group_members.c.group_id == group_id, group_members.c.user_id == user_id)
    )
    return bool(result.rowcount)


def is_member(conn: Connection, group_id: str, user_id: str) -> bool:
    row = conn.execute(
        sa.select(group_members.c.user_id).where(
            group_members.c.group_id == group_id, group_members.c.user_id == user_id
        )
    ).first()
    return row is not None


def list_groups_for_user(conn: Connection, account_id: str, user_id: str) -> list[GroupRecord]:
    """The groups the user belongs to, ordered by name (without case)."""
    rows = conn.execute(
        groups.select()
        .join(group_members, group_members.c.group_id == groups.c.group_id)
        .where(group_members.c.user_id == user_id, groups.c.account_id == account_id)
        .order_by(groups.c.name_lower)
    ).mappings()
    return [_record(row) for row in rows]


def count_groups_for_user(conn: Connection, user_id: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).select_from(group_members).where(group_members.c.user_id == user_id)
        ).scalar_one()
    )


def count_group_members(conn: Connection, group_id: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).select_from(group_members).where(group_members.c.group_id == group_id)
        ).scalar_one()
    )


def list_group_members(conn: Connection, account_id: str, group_id: str) -> list[UserRecord]:
    """The users in the group, ordered by name (without case), with their tags."""
    rows = conn.execute(
        users.select()
        .join(group_members, group_members.c.user_id == users.c.user_id)
        .where(group_members.c.group_id == group_id, users.c.account_id == account_id)
        .order_by(users.c.name_lower)
    ).mappings()
    return [user_record(conn, row) for row in rows]


def remove_user_from_all_groups(conn: Connection, user_id: str) -> None:
    conn.execute(group_members.delete().where(group_members.c.user_id == user_id))
