"""Tables of workload credentials (issue 13): registered workloads, their one-use join tokens (kept
only as SHA-256 hashes), the certificates issued to them, each account's workload CA (its private key
sealed under the keyring), and IAM Roles Anywhere's trust anchors and profiles.

A workload is known by its instance id (``i-`` + 17 hex digits), unique on the server; a certificate
by its serial number (decimal text of a random 159-bit number), unique on the server too, so a signed
request names its certificate without naming the account first.
"""

from __future__ import annotations

import sqlalchemy as sa

from hatrack.store.schema import UtcDateTime, metadata

workloads = sa.Table(
    "workloads",
    metadata,
    sa.Column("workload_id", sa.String(19), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("name_lower", sa.String(128), nullable=False),
    sa.Column("instance_profile_name", sa.String(128), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("account_id", "name_lower"),
)

workload_join_tokens = sa.Table(
    "workload_join_tokens",
    metadata,
    # SHA-256 of the token (hex); the token itself is shown once and never stored.
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("workload_id", sa.String(19), nullable=False, index=True),
    sa.Column("account_id", sa.String(12), nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("used_at", UtcDateTime, nullable=True),
)

workload_certificates = sa.Table(
    "workload_certificates",
    metadata,
    sa.Column("serial", sa.String(64), primary_key=True),
    sa.Column("workload_id", sa.String(19), nullable=False, index=True),
    sa.Column("account_id", sa.String(12), nullable=False),
    sa.Column("not_after", UtcDateTime, nullable=False),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
)

workload_cas = sa.Table(
    "workload_cas",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("certificate_pem", sa.Text, nullable=False),
    # The CA's private key (PKCS#8 DER), sealed under the keyring; never stored in the clear.
    sa.Column("sealed_private_key", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

rolesanywhere_trust_anchors = sa.Table(
    "rolesanywhere_trust_anchors",
    metadata,
    sa.Column("trust_anchor_id", sa.String(36), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("name", sa.String(255), nullable=False),
    # "CERTIFICATE_BUNDLE" (PEM certificates in ``bundle_pem``) or "HATRACK_CA" (the account's CA).
    sa.Column("source_type", sa.String(32), nullable=False),
    sa.Column("bundle_pem", sa.Text, nullable=True),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("account_id", "name"),
)

rolesanywhere_profiles = sa.Table(
    "rolesanywhere_profiles",
    metadata,
    sa.Column("profile_id", sa.String(36), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("role_arns", sa.Text, nullable=False),  # JSON list
    sa.Column("session_policy", sa.Text, nullable=True),
    sa.Column("duration_seconds", sa.Integer, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("account_id", "name"),
)
