"""The ASGI app: the only wiring between HTTP and the pipeline.

Every AWS request arrives at ``/`` (GET or POST). ``--dev`` adds ``POST /_hatrack/reset``, which
wipes every entity and event but keeps the accounts and their root credentials.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hatrack.api.pipeline import Client, Pipeline
from hatrack.api.services import Services
from hatrack.sigv4.request import HttpRequest

# The largest legal field is a 131,072-character policy (about 393 KB once %-encoded); 1 MiB is ample.
MAX_BODY_BYTES = 1024 * 1024


async def _read_capped(request: Request) -> bytes | None:
    """The body, or None past ``MAX_BODY_BYTES`` (never read unbounded)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(services: Services) -> Starlette:
    pipeline = Pipeline(services)

    async def aws_endpoint(request: Request) -> Response:
        body = await _read_capped(request)
        if body is None:
            return Response(b"Request body too large", status_code=413, media_type="text/plain")
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        query = request.scope.get("query_string", b"")
        http_request = HttpRequest(
            method=request.method,
            path=raw_path.decode("latin-1"),
            query_string=query.decode("latin-1"),
            headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in request.scope["headers"]),
            body=body,
        )
        client = Client(
            source_ip=request.client.host if request.client else "127.0.0.1",
            user_agent=request.headers.get("user-agent", ""),
            secure_transport=request.url.scheme == "https",
        )
        answer = await run_in_threadpool(pipeline.handle, http_request, client)
        return Response(
            answer.body,
            status_code=answer.status,
            media_type=answer.content_type,
            headers={"x-amzn-RequestId": answer.request_id},
        )

    async def reset(_request: Request) -> Response:
        await run_in_threadpool(services.database.wipe)
        return JSONResponse({"reset": True})

    routes = [Route("/", aws_endpoint, methods=["GET", "POST"])]
    if services.dev_mode:
        routes.append(Route("/_hatrack/reset", reset, methods=["POST"]))
    return Starlette(routes=routes)
