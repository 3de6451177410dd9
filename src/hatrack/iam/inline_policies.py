"""Inline policies of users, groups and roles: Put/Get/Delete/List{User,Group,Role}Policies.

The quota counts the TOTAL of a principal's inline policies, white space excluded: 2,048 characters
for a user, 5,120 for a group, 10,240 for a role (IAM User Guide, "IAM and AWS STS quotas").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.errors import LimitExceeded, NoSuchEntity
from hatrack.iam.attachments import GROUP, ROLE, USER, Principal, refuse_protected
from hatrack.model.policies import InlinePolicyRecord
from hatrack.policy import PolicyKind, check_policy, policy_size
from hatrack.store import policies as store

_KIND = {USER: PolicyKind.INLINE_USER, GROUP: PolicyKind.INLINE_GROUP, ROLE: PolicyKind.INLINE_ROLE}


def _quota(principal: Principal) -> int:
    quota = _KIND[principal.kind].size_quota
    assert quota is not None
    return quota


def no_such_policy(principal: Principal, policy_name: str) -> NoSuchEntity:
    return NoSuchEntity(f"The {principal.kind} policy with name {policy_name} cannot be found.")


def put_inline_policy(
    conn: Connection, account_id: str, principal: Principal, policy_name: str, document: str, *, now: datetime
) -> None:
    """Create or replace an inline policy; the principal's inline total must stay within its quota."""
    refuse_protected(principal)
    check_policy(document, _KIND[principal.kind], entity_name=principal.name)
    size = policy_size(document)
    others = sum(
        policy.size
        for policy in store.list_inline_policies(conn, account_id, principal.principal_id)
        if policy.policy_name != policy_name
    )
    quota = _quota(principal)
    if others + size > quota:
        raise LimitExceeded(
            f"Maximum policy size of {quota} bytes exceeded for {principal.kind} {principal.name}"
        )
    store.put_inline_policy(
        conn,
        account_id,
        InlinePolicyRecord(principal.kind, principal.principal_id, policy_name, document, size),
        now=now,
    )


def get_inline_policy(conn: Connection, account_id: str, principal: Principal, policy_name: str) -> str:
    record = store.get_inline_policy(conn, account_id, principal.principal_id, policy_name)
    if record is None:
        raise no_such_policy(principal, policy_name)
    return record.document


def list_inline_policy_names(conn: Connection, account_id: str, principal: Principal) -> list[str]:
    return [
        policy.policy_name for policy in store.list_inline_policies(conn, account_id, principal.principal_id)
    ]


def delete_inline_policy(conn: Connection, account_id: str, principal: Principal, policy_name: str) -> None:
    refuse_protected(principal)
    if not store.delete_inline_policy(conn, account_id, principal.principal_id, policy_name):
        raise no_such_policy(principal, policy_name)
