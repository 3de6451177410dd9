"""AssumeRole by a service principal on a workload's behalf: ``ec2.amazonaws.com`` for an instance
profile's role (the agent's credentials), ``rolesanywhere.amazonaws.com`` for IAM Roles Anywhere's
CreateSession.

The same steps as a caller's AssumeRole (``hatrack.sts.assume_role``), minus what only a signed
caller has (MFA, its own policies, role chaining): the role is read once, its trust policy is asked
of the policy engine for the service principal (``Principal: {"Service": ...}``) with the request's
condition keys (``sts:RoleSessionName``, ``aws:RequestTag/*``, ``aws:TagKeys``, ``aws:PrincipalTag/*``
of Roles Anywhere's certificate attributes, ``aws:SourceIp`` ...), then the duration is fixed, the
session policy resolved, the session tags combined and the token sealed. The session is an ordinary
role session: its permissions are the role's (narrowed by the session policy and the boundary), and
``AWSRevokeOlderSessions`` or any policy change applies to it on its next request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.keyring import Keyring
from hatrack.errors import AccessDenied
from hatrack.iam.names import resource_tag_context
from hatrack.model import Caller, CallerKind, SessionClaims, SessionTag
from hatrack.policy import PrincipalType
from hatrack.sts import assume_role as steps
from hatrack.sts import directory
from hatrack.sts.credentials import TemporaryCredentials, seal_credentials
from hatrack.sts.durations import role_session_seconds
from hatrack.sts.session_policies import check_packed_size, resolve_session_policies
from hatrack.sts.session_tags import combine_session_tags, request_tag_context
from hatrack.sts.trust import trust_policy_allows

EC2 = "ec2.amazonaws.com"
ROLES_ANYWHERE = "rolesanywhere.amazonaws.com"


def ec2_cannot_assume(role_name: str) -> str:
    """What EC2's instance metadata says when the profile's role does not trust EC2 (its ``Message``
    beside ``Code: AssumeRoleUnauthorizedAccess``)."""
    return (
        f"EC2 cannot assume the role {role_name}.  Please see documentation at "
        "http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html."
    )


@dataclass(frozen=True, slots=True)
class ServiceSessionRequest:
    service: str  # the service principal, e.g. "ec2.amazonaws.com"
    role_arn: str
    session_name: str
    duration_seconds: int | None
    tags: Sequence[SessionTag]
    session_policy: str | None = None
    source_identity: str | None = None
    # Further condition keys of the request (aws:SourceIp, aws:PrincipalTag/x509Subject/CN ...).
    context: Mapping[str, str | list[str]] | None = None
    # Actions the trust policy must allow besides sts:AssumeRole (Roles Anywhere: sts:TagSession and
    # sts:SetSourceIdentity, as AWS requires of a role it assumes).
    also_required: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ServiceSession:
    claims: SessionClaims
    credentials: TemporaryCredentials
    packed_policy_size: int | None
    role: directory.Role


def service_caller(service: str, account_id: str, partition: str) -> Caller:
    """The service principal as the trail's caller: CloudTrail's ``userIdentity.type`` AWSService."""
    return Caller(
        kind=CallerKind.AWS_SERVICE,
        account_id=account_id,
        partition=partition,
        arn=service,
        principal_id=service,
    )


def assume_role_as_service(
    conn: Connection, keyring: Keyring, request: ServiceSessionRequest, *, partition: str, now: datetime
) -> ServiceSession:
    """The role session, or AccessDenied (an unknown role is refused like one that does not trust the
    service, with the same message, so role names cannot be enumerated)."""
    target = steps.role_target(request.role_arn)
    steps.validate_source_identity(request.source_identity)
    tag_set = combine_session_tags(tuple(request.tags), ())
    role = directory.find_role(conn, target) if target.partition == partition else None
    context: dict[str, str | list[str]] = {
        "aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": str(int(now.timestamp())),
        "aws:PrincipalServiceName": request.service,
        "aws:PrincipalIsAWSService": "true",
        "sts:RoleSessionName": request.session_name,
        **request_tag_context(tag_set),
        **(request.context or {}),
    }
    if request.source_identity is not None:
        context["sts:SourceIdentity"] = request.source_identity
    refusal = (
        ec2_cannot_assume(target.name)
        if request.service == EC2
        else f"Not authorized to perform sts:AssumeRole on resource: {target.arn}"
    )
    if role is None:
        raise AccessDenied(refusal)
    # The role is the resource of sts:AssumeRole: its tags are aws:ResourceTag/* (as for a caller's).
    context.update(resource_tag_context(directory.role_tags(conn, role)))
    for action in ("sts:AssumeRole", *request.also_required):
        if not trust_policy_allows(
            role.trust_policy,
            principal_arn=request.service,
            principal_type=PrincipalType.SERVICE,
            action=action,
            role_arn=target.arn,
            role_account=target.account_id,
            context=context,
        ):
            raise AccessDenied(refusal)
    seconds = role_session_seconds(
        request.duration_seconds, max_session_duration=role.max_session_duration, chained=False
    )
    policies = resolve_session_policies(
        policy=request.session_policy,
        policy_arns=(),
        managed_document=lambda arn: directory.managed_policy_document(
            conn, role.account_id, arn, partition=partition
        ),
    )
    claims = steps.build_role_session(
        caller=service_caller(request.service, role.account_id, partition),
        role=role,
        partition=partition,
        session_name=request.session_name,
        seconds=seconds,
        keys=directory.temporary_keys_for(conn, role.account_id),
        policies=policies,
        tag_set=tag_set,
        source_identity=request.source_identity,
        mfa=None,
        now=now,
    )
    packed = check_packed_size(claims)
    return ServiceSession(claims, seal_credentials(keyring, claims), packed, role)


__all__ = [
    "EC2",
    "ROLES_ANYWHERE",
    "ServiceSession",
    "ServiceSessionRequest",
    "assume_role_as_service",
    "ec2_cannot_assume",
    "service_caller",
]
