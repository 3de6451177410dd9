"""AssumeRole: check what the request asks for and build the role session ("the hat").

The handler (``hatrack.api.handlers.sts_assume_role``) runs the steps in this order, each from here:
parse the role ARN, prove MFA, read the role (once), ask the policy engine whether the role's trust
policy (and, across accounts or when the trust names only the account, the caller's own policies)
allows ``sts:AssumeRole`` with the request's condition keys, then fix the duration, resolve session
policies, combine session tags, seal the token.

A role session has exactly its role's permissions, narrowed by the session policies and the role's
permissions boundary: the authorizer loads the *role's* policies for it, never those of whoever
assumed it.
"""

from __future__ import annotations

import re
from datetime import datetime

from hatrack.errors import AccessDenied, ValidationError
from hatrack.model import Caller, CallerKind, SessionClaims, TokenKind
from hatrack.sts.credentials import TemporaryKeys, session_window
from hatrack.sts.directory import Role, RoleTarget, parse_role_arn
from hatrack.sts.durations import role_session_seconds
from hatrack.sts.mfa import MfaProof, mfa_context
from hatrack.sts.session_policies import SessionPolicies
from hatrack.sts.session_tags import SessionTagSet, request_tag_context

# The trust policy a role that does not exist is judged by: it trusts nobody, so an unknown role is
# refused exactly like a role whose trust policy does not name the caller (no enumeration of names).
UNTRUSTING_POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"NoSuchRole","Effect":"Allow",'
    '"Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole",'
    '"Condition":{"Bool":{"hatrack:NoSuchRole":"true"}}}]}'
)


# The SourceIdentity member of AssumeRole's botocore model: 2-64 characters of [\w+=,.@-].
SOURCE_IDENTITY_MIN, SOURCE_IDENTITY_MAX = 2, 64
_SOURCE_IDENTITY = re.compile(r"[\w+=,.@-]*")
ROOT_MAY_NOT_ASSUME = "Roles may not be assumed by root accounts."


def validate_source_identity(value: str | None) -> None:
    """AWS checks the parameter's length and characters before anything else (ValidationError)."""
    if value is None:
        return
    problems: list[str] = []
    if len(value) < SOURCE_IDENTITY_MIN:
        problems.append(f"Member must have length greater than or equal to {SOURCE_IDENTITY_MIN}")
    if len(value) > SOURCE_IDENTITY_MAX:
        problems.append(f"Member must have length less than or equal to {SOURCE_IDENTITY_MAX}")
    if not _SOURCE_IDENTITY.fullmatch(value):
        problems.append(f"Member must satisfy regular expression pattern: {_SOURCE_IDENTITY.pattern}")
    if problems:
        count = len(problems)
        errors = "error" if count == 1 else "errors"
        details = "; ".join(
            f"Value '{value}' at 'sourceIdentity' failed to satisfy constraint: {problem}"
            for problem in problems
        )
        raise ValidationError(f"{count} validation {errors} detected: {details}")


def refuse_root(caller: Caller) -> None:
    """The account root (its own keys or its GetSessionToken session) may not assume roles; AWS answers
    AccessDenied "Roles may not be assumed by root accounts." whatever the trust policy says."""
    if caller.is_root:
        raise AccessDenied(ROOT_MAY_NOT_ASSUME)


def role_target(role_arn: str) -> RoleTarget:
    target = parse_role_arn(role_arn)
    if target is None:
        raise ValidationError(f"{role_arn} is invalid")
    return target


def is_role_chaining(caller: Caller) -> bool:
    """Role chaining: a role session (from AssumeRole or AssumeRoleWithWebIdentity) assumes a role."""
    return caller.session is not None and caller.session.kind is TokenKind.ASSUMED_ROLE


def refuse_caller_kinds(caller: Caller, target: RoleTarget) -> None:
    """Federated users may call no STS operation but GetCallerIdentity (GetFederationToken docs)."""
    if caller.kind is CallerKind.FEDERATED_USER or caller.kind is CallerKind.ANONYMOUS:
        raise AccessDenied(
            f"User: {caller.arn} is not authorized to perform: sts:AssumeRole on resource: {target.arn}"
        )


def effective_source_identity(caller: Caller, requested: str | None, target: RoleTarget) -> str | None:
    """A source identity is set once and kept through the chain; it cannot be changed."""
    inherited = caller.session.source_identity if caller.session is not None else None
    if inherited is not None and requested is not None and requested != inherited:
        raise AccessDenied(
            f"User: {caller.arn} is not authorized to perform: sts:SetSourceIdentity "
            f"on resource: {target.arn} because the source identity of the calling session is already set "
            "and cannot be changed"
        )
    return requested if requested is not None else inherited


def trust_context(
    *,
    session_name: str,
    external_id: str | None,
    tag_set: SessionTagSet,
    source_identity: str | None,
    mfa: MfaProof | None,
) -> dict[str, str | list[str]]:
    """The request's own condition keys for the trust-policy decision (the authorizer adds the global
    ones: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalTag/*, aws:SourceIp ...)."""
    context: dict[str, str | list[str]] = {"sts:RoleSessionName": session_name}
    if external_id is not None:
        context["sts:ExternalId"] = external_id
    if source_identity is not None:
        context["sts:SourceIdentity"] = source_identity
    context.update(request_tag_context(tag_set))
    context.update(mfa_context(mfa))
    return context


def build_role_session(
    *,
    caller: Caller,
    role: Role,
    partition: str,
    session_name: str,
    seconds: int,
    keys: TemporaryKeys,
    policies: SessionPolicies,
    tag_set: SessionTagSet,
    source_identity: str | None,
    mfa: MfaProof | None,
    now: datetime,
) -> SessionClaims:
    issued_at, expires_at = session_window(now, seconds)
    caller_session = caller.session
    mfa_authenticated = mfa is not None
    mfa_at = mfa.authenticated_at if mfa is not None else None
    if mfa is None and caller_session is not None and caller_session.mfa_authenticated:
        mfa_authenticated, mfa_at = True, caller_session.mfa_authenticated_at
    return SessionClaims(
        kind=TokenKind.ASSUMED_ROLE,
        account_id=role.account_id,
        partition=partition,
        access_key_id=keys.access_key_id,
        secret_access_key=keys.secret_access_key,
        issued_at=issued_at,
        expires_at=expires_at,
        session_name=session_name,
        role_name=role.name,
        role_path=role.path,
        role_id=role.role_id,
        source_arn=caller.arn,
        source_access_key_id=caller.access_key_id,
        source_identity=source_identity,
        mfa_authenticated=mfa_authenticated,
        mfa_authenticated_at=mfa_at,
        session_policies=policies.documents,
        session_policy_arns=policies.arns,
        tags=tag_set.tags,
        transitive_tag_keys=tag_set.transitive_keys,
        chained=is_role_chaining(caller),
        # Switch Role in the console (and a role assumed from such a role session) stays "from console".
        from_console=caller_session is not None
        and (caller_session.kind is TokenKind.CONSOLE or caller_session.from_console),
    )


def assumed_role_user(claims: SessionClaims) -> tuple[str, str]:
    """``AssumedRoleUser``'s ARN (without the role's path, as AWS writes it) and its id."""
    account, role, session = claims.account_id, claims.role_name, claims.session_name
    arn = f"arn:{claims.partition}:sts::{account}:assumed-role/{role}/{session}"
    return arn, f"{claims.role_id}:{claims.session_name}"


__all__ = [
    "UNTRUSTING_POLICY",
    "assumed_role_user",
    "build_role_session",
    "effective_source_identity",
    "is_role_chaining",
    "refuse_caller_kinds",
    "refuse_root",
    "role_session_seconds",
    "role_target",
    "trust_context",
    "validate_source_identity",
]
