"""sts:AssumeRoleWithSAML — unsigned; an IdP's signed SAML response is the caller's proof.

Routed like AssumeRoleWithWebIdentity (``UNSIGNED_STS_ACTIONS``), with an anonymous caller, and
decided by a rule of its own (``decided_by=trusted_saml_identity``): the response is verified
(``hatrack.sts.saml``) against the signing certificates of the provider ``PrincipalArn`` names, the
(RoleArn, PrincipalArn) pair must be one of the assertion's ``Role`` attribute, and the role's trust
policy must allow sts:AssumeRoleWithSAML (and sts:TagSession / sts:SetSourceIdentity when the
assertion passes tags / a source identity) for the federated principal (the provider's ARN) with
the saml: condition keys. The handler then remembers the assertion's id until it expires
(``store.saml``, in the same transaction): the same assertion is refused a second time.

Verifying XML is CPU work sized by the caller's input, so the call runs in a worker thread
(``cpu_heavy``), never on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hatrack.api.authorize import OwnDecision, request_keys
from hatrack.api.context import Call
from hatrack.api.handlers import sts_sessions
from hatrack.api.registry import operation
from hatrack.api.shapes import Shape
from hatrack.api.shapes import sts as shapes
from hatrack.api.targets import ConditionKeys
from hatrack.errors import ExpiredIdentityToken, InvalidIdentityToken
from hatrack.iam import saml_providers
from hatrack.model import SessionTag
from hatrack.model.identities import SamlProviderRecord
from hatrack.policy import PrincipalType
from hatrack.sts import assume_role as steps
from hatrack.sts import directory, saml
from hatrack.sts.durations import role_session_seconds
from hatrack.sts.session_tags import SessionTagSet, combine_session_tags, request_tag_context
from hatrack.sts.trust import trust_policy_allows
from hatrack.types import Arn

ACTION = "sts:AssumeRoleWithSAML"
NOT_AUTHORIZED = "Not authorized to perform sts:AssumeRoleWithSAML"  # AWS's
NO_PROVIDER = "Specified provider doesn't exist."  # AWS's (IAM User Guide, troubleshooting SAML)


@dataclass(frozen=True, slots=True)
class _Verified:
    target: directory.RoleTarget
    provider: SamlProviderRecord
    provider_arn: str
    role: directory.Role | None
    identity: saml.SamlIdentity
    tag_set: SessionTagSet
    context: ConditionKeys


def _provider(call: Call, target: directory.RoleTarget, principal_arn: str) -> SamlProviderRecord:
    """The SAML provider ``principal_arn`` names in the role's account (InvalidIdentityToken if none)."""
    try:
        arn = Arn.parse(principal_arn)
    except Exception:
        raise InvalidIdentityToken(NO_PROVIDER) from None
    prefix = "saml-provider/"
    if (
        arn.partition != call.ctx.partition
        or arn.service != "iam"
        or arn.region
        or arn.account != target.account_id
        or not arn.resource.startswith(prefix)
    ):
        raise InvalidIdentityToken(NO_PROVIDER)
    found = saml_providers.find_provider(call.conn, target.account_id, arn.resource[len(prefix) :])
    if found is None:
        raise InvalidIdentityToken(NO_PROVIDER)
    return found


def _verify(call: Call, request: shapes.AssumeRoleWithSAMLRequest) -> _Verified:
    ctx = call.ctx
    target = steps.role_target(request.role_arn)
    root = saml.read_response(request.saml_assertion)
    provider = _provider(call, target, request.principal_arn)
    if provider.valid_until <= ctx.now:
        raise InvalidIdentityToken("The SAML provider's metadata is no longer valid (ValidUntil)")  # [choice]
    identity = saml.verify_response(
        root, entity_id=provider.entity_id, certificates=provider.certificates, now=ctx.now
    )
    role = directory.find_role(call.conn, target) if target.partition == ctx.partition else None
    tag_set = combine_session_tags(
        [SessionTag(key, value) for key, value in identity.tags], list(identity.transitive_tag_keys)
    )
    provider_arn = provider.arn(ctx.partition)
    context: ConditionKeys = {
        **request_keys(ctx),
        "aws:FederatedProvider": provider_arn,
        **saml.saml_context(identity, account_id=provider.account_id, provider_name=provider.name),
        **request_tag_context(tag_set),
    }
    return _Verified(target, provider, provider_arn, role, identity, tag_set, context)


def _verified(call: Call, request: Shape) -> _Verified:
    assert isinstance(request, shapes.AssumeRoleWithSAMLRequest)
    return call.once(_verify, request)


def trusted_saml_identity(call: Call, request: Shape) -> OwnDecision:
    """The assertion maps its holder to the (role, provider) pair asked for, and the role's trust
    policy allows the federated principal (the provider's ARN) what the call needs."""
    verified = _verified(call, request)
    role, target = verified.role, verified.target
    assert isinstance(request, shapes.AssumeRoleWithSAMLRequest)
    mapped = (request.role_arn, request.principal_arn) in verified.identity.roles
    wanted = [ACTION]
    if verified.tag_set.requested:
        wanted.append("sts:TagSession")
    if verified.identity.source_identity is not None:
        wanted.append("sts:SetSourceIdentity")
    allowed = (
        mapped
        and role is not None
        and all(
            trust_policy_allows(
                role.trust_policy,
                principal_arn=verified.provider_arn,
                principal_type=PrincipalType.FEDERATED,
                action=action,
                role_arn=target.arn,
                role_account=target.account_id,
                context=verified.context,
            )
            for action in wanted
        )
    )
    return OwnDecision(rule="RoleTrustPolicyForSAML", allowed=allowed, refusal=NOT_AUTHORIZED)


@operation("sts", "AssumeRoleWithSAML", action=ACTION, decided_by=trusted_saml_identity, cpu_heavy=True)
def assume_role_with_saml(
    call: Call, request: shapes.AssumeRoleWithSAMLRequest
) -> shapes.AssumeRoleWithSAMLResponse:
    ctx = call.ctx
    verified = _verified(call, request)
    target, role, identity = verified.target, verified.role, verified.identity
    call.audit_notes["resources"] = [
        {"ARN": target.arn, "accountId": target.account_id, "type": "AWS::IAM::Role"}
    ]
    assert role is not None  # a missing role trusts nobody, so the decision refused it
    qualifier = saml.name_qualifier(identity.issuer, target.account_id, verified.provider.name)
    # CloudTrail's userIdentity of a SAML federated caller (AWS's form: "SAMLUser").
    call.audit_notes["userIdentity"] = {
        "type": "SAMLUser",
        "principalId": f"{qualifier}:{identity.subject}",
        "userName": identity.subject,
        "identityProvider": qualifier,
    }
    saml.redeem(call.conn, target.account_id, identity, now=ctx.now)
    requested = (
        request.duration_seconds if request.duration_seconds is not None else identity.session_duration
    )
    seconds = role_session_seconds(requested, max_session_duration=role.max_session_duration, chained=False)
    if identity.session_not_on_or_after is not None:
        # AWS: the session lasts DurationSeconds or until SessionNotOnOrAfter, whichever is shorter.
        left = int((identity.session_not_on_or_after - ctx.now) / timedelta(seconds=1))
        if left < 1:
            raise ExpiredIdentityToken("Response has expired")  # [choice]
        seconds = min(seconds, left)
    session = sts_sessions.federated_session(
        call,
        role,
        provider_arn=verified.provider_arn,
        subject=identity.subject,
        session_name=identity.session_name,
        seconds=seconds,
        policy=request.policy,
        descriptors=request.policy_arns,
        tag_set=verified.tag_set,
        source_identity=identity.source_identity,
    )
    claims = session.claims
    return shapes.AssumeRoleWithSAMLResponse(
        credentials=sts_sessions.credentials(session.credentials),
        assumed_role_user=sts_sessions.assumed_role_user(claims),
        packed_policy_size=session.packed_policy_size,
        subject=identity.subject,
        subject_type=identity.subject_type,
        issuer=identity.issuer,
        audience=identity.recipient,
        name_qualifier=qualifier,
        source_identity=claims.source_identity,
    )
