"""What the authorizer needs to know of a caller: its identity-based policies and boundary, its tags.

The IAM store answers; the evaluation engine decides. A role session's policies are its role's,
a user's are its own and its groups'; the account root has none (it is allowed everything in IAM).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from hatrack.model import Caller


@dataclass(frozen=True, slots=True)
class LabelledPolicy:
    """A policy document and the name AWS would use for it in explanations (ARN or inline name)."""

    label: str
    document: str


@dataclass(frozen=True, slots=True)
class PrincipalPolicies:
    identity: tuple[LabelledPolicy, ...] = ()
    boundary: LabelledPolicy | None = None
    tags: tuple[tuple[str, str], ...] = ()


def load_principal_policies(conn: Connection, caller: Caller) -> PrincipalPolicies:
    """The identity-based policies, boundary and principal tags of ``caller`` as stored now."""
    from hatrack.iam import policy_sets

    return policy_sets.load(conn, caller)


@dataclass(frozen=True, slots=True)
class UserIdentity:
    name: str
    path: str
    user_id: str


def find_user(conn: Connection, account_id: str, user_id: str) -> UserIdentity | None:
    """The user that owns a long-term access key, by its unique id (None once it is deleted)."""
    from hatrack.iam import policy_sets

    return policy_sets.find_user(conn, account_id, user_id)
