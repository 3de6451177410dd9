"""CloudTrail's LookupEvents over one account's trail: filters, time range, pages, output shape.

AWS's rules: at most one lookup attribute; MaxResults 1–50 (default 50); StartTime after EndTime is
InvalidTimeRangeException; a NextToken not issued for this very query is InvalidNextTokenException.
Events come newest first. https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.audit.events import resources_of
from hatrack.errors import InvalidLookupAttributes, InvalidMaxResults, InvalidNextToken, InvalidTimeRange
from hatrack.store import audit as store
from hatrack.store.audit import LookupQuery, StoredEvent

ATTRIBUTE_KEYS = (
    "EventId",
    "EventName",
    "ReadOnly",
    "Username",
    "ResourceType",
    "ResourceName",
    "EventSource",
    "AccessKeyId",
)
DEFAULT_MAX_RESULTS = 50


@dataclass(frozen=True, slots=True)
class LookupRequest:
    account_id: str
    attribute: tuple[str, str] | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    max_results: int = DEFAULT_MAX_RESULTS
    next_token: str | None = None


@dataclass(frozen=True, slots=True)
class LookupPage:
    events: tuple[StoredEvent, ...]
    next_token: str | None


def lookup_request(account_id: str, params: Mapping[str, Any]) -> LookupRequest:
    """Check LookupEvents' input (model names) the way CloudTrail does and return the request."""
    attributes = list(params.get("LookupAttributes") or [])
    if len(attributes) > 1:
        raise InvalidLookupAttributes("You can specify only one lookup attribute per request.")
    attribute: tuple[str, str] | None = None
    if attributes:
        key = str(attributes[0].get("AttributeKey", ""))
        value = attributes[0].get("AttributeValue")
        if key not in ATTRIBUTE_KEYS:
            raise InvalidLookupAttributes(f"Lookup attribute key {key} is not valid.")
        if not isinstance(value, str) or not value:
            raise InvalidLookupAttributes("A lookup attribute must have a value.")
        if key == "ReadOnly":
            value = value.lower()
        attribute = (key, value)
    start = _utc(params.get("StartTime"))
    end = _utc(params.get("EndTime"))
    if start is not None and end is not None and start > end:
        raise InvalidTimeRange("Start time must not be later than end time.")
    max_results = params.get("MaxResults", DEFAULT_MAX_RESULTS)
    if not isinstance(max_results, int) or not 1 <= max_results <= 50:
        raise InvalidMaxResults("MaxResults must be between 1 and 50.")
    token = params.get("NextToken")
    return LookupRequest(
        account_id=account_id,
        attribute=attribute,
        start_time=start,
        end_time=end,
        max_results=max_results,
        next_token=str(token) if token else None,
    )


def _utc(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise InvalidTimeRange("The time range is not valid.")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _query_fingerprint(request: LookupRequest) -> str:
    # A token is good only for the query that issued it (same account, filter and time range).
    parts = [
        request.account_id,
        json.dumps(request.attribute),
        request.start_time.isoformat() if request.start_time else "",
        request.end_time.isoformat() if request.end_time else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def encode_token(request: LookupRequest, last: StoredEvent) -> str:
    payload = {"q": _query_fingerprint(request), "t": last.event_time.isoformat(), "s": last.sequence}
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()


def decode_token(request: LookupRequest, token: str) -> tuple[datetime, int]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(token.encode()))
        moment = datetime.fromisoformat(payload["t"])
        sequence = int(payload["s"])
        fingerprint = payload["q"]
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError) as bad:
        raise InvalidNextToken("Invalid NextToken.") from bad
    if fingerprint != _query_fingerprint(request):
        raise InvalidNextToken("The NextToken does not match the parameters of this request.")
    return moment.astimezone(UTC), sequence


def lookup(conn: Connection, request: LookupRequest) -> LookupPage:
    before = decode_token(request, request.next_token) if request.next_token else None
    found = store.lookup_events(
        conn,
        LookupQuery(
            account_id=request.account_id,
            attribute=request.attribute,
            start_time=request.start_time,
            end_time=request.end_time,
            before=before,
            limit=request.max_results + 1,
        ),
    )
    page = tuple(found[: request.max_results])
    more = len(found) > request.max_results
    return LookupPage(events=page, next_token=encode_token(request, page[-1]) if more and page else None)


def event_shape(event: StoredEvent) -> dict[str, Any]:
    """One ``Event`` of LookupEvents' output (model member names)."""
    record = json.loads(event.event_json)
    shape: dict[str, Any] = {
        "EventId": event.event_id,
        "EventName": event.event_name,
        "ReadOnly": event.read_only,
        "EventTime": event.event_time,
        "EventSource": event.event_source,
        "Resources": [
            {"ResourceType": resource_type, "ResourceName": resource_name}
            for resource_type, resource_name in _resources(record)
        ],
        "CloudTrailEvent": event.event_json,
    }
    if event.access_key_id:
        shape["AccessKeyId"] = event.access_key_id
    if event.username:
        shape["Username"] = event.username
    return shape


def _resources(record: Mapping[str, Any]) -> Sequence[tuple[str, str]]:
    return resources_of(record)
