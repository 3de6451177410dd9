"""``hatrack audit session ACCESS_KEY_ID``: one session's actions and the chain of sessions behind it.

Sessions are linked through the events that issued them: an AssumeRole (or GetSessionToken, …) event
lists the new session's key in ``responseElements.credentials.accessKeyId`` and the caller's key in
``userIdentity.accessKeyId``. Walking those links backwards from a session leads to the long-term key
that started it: user → AssumeRole → role session → AssumeRole → …
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.audit.events import CREDENTIAL_OPERATIONS
from hatrack.store import audit as store
from hatrack.store.audit import StoredEvent


@dataclass(frozen=True, slots=True)
class SessionStep:
    """One link of the chain: a key, the event that issued it (None for a long-term key), its actions."""

    access_key_id: str
    identity: dict[str, Any]  # the userIdentity the key's events carry (or what the issuing event says)
    issued_by: StoredEvent | None
    events: tuple[StoredEvent, ...]


def _record(event: StoredEvent) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(event.event_json)
    return loaded


def _issued_key(event: StoredEvent) -> str | None:
    response = _record(event).get("responseElements") or {}
    credentials = response.get("credentials") if isinstance(response, dict) else None
    key = credentials.get("accessKeyId") if isinstance(credentials, dict) else None
    return str(key) if key else None


def _once_per_call(events: list[StoredEvent], home_account: str | None) -> list[StoredEvent]:
    """A cross-account call is in two trails (same sharedEventID): keep one copy, the caller's if possible."""
    chosen: dict[str, StoredEvent] = {}
    order: list[str] = []
    for event in events:
        record = _record(event)
        key = str(record.get("sharedEventID") or f"{event.account_id}:{event.sequence}")
        if key not in chosen:
            chosen[key] = event
            order.append(key)
        elif home_account is not None and event.account_id == home_account:
            chosen[key] = event
    return [chosen[key] for key in order]


def issuing_event(conn: Connection, access_key_id: str) -> StoredEvent | None:
    """The event whose response handed out ``access_key_id`` (successful calls only)."""
    candidates = [
        event
        for event in store.events_naming_resource(
            conn, access_key_id, event_names=sorted(CREDENTIAL_OPERATIONS)
        )
        if _issued_key(event) == access_key_id
    ]
    if not candidates:
        return None
    # Prefer the copy in the caller's own trail (userIdentity of its own account).
    for event in candidates:
        identity = _record(event).get("userIdentity") or {}
        if identity.get("type") != "AWSAccount":
            return event
    return candidates[0]


def session_timeline(conn: Connection, access_key_id: str, *, limit: int = 1000) -> list[SessionStep]:
    """The chain of keys that led to ``access_key_id``, oldest first; each with its actions."""
    steps: list[SessionStep] = []
    key: str | None = access_key_id
    seen: set[str] = set()
    while key and key not in seen:
        seen.add(key)
        issued_by = issuing_event(conn, key)
        events = store.events_by_access_key(conn, key, limit=limit)
        identity = _identity(events, issued_by)
        home = str(identity.get("accountId")) if identity.get("accountId") else None
        steps.append(SessionStep(key, identity, issued_by, tuple(_once_per_call(events, home))))
        if issued_by is None:
            break
        caller = _record(issued_by).get("userIdentity") or {}
        key = str(caller.get("accessKeyId") or "") or None
    steps.reverse()
    return steps


def _identity(events: list[StoredEvent], issued_by: StoredEvent | None) -> dict[str, Any]:
    for event in events:
        identity = _record(event).get("userIdentity") or {}
        if isinstance(identity, dict) and identity.get("type") not in (None, "AWSAccount", "Unknown"):
            return identity
    if issued_by is not None:
        response = _record(issued_by).get("responseElements") or {}
        assumed = response.get("assumedRoleUser") if isinstance(response, dict) else None
        if isinstance(assumed, dict):
            return {
                "type": "AssumedRole",
                "arn": assumed.get("arn"),
                "principalId": assumed.get("assumedRoleId"),
            }
    return {}
