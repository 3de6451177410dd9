"""sts:AssumeRoleWithWebIdentity — unsigned; an OIDC ID token is the caller's proof.

The pipeline routes it by Action alone with an anonymous caller, so the trust decision is asked of
the policy engine directly, for the federated principal (the provider's ARN) the token proves.

Anyone can call it, and verifying a token may fetch the provider's keys over the network. So the call
changes nothing in the store (``writes=False``: no write lock), runs in a worker thread
(``waits_on_network``), reads what it needs of the store in one short read unit that is closed
before any fetch, and refuses an ``iss`` that names no registered provider of the role's account
before any network I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.errors import AccessDenied, InvalidIdentityToken
from hatrack.model import Caller, CallerKind, SessionTag
from hatrack.sts import assume_role as steps
from hatrack.sts import directory, jwks
from hatrack.sts import web_identity as oidc
from hatrack.sts.credentials import seal_credentials
from hatrack.sts.durations import role_session_seconds
from hatrack.sts.session_policies import check_packed_size, policy_arns_from_params, resolve_session_policies
from hatrack.sts.session_tags import combine_session_tags, request_tag_context

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


@operation(
    "sts",
    "AssumeRoleWithWebIdentity",
    needs_authorization=False,
    unsigned=True,
    writes=False,
    waits_on_network=True,
)
def assume_role_with_web_identity(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    ctx = call.ctx
    target = steps.role_target(params["RoleArn"])
    session_name = params["RoleSessionName"]
    token = oidc.read_identity_token(params["WebIdentityToken"])
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
    context: dict[str, str | list[str]] = {
        "aws:SourceIp": ctx.source_ip,
        "aws:UserAgent": ctx.user_agent,
        "aws:CurrentTime": ctx.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": str(int(ctx.now.timestamp())),
        "aws:SecureTransport": "true" if ctx.secure_transport else "false",
        "aws:RequestedRegion": ctx.region,
        "aws:FederatedProvider": provider.arn,
        **oidc.web_identity_context(identity, session_name),
        **request_tag_context(tag_set),
    }
    call.audit_notes["resources"] = [
        {"ARN": target.arn, "accountId": target.account_id, "type": "AWS::IAM::Role"}
    ]
    wanted = [ACTION] + (["sts:TagSession"] if tag_set.requested else [])
    if role is None or not all(
        oidc.is_trusted_by(
            role.trust_policy,
            action=action,
            provider_arn=provider.arn,
            role_arn=target.arn,
            role_account=target.account_id,
            context=context,
        )
        for action in wanted
    ):
        raise AccessDenied(NOT_AUTHORIZED)
    call.authorized = True  # the decision above is the operation's authorization
    holder = Caller(
        kind=CallerKind.ANONYMOUS,
        account_id=target.account_id,
        partition=ctx.partition,
        arn=provider.arn,
        principal_id=identity.subject,
    )
    policies = resolve_session_policies(
        policy=params.get("Policy"),
        policy_arns=policy_arns_from_params(params.get("PolicyArns")),
        managed_document=lambda arn: directory.managed_policy_document(
            call.conn, target.account_id, arn, partition=call.ctx.partition
        ),
    )
    claims = steps.build_role_session(
        caller=holder,
        role=role,
        partition=ctx.partition,
        session_name=session_name,
        seconds=role_session_seconds(
            params.get("DurationSeconds"), max_session_duration=role.max_session_duration, chained=False
        ),
        keys=directory.temporary_keys_for(call.conn, role.account_id),
        policies=policies,
        tag_set=tag_set,
        source_identity=identity.source_identity,
        mfa=None,
        now=ctx.now,
    )
    packed_size = check_packed_size(claims)
    result = steps.role_session_response(claims, seal_credentials(call.services.keyring, claims), packed_size)
    result.update(
        SubjectFromWebIdentityToken=identity.subject, Provider=identity.issuer, Audience=identity.audience
    )
    return result
