"""Authorization of one call: build AWS's request context, load the caller's policies, decide.

Every decision goes through ``hatrack.evaluation``; this module only gathers its inputs and turns a
denial into AWS's AccessDenied text ("User: ARN is not authorized to perform: ACTION on resource:
ARN because ...").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from hatrack.errors import AccessDenied
from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
from hatrack.evaluation.cache import SizedCache
from hatrack.evaluation.engine import DecisionEffect
from hatrack.iam.cached_reads import principal_policies
from hatrack.model import Caller, CallerKind, TokenKind

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from hatrack.api.request_context import RequestContext


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def principal_arn_for_policies(caller: Caller) -> str:
    """``aws:PrincipalArn``: a role session is known by its role's ARN, others by their own."""
    session = caller.session
    if session is not None and session.kind is TokenKind.ASSUMED_ROLE:
        path = session.role_path or "/"
        return f"arn:{caller.partition}:iam::{caller.account_id}:role{path}{session.role_name}"
    return caller.arn


def _principal_type(caller: Caller) -> str:
    return {
        CallerKind.ROOT: "Account",
        CallerKind.IAM_USER: "User",
        CallerKind.ASSUMED_ROLE: "AssumedRole",
        CallerKind.FEDERATED_USER: "FederatedUser",
        CallerKind.ANONYMOUS: "Anonymous",
        CallerKind.AWS_SERVICE: "AWSService",
    }[caller.kind]


def request_keys(ctx: RequestContext) -> dict[str, str | list[str]]:
    """The global condition keys of the request itself, whoever sent it: when, from where, how.

    They are all an unsigned call has (AssumeRoleWithWebIdentity: its caller is known only by the
    token it carries, so the principal keys are its own); ``request_context_keys`` adds the caller's.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
    """
    return {
        "aws:CurrentTime": _iso(ctx.now),
        "aws:EpochTime": str(int(ctx.now.timestamp())),
        "aws:SecureTransport": "true" if ctx.secure_transport else "false",
        "aws:SourceIp": ctx.source_ip,
        "aws:UserAgent": ctx.user_agent,
        "aws:RequestedRegion": ctx.region,
    }


def request_context_keys(ctx: RequestContext, tags: Sequence[tuple[str, str]]) -> dict[str, str | list[str]]:
    """The global condition keys AWS sets on every request of this caller: the request's own
    (``request_keys``) and the principal's.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
    """
    caller = ctx.caller
    keys = request_keys(ctx)
    keys |= {
        "aws:PrincipalArn": principal_arn_for_policies(caller),
        "aws:PrincipalAccount": caller.account_id,
        "aws:PrincipalType": _principal_type(caller),
        "aws:userid": caller.principal_id,
        "aws:ViaAWSService": "false",
        "aws:PrincipalIsAWSService": "false",
    }
    if caller.user_name is not None and caller.kind is CallerKind.IAM_USER:
        keys["aws:username"] = caller.user_name
    session = caller.session
    if session is not None:
        # Milliseconds, so that a session issued in the same second as a revocation is told apart.
        issued = session.issued_at
        keys["aws:TokenIssueTime"] = f"{issued:%Y-%m-%dT%H:%M:%S}.{issued.microsecond // 1000:03d}Z"
        keys["aws:MultiFactorAuthPresent"] = "true" if session.mfa_authenticated else "false"
        if session.mfa_authenticated and session.mfa_authenticated_at is not None:
            age = int((ctx.now - session.mfa_authenticated_at).total_seconds())
            keys["aws:MultiFactorAuthAge"] = str(max(age, 0))
        if session.source_identity:
            keys["aws:SourceIdentity"] = session.source_identity
    merged: dict[str, str] = {key: value for key, value in tags}
    if session is not None:
        # Session tags override the role's or user's tags with the same key.
        merged.update({tag.key: tag.value for tag in session.tags})
    for key, value in merged.items():
        keys[f"aws:PrincipalTag/{key}"] = value
    return keys


# Policy sets by their documents' text, bounded by the total characters of those texts (LRU).
POLICY_SETS = SizedCache[tuple[tuple[str, ...], str | None, tuple[str, ...], str | None, bool], PolicySet]()


def policy_set(
    identity: tuple[str, ...],
    boundary: str | None,
    session: tuple[str, ...],
    resource: str | None,
    resource_is_trust_policy: bool,
) -> PolicySet:
    """One PolicySet per distinct set of documents, reused across requests.

    A PolicySet remembers per action which statements apply, so reusing it spares that work;
    keyed by the documents' text, a policy change makes a new key at once. The cache is bounded
    by the size of those texts, so large documents cannot make it hold unbounded memory.
    """
    key = (identity, boundary, session, resource, resource_is_trust_policy)
    weight = sum(map(len, identity)) + sum(map(len, session)) + len(boundary or "") + len(resource or "")

    def build() -> PolicySet:
        return PolicySet(
            identity=tuple(compile_policy(text) for text in identity),
            resource=compile_policy(resource) if resource is not None else None,
            boundary=compile_policy(boundary) if boundary is not None else None,
            session=tuple(compile_policy(text) for text in session),
            resource_is_trust_policy=resource_is_trust_policy,
        )

    return POLICY_SETS.get_or_compute(key, weight, build)


@dataclass(frozen=True, slots=True)
class Exemption:
    """A rule of AWS's that lets a caller act where no policy allows it, named after that rule.

    It is produced by a named function that has already decided the rule applies (for example
    ``change_own_password_exemption``), so the decision travels with it and no handler sets a flag.
    INVARIANT: an exemption overrides an implicit deny only; an explicit Deny in any of the caller's
    policies still refuses (IAM User Guide, policy evaluation logic: "an explicit deny in any of these
    policies overrides the allow").
    """

    rule: str  # e.g. "AllowUsersToChangePassword"
    why: str


@dataclass(frozen=True, slots=True)
class OwnDecision:
    """The decision of an operation that AWS authorizes by a rule of its own, not by the caller's
    policies, produced by the named function that applied the rule (``trusted_web_identity``:
    AssumeRoleWithWebIdentity is unsigned, so there are no caller's policies, and the role's trust
    policy decides for the federated principal the token proves).

    The operation's declaration names that function (``decided_by=``); the pipeline enforces the
    decision before the handler runs, so no handler marks itself authorized.
    """

    rule: str  # e.g. "RoleTrustPolicyForWebIdentity"
    allowed: bool
    refusal: str  # AccessDenied's message when not allowed

    def enforce(self) -> None:
        if not self.allowed:
            raise AccessDenied(self.refusal)


def denial_message(caller: Caller, action: str, resource: str, reason: str) -> str:
    return f"User: {caller.arn} is not authorized to perform: {action} on resource: {resource} {reason}"


class Authorizer:
    """The one authorizer: a request (who, what, on which resource, with which keys) in, AWS's decision
    out, or AccessDenied with AWS's text. Held by the services and reached through ``Call.authorize``,
    so the live path, the declared operations and every handler decide the same way."""

    def require(
        self,
        ctx: RequestContext,
        conn: Connection,
        action: str,
        resource: str,
        *,
        resource_account: str | None,
        context: Mapping[str, str | list[str]],
        resource_policy: str | None,
        resource_is_trust_policy: bool,
        exemption: Exemption | None = None,
    ) -> None:
        authorize_call(
            ctx,
            conn,
            action,
            resource,
            resource_account=resource_account,
            context=context,
            resource_policy=resource_policy,
            resource_is_trust_policy=resource_is_trust_policy,
            exemption=exemption,
        )


def authorize_call(
    ctx: RequestContext,
    conn: Connection,
    action: str,
    resource: str,
    *,
    resource_account: str | None,
    context: Mapping[str, str | list[str]],
    resource_policy: str | None,
    resource_is_trust_policy: bool,
    exemption: Exemption | None = None,
) -> None:
    caller = ctx.caller
    owner = resource_account or caller.account_id
    if caller.is_root and resource_policy is None and owner == caller.account_id:
        return  # The account root may do everything to its own account's IAM resources.
    principal = principal_policies(conn, caller)
    keys = request_context_keys(ctx, principal.tags)
    keys.update(context)
    session = caller.session
    policies = policy_set(
        tuple(p.document for p in principal.identity),
        principal.boundary.document if principal.boundary else None,
        session.session_policies if session is not None else (),
        resource_policy,
        resource_is_trust_policy,
    )
    request = AuthorizationRequest(
        principal_arn=caller.arn,
        principal_account=caller.account_id,
        action=action,
        resource_arn=resource,
        resource_account=owner,
        context=keys,
    )
    decision = evaluate(request, policies)
    if decision.allowed:
        return
    if exemption is not None and decision.effect is DecisionEffect.IMPLICIT_DENY:
        return  # the exemption stands in for the missing Allow (never for a Deny)
    raise AccessDenied(denial_message(caller, action, resource, decision.reason_text(action)))
