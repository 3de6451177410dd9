"""Small builders for the policy documents tests write most: allow, deny, and a role's trust."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

PolicyDocument = Mapping[str, Any] | str

VERSION = "2012-10-17"


def _statement(effect: str, actions: Sequence[str], resource: str | Sequence[str]) -> dict[str, Any]:
    return {
        "Effect": effect,
        "Action": list(actions),
        "Resource": resource if isinstance(resource, str) else list(resource),
    }


def allow(*actions: str, resource: str | Sequence[str] = "*") -> dict[str, Any]:
    """``{"Effect": "Allow", "Action": actions, "Resource": resource}`` as a whole policy document."""
    return {"Version": VERSION, "Statement": [_statement("Allow", actions, resource)]}


def deny(*actions: str, resource: str | Sequence[str] = "*") -> dict[str, Any]:
    """The same with ``Deny``: an explicit deny beats every allow."""
    return {"Version": VERSION, "Statement": [_statement("Deny", actions, resource)]}


def trust_policy(*principal_arns: str, conditions: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A role's trust policy letting these AWS principals call ``sts:AssumeRole`` (with conditions)."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"AWS": list(principal_arns) if len(principal_arns) != 1 else principal_arns[0]},
        "Action": "sts:AssumeRole",
    }
    if conditions:
        statement["Condition"] = dict(conditions)
    return {"Version": VERSION, "Statement": [statement]}


def as_json(document: PolicyDocument) -> str:
    """A document as the JSON text IAM takes (a string is passed through unchanged)."""
    return document if isinstance(document, str) else json.dumps(document)
