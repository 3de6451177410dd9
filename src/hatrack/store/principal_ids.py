"""Users and roles by name or by unique id, across accounts: what a trust policy's principals resolve to.

A trust policy is kept with its IAM user and role principals as unique ids (``hatrack.iam.trust_principals``).
Saving one needs "which id has the user/role with this name in that account"; reading one back needs
"which user/role (in any account of this server) has this id now". Both are one query each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.identity_tables import users
from hatrack.store.permission_tables import roles
from hatrack.store.schema import accounts


@dataclass(frozen=True, slots=True)
class NamedPrincipal:
    """A user or role as a principal: its kind (``user`` / ``role``), account, path, name and unique id."""

    kind: str
    account_id: str
    path: str
    name: str
    unique_id: str

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.account_id}:{self.kind}{self.path}{self.name}"


def account_exists(conn: Connection, account_id: str) -> bool:
    found = conn.execute(sa.select(accounts.c.account_id).where(accounts.c.account_id == account_id))
    return found.first() is not None


def find_by_name(conn: Connection, kind: str, account_id: str, name: str) -> NamedPrincipal | None:
    """The user (``kind="user"``) or role (``kind="role"``) of ``account_id`` named ``name`` (any case)."""
    if kind == "user":
        query = sa.select(users.c.user_id, users.c.path, users.c.name).where(
            users.c.account_id == account_id, users.c.name_lower == name.lower()
        )
    else:
        query = sa.select(roles.c.role_id, roles.c.path, roles.c.role_name).where(
            roles.c.account_id == account_id, roles.c.name_lower == name.lower()
        )
    row = conn.execute(query).first()
    if row is None:
        return None
    return NamedPrincipal(kind=kind, account_id=account_id, path=row[1], name=row[2], unique_id=row[0])


def find_by_ids(conn: Connection, unique_ids: Iterable[str]) -> dict[str, NamedPrincipal]:
    """The users and roles that have these unique ids now, by id (ids of deleted ones are absent)."""
    wanted = sorted(set(unique_ids))
    found: dict[str, NamedPrincipal] = {}
    if not wanted:
        return found
    user_rows = conn.execute(
        sa.select(users.c.user_id, users.c.account_id, users.c.path, users.c.name).where(
            users.c.user_id.in_(wanted)
        )
    )
    for user_id, account_id, path, name in user_rows:
        found[user_id] = NamedPrincipal("user", account_id, path, name, user_id)
    role_rows = conn.execute(
        sa.select(roles.c.role_id, roles.c.account_id, roles.c.path, roles.c.role_name).where(
            roles.c.role_id.in_(wanted)
        )
    )
    for role_id, account_id, path, name in role_rows:
        found[role_id] = NamedPrincipal("role", account_id, path, name, role_id)
    return found
