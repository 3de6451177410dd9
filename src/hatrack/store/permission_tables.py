"""Tables of what grants permissions: roles, managed policies and their versions, inline policies,
attachments, instance profiles and OpenID Connect providers. Their tags live with every IAM entity's
tags in ``identity_tables.entity_tags`` (kinds "role", "policy", "instance-profile", "oidc-provider").
An OIDC provider's signing keys (hatrack's extension) are configuration, not tags: they have their own
table, ``oidc_provider_keys``, written only by the operator's ``hatrack oidc set-keys``.

Principals (users, groups, roles) are referred to by their unique id (AIDA…, AGPA…, AROA…), never by
name, so that renaming a user or group needs no cascade. AWS-managed policies are not rows: they ship
with the package (``hatrack/iam/managed_policies/*.json``) and are referred to by their fixed id.
Names AWS compares without case have a ``*_lower`` column under a unique index per account.
"""

from __future__ import annotations

import sqlalchemy as sa

from hatrack.store.schema import UtcDateTime, metadata

roles = sa.Table(
    "roles",
    metadata,
    sa.Column("role_id", sa.String(32), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("role_name", sa.String(64), nullable=False),
    sa.Column("name_lower", sa.String(64), nullable=False),
    sa.Column("path", sa.String(512), nullable=False),
    sa.Column("assume_role_policy_document", sa.Text, nullable=False),
    sa.Column("description", sa.String(1000), nullable=True),
    sa.Column("max_session_duration", sa.Integer, nullable=False),
    sa.Column("permissions_boundary_arn", sa.String(2048), nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_used_at", UtcDateTime, nullable=True),
    sa.Column("last_used_region", sa.String(64), nullable=True),
    sa.UniqueConstraint("account_id", "name_lower"),
)

managed_policies = sa.Table(
    "managed_policies",
    metadata,
    sa.Column("policy_id", sa.String(32), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("policy_name", sa.String(128), nullable=False),
    sa.Column("name_lower", sa.String(128), nullable=False),
    sa.Column("path", sa.String(512), nullable=False),
    sa.Column("description", sa.String(1000), nullable=True),
    sa.Column("default_version_id", sa.String(16), nullable=False),
    # Version ids are never reused: v1, v2, ... even after versions are deleted (as AWS does).
    sa.Column("next_version_number", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("account_id", "name_lower"),
)

policy_versions = sa.Table(
    "policy_versions",
    metadata,
    sa.Column(
        "policy_id",
        sa.String(32),
        sa.ForeignKey("managed_policies.policy_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("version_id", sa.String(16), primary_key=True),
    sa.Column("version_number", sa.Integer, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

inline_policies = sa.Table(
    "inline_policies",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    # "user" | "group" | "role"; principal_id is the principal's unique id.
    sa.Column("principal_kind", sa.String(8), nullable=False),
    sa.Column("principal_id", sa.String(32), primary_key=True),
    sa.Column("policy_name", sa.String(128), primary_key=True),
    sa.Column("document", sa.Text, nullable=False),
    # Characters other than white space: what the per-principal inline quota counts.
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

policy_attachments = sa.Table(
    "policy_attachments",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("principal_kind", sa.String(8), nullable=False),
    sa.Column("principal_id", sa.String(32), primary_key=True),
    # A customer-managed policy's id, or an AWS-managed policy's fixed id (no row in managed_policies).
    sa.Column("policy_id", sa.String(32), primary_key=True),
    sa.Column("attached_at", UtcDateTime, nullable=False),
    sa.Index("ix_policy_attachments_account_policy", "account_id", "policy_id"),
)

instance_profiles = sa.Table(
    "instance_profiles",
    metadata,
    sa.Column("instance_profile_id", sa.String(32), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("instance_profile_name", sa.String(128), nullable=False),
    sa.Column("name_lower", sa.String(128), nullable=False),
    sa.Column("path", sa.String(512), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("account_id", "name_lower"),
)

instance_profile_roles = sa.Table(
    "instance_profile_roles",
    metadata,
    sa.Column(
        "instance_profile_id",
        sa.String(32),
        sa.ForeignKey("instance_profiles.instance_profile_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("role_id", sa.String(32), sa.ForeignKey("roles.role_id"), primary_key=True),
    sa.Index("ix_instance_profile_roles_role", "role_id"),
)

oidc_providers = sa.Table(
    "oidc_providers",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    # The issuer without its scheme, as it appears in the ARN: host[/path].
    sa.Column("url", sa.String(255), primary_key=True),
    # JSON arrays of strings, in the order given.
    sa.Column("client_ids", sa.Text, nullable=False),
    sa.Column("thumbprints", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

# The key set STS verifies a provider's ID tokens with, when the operator configured one: the JWKS
# itself, or the URL to fetch it from instead of the issuer's discovery document. One row per provider
# at most; no row means "discover the keys from the issuer". Never written by an IAM API action.
oidc_provider_keys = sa.Table(
    "oidc_provider_keys",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("url", sa.String(255), primary_key=True),
    sa.Column("jwks", sa.Text, nullable=True),
    sa.Column("jwks_uri", sa.String(2048), nullable=True),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)
