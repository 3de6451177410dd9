"""The user behind a long-term access key, as it is now: what authentication needs of the IAM store.

A caller's policies are read by ``hatrack.iam.policy_source``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from hatrack.store.users import get_user_by_id


@dataclass(frozen=True, slots=True)
class UserIdentity:
    name: str
    path: str
    user_id: str


def find_user(conn: Connection, account_id: str, user_id: str) -> UserIdentity | None:
    """The user that owns a long-term access key, by its unique id: its current name and path (None
    once it is deleted)."""
    user = get_user_by_id(conn, account_id, user_id)
    return None if user is None else UserIdentity(name=user.name, path=user.path, user_id=user.user_id)
