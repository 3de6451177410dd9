"""Repository of IAM users and of the tags of IAM entities.

Users are keyed by their unique id (``AIDA…``); names are unique per account without regard to case.
Every function takes the caller's ``Connection`` so that a change shares the call's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.errors import EntityAlreadyExists
from hatrack.model.identities import UserRecord
from hatrack.store.changes import note_credential_change
from hatrack.store.identity_tables import as_utc, entity_tags, users
from hatrack.store.schema import accounts

Tag = tuple[str, str]


def user_record(conn: Connection, row: RowMapping, *, with_tags: bool = True) -> UserRecord:
    """The ``UserRecord`` of a row of ``users`` (with the user's tags unless ``with_tags`` is False)."""
    return UserRecord(
        user_id=row["user_id"],
        account_id=row["account_id"],
        name=row["name"],
        path=row["path"],
        created_at=as_utc(row["created_at"]),
        permissions_boundary_arn=row["permissions_boundary_arn"],
        password_last_used=as_utc(row["password_last_used"]),
        tags=tuple(get_tags(conn, row["account_id"], "user", row["user_id"])) if with_tags else (),
    )


def insert_user(conn: Connection, user: UserRecord) -> None:
    """Add ``user`` with its tags (the unique index refuses a second name differing only in case)."""
    try:
        conn.execute(
            users.insert().values(
                user_id=user.user_id,
                account_id=user.account_id,
                name=user.name,
                name_lower=user.name.lower(),
                path=user.path,
                created_at=user.created_at,
                permissions_boundary_arn=user.permissions_boundary_arn,
                password_last_used=user.password_last_used,
            )
        )
    except sa.exc.IntegrityError:  # a concurrent call took the name first (PostgreSQL)
        raise EntityAlreadyExists(f"User with name {user.name} already exists.") from None
    insert_tags(conn, user.account_id, "user", user.user_id, user.tags)


def user_name_taken(conn: Connection, account_id: str, user_name: str) -> bool:
    """Whether the account has a user called ``user_name`` (compared without case): one indexed read."""
    query = sa.select(users.c.user_id).where(
        users.c.account_id == account_id, users.c.name_lower == user_name.lower()
    )
    return conn.execute(query).first() is not None


def get_user(conn: Connection, account_id: str, user_name: str) -> UserRecord | None:
    """The user called ``user_name`` (compared without case), or None."""
    row = (
        conn.execute(
            users.select().where(users.c.account_id == account_id, users.c.name_lower == user_name.lower())
        )
        .mappings()
        .first()
    )
    return user_record(conn, row) if row else None


def get_user_by_id(conn: Connection, account_id: str, user_id: str) -> UserRecord | None:
    row = (
        conn.execute(users.select().where(users.c.account_id == account_id, users.c.user_id == user_id))
        .mappings()
        .first()
    )
    return user_record(conn, row) if row else None


def list_users(conn: Connection, account_id: str, *, path_prefix: str = "/") -> list[UserRecord]:
    """The account's users whose path starts with ``path_prefix``, ordered by name (without case)."""
    query = users.select().where(users.c.account_id == account_id)
    if path_prefix != "/":
        query = query.where(users.c.path.startswith(path_prefix, autoescape=True))
    rows = conn.execute(query.order_by(users.c.name_lower)).mappings().all()
    return [user_record(conn, row) for row in rows]


def count_users(conn: Connection, account_id: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).select_from(users).where(users.c.account_id == account_id)
        ).scalar_one()
    )


def lock_user(conn: Connection, account_id: str, user_id: str) -> None:
    """Take the row lock of a user (or of the account, for the root) until the transaction ends.

    On PostgreSQL this is ``SELECT … FOR UPDATE``, so that count-then-insert sequences (access keys,
    MFA devices) of two concurrent calls run one after the other. On SQLite every writer already holds
    the database's write lock from ``BEGIN IMMEDIATE`` and SQLAlchemy leaves ``FOR UPDATE`` out.
    """
    if user_id == account_id:
        conn.execute(
            sa.select(accounts.c.account_id).where(accounts.c.account_id == account_id).with_for_update()
        )
        return
    conn.execute(
        sa.select(users.c.user_id)
        .where(users.c.account_id == account_id, users.c.user_id == user_id)
        .with_for_update()
    )


def update_user(
    conn: Connection, account_id: str, user_id: str, *, name: str | None = None, path: str | None = None
) -> None:
    values: dict[str, str] = {}
    if name is not None:
        values.update(name=name, name_lower=name.lower())
    if path is not None:
        values["path"] = path
    if values:
        conn.execute(
            users.update()
            .where(users.c.account_id == account_id, users.c.user_id == user_id)
            .values(**values)
        )


def set_user_permissions_boundary(
    conn: Connection, account_id: str, user_name: str, policy_arn: str | None
) -> bool:
    """Set (or, with None, remove) the user's permissions boundary; False if there is no such user."""
    result = conn.execute(
        users.update()
        .where(users.c.account_id == account_id, users.c.name_lower == user_name.lower())
        .values(permissions_boundary_arn=policy_arn)
    )
    return bool(result.rowcount)


def set_password_last_used(conn: Connection, account_id: str, user_id: str, at: datetime) -> None:
    conn.execute(
        users.update()
        .where(users.c.account_id == account_id, users.c.user_id == user_id)
        .values(password_last_used=at)
    )


def delete_user(conn: Connection, account_id: str, user_id: str) -> None:
    note_credential_change(conn)  # a cached key record carries its owner (every node drops it)
    delete_tags(conn, account_id, "user", user_id)
    conn.execute(users.delete().where(users.c.account_id == account_id, users.c.user_id == user_id))


# --- tags of IAM entities -----------------------------------------------------------------------


def get_tags(conn: Connection, account_id: str, entity_kind: str, entity_id: str) -> list[Tag]:
    """The (key, value) tags of an entity, in the order they were first set."""
    rows = conn.execute(
        sa.select(entity_tags.c.key, entity_tags.c.value)
        .where(
            entity_tags.c.account_id == account_id,
            entity_tags.c.entity_kind == entity_kind,
            entity_tags.c.entity_id == entity_id,
        )
        .order_by(entity_tags.c.position, entity_tags.c.key_lower)
    ).all()
    return [(row.key, row.value) for row in rows]


def set_tags(
    conn: Connection, account_id: str, entity_kind: str, entity_id: str, tags: Sequence[Tag]
) -> None:
    """Replace every tag of an entity with ``tags`` (keys already unique without case)."""
    delete_tags(conn, account_id, entity_kind, entity_id)
    insert_tags(conn, account_id, entity_kind, entity_id, tags)


def insert_tags(
    conn: Connection, account_id: str, entity_kind: str, entity_id: str, tags: Sequence[Tag]
) -> None:
    """Add ``tags`` to an entity that has none yet (a new one)."""
    if tags:
        conn.execute(
            entity_tags.insert(),
            [
                {
                    "account_id": account_id,
                    "entity_kind": entity_kind,
                    "entity_id": entity_id,
                    "key_lower": key.lower(),
                    "key": key,
                    "value": value,
                    "position": position,
                }
                for position, (key, value) in enumerate(tags)
            ],
        )


def delete_tags(conn: Connection, account_id: str, entity_kind: str, entity_id: str) -> None:
    conn.execute(
        entity_tags.delete().where(
            entity_tags.c.account_id == account_id,
            entity_tags.c.entity_kind == entity_kind,
            entity_tags.c.entity_id == entity_id,
        )
    )
