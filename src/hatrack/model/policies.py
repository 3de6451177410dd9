"""Domain records (policies) that store/ returns and iam/, sts/, api/ work with: frozen dataclasses.

Imports nothing of hatrack but ``types`` and ``model``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

Tag = tuple[str, str]  # (key, value), in the order they were set


@dataclass(frozen=True, slots=True)
class ManagedPolicyRecord:
    policy_id: str
    account_id: str
    policy_name: str
    path: str
    default_version_id: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    tags: tuple[Tag, ...] = ()

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.account_id}:policy{self.path}{self.policy_name}"


@dataclass(frozen=True, slots=True)
class PolicyVersionRecord:
    policy_id: str
    version_id: str
    version_number: int
    document: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class InlinePolicyRecord:
    principal_kind: str
    principal_id: str
    policy_name: str
    document: str
    size: int


@dataclass(frozen=True, slots=True)
class AttachedDocument:
    """One attached policy of a principal; ``document`` is None for an AWS-managed policy."""

    principal_id: str
    policy_id: str
    document: str | None
    policy_name: str | None = None
    path: str | None = None
