"""Repository of instance profiles and the (at most one) role each holds."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.model.identities import InstanceProfileRecord
from hatrack.store import resource_tags
from hatrack.store.identity_tables import as_utc
from hatrack.store.permission_tables import instance_profile_roles, instance_profiles

Tag = tuple[str, str]


def _role_ids_of(conn: Connection, profile_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {profile_id: [] for profile_id in profile_ids}
    if not profile_ids:
        return found
    rows = conn.execute(
        sa.select(instance_profile_roles.c.instance_profile_id, instance_profile_roles.c.role_id)
        .where(instance_profile_roles.c.instance_profile_id.in_(profile_ids))
        .order_by(instance_profile_roles.c.role_id)
    ).all()
    for row in rows:
        found[row.instance_profile_id].append(row.role_id)
    return found


def _records(
    conn: Connection, rows: list[RowMapping], *, with_tags: bool = False
) -> list[InstanceProfileRecord]:
    ids = [row["instance_profile_id"] for row in rows]
    roles = _role_ids_of(conn, ids)
    tags: dict[str, tuple[Tag, ...]] = {}
    if with_tags and rows:
        tags = resource_tags.get_tags_of_many(
            conn, rows[0]["account_id"], resource_tags.INSTANCE_PROFILE, ids
        )
    return [
        InstanceProfileRecord(
            instance_profile_id=row["instance_profile_id"],
            account_id=row["account_id"],
            instance_profile_name=row["instance_profile_name"],
            path=row["path"],
            created_at=as_utc(row["created_at"]),
            role_ids=tuple(roles.get(row["instance_profile_id"], ())),
            tags=tags.get(row["instance_profile_id"], ()),
        )
        for row in rows
    ]


def insert_instance_profile(conn: Connection, profile: InstanceProfileRecord) -> None:
    conn.execute(
        instance_profiles.insert().values(
            instance_profile_id=profile.instance_profile_id,
            account_id=profile.account_id,
            instance_profile_name=profile.instance_profile_name,
            name_lower=profile.instance_profile_name.lower(),
            path=profile.path,
            created_at=profile.created_at,
        )
    )
    resource_tags.replace_tags(
        conn, profile.account_id, resource_tags.INSTANCE_PROFILE, profile.instance_profile_id, profile.tags
    )


def get_instance_profile(conn: Connection, account_id: str, name: str) -> InstanceProfileRecord | None:
    rows = list(
        conn.execute(
            instance_profiles.select().where(
                instance_profiles.c.account_id == account_id, instance_profiles.c.name_lower == name.lower()
            )
        ).mappings()
    )
    found = _records(conn, rows, with_tags=True)
    return found[0] if found else None


def list_instance_profiles(
    conn: Connection, account_id: str, *, path_prefix: str = "/"
) -> list[InstanceProfileRecord]:
    rows = [
        row
        for row in conn.execute(
            instance_profiles.select()
            .where(instance_profiles.c.account_id == account_id)
            .order_by(instance_profiles.c.name_lower)
        ).mappings()
        if row["path"].startswith(path_prefix)
    ]
    return _records(conn, rows, with_tags=True)


def list_instance_profiles_for_role(
    conn: Connection, account_id: str, role_id: str
) -> list[InstanceProfileRecord]:
    rows = list(
        conn.execute(
            instance_profiles.select()
            .select_from(
                instance_profiles.join(
                    instance_profile_roles,
                    instance_profile_roles.c.instance_profile_id == instance_profiles.c.instance_profile_id,
                )
            )
            .where(instance_profiles.c.account_id == account_id, instance_profile_roles.c.role_id == role_id)
            .order_by(instance_profiles.c.name_lower)
        ).mappings()
    )
    return _records(conn, rows, with_tags=True)


def count_instance_profiles_for_role(conn: Connection, role_id: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(instance_profile_roles)
            .where(instance_profile_roles.c.role_id == role_id)
        ).scalar_one()
    )


def add_role(conn: Connection, instance_profile_id: str, role_id: str) -> None:
    conn.execute(
        instance_profile_roles.insert().values(instance_profile_id=instance_profile_id, role_id=role_id)
    )


def remove_role(conn: Connection, instance_profile_id: str, role_id: str) -> None:
    conn.execute(
        instance_profile_roles.delete().where(
            instance_profile_roles.c.instance_profile_id == instance_profile_id,
            instance_profile_roles.c.role_id == role_id,
        )
    )


def delete_instance_profile(conn: Connection, account_id: str, instance_profile_id: str) -> None:
    resource_tags.delete_tags(conn, account_id, resource_tags.INSTANCE_PROFILE, instance_profile_id)
    conn.execute(
        instance_profile_roles.delete().where(
            instance_profile_roles.c.instance_profile_id == instance_profile_id
        )
    )
    conn.execute(
        instance_profiles.delete().where(
            instance_profiles.c.account_id == account_id,
            instance_profiles.c.instance_profile_id == instance_profile_id,
        )
    )
