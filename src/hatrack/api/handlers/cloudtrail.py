"""cloudtrail:LookupEvents — the caller's own account's trail, newest first.

Authorized as ``cloudtrail:LookupEvents`` on ``*`` (CloudTrail has no resource-level permission for
it), so a role allowed only that action can investigate and do nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.audit.lookup import event_shape, lookup, lookup_request


@operation("cloudtrail", "LookupEvents", read_only=True)
def lookup_events(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("cloudtrail:LookupEvents", "*")
    request = lookup_request(call.ctx.account_id, params)
    if params.get("EventCategory") == "insight":
        return {"Events": []}  # hatrack records management events only; there are no Insights events
    page = lookup(call.conn, request)
    result: dict[str, Any] = {"Events": [event_shape(event) for event in page.events]}
    if page.next_token is not None:
        result["NextToken"] = page.next_token
    return result
