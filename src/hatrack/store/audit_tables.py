"""Tables of the audit trail: CloudTrail events chained per account, their resources, heads, digests.

Each account has its own trail: ``audit_events`` rows numbered 1, 2, 3 … by ``sequence``; each row keeps
the hash of the row before it (``previous_hash``) and its own (``event_hash``), so a changed, removed or
inserted row breaks the chain. ``audit_heads`` holds one row per account: the last sequence and hash.
Appending locks that row (SELECT … FOR UPDATE on PostgreSQL; SQLite writers are serialized anyway), so
concurrent writers append one after the other and never fork the chain.

The lookup attributes of CloudTrail's LookupEvents are plain indexed columns (account_id + attribute +
event_time); the full event is kept as its JSON text, the exact bytes that were hashed. No foreign key
to ``accounts``: the trail outlives the entities it talks about, and unattributed calls (no valid
signature) go to the trail of account "" that only an operator can read.
"""

from __future__ import annotations

import sqlalchemy as sa

from hatrack.store.schema import UtcDateTime, metadata

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("account_id", sa.String(12), primary_key=True),
    sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.Column("event_time", UtcDateTime, nullable=False),
    sa.Column("event_name", sa.String(128), nullable=False),
    sa.Column("event_source", sa.String(64), nullable=False),
    sa.Column("read_only", sa.String(5), nullable=False),  # "true" | "false", as LookupEvents shows it
    sa.Column("username", sa.String(256), nullable=True),
    sa.Column("access_key_id", sa.String(32), nullable=True),
    sa.Column("event_json", sa.Text, nullable=False),
    sa.Column("previous_hash", sa.String(64), nullable=False),
    sa.Column("event_hash", sa.String(64), nullable=False),
    sa.Index("ix_audit_events_account_time", "account_id", "event_time", "sequence"),
    sa.Index("ix_audit_events_account_event_id", "account_id", "event_id"),
    sa.Index("ix_audit_events_account_name_time", "account_id", "event_name", "event_time", "sequence"),
    sa.Index("ix_audit_events_account_user_time", "account_id", "username", "event_time", "sequence"),
    sa.Index("ix_audit_events_account_key_time", "account_id", "access_key_id", "event_time", "sequence"),
    sa.Index("ix_audit_events_account_source_time", "account_id", "event_source", "event_time", "sequence"),
    sa.Index("ix_audit_events_account_ro_time", "account_id", "read_only", "event_time", "sequence"),
    sa.Index("ix_audit_events_key", "access_key_id"),
)

# One row per (event, resource): LookupEvents' ResourceType and ResourceName attributes.
audit_event_resources = sa.Table(
    "audit_event_resources",
    metadata,
    sa.Column("account_id", sa.String(12), primary_key=True),
    sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("resource_type", sa.String(64), nullable=False),
    sa.Column("resource_name", sa.String(2048), nullable=False),
    sa.Column("event_time", UtcDateTime, nullable=False),
    sa.Index("ix_audit_event_resources_type_time", "account_id", "resource_type", "event_time", "sequence"),
    sa.Index("ix_audit_event_resources_name_time", "account_id", "resource_name", "event_time", "sequence"),
    sa.Index("ix_audit_event_resources_name", "resource_name"),
)

audit_heads = sa.Table(
    "audit_heads",
    metadata,
    sa.Column("account_id", sa.String(12), primary_key=True),
    sa.Column("sequence", sa.BigInteger, nullable=False),
    sa.Column("head_hash", sa.String(64), nullable=False),
)

# Signed chain heads, like CloudTrail's digest files; each names the signature of the one before it.
audit_digests = sa.Table(
    "audit_digests",
    metadata,
    sa.Column("account_id", sa.String(12), primary_key=True),
    sa.Column("digest_number", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("sequence", sa.BigInteger, nullable=False),
    sa.Column("digest_time", UtcDateTime, nullable=False),
    sa.Column("document", sa.Text, nullable=False),  # the signed JSON document, signature included
)

# The Ed25519 key that signs digests; its private half sealed under the server's keyring.
audit_signing_keys = sa.Table(
    "audit_signing_keys",
    metadata,
    sa.Column("key_id", sa.String(64), primary_key=True),
    sa.Column("public_key", sa.LargeBinary, nullable=False),
    sa.Column("sealed_private_key", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
