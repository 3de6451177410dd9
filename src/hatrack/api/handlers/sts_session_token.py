"""sts:GetSessionToken and sts:GetFederationToken — temporary credentials from long-term ones.

GetSessionToken is declared ``never_denied``: AWS lets no policy control it. GetFederationToken is
authorized on the federated user it names (``arn:…:sts::ACCOUNT:federated-user/NAME``, the
caller's account), with the request's tags; passing tags needs sts:TagSession on it too.
"""

from __future__ import annotations

from hatrack.api.context import Call
from hatrack.api.handlers import sts_sessions
from hatrack.api.registry import Dependent, operation
from hatrack.api.shapes import Shape
from hatrack.api.shapes import sts as shapes
from hatrack.api.targets import ConditionKeys, Target
from hatrack.sts import directory
from hatrack.sts.credentials import seal_credentials
from hatrack.sts.federation import build_federated_session, federated_user_arn
from hatrack.sts.mfa import MFA_UNVERIFIABLE, prove_mfa
from hatrack.sts.session_policies import check_packed_size, resolve_session_policies
from hatrack.sts.session_tags import SessionTagSet, combine_session_tags, request_tag_context
from hatrack.sts.session_token import build_user_session

AUTHENTICATION_OPERATION = (
    'GetSessionToken API reference: "No permissions are required for users to perform this operation. '
    '... You cannot use policies to control authentication operations."'
)


@operation("sts", "GetSessionToken", action="sts:GetSessionToken", never_denied=AUTHENTICATION_OPERATION)
def get_session_token(call: Call, request: shapes.GetSessionTokenRequest) -> shapes.GetSessionTokenResponse:
    ctx = call.ctx
    caller = ctx.caller
    mfa = prove_mfa(
        call.conn,
        call.services.keyring,
        caller,
        request.serial_number,
        request.token_code,
        now=ctx.now,
        failure_message=MFA_UNVERIFIABLE,
        throttle=call.services.mfa_throttle,
    )
    claims = build_user_session(
        caller=caller,
        requested_seconds=request.duration_seconds,
        keys=directory.temporary_keys_for(call.conn, caller.account_id),
        mfa=mfa,
        now=ctx.now,
    )
    issued = seal_credentials(call.services.keyring, claims)
    return shapes.GetSessionTokenResponse(credentials=sts_sessions.credentials(issued))


def _tag_set(request: Shape) -> SessionTagSet:
    """The federated session's tags (checked: no duplicate keys, at most 50); pure, so worked out
    again where needed."""
    assert isinstance(request, shapes.GetFederationTokenRequest)
    return combine_session_tags(sts_sessions.session_tags(request.tags), ())


def federated_user(call: Call, request: Shape) -> Target:
    """The federated user ``Name`` names, in the caller's account and the server's partition."""
    assert isinstance(request, shapes.GetFederationTokenRequest)
    return Target(federated_user_arn(call.ctx.partition, call.ctx.account_id, request.name))


def federation_request_tags(call: Call, request: Shape) -> ConditionKeys:
    """aws:RequestTag/*, aws:TagKeys of the tags the request passes (none without tags)."""
    return request_tag_context(_tag_set(request))


def passes_session_tags(call: Call, request: Shape) -> bool:
    return bool(_tag_set(request).requested)


@operation(
    "sts",
    "GetFederationToken",
    action="sts:GetFederationToken",
    resource=federated_user,
    condition_keys=(federation_request_tags,),
    dependent=(Dependent("sts:TagSession", when=passes_session_tags),),
)
def get_federation_token(
    call: Call, request: shapes.GetFederationTokenRequest
) -> shapes.GetFederationTokenResponse:
    ctx = call.ctx
    caller = ctx.caller
    tag_set = _tag_set(request)
    policies = resolve_session_policies(
        policy=request.policy,
        policy_arns=sts_sessions.policy_arns(request.policy_arns),
        managed_document=lambda arn: directory.managed_policy_document(
            call.conn, caller.account_id, arn, partition=ctx.partition
        ),
    )
    claims = build_federated_session(
        caller=caller,
        name=request.name,
        requested_seconds=request.duration_seconds,
        keys=directory.temporary_keys_for(call.conn, caller.account_id),
        policies=policies,
        tag_set=tag_set,
        now=ctx.now,
    )
    packed_size = check_packed_size(claims)
    if not (policies.documents or tag_set.tags):
        packed_size = None  # the stand-in "no permissions" policy is not the caller's to count
    issued = seal_credentials(call.services.keyring, claims)
    return shapes.GetFederationTokenResponse(
        credentials=sts_sessions.credentials(issued),
        federated_user=shapes.FederatedUser(
            federated_user_id=f"{claims.account_id}:{claims.session_name}",
            arn=federated_user_arn(claims.partition, claims.account_id, claims.session_name),
        ),
        packed_policy_size=packed_size,
    )
