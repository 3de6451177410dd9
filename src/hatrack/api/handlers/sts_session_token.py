"""sts:GetSessionToken and sts:GetFederationToken — temporary credentials from long-term ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.sts import directory
from hatrack.sts.credentials import seal_credentials
from hatrack.sts.federation import build_federated_session, federated_user_arn, federation_response
from hatrack.sts.mfa import MFA_UNVERIFIABLE, prove_mfa
from hatrack.sts.session_policies import check_packed_size, policy_arns_from_params, resolve_session_policies
from hatrack.sts.session_tags import combine_session_tags, request_tag_context, tags_from_params
from hatrack.sts.session_token import build_user_session, session_token_response


# "No permissions are required ... You cannot use policies to control authentication operations."
@operation("sts", "GetSessionToken", needs_authorization=False)
def get_session_token(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    ctx = call.ctx
    caller = ctx.caller
    mfa = prove_mfa(
        call.conn,
        call.services.keyring,
        caller,
        params.get("SerialNumber"),
        params.get("TokenCode"),
        now=ctx.now,
        failure_message=MFA_UNVERIFIABLE,
        throttle=call.services.mfa_throttle,
    )
    claims = build_user_session(
        caller=caller,
        requested_seconds=params.get("DurationSeconds"),
        keys=directory.temporary_keys_for(call.conn, caller.account_id),
        mfa=mfa,
        now=ctx.now,
    )
    return session_token_response(seal_credentials(call.services.keyring, claims))


@operation("sts", "GetFederationToken")
def get_federation_token(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    ctx = call.ctx
    caller = ctx.caller
    name = params["Name"]
    tag_set = combine_session_tags(tags_from_params(params.get("Tags")), ())
    resource = federated_user_arn(ctx.partition, caller.account_id, name)
    context = request_tag_context(tag_set)
    call.authorize("sts:GetFederationToken", resource, context=context)
    if tag_set.requested:
        call.authorize("sts:TagSession", resource, context=context)
    policies = resolve_session_policies(
        policy=params.get("Policy"),
        policy_arns=policy_arns_from_params(params.get("PolicyArns")),
        managed_document=lambda arn: directory.managed_policy_document(
            call.conn, caller.account_id, arn, partition=call.ctx.partition
        ),
    )
    claims = build_federated_session(
        caller=caller,
        name=name,
        requested_seconds=params.get("DurationSeconds"),
        keys=directory.temporary_keys_for(call.conn, caller.account_id),
        policies=policies,
        tag_set=tag_set,
        now=ctx.now,
    )
    packed_size = check_packed_size(claims)
    if not (policies.documents or tag_set.tags):
        packed_size = None  # the stand-in "no permissions" policy is not the caller's to count
    return federation_response(claims, seal_credentials(call.services.keyring, claims), packed_size)
