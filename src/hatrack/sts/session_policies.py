"""Session policies: the inline ``Policy`` and up to 10 ``PolicyArns`` that narrow a session.

A session's permissions are the intersection of its identity's policies and its session policies
(AssumeRole API reference); the documents travel inside the sealed token, so using the session
needs no lookup. "The plaintext that you use for both inline and managed session policies can't
exceed 2,048 characters"; the packed size of policies and tags is checked against the token's
budget (``PackedPolicyTooLarge``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hatrack.credentials.session_token import packed_policy_size_percent
from hatrack.errors import MalformedPolicyDocument, PackedPolicyTooLarge, ValidationError
from hatrack.model import SessionClaims

MAX_POLICY_ARNS = 10
MAX_PLAINTEXT_CHARS = 2_048

# GetFederationToken without a policy: "the resulting federated user session has no permissions".
# A session policy that allows nothing (its only statement denies no action) gives exactly that,
# while a resource policy naming the federated user itself still grants (as AWS documents).
NO_PERMISSIONS_POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Sid":"NoSessionPolicyPassed",'
    '"Effect":"Deny","NotAction":"*","Resource":"*"}]}'
)


@dataclass(frozen=True, slots=True)
class SessionPolicies:
    documents: tuple[str, ...] = ()  # the inline policy first, then each managed policy's document
    arns: tuple[str, ...] = ()


def resolve_session_policies(
    *,
    policy: str | None,
    policy_arns: Sequence[str],
    managed_document: Callable[[str], str | None],
) -> SessionPolicies:
    """Check the inline policy (as a session policy) and look up each managed policy's document.

    ``managed_document(arn)`` returns the default version's document, or None when there is none.
    """
    from hatrack.policy import PolicyKind, check_policy, policy_size

    if len(policy_arns) > MAX_POLICY_ARNS:
        raise ValidationError(
            "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_POLICY_ARNS}"
        )
    documents: list[str] = []
    plaintext = 0
    if policy is not None:
        if len(policy) > MAX_PLAINTEXT_CHARS:
            raise ValidationError(
                "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
                f"Member must have length less than or equal to {MAX_PLAINTEXT_CHARS}"
            )
        check_policy(policy, PolicyKind.SESSION)
        documents.append(policy)
        plaintext += policy_size(policy)
    for arn in policy_arns:
        document = managed_document(arn)
        if document is None:
            raise MalformedPolicyDocument(f"Policy {arn} does not exist or is not attachable.")
        documents.append(document)
        plaintext += policy_size(document)
    if plaintext > MAX_PLAINTEXT_CHARS:
        raise PackedPolicyTooLarge(
            f"The plaintext of the session policies is {plaintext} characters; at most "
            f"{MAX_PLAINTEXT_CHARS} are allowed."
        )
    return SessionPolicies(documents=tuple(documents), arns=tuple(policy_arns))


def check_packed_size(claims: SessionClaims) -> int | None:
    """AWS's PackedPolicySize of ``claims`` (None when the session has no policies and no tags);
    ``PackedPolicyTooLarge`` above 100 %."""
    if not (claims.session_policies or claims.session_policy_arns or claims.tags):
        return None
    percent = packed_policy_size_percent(claims)
    if percent > 100:
        if claims.session_policies and claims.tags:
            what = "session policies and session tags"
        elif claims.tags:
            what = "session tags"
        else:
            what = "session policies"
        raise PackedPolicyTooLarge(f"Packed size of {what} consumes {percent}% of allotted space.")
    return percent
