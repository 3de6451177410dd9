"""The hash chain: each event of an account's trail carries the hash of the one before it.

``event_hash = SHA-256(previous_hash_hex + "\\n" + event_json)`` over the exact JSON text stored (and
exported), starting from 64 zeros. Appending locks the account's head row, so concurrent appends of
one account take turns; appends of several accounts lock heads in account order (no deadlock).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC

from sqlalchemy.engine import Connection

from hatrack.audit.events import AuditEvent, encode_record
from hatrack.store import audit as store
from hatrack.store.audit import GENESIS_HASH, StoredEvent

__all__ = ["GENESIS_HASH", "append_events", "chain_hash", "encode_record"]


def chain_hash(previous_hash: str, event_json: str) -> str:
    return hashlib.sha256(f"{previous_hash}\n{event_json}".encode()).hexdigest()


def append_events(conn: Connection, events: Sequence[AuditEvent]) -> list[StoredEvent]:
    """Chain ``events`` onto their accounts' trails in ``conn``'s transaction; one head update per account."""
    by_account: dict[str, list[AuditEvent]] = {}
    for event in events:
        by_account.setdefault(event.account_id, []).append(event)
    stored: list[StoredEvent] = []
    sha256 = hashlib.sha256
    for account_id in sorted(by_account):
        account_events = by_account[account_id]
        head = store.advance_head(conn, account_id, len(account_events))
        sequence, previous = head.sequence, head.head_hash
        for event in account_events:
            text = event.text
            digest = sha256(f"{previous}\n{text}".encode()).hexdigest()
            sequence += 1
            columns = event.columns
            stored.append(
                StoredEvent(
                    account_id,
                    sequence,
                    columns.event_id,
                    event.event_time.astimezone(UTC),
                    columns.event_name,
                    columns.event_source,
                    columns.read_only,
                    columns.username,
                    columns.access_key_id,
                    text,
                    previous,
                    digest,
                    columns.resources,
                )
            )
            previous = digest
        store.set_head_hash(conn, account_id, previous)
    store.insert_events(conn, stored)
    return stored
