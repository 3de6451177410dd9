"""The shared case format (one JSON object per line: policies, request; see policy-cases/SCHEMA.md)
turned into an ``AuthorizationRequest`` and a ``PolicySet``. Pure: the caller reads the lines.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from hatrack.evaluation.compile import CompiledPolicy, compile_policy
from hatrack.evaluation.engine import PolicySet
from hatrack.evaluation.request import AuthorizationRequest
from hatrack.policy.json_text import JsonValue


def _policy(document: JsonValue, label: str) -> CompiledPolicy:
    text = document if isinstance(document, str) else json.dumps(document)
    return compile_policy(text, label=label)


def _documents(value: JsonValue) -> list[JsonValue]:
    return value if isinstance(value, list) else []


def case_from_json(case: Mapping[str, JsonValue]) -> tuple[AuthorizationRequest, PolicySet]:
    """Build the question of one case line; raises ``KeyError``/``TypeError`` on a malformed line."""
    raw_request = case["request"]
    if not isinstance(raw_request, dict):
        raise TypeError("request must be an object")
    raw_context = raw_request.get("context") or {}
    if not isinstance(raw_context, dict):
        raise TypeError("request.context must be an object")
    context: dict[str, str | Sequence[str]] = {}
    for key, value in raw_context.items():
        if isinstance(value, list):
            context[key] = [str(item) for item in value]
        elif isinstance(value, bool):
            context[key] = "true" if value else "false"
        else:
            context[key] = str(value)
    request = AuthorizationRequest(
        principal_arn=str(raw_request["principal_arn"]),
        principal_account=str(raw_request["principal_account"]),
        action=str(raw_request["action"]),
        resource_arn=str(raw_request["resource_arn"]),
        resource_account=str(raw_request["resource_account"]),
        context=context,
    )
    resource = case.get("resource_policy")
    boundary = case.get("permissions_boundary")
    policies = PolicySet(
        identity=tuple(
            _policy(document, f"identity[{index}]")
            for index, document in enumerate(_documents(case.get("identity_policies")))
        ),
        resource=_policy(resource, "resource") if resource is not None else None,
        boundary=_policy(boundary, "boundary") if boundary is not None else None,
        session=tuple(
            _policy(document, f"session[{index}]")
            for index, document in enumerate(_documents(case.get("session_policies")))
        ),
        scps=tuple(
            tuple(
                _policy(document, f"scp[{level}][{index}]")
                for index, document in enumerate(_documents(policies))
            )
            for level, policies in enumerate(_documents(case.get("scps")))
        ),
    )
    return request, policies
