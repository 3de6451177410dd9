"""What every STS operation that issues a session shares at the protocol edge: the request's session
tags and policy ARNs as ``sts`` takes them, the typed ``Credentials`` and ``AssumedRoleUser`` of
its response, and the role session of a federated principal (web identity, SAML). It registers no
operation."""

from __future__ import annotations

from dataclasses import dataclass

from hatrack.api.context import Call
from hatrack.api.shapes import sts as shapes
from hatrack.model import Caller, CallerKind, SessionClaims, SessionTag
from hatrack.sts import assume_role as steps
from hatrack.sts import directory
from hatrack.sts.credentials import TemporaryCredentials, seal_credentials
from hatrack.sts.directory import Role
from hatrack.sts.session_policies import check_packed_size, resolve_session_policies
from hatrack.sts.session_tags import SessionTagSet


def session_tags(tags: tuple[shapes.Tag, ...] | None) -> tuple[SessionTag, ...]:
    return tuple(SessionTag(key=tag.key, value=tag.value) for tag in tags or ())


def policy_arns(descriptors: tuple[shapes.PolicyDescriptorType, ...] | None) -> tuple[str, ...]:
    """The ARNs of ``PolicyArns`` (a descriptor without one names nothing and is passed over)."""
    return tuple(item.arn for item in descriptors or () if item.arn)


def credentials(issued: TemporaryCredentials) -> shapes.Credentials:
    return shapes.Credentials(
        access_key_id=issued.access_key_id,
        secret_access_key=issued.secret_access_key,
        session_token=issued.session_token,
        expiration=issued.expiration,
    )


def assumed_role_user(claims: SessionClaims) -> shapes.AssumedRoleUser:
    arn, role_session_id = steps.assumed_role_user(claims)
    return shapes.AssumedRoleUser(assumed_role_id=role_session_id, arn=arn)


@dataclass(frozen=True, slots=True)
class IssuedSession:
    claims: SessionClaims
    credentials: TemporaryCredentials
    packed_policy_size: int | None


def federated_session(
    call: Call,
    role: Role,
    *,
    provider_arn: str,
    subject: str,
    session_name: str,
    seconds: int,
    policy: str | None,
    descriptors: tuple[shapes.PolicyDescriptorType, ...] | None,
    tag_set: SessionTagSet,
    source_identity: str | None,
) -> IssuedSession:
    """The sealed role session of a principal a provider vouched for (AssumeRoleWithWebIdentity,
    AssumeRoleWithSAML): held by the provider's ARN, with the request's session policies."""
    ctx = call.ctx
    holder = Caller(
        kind=CallerKind.ANONYMOUS,
        account_id=role.account_id,
        partition=ctx.partition,
        arn=provider_arn,
        principal_id=subject,
    )
    policies = resolve_session_policies(
        policy=policy,
        policy_arns=policy_arns(descriptors),
        managed_document=lambda arn: directory.managed_policy_document(
            call.conn, role.account_id, arn, partition=ctx.partition
        ),
    )
    claims = steps.build_role_session(
        caller=holder,
        role=role,
        partition=ctx.partition,
        session_name=session_name,
        seconds=seconds,
        keys=directory.temporary_keys_for(call.conn, role.account_id),
        policies=policies,
        tag_set=tag_set,
        source_identity=source_identity,
        mfa=None,
        now=ctx.now,
    )
    packed_size = check_packed_size(claims)
    return IssuedSession(claims, seal_credentials(call.services.keyring, claims), packed_size)
