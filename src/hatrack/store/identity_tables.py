"""Tables of IAM identities and their long-term credentials: users, groups, tags, login profiles,
password history and policy, virtual MFA devices, account aliases.

IAM names are unique per account without regard to case (IAM User Guide, quotas: "They are not
distinguished by case"), so each named entity keeps a ``name_lower`` column under a unique index.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

import sqlalchemy as sa

from hatrack.store.schema import UtcDateTime, metadata

users = sa.Table(
    "iam_users",
    metadata,
    sa.Column("user_id", sa.String(32), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("name_lower", sa.String(64), nullable=False),
    sa.Column("path", sa.String(512), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("password_last_used", UtcDateTime, nullable=True),
    sa.Column("permissions_boundary_arn", sa.String(2048), nullable=True),
    sa.UniqueConstraint("account_id", "name_lower", name="uq_iam_users_account_name"),
)

# Tags of IAM entities, by kind ("user", "group", "mfa" ...) and the entity's unique id.
entity_tags = sa.Table(
    "iam_entity_tags",
    metadata,
    sa.Column("account_id", sa.String(12), nullable=False),
    sa.Column("entity_kind", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(2048), nullable=False),
    sa.Column("key_lower", sa.String(128), nullable=False),
    sa.Column("key", sa.String(128), nullable=False),
    sa.Column("value", sa.String(256), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("account_id", "entity_kind", "entity_id", "key_lower", name="pk_iam_entity_tags"),
)

groups = sa.Table(
    "iam_groups",
    metadata,
    sa.Column("group_id", sa.String(32), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("name_lower", sa.String(128), nullable=False),
    sa.Column("path", sa.String(512), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("account_id", "name_lower", name="uq_iam_groups_account_name"),
)

group_members = sa.Table(
    "iam_group_members",
    metadata,
    sa.Column("account_id", sa.String(12), nullable=False),
    sa.Column("group_id", sa.String(32), sa.ForeignKey("iam_groups.group_id"), nullable=False),
    sa.Column("user_id", sa.String(32), sa.ForeignKey("iam_users.user_id"), nullable=False),
    sa.Column("added_at", UtcDateTime, nullable=False),
    sa.PrimaryKeyConstraint("group_id", "user_id", name="pk_iam_group_members"),
    sa.Index("ix_iam_group_members_user", "user_id"),
)

login_profiles = sa.Table(
    "iam_login_profiles",
    metadata,
    sa.Column("user_id", sa.String(32), sa.ForeignKey("iam_users.user_id"), primary_key=True),
    sa.Column("account_id", sa.String(12), nullable=False),
    # Argon2id PHC string; the password itself is never stored.
    sa.Column("password_hash", sa.String(256), nullable=False),
    sa.Column("password_reset_required", sa.Boolean, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("password_changed_at", UtcDateTime, nullable=False),
)

# Earlier password hashes of a user, for PasswordReusePrevention (the newest N are kept).
password_history = sa.Table(
    "iam_password_history",
    metadata,
    sa.Column("user_id", sa.String(32), nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("account_id", sa.String(12), nullable=False),
    sa.Column("password_hash", sa.String(256), nullable=False),
    sa.Column("set_at", UtcDateTime, nullable=False),
    sa.PrimaryKeyConstraint("user_id", "sequence", name="pk_iam_password_history"),
)

password_policies = sa.Table(
    "iam_password_policies",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("minimum_password_length", sa.Integer, nullable=False),
    sa.Column("require_symbols", sa.Boolean, nullable=False),
    sa.Column("require_numbers", sa.Boolean, nullable=False),
    sa.Column("require_uppercase_characters", sa.Boolean, nullable=False),
    sa.Column("require_lowercase_characters", sa.Boolean, nullable=False),
    sa.Column("allow_users_to_change_password", sa.Boolean, nullable=False),
    sa.Column("max_password_age", sa.Integer, nullable=True),
    sa.Column("password_reuse_prevention", sa.Integer, nullable=True),
    sa.Column("hard_expiry", sa.Boolean, nullable=False),
)

virtual_mfa_devices = sa.Table(
    "iam_virtual_mfa_devices",
    metadata,
    sa.Column("serial_number", sa.String(256), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("name", sa.String(226), nullable=False),
    sa.Column("path", sa.String(512), nullable=False),
    # The TOTP seed sealed under the keyring; shown once, at creation.
    sa.Column("sealed_seed", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    # The user (or, for the root, the account id) the device is enabled for; NULL while unassigned.
    sa.Column("user_id", sa.String(32), nullable=True),
    sa.Column("user_name", sa.String(64), nullable=True),
    sa.Column("enabled_at", UtcDateTime, nullable=True),
    # The last TOTP time step accepted, so that no code is accepted twice.
    sa.Column("last_used_step", sa.BigInteger, nullable=True),
    sa.Index("ix_iam_virtual_mfa_devices_account_user", "account_id", "user_id"),
)

account_aliases = sa.Table(
    "iam_account_aliases",
    metadata,
    # AWS: an alias is unique across all of AWS, so here across the server.
    sa.Column("alias", sa.String(63), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False, unique=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
)


@overload
def as_utc(moment: datetime) -> datetime: ...
@overload
def as_utc(moment: None) -> None: ...
def as_utc(moment: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones, in UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
