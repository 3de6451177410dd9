"""What STS reads from the store on its hot path: the one role an AssumeRole call needs.

A lean read of IAM's ``roles`` table (owned by ``store.roles``): one prepared statement, the columns a
role session needs, no tags. AssumeRole is benchmarked, and building a fresh SQL expression and a
second query for the role's tags cost more than the rest of the operation.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.permission_tables import roles


@dataclass(frozen=True, slots=True)
class RoleForSession:
    role_id: str
    account_id: str
    role_name: str
    path: str
    assume_role_policy_document: str
    max_session_duration: int


# Built once: only the bound values change from call to call (SQLAlchemy caches its compilation).
_ROLE_BY_NAME = sa.select(
    roles.c.role_id,
    roles.c.account_id,
    roles.c.role_name,
    roles.c.path,
    roles.c.assume_role_policy_document,
    roles.c.max_session_duration,
).where(roles.c.account_id == sa.bindparam("account_id"), roles.c.name_lower == sa.bindparam("name_lower"))


def role_for_session(conn: Connection, account_id: str, role_name: str) -> RoleForSession | None:
    """The role of ``account_id`` named ``role_name`` (names compare without case), or None."""
    row = conn.execute(_ROLE_BY_NAME, {"account_id": account_id, "name_lower": role_name.lower()}).first()
    if row is None:
        return None
    return RoleForSession(
        role_id=row.role_id,
        account_id=row.account_id,
        role_name=row.role_name,
        path=row.path,
        assume_role_policy_document=row.assume_role_policy_document,
        max_session_duration=int(row.max_session_duration),
    )
