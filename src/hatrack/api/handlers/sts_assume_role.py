"""sts:AssumeRole — put on the hat: temporary credentials with exactly a role's permissions.

Declared on the role named by ``RoleArn``, decided together with the role's trust policy (its
principals kept by unique id, ``hatrack.iam.trust_principals``) and the request's condition keys;
sts:TagSession and sts:SetSourceIdentity are dependent actions on the same role when the request
passes tags or a source identity. A RoleArn that names no role of this server (another partition
included) is judged by a trust policy that trusts nobody, so a missing role is refused exactly like
one that does not trust the caller: nobody can enumerate role names.

Lean on purpose (it is benchmarked): one role read, the trust decision through the policy engine
(compiled documents are cached by it), one token seal, no database write but the audit record
(unless an MFA code is checked). What the decision needs and the handler needs again is worked out
once per call (``Call.once``): an MFA code can be checked only once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers import sts_sessions
from hatrack.api.registry import Dependent, operation
from hatrack.api.shapes import Shape
from hatrack.api.shapes import sts as shapes
from hatrack.api.targets import ConditionKeys, Target
from hatrack.iam.names import resource_tag_context
from hatrack.iam.trust_principals import trust_for_caller
from hatrack.sts import assume_role as steps
from hatrack.sts import directory
from hatrack.sts.credentials import seal_credentials
from hatrack.sts.durations import role_session_seconds
from hatrack.sts.mfa import MfaProof, prove_mfa
from hatrack.sts.session_policies import check_packed_size, resolve_session_policies
from hatrack.sts.session_tags import SessionTagSet, combine_session_tags


@dataclass(frozen=True, slots=True)
class _Checked:
    """An AssumeRole request once checked, as far as the decision goes."""

    target: directory.RoleTarget
    role: directory.Role | None  # None: no such role (or another partition's ARN)
    trust_policy: str  # as the engine sees it for this caller (UNTRUSTING_POLICY without a role)
    role_tags: ConditionKeys
    tag_set: SessionTagSet
    source_identity: str | None
    mfa: MfaProof | None


def _check(call: Call, request: shapes.AssumeRoleRequest) -> _Checked:
    """AWS's checks before the decision, in its order: the parameters, who may not assume roles at
    all, the session tags, the source identity, the MFA code, then the role (read once)."""
    ctx = call.ctx
    caller = ctx.caller
    steps.validate_source_identity(request.source_identity)
    target = steps.role_target(request.role_arn)
    steps.refuse_caller_kinds(caller, target)
    steps.refuse_root(caller)
    tag_set = combine_session_tags(
        sts_sessions.session_tags(request.tags),
        request.transitive_tag_keys or (),
        caller_session=caller.session,
    )
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
    role_tags: ConditionKeys = {}
    if role is not None:
        # Principals are kept by unique id: only the caller's own id, while its user or role still
        # exists with it, becomes the caller's ARN for the engine (hatrack.iam.trust_principals).
        live = directory.live_principal(call.conn, caller, partition=ctx.partition)
        trust_policy = role.trust_policy
        if live is not None:
            trust_policy = trust_for_caller(role.trust_policy, live.unique_id, live.arn)
        # The role is the resource of sts:AssumeRole: its tags are aws:ResourceTag/* and iam:ResourceTag/*.
        role_tags = resource_tag_context(directory.role_tags(call.conn, role))
    return _Checked(target, role, trust_policy, role_tags, tag_set, source_identity, mfa)


def _checked(call: Call, request: Shape) -> _Checked:
    assert isinstance(request, shapes.AssumeRoleRequest)
    return call.once(_check, request)


def assumed_role(call: Call, request: Shape) -> Target:
    """The role ``RoleArn`` names, as written, in the account it names, with its trust policy."""
    checked = _checked(call, request)
    return Target(
        checked.target.arn,
        checked.role_tags,
        resource_account=checked.target.account_id,
        resource_policy=checked.trust_policy,
        resource_is_trust_policy=True,
    )


def session_request_keys(call: Call, request: Shape) -> ConditionKeys:
    """sts:RoleSessionName, sts:ExternalId, sts:SourceIdentity, the request's tags (aws:RequestTag/*,
    aws:TagKeys, sts:TransitiveTagKeys) and the MFA keys of a code given with the request."""
    assert isinstance(request, shapes.AssumeRoleRequest)
    checked = _checked(call, request)
    return steps.trust_context(
        session_name=request.role_session_name,
        external_id=request.external_id,
        tag_set=checked.tag_set,
        source_identity=checked.source_identity,
        mfa=checked.mfa,
    )


def passes_session_tags(call: Call, request: Shape) -> bool:
    return bool(_checked(call, request).tag_set.requested)


def sets_source_identity(call: Call, request: Shape) -> bool:
    """A session that carries a source identity passes it on when it assumes a role, and that needs
    sts:SetSourceIdentity too (IAM User Guide, "Permissions required to set source identity")."""
    return _checked(call, request).source_identity is not None


def _checks_an_mfa_code(params: Mapping[str, Any]) -> bool:
    """Only a call that carries an MFA code writes (the code is remembered, so it cannot be replayed)."""
    return "SerialNumber" in params or "TokenCode" in params


@operation(
    "sts",
    "AssumeRole",
    action="sts:AssumeRole",
    resource=assumed_role,
    condition_keys=(session_request_keys,),
    dependent=(
        Dependent("sts:TagSession", when=passes_session_tags),
        Dependent("sts:SetSourceIdentity", when=sets_source_identity),
    ),
    writes=_checks_an_mfa_code,
)
def assume_role(call: Call, request: shapes.AssumeRoleRequest) -> shapes.AssumeRoleResponse:
    ctx = call.ctx
    checked = _checked(call, request)
    target, role = checked.target, checked.role
    call.audit_notes["resources"] = [
        {"ARN": target.arn, "accountId": target.account_id, "type": "AWS::IAM::Role"}
    ]
    assert role is not None  # an unknown role trusts nobody, so the decision refused it
    seconds = role_session_seconds(
        request.duration_seconds,
        max_session_duration=role.max_session_duration,
        chained=steps.is_role_chaining(ctx.caller),
    )
    policies = resolve_session_policies(
        policy=request.policy,
        policy_arns=sts_sessions.policy_arns(request.policy_arns),
        managed_document=lambda arn: directory.managed_policy_document(
            call.conn, role.account_id, arn, partition=ctx.partition
        ),
    )
    claims = steps.build_role_session(
        caller=ctx.caller,
        role=role,
        partition=ctx.partition,
        session_name=request.role_session_name,
        seconds=seconds,
        keys=directory.temporary_keys_for(call.conn, role.account_id),
        policies=policies,
        tag_set=checked.tag_set,
        source_identity=checked.source_identity,
        mfa=checked.mfa,
        now=ctx.now,
    )
    packed_size = check_packed_size(claims)
    credentials = seal_credentials(call.services.keyring, claims)
    return shapes.AssumeRoleResponse(
        credentials=sts_sessions.credentials(credentials),
        assumed_role_user=sts_sessions.assumed_role_user(claims),
        packed_policy_size=packed_size,
        source_identity=claims.source_identity,
    )
