"""sts:AssumeRoleWithWebIdentity — unsigned; an OIDC ID token is the caller's proof.

The pipeline routes it by Action alone with an anonymous caller, so the operation decides for
itself (``decided_by=trusted_web_identity``, an ``OwnDecision`` the pipeline enforces before the
handler runs): the role's trust policy is asked of the policy engine directly, for the federated
principal (the provider's ARN) the token proves. The token is verified once per call (``Call.once``).

Anyone can call it, and verifying a token may fetch the provider's keys over the network. So the call
changes nothing in the store (``writes=False``: no write lock), runs in a worker thread
(``waits_on_network``), reads what it needs of the store in one short read unit that is closed
before any fetch, and refuses an ``iss`` that names no registered provider of the role's account
before any network I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hatrack.api.authorize import OwnDecision, request_keys
from hatrack.api.context import Call
from hatrack.api.handlers import sts_sessions
from hatrack.api.registry import operation
from hatrack.api.shapes import Shape
from hatrack.api.shapes import sts as shapes
from hatrack.api.targets import ConditionKeys
from hatrack.errors import InvalidIdentityToken
from hatrack.model import SessionTag
from hatrack.policy import PrincipalType
from hatrack.sts import assume_role as steps
from hatrack.sts import directory, jwks
from hatrack.sts import web_identity as oidc
from hatrack.sts.durations import role_session_seconds
from hatrack.sts.session_tags import SessionTagSet, combine_session_tags, request_tag_context
from hatrack.sts.trust import trust_policy_allows

ACTION = "sts:AssumeRoleWithWebIdentity"
NOT_AUTHORIZED = "Not authorized to perform sts:AssumeRoleWithWebIdentity"


def _provider_and_role(
    call: Call, target: directory.RoleTarget, issuer: str
) -> tuple[directory.OidcProvider, directory.Role | None]:
    """The registered provider ``issuer`` names in the role's account, and the role, in one read unit
    that is closed when this returns (no transaction stays open while keys are fetched)."""
    url = oidc.provider_url_of_issuer(issuer)
    with call.services.database.read() as conn:
        provider = (
            directory.find_oidc_provider(conn, target.account_id, url, partition=call.ctx.partition)
            if url is not None
            else None
        )
        if provider is None:
            raise InvalidIdentityToken(f"No OpenIDConnect provider found in your account for {issuer}")
        role = directory.find_role(conn, target) if target.partition == call.ctx.partition else None
    return provider, role


@dataclass(frozen=True, slots=True)
class _Verified:
    """An AssumeRoleWithWebIdentity request once its token is verified, as far as the decision goes."""

    target: directory.RoleTarget
    provider: directory.OidcProvider
    role: directory.Role | None  # None: no such role (or another partition's ARN)
    identity: oidc.WebIdentity
    tag_set: SessionTagSet
    context: ConditionKeys


def _verify(call: Call, request: shapes.AssumeRoleWithWebIdentityRequest) -> _Verified:
    """The role ARN, the token's issuer, its registered provider and the role (one read unit), the
    token's signature and claims, its session tags and the trust decision's condition keys."""
    ctx = call.ctx
    target = steps.role_target(request.role_arn)
    token = oidc.read_identity_token(request.web_identity_token)
    issuer = oidc.token_issuer(token)
    provider, role = _provider_and_role(call, target, issuer)
    source = jwks.KeySource(provider.account_id, provider.url, provider.jwks_uri)
    configured = jwks.parse_jwks(provider.jwks) if provider.jwks is not None else None

    def key_set(refresh: bool) -> Sequence[Mapping[str, Any]]:
        if configured is not None:
            return configured
        return jwks.DEFAULT_JWKS_CACHE.keys_for(source, refresh=refresh)

    identity = oidc.verify_identity_token(
        token, provider_url=provider.url, client_ids=provider.client_ids, key_sets=key_set, now=ctx.now
    )
    token_tags, token_transitive = oidc.tags_of_identity(identity)
    tag_set = combine_session_tags([SessionTag(key, value) for key, value in token_tags], token_transitive)
    # The request's own global keys come from the one request builder; the principal is the
    # provider the token proves (the caller is anonymous, so it brings no principal keys).
    context: ConditionKeys = {
        **request_keys(ctx),
        "aws:FederatedProvider": provider.arn,
        **oidc.web_identity_context(identity, request.role_session_name),
        **request_tag_context(tag_set),
    }
    return _Verified(target, provider, role, identity, tag_set, context)


def _verified(call: Call, request: Shape) -> _Verified:
    assert isinstance(request, shapes.AssumeRoleWithWebIdentityRequest)
    return call.once(_verify, request)


def trusted_web_identity(call: Call, request: Shape) -> OwnDecision:
    """The role's trust policy decides, for the federated principal the token proves (the provider's
    ARN), sts:AssumeRoleWithWebIdentity and, when the token passes tags, sts:TagSession. A missing
    role is refused like an untrusting one, with the same message."""
    verified = _verified(call, request)
    role, target = verified.role, verified.target
    wanted = [ACTION] + (["sts:TagSession"] if verified.tag_set.requested else [])
    allowed = role is not None and all(
        trust_policy_allows(
            role.trust_policy,
            principal_arn=verified.provider.arn,
            principal_type=PrincipalType.FEDERATED,
            action=action,
            role_arn=target.arn,
            role_account=target.account_id,
            context=verified.context,
        )
        for action in wanted
    )
    return OwnDecision(rule="RoleTrustPolicyForWebIdentity", allowed=allowed, refusal=NOT_AUTHORIZED)


@operation(
    "sts",
    "AssumeRoleWithWebIdentity",
    action=ACTION,
    decided_by=trusted_web_identity,
    writes=False,
    waits_on_network=True,
)
def assume_role_with_web_identity(
    call: Call, request: shapes.AssumeRoleWithWebIdentityRequest
) -> shapes.AssumeRoleWithWebIdentityResponse:
    verified = _verified(call, request)
    target, role, identity = verified.target, verified.role, verified.identity
    call.audit_notes["resources"] = [
        {"ARN": target.arn, "accountId": target.account_id, "type": "AWS::IAM::Role"}
    ]
    assert role is not None  # a missing role trusts nobody, so the decision refused it
    session = sts_sessions.federated_session(
        call,
        role,
        provider_arn=verified.provider.arn,
        subject=identity.subject,
        session_name=request.role_session_name,
        seconds=role_session_seconds(
            request.duration_seconds, max_session_duration=role.max_session_duration, chained=False
        ),
        policy=request.policy,
        descriptors=request.policy_arns,
        tag_set=verified.tag_set,
        source_identity=identity.source_identity,
    )
    claims = session.claims
    return shapes.AssumeRoleWithWebIdentityResponse(
        credentials=sts_sessions.credentials(session.credentials),
        subject_from_web_identity_token=identity.subject,
        assumed_role_user=sts_sessions.assumed_role_user(claims),
        packed_policy_size=session.packed_policy_size,
        provider=identity.issuer,
        audience=identity.audience,
        source_identity=claims.source_identity,
    )
