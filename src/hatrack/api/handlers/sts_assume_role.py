"""sts:AssumeRole — put on the hat: temporary credentials with exactly a role's permissions.

Lean on purpose (it is benchmarked): one role read, the trust decision through the policy engine
(compiled documents are cached by it), one token seal, no database write but the audit record
(unless an MFA code is checked).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.iam.names import resource_tag_context
from hatrack.iam.trust_principals import trust_for_caller
from hatrack.sts import assume_role as steps
from hatrack.sts import directory
from hatrack.sts.credentials import seal_credentials
from hatrack.sts.durations import role_session_seconds
from hatrack.sts.mfa import prove_mfa
from hatrack.sts.session_policies import check_packed_size, resolve_session_policies
from hatrack.sts.session_tags import combine_session_tags


def _checks_an_mfa_code(params: Mapping[str, Any]) -> bool:
    """Only a call that carries an MFA code writes (the code is remembered, so it cannot be replayed)."""
    return "SerialNumber" in params or "TokenCode" in params


@operation("sts", "AssumeRole", writes=_checks_an_mfa_code)
def assume_role(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    ctx = call.ctx
    caller = ctx.caller
    request = steps.AssumeRoleRequest.from_params(params)
    steps.validate_source_identity(request.source_identity)
    target = steps.role_target(request.role_arn)
    steps.refuse_caller_kinds(caller, target)
    steps.refuse_root(caller)
    tag_set = combine_session_tags(request.tags, request.transitive_tag_keys, caller_session=caller.session)
    source_identity = steps.effective_source_identity(caller, request.source_identity, target)
    mfa = prove_mfa(
        call.conn,
        call.services.keyring,
        caller,
        request.serial_number,
        request.token_code,
        now=ctx.now,
        throttle=call.services.mfa_throttle,
    )
    role = directory.find_role(call.conn, target) if target.partition == ctx.partition else None
    trust_policy = steps.UNTRUSTING_POLICY
    context = steps.trust_context(request, tag_set, source_identity=source_identity, mfa=mfa)
    if role is not None:
        # Principals are kept by unique id: only the caller's own id, while its user or role still
        # exists with it, becomes the caller's ARN for the engine (hatrack.iam.trust_principals).
        live = directory.live_principal(call.conn, caller, partition=ctx.partition)
        trust_policy = role.trust_policy
        if live is not None:
            trust_policy = trust_for_caller(role.trust_policy, live.unique_id, live.arn)
        # The role is the resource of sts:AssumeRole: its tags are aws:ResourceTag/* and iam:ResourceTag/*.
        context.update(resource_tag_context(directory.role_tags(call.conn, role)))
    call.audit_notes["resources"] = [
        {"ARN": target.arn, "accountId": target.account_id, "type": "AWS::IAM::Role"}
    ]
    for action, needed in (
        ("sts:AssumeRole", True),
        ("sts:TagSession", bool(tag_set.requested)),
        # A session that carries a source identity passes it on when it assumes a role, and that needs
        # sts:SetSourceIdentity too (IAM User Guide, "Permissions required to set source identity").
        ("sts:SetSourceIdentity", source_identity is not None),
    ):
        if needed:
            call.authorize(
                action,
                target.arn,
                resource_account=target.account_id,
                resource_policy=trust_policy,
                resource_is_trust_policy=True,
                context=context,
            )
    assert role is not None  # an unknown role trusts nobody, so the decision above refused it
    seconds = role_session_seconds(
        request.duration_seconds,
        max_session_duration=role.max_session_duration,
        chained=steps.is_role_chaining(caller),
    )
    policies = resolve_session_policies(
        policy=request.policy,
        policy_arns=request.policy_arns,
        managed_document=lambda arn: directory.managed_policy_document(
            call.conn, role.account_id, arn, partition=call.ctx.partition
        ),
    )
    claims = steps.build_role_session(
        caller=caller,
        role=role,
        partition=ctx.partition,
        session_name=request.role_session_name,
        seconds=seconds,
        keys=directory.temporary_keys_for(call.conn, role.account_id),
        policies=policies,
        tag_set=tag_set,
        source_identity=source_identity,
        mfa=mfa,
        now=ctx.now,
    )
    packed_size = check_packed_size(claims)
    credentials = seal_credentials(call.services.keyring, claims)
    return steps.role_session_response(claims, credentials, packed_size)
