"""The trail page: the events of this console session, hat by hat (the chain ``hatrack audit session``
shows): the signed-in identity's own session first, then each role session a Switch Role put on.

Read with ``cloudtrail:LookupEvents`` (by each hat's access key id) under the hat worn now, so a
caller who may not look up events sees AccessDenied's text here too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hatrack.console import web
from hatrack.console.api_client import ApiError

MAX_EVENTS_PER_HAT = 50


async def trail_page(console: web.Console, request: Request) -> Response:
    found = await web.signed_in(console, request)
    if isinstance(found, Response):
        return found
    _, state = found
    chain: list[dict[str, Any]] = []
    error = ""
    for hat in state.hats:
        try:
            result = await web.call_api(
                console,
                request,
                state,
                "cloudtrail",
                "LookupEvents",
                {
                    "LookupAttributes": [
                        {"AttributeKey": "AccessKeyId", "AttributeValue": hat.access_key_id}
                    ],
                    "MaxResults": MAX_EVENTS_PER_HAT,
                },
            )
        except ApiError as failure:
            error = failure.message
            break
        events = []
        for event in result.get("Events", []):
            record = json.loads(event.get("CloudTrailEvent", "{}"))
            events.append(
                {
                    "time": record.get("eventTime", ""),
                    "name": record.get("eventName", ""),
                    "source": record.get("eventSource", ""),
                    "error": record.get("errorCode") or record.get("errorMessage") or "",
                }
            )
        chain.append({"arn": hat.arn, "key": hat.access_key_id, "started": hat.started_at, "events": events})
    return web.render(console, "trail.html", state=state, csrf=state.csrf_token, chain=chain, error=error)


def routes(route: Callable[..., Route]) -> list[Any]:
    return [route("/console/trail", trail_page)]
