"""Loads a caller's policy set from the IAM tables (filled in as IAM's tables arrive)."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from hatrack.iam.principals import PrincipalPolicies, UserIdentity
from hatrack.model import Caller


def load(conn: Connection, caller: Caller) -> PrincipalPolicies:
    return PrincipalPolicies()


def find_user(conn: Connection, account_id: str, user_id: str) -> UserIdentity | None:
    return None
