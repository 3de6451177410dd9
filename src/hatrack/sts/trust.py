"""A role trust policy's decision for a principal that is no IAM identity: a federated provider (web
identity) or an AWS service (workloads: ``ec2.amazonaws.com``, ``rolesanywhere.amazonaws.com``).

AssumeRole by an IAM identity goes through the one authorizer with the trust policy as the resource
policy; these principals have no policies of their own, so the trust policy alone decides.
"""

from __future__ import annotations

from collections.abc import Mapping

from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
from hatrack.policy import PrincipalType


def trust_policy_allows(
    trust_policy: str,
    *,
    principal_arn: str,
    principal_type: PrincipalType,
    action: str,
    role_arn: str,
    role_account: str,
    context: Mapping[str, str | list[str]],
) -> bool:
    """Whether ``trust_policy`` lets ``principal_arn`` (a provider ARN or a service name) do ``action``."""
    request = AuthorizationRequest(
        principal_arn=principal_arn,
        principal_account=role_account,
        action=action,
        resource_arn=role_arn,
        resource_account=role_account,
        context=context,
        principal_type=principal_type,
    )
    policies = PolicySet(resource=compile_policy(trust_policy), resource_is_trust_policy=True)
    return evaluate(request, policies).allowed
