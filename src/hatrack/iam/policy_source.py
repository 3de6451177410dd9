"""The one source of a principal's identity-based policies, permissions boundary and tags, as stored now.

Both the live authorization path (``load_principal_policies``, on every authorized request) and the
policy simulator (SimulatePrincipalPolicy, GetContextKeysForPrincipalPolicy: ``user_policies``,
``group_policies``, ``role_policies``) read a principal's policies here, so that a simulation sees
exactly what the authorizer enforces.

- IAM user (also its GetSessionToken and GetFederationToken sessions): the user's inline and attached
  policies, those of every group it is in, the user's boundary and tags;
- role session: the role's inline and attached policies, its boundary and tags;
- group (simulator only): the group's inline and attached policies;
- account root and anonymous callers: nothing (the authorizer allows the root everything in its own
  account).

It reads with a handful of indexed queries and caches nothing across transactions: a policy change is
enforced on the very next request. Inline policies come first (by owner id, then name), then the
attached managed policies, each once even when attached both to a user and to one of its groups.

Dependencies point one way: this module reads ``hatrack.store`` and ``managed_policies``; nothing it
imports imports it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from hatrack.errors import IamError
from hatrack.iam import managed_policies
from hatrack.iam.attachments import GROUP, ROLE, USER
from hatrack.model import Caller, CallerKind, TokenKind
from hatrack.model.identities import GroupRecord, RoleRecord, UserRecord
from hatrack.model.policies import AttachedDocument, InlinePolicyRecord
from hatrack.store import groups as group_store
from hatrack.store import policies as policy_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

# The ``PolicyType`` values of ``PolicyExclusionList`` (IAM API Reference, "PolicyIdentifier").
INLINE, AWS_MANAGED, USER_MANAGED = "inline", "aws-managed", "user-managed"

# A boundary whose policy no longer exists: it allows no action.
ALLOWS_NOTHING = (
    '{"Version": "2012-10-17", '
    '"Statement": [{"Effect": "Allow", "Action": "hatrack:NoAction", "Resource": "*"}]}'
)


@dataclass(frozen=True, slots=True)
class LabelledPolicy:
    """A policy document and the name AWS would use for it in explanations (ARN or inline name)."""

    label: str
    document: str


@dataclass(frozen=True, slots=True)
class IdentityPolicy:
    """One identity-based policy of a principal, with everything that names it.

    ``attached_to`` is the (user | group | role, name) owning an inline policy; None for a managed one.
    """

    name: str
    document: str
    policy_type: str  # INLINE | AWS_MANAGED | USER_MANAGED
    policy_arn: str | None = None
    attached_to: tuple[str, str] | None = None

    @property
    def label(self) -> str:
        """The policy ARN, or ``inline:<name>``."""
        return self.policy_arn if self.policy_arn is not None else f"inline:{self.name}"


@dataclass(frozen=True, slots=True)
class PrincipalPolicies:
    identity: tuple[IdentityPolicy, ...] = ()
    boundary: LabelledPolicy | None = None
    tags: tuple[tuple[str, str], ...] = ()


NOTHING = PrincipalPolicies()


# --- the live path: a caller ------------------------------------------------------------------------


def load_principal_policies(conn: Connection, caller: Caller) -> PrincipalPolicies:
    """The identity-based policies, boundary and principal tags of ``caller`` as stored now."""
    if caller.is_root or caller.kind is CallerKind.ANONYMOUS:
        return NOTHING
    session = caller.session
    if session is not None and session.kind is TokenKind.ASSUMED_ROLE:
        role = role_store.get_role_by_id(conn, caller.account_id, session.role_id)
        return NOTHING if role is None else role_policies(conn, role, partition=caller.partition)
    user = _user_of(conn, caller)
    return NOTHING if user is None else user_policies(conn, user, partition=caller.partition)


def _user_of(conn: Connection, caller: Caller) -> UserRecord | None:
    session = caller.session
    if session is not None and session.user_id:
        return user_store.get_user_by_id(conn, caller.account_id, session.user_id)
    if caller.kind is CallerKind.IAM_USER and caller.principal_id:
        return user_store.get_user_by_id(conn, caller.account_id, caller.principal_id)
    name = session.user_name if session is not None else caller.user_name
    return user_store.get_user(conn, caller.account_id, name) if name else None


# --- a user, group or role --------------------------------------------------------------------------


def user_policies(conn: Connection, user: UserRecord, *, partition: str) -> PrincipalPolicies:
    """The user's own policies and those of every group it is in, its boundary and tags."""
    owners = {user.user_id: (USER, user.name)}
    for group in group_store.list_groups_for_user(conn, user.account_id, user.user_id):
        owners[group.group_id] = (GROUP, group.name)
    return PrincipalPolicies(
        identity=_identity_policies(conn, user.account_id, owners, partition),
        boundary=boundary_policy(conn, user.account_id, user.permissions_boundary_arn),
        tags=user.tags,
    )


def role_policies(conn: Connection, role: RoleRecord, *, partition: str) -> PrincipalPolicies:
    """The role's policies, its boundary and tags."""
    return PrincipalPolicies(
        identity=_identity_policies(conn, role.account_id, {role.role_id: (ROLE, role.role_name)}, partition),
        boundary=boundary_policy(conn, role.account_id, role.permissions_boundary_arn),
        tags=role.tags,
    )


def group_policies(conn: Connection, group: GroupRecord, *, partition: str) -> PrincipalPolicies:
    """The group's policies (groups have neither boundaries nor tags)."""
    owners = {group.group_id: (GROUP, group.name)}
    return PrincipalPolicies(identity=_identity_policies(conn, group.account_id, owners, partition))


def account_policies(
    conn: Connection,
    account_id: str,
    users: Sequence[UserRecord],
    roles: Sequence[RoleRecord],
    groups_of: Mapping[str, Sequence[GroupRecord]],
    *,
    partition: str,
) -> dict[str, PrincipalPolicies]:
    """``user_policies`` / ``role_policies`` of many principals of one account (by unique id), with two
    queries for all of them (``groups_of``: each user's groups): what a whole-account analysis reads.
    The same documents, in the same order, as the one-principal functions."""
    owners_of: dict[str, dict[str, tuple[str, str]]] = {}
    for user in users:
        owners = {user.user_id: (USER, user.name)}
        for group in groups_of.get(user.user_id, ()):
            owners[group.group_id] = (GROUP, group.name)
        owners_of[user.user_id] = owners
    for role in roles:
        owners_of[role.role_id] = {role.role_id: (ROLE, role.role_name)}
    every = sorted({owner for owners in owners_of.values() for owner in owners})
    inline = policy_store.inline_documents(conn, account_id, every)
    attached = policy_store.attached_documents(conn, account_id, every)
    found: dict[str, PrincipalPolicies] = {}
    for user in users:
        owners = owners_of[user.user_id]
        found[user.user_id] = PrincipalPolicies(
            identity=_documents_of(account_id, owners, partition, inline, attached),
            boundary=boundary_policy(conn, account_id, user.permissions_boundary_arn),
            tags=user.tags,
        )
    for role in roles:
        owners = owners_of[role.role_id]
        found[role.role_id] = PrincipalPolicies(
            identity=_documents_of(account_id, owners, partition, inline, attached),
            boundary=boundary_policy(conn, account_id, role.permissions_boundary_arn),
            tags=role.tags,
        )
    return found


def _identity_policies(
    conn: Connection, account_id: str, owners: dict[str, tuple[str, str]], partition: str
) -> tuple[IdentityPolicy, ...]:
    """Inline and attached policies of the principals in ``owners`` (id -> kind and name): two queries,
    attached policies read through their default version."""
    ids = list(owners)
    return _documents_of(
        account_id,
        owners,
        partition,
        policy_store.inline_documents(conn, account_id, ids),
        policy_store.attached_documents(conn, account_id, ids),
    )


def _documents_of(
    account_id: str,
    owners: Mapping[str, tuple[str, str]],
    partition: str,
    inline: Sequence[InlinePolicyRecord],
    attached: Sequence[AttachedDocument],
) -> tuple[IdentityPolicy, ...]:
    """The policies of ``owners`` among rows read for them (and maybe others), in the rows' order."""
    found = [
        IdentityPolicy(record.policy_name, record.document, INLINE, attached_to=owners[record.principal_id])
        for record in inline
        if record.principal_id in owners
    ]
    aws = managed_policies.aws_managed_by_id()
    seen: set[str] = set()
    for entry in attached:
        if entry.principal_id not in owners:
            continue
        if entry.policy_id in seen:
            continue
        seen.add(entry.policy_id)
        if entry.document is not None and entry.policy_name is not None:
            arn = f"arn:{partition}:iam::{account_id}:policy{entry.path}{entry.policy_name}"
            found.append(IdentityPolicy(entry.policy_name, entry.document, USER_MANAGED, arn))
        elif entry.policy_id in aws:
            known = aws[entry.policy_id]
            arn = f"arn:{partition}:iam::aws:policy{known.path}{known.policy_name}"
            found.append(IdentityPolicy(known.policy_name, known.document, AWS_MANAGED, arn))
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
