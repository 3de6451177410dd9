"""The identity-based policies, permissions boundary and tags of a caller, as stored right now.

Runs on every authorized request, so it reads with a handful of indexed queries and caches nothing
across transactions: a policy change is enforced on the very next request.

- IAM user (also its GetSessionToken and GetFederationToken sessions): the user's inline and attached
  policies, those of every group it is in, the user's boundary and tags;
- role session: the role's inline and attached policies, its boundary and tags;
- account root: nothing (the authorizer allows it everything in its own account).

Labels name each policy as AWS does in explanations: the policy ARN, or ``inline:<name>``.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from hatrack.errors import IamError
from hatrack.iam import managed_policies
from hatrack.iam.principals import LabelledPolicy, PrincipalPolicies
from hatrack.model import Caller, CallerKind, TokenKind
from hatrack.model.identities import UserRecord
from hatrack.store import groups as group_store
from hatrack.store import policies as policy_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

NOTHING = PrincipalPolicies()
# A boundary whose policy no longer exists: it allows no action.
ALLOWS_NOTHING = (
    '{"Version": "2012-10-17", '
    '"Statement": [{"Effect": "Allow", "Action": "hatrack:NoAction", "Resource": "*"}]}'
)


def load_caller_policies(conn: Connection, caller: Caller) -> PrincipalPolicies:
    if caller.is_root or caller.kind is CallerKind.ANONYMOUS:
        return NOTHING
    session = caller.session
    account_id = caller.account_id
    if session is not None and session.kind is TokenKind.ASSUMED_ROLE:
        role = role_store.get_role_by_id(conn, account_id, session.role_id)
        if role is None:
            return NOTHING
        return PrincipalPolicies(
            identity=identity_policies(conn, account_id, [role.role_id], caller.partition),
            boundary=boundary_policy(conn, account_id, role.permissions_boundary_arn),
            tags=role.tags,
        )
    user = _user_of(conn, caller)
    if user is None:
        return NOTHING
    group_ids = [group.group_id for group in group_store.list_groups_for_user(conn, account_id, user.user_id)]
    return PrincipalPolicies(
        identity=identity_policies(conn, account_id, [user.user_id, *group_ids], caller.partition),
        boundary=boundary_policy(conn, account_id, user.permissions_boundary_arn),
        tags=user.tags,
    )


def _user_of(conn: Connection, caller: Caller) -> UserRecord | None:
    session = caller.session
    if session is not None and session.user_id:
        return user_store.get_user_by_id(conn, caller.account_id, session.user_id)
    if caller.kind is CallerKind.IAM_USER and caller.principal_id:
        return user_store.get_user_by_id(conn, caller.account_id, caller.principal_id)
    name = session.user_name if session is not None else caller.user_name
    return user_store.get_user(conn, caller.account_id, name) if name else None


def identity_policies(
    conn: Connection, account_id: str, principal_ids: list[str], partition: str
) -> tuple[LabelledPolicy, ...]:
    """Inline and attached policies of the principals: two queries (attached via the default version)."""
    found = [
        LabelledPolicy(f"inline:{policy.policy_name}", policy.document)
        for policy in policy_store.inline_documents(conn, account_id, principal_ids)
    ]
    aws = managed_policies.aws_managed_by_id()
    for entry in policy_store.attached_documents(conn, account_id, principal_ids):
        if entry.document is not None:
            label = f"arn:{partition}:iam::{account_id}:policy{entry.path}{entry.policy_name}"
            found.append(LabelledPolicy(label, entry.document))
        elif entry.policy_id in aws:
            policy = aws[entry.policy_id]
            label = f"arn:{partition}:iam::aws:policy{policy.path}{policy.policy_name}"
            found.append(LabelledPolicy(label, policy.document))
    return tuple(found)


def boundary_policy(conn: Connection, account_id: str, arn: str | None) -> LabelledPolicy | None:
    """The boundary's current default document (one query). A boundary whose policy is gone allows nothing."""
    if arn is None:
        return None
    try:
        owner, path, name = managed_policies.split_policy_arn(arn)
    except IamError:
        return LabelledPolicy(arn, ALLOWS_NOTHING)
    if owner == managed_policies.AWS_ACCOUNT:
        aws = managed_policies.aws_managed_policies().get(name.lower())
        if aws is not None and (aws.path, aws.policy_name) == (path, name):
            return LabelledPolicy(arn, aws.document)
    elif owner == account_id:
        found = policy_store.default_document_by_name(conn, account_id, name)
        if found is not None and found[:2] == (name, path):
            return LabelledPolicy(arn, found[2])
    return LabelledPolicy(arn, ALLOWS_NOTHING)
