"""cloudtrail:LookupEvents — the caller's own account's trail, newest first.

Declared on ``*`` (CloudTrail has no resource-level permission for it), so a role allowed only that
action can investigate and do nothing else.
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.api.shapes import cloudtrail as shapes
from hatrack.audit.lookup import event_shape, lookup, lookup_request


@operation(
    "cloudtrail",
    "LookupEvents",
    action="cloudtrail:LookupEvents",
    resource=targets.any_resource(),
    read_only=True,
)
def lookup_events(call: Call, request: shapes.LookupEventsRequest) -> shapes.LookupEventsResponse:
    if request.event_category == "insight":
        # hatrack records management events only; there are no Insights events
        return shapes.LookupEventsResponse(events=())
    page = lookup(call.conn, lookup_request(call.ctx.account_id, request.to_wire()))
    return shapes.LookupEventsResponse(
        events=tuple(shapes.Event.from_wire(event_shape(event)) for event in page.events),
        next_token=page.next_token,
    )
