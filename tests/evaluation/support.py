"""Small builders for evaluation tests: policies from dicts, one-call decisions."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from hatrack.evaluation import (
    AuthorizationRequest,
    CompiledPolicy,
    Decision,
    PolicySet,
    compile_policy,
    evaluate,
)

USER = "arn:aws:iam::111122223333:user/alice"
ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
SESSION = "arn:aws:sts::111122223333:assumed-role/deploy/s-1"
ROLE = "arn:aws:iam::111122223333:role/deploy"
BUCKET_OBJECT = "arn:aws:s3:::bkt/data/file.txt"

Statement = Mapping[str, object]


def policy(*statements: Statement, version: str = "2012-10-17") -> CompiledPolicy:
    return compile_policy(json.dumps({"Version": version, "Statement": list(statements)}))


def allow(action: object = "*", resource: object = "*", **extra: object) -> dict[str, object]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: object = "*", resource: object = "*", **extra: object) -> dict[str, object]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def request(
    *,
    action: str = "s3:GetObject",
    resource: str = BUCKET_OBJECT,
    principal: str = USER,
    principal_account: str = ACCOUNT,
    resource_account: str = ACCOUNT,
    context: Mapping[str, str | Sequence[str]] | None = None,
) -> AuthorizationRequest:
    return AuthorizationRequest(
        principal_arn=principal,
        principal_account=principal_account,
        action=action,
        resource_arn=resource,
        resource_account=resource_account,
        context=context or {},
    )


def decide(policies: PolicySet, **kwargs: object) -> Decision:
    return evaluate(request(**kwargs), policies)  # type: ignore[arg-type]  # keyword pass-through


def with_condition(condition: Mapping[str, object], context: Mapping[str, str | Sequence[str]]) -> str:
    """The decision of one Allow statement guarded by ``condition`` in ``context``."""
    identity = policy(allow(Condition=condition))
    return decide(PolicySet(identity=(identity,)), context=context).effect.value
