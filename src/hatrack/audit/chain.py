"""The hash chain: each event of an account's trail carries the hash of the one before it.

``event_hash = SHA-256(previous_hash_hex + "\\n" + event_json)`` over the exact JSON text stored (and
exported), starting from 64 zeros. Appending locks the account's head row, so concurrent appends of
one account take turns; appends of several accounts lock heads in account order (no deadlock).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.audit.events import AuditEvent
from hatrack.store import audit as store
from hatrack.store.audit import GENESIS_HASH, StoredEvent

__all__ = ["GENESIS_HASH", "append_events", "chain_hash", "encode_record"]


def encode_record(record: Mapping[str, Any]) -> str:
    """The JSON text of a record: compact, keys in CloudTrail's order, UTF-8 kept as is."""
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


def chain_hash(previous_hash: str, event_json: str) -> str:
    return hashlib.sha256(f"{previous_hash}\n{event_json}".encode()).hexdigest()


def append_events(conn: Connection, events: Sequence[AuditEvent]) -> list[StoredEvent]:
    """Chain ``events`` onto their accounts' trails in ``conn``'s transaction; one head update per account."""
    by_account: dict[str, list[AuditEvent]] = {}
    for event in events:
        by_account.setdefault(event.account_id, []).append(event)
    stored: list[StoredEvent] = []
    for account_id in sorted(by_account):
        account_events = by_account[account_id]
        head = store.advance_head(conn, account_id, len(account_events))
        sequence, previous = head.sequence, head.head_hash
        for event in account_events:
            text = encode_record(event.record)
            digest = chain_hash(previous, text)
            sequence += 1
            columns = event.columns
            stored.append(
                StoredEvent(
                    account_id=account_id,
                    sequence=sequence,
                    event_id=columns.event_id,
                    event_time=event.event_time.astimezone(UTC),
                    event_name=columns.event_name,
                    event_source=columns.event_source,
                    read_only=columns.read_only,
                    username=columns.username,
                    access_key_id=columns.access_key_id,
                    event_json=text,
                    previous_hash=previous,
                    event_hash=digest,
                    resources=columns.resources,
                )
            )
            previous = digest
        store.set_head_hash(conn, account_id, previous)
    store.insert_events(conn, stored)
    return stored
