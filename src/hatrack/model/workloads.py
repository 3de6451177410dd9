"""Records of workload credentials (issue 13): workloads, join tokens, issued certificates, the
account's workload CA, and IAM Roles Anywhere's trust anchors and profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class WorkloadRecord:
    workload_id: str  # i- + 17 hex digits: the role session name of its credentials
    account_id: str
    name: str
    instance_profile_name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class JoinTokenRecord:
    token_hash: str  # SHA-256 hex of the token; the token itself is never stored
    workload_id: str
    account_id: str
    expires_at: datetime
    used_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class IssuedCertificate:
    serial: str  # decimal
    workload_id: str
    account_id: str
    not_after: datetime
    issued_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WorkloadCaRecord:
    account_id: str
    certificate_pem: str
    sealed_private_key: bytes
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TrustAnchorRecord:
    trust_anchor_id: str
    account_id: str
    name: str
    source_type: str  # "CERTIFICATE_BUNDLE" | "HATRACK_CA"
    bundle_pem: str | None
    enabled: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    profile_id: str
    account_id: str
    name: str
    role_arns: tuple[str, ...]
    session_policy: str | None
    duration_seconds: int
    enabled: bool
    created_at: datetime
