"""``hatrack audit verify``: walk each account's chain and name the first event changed, removed or inserted.

For every row: its sequence follows the previous one (else events were removed), its hash is the hash
of its previous-hash and JSON text (else its text was changed), its previous-hash is the hash of the
row before (else a row was inserted, or the row before was changed and re-hashed), its indexed columns
say what its JSON says (else someone hid it from lookups), and the head row agrees with the last event.
Stored digests are checked too: their signature, and that the event they name still has the hash they
signed — the only defence against someone who rewrote the whole chain after the fact.

Trust: the chain alone proves only internal consistency (whoever can write the database can rebuild
it), and so do digests checked with the public key stored in that same database (it can be replaced
and the digests re-signed). Only a public key the operator kept elsewhere (``hatrack audit digest
public-key``, given back as ``hatrack audit verify --public-key FILE`` or ``--fingerprint``) makes the
digests evidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.engine import Connection

from hatrack.audit.chain import chain_hash
from hatrack.audit.digest import DigestProblem, check_digest_document, load_public_key
from hatrack.audit.events import columns_of
from hatrack.store import audit as store
from hatrack.store.audit import GENESIS_HASH, StoredEvent

PAGE = 2000


@dataclass(frozen=True, slots=True)
class ChainFinding:
    account_id: str
    sequence: int
    event_id: str | None
    problem: str  # "changed" | "removed" | "inserted" | "digest"
    detail: str


@dataclass(frozen=True, slots=True)
class TrailReport:
    account_id: str
    events_checked: int
    digests_checked: int
    finding: ChainFinding | None

    @property
    def intact(self) -> bool:
        return self.finding is None


def _pairs(
    conn: Connection, account_id: str
) -> Iterator[tuple[StoredEvent, StoredEvent | None, list[tuple[str, str]]]]:
    """Each event with the one after it and its stored resource rows."""
    events = store.iter_trail(conn, account_id, page=PAGE)
    current = next(events, None)
    resources: dict[int, list[tuple[str, str]]] = {}
    while current is not None:
        following = next(events, None)
        if current.sequence not in resources:
            resources = store.trail_resources(conn, account_id, current.sequence, current.sequence + PAGE)
            resources.setdefault(current.sequence, [])
        yield current, following, resources.get(current.sequence, [])
        current = following


def verify_trail(
    conn: Connection, account_id: str, *, public_key: Ed25519PublicKey | None = None
) -> TrailReport:
    """Check ``account_id``'s trail; its digests against ``public_key`` (default: the stored key)."""
    if public_key is None:
        public_key = load_public_key(conn)
    digests = store.list_digests(conn, account_id)
    signed: dict[int, tuple[int, str]] = {}  # sequence → (digest number, head hash it signed)
    previous_signature: str | None = None
    for stored in digests:
        outcome = check_digest_document(stored.document, public_key, previous_signature=previous_signature)
        if isinstance(outcome, DigestProblem):
            return TrailReport(
                account_id, 0, 0, ChainFinding(account_id, stored.sequence, None, "digest", outcome.detail)
            )
        previous_signature = outcome.signature
        signed[outcome.sequence] = (stored.digest_number, outcome.head_hash)

    def found(sequence: int, event_id: str | None, problem: str, detail: str, checked: int) -> TrailReport:
        return TrailReport(
            account_id, checked, len(digests), ChainFinding(account_id, sequence, event_id, problem, detail)
        )

    expected, previous_hash, before_previous = 1, GENESIS_HASH, None
    previous_event: StoredEvent | None = None
    checked = 0
    if 0 in signed and signed[0][1] != GENESIS_HASH:
        return found(0, None, "digest", "digest of the empty trail does not sign the genesis hash", 0)
    head = store.get_head(conn, account_id)
    head_sequence = head.sequence if head else 0
    for event, following, resources in _pairs(conn, account_id):
        if event.sequence > head_sequence and event.sequence == expected:
            return found(
                event.sequence,
                event.event_id,
                "inserted",
                f"event {event.sequence} was inserted: the trail's head ends at event {head_sequence}",
                checked,
            )
        if event.sequence != expected:
            return found(
                expected,
                None,
                "removed",
                f"event {expected} was removed: the trail jumps from event {expected - 1} "
                f"to event {event.sequence}",
                checked,
            )
        if chain_hash(event.previous_hash, event.event_json) != event.event_hash:
            return found(
                event.sequence,
                event.event_id,
                "changed",
                f"event {event.sequence} was changed: its text no longer has its hash",
                checked,
            )
        if event.previous_hash != previous_hash:
            if following is not None and following.previous_hash == previous_hash:
                return found(
                    event.sequence,
                    event.event_id,
                    "inserted",
                    f"event {event.sequence} was inserted: it does not chain from event "
                    f"{event.sequence - 1}, "
                    f"and event {following.sequence} chains from event {event.sequence - 1} directly",
                    checked,
                )
            if before_previous is not None and event.previous_hash == before_previous and previous_event:
                return found(
                    previous_event.sequence,
                    previous_event.event_id,
                    "inserted",
                    f"event {previous_event.sequence} was inserted: event {event.sequence} chains from "
                    f"event {previous_event.sequence - 1}",
                    checked,
                )
            suspect = previous_event.sequence if previous_event else event.sequence
            return found(
                suspect,
                previous_event.event_id if previous_event else event.event_id,
                "changed",
                f"event {suspect} was changed (and re-hashed), or events were removed or inserted after it: "
                f"event {event.sequence} does not chain from it",
                checked,
            )
        mismatch = _column_mismatch(event, resources)
        if mismatch:
            return found(
                event.sequence,
                event.event_id,
                "changed",
                f"event {event.sequence}'s {mismatch} was changed: it no longer says what its record says",
                checked,
            )
        digest = signed.get(event.sequence)
        if digest is not None and digest[1] != event.event_hash:
            return found(
                event.sequence,
                event.event_id,
                "changed",
                f"the trail up to event {event.sequence} differs from what digest {digest[0]} signed: "
                f"an event at or before {event.sequence} was changed, removed or inserted "
                "and the chain rebuilt",
                checked,
            )
        checked += 1
        expected += 1
        before_previous, previous_hash, previous_event = previous_hash, event.event_hash, event
    last = expected - 1
    if head_sequence > last:
        return found(
            last + 1,
            None,
            "removed",
            f"events {last + 1}..{head_sequence} were removed from the end of the trail",
            checked,
        )
    if head is not None and head.head_hash != previous_hash:
        return found(
            last,
            previous_event.event_id if previous_event else None,
            "changed",
            f"event {last} was changed: it does not match the trail's head",
            checked,
        )
    beyond = [sequence for sequence in signed if sequence > last]
    if beyond:
        return found(
            last + 1,
            None,
            "removed",
            f"digest signed event {min(beyond)} but the trail ends at event {last}",
            checked,
        )
    return TrailReport(account_id, checked, len(digests), None)


def _column_mismatch(event: StoredEvent, resources: list[tuple[str, str]]) -> str | None:
    try:
        record = json.loads(event.event_json)
    except ValueError:
        return "record"
    columns = columns_of(record)
    stored = {
        "eventID": event.event_id,
        "eventName": event.event_name,
        "eventSource": event.event_source,
        "readOnly": event.read_only,
        "username": event.username,
        "accessKeyId": event.access_key_id,
    }
    derived = {
        "eventID": columns.event_id,
        "eventName": columns.event_name,
        "eventSource": columns.event_source,
        "readOnly": columns.read_only,
        "username": columns.username,
        "accessKeyId": columns.access_key_id,
    }
    for name, value in stored.items():
        if derived[name] != value:
            return name
    if event.event_time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") != record.get("eventTime"):
        return "eventTime"
    if tuple(resources) != columns.resources:
        return "resources"
    return None


def verify_all(
    conn: Connection, *, account_id: str | None = None, public_key: Ed25519PublicKey | None = None
) -> list[TrailReport]:
    accounts = [account_id] if account_id is not None else store.list_trail_accounts(conn)
    return [verify_trail(conn, account, public_key=public_key) for account in accounts]
