"""Loads a caller's policy set from the IAM tables (filled in as IAM's tables arrive)."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from hatrack.iam.principals import PrincipalPolicies, UserIdentity
from hatrack.model import Caller


def load(conn: Connection, caller: Caller) -> PrincipalPolicies:
    """The caller's identity-based policies, boundary and tags (see ``hatrack.iam.permission_sets``)."""
    from hatrack.iam.permission_sets import load_caller_policies

    return load_caller_policies(conn, caller)


def find_user(conn: Connection, account_id: str, user_id: str) -> UserIdentity | None:
    """The user with this unique id as it is now (its current name and path), or None once deleted."""
    from hatrack.store.users import get_user_by_id

    user = get_user_by_id(conn, account_id, user_id)
    return None if user is None else UserIdentity(name=user.name, path=user.path, user_id=user.user_id)
