"""The ASGI app: the only wiring between HTTP and the pipeline.

Every AWS request arrives at ``/`` (GET or POST). ``GET /_hatrack/health`` and ``/_hatrack/ready``
answer load balancers (200 JSON, or 503 when the database is unreachable or at another schema).
``--dev`` adds ``POST /_hatrack/reset``, which
wipes every entity and event but keeps the accounts and their root credentials; it takes only a
request carrying ``X-Hatrack-Reset: 1`` and no browser origin (no cross-site form can reset). Before
routing, a path with a malformed ``%`` escape or one that climbs above the root is refused
(``InvalidURIPath``, 400, as SigV4 refuses it: ``sigv4.canonical.check_uri_path``). Anything else is
404 (unknown path), 405 (a known path, another method) or 413 (a body over ``MAX_BODY_BYTES``), each an
AWS error document: XML for the Query protocol, JSON when the request names an ``X-Amz-Target`` (or
accepts only JSON). No audit event: the request names no operation yet (as in the pipeline, which
records only calls it could name).

A bare ASGI callable rather than a framework's router: the hot path is one path, and every request
pays for what sits in front of ``Pipeline.handle_async``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol

import anyio.to_thread

from hatrack.api.pipeline import Client, Pipeline, new_request_id
from hatrack.api.protocol import serialize_json_error, serialize_query_error
from hatrack.api.protocol.query_json import accepts_json, serialize_query_error_json
from hatrack.api.services import Services, health
from hatrack.api.workload_paths import answer_workload, is_workload_path, workload_services
from hatrack.errors import IamError, InvalidURIPath, MethodNotAllowed, NotFound, RequestEntityTooLarge
from hatrack.sigv4.canonical import check_uri_path
from hatrack.sigv4.request import HttpRequest

# The largest legal field is a 131,072-character policy (about 393 KB once %-encoded); 1 MiB is ample.
MAX_BODY_BYTES = 1024 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class MountedApp(Protocol):
    """Another ASGI app served on some paths of the same port (the web console)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...

    def reset(self) -> None:
        """Forget in-memory state (dev mode's reset)."""


# Which paths the mounted app serves, and how it is built from this app's pipeline.
Mounted = tuple[Callable[[str], bool], Callable[[Pipeline], MountedApp]]

_AWS_METHODS = ("GET", "POST")
_RESET_PATH = "/_hatrack/reset"
# For load balancers and orchestrators: 200 JSON when the node can serve, 503 when not (never signed).
_HEALTH_PATHS = ("/_hatrack/health", "/_hatrack/ready")
_RESET_HEADER = b"x-hatrack-reset"
# guess: AWS's wording for these is unknown (IAM and STS redirect other methods to their docs).
_METHOD_NOT_ALLOWED = "The specified method is not allowed against this resource."  # S3's wording
_TOO_LARGE = f"The request body is larger than {MAX_BODY_BYTES} bytes"
_NOT_FOUND = "The requested path names no resource; AWS requests are sent to /"


async def _read_capped(scope: Scope, receive: Receive) -> bytes | None:
    """The body, or None past ``MAX_BODY_BYTES`` (never read unbounded) or if the client went away."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            if value.isdigit() and int(value) > MAX_BODY_BYTES:
                return None
            break
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None  # http.disconnect
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return None
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _respond(
    send: Send, status: int, body: bytes, content_type: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    headers = [
        (b"content-length", str(len(body)).encode()),
        (b"content-type", content_type.encode("latin-1")),
    ]
    if extra:
        headers.extend(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _is_deliberate_reset(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether a reset comes from a test harness and not from a web page the developer visits.

    A page's form (or a "simple" fetch) can POST to localhost from any origin, but it cannot add a
    custom header without a CORS preflight, which this server never answers: so ``X-Hatrack-Reset: 1``
    is required. A browser's request also says where it comes from: any ``Origin``, or a
    ``Sec-Fetch-Site`` other than ``none``/``same-origin``, is refused outright.
    """
    found = {name.lower(): value for name, value in headers}
    if found.get(_RESET_HEADER) != b"1":
        return False
    if b"origin" in found:
        return False
    return found.get(b"sec-fetch-site", b"none") in (b"none", b"same-origin")


class HatrackApp:
    """The ASGI application serving ``services``."""

    def __init__(self, services: Services, *, console: Mounted | None = None) -> None:
        self.services = services
        self.pipeline = Pipeline(services)
        # The web console (issue 12, built by ``server.py``): a client of this same pipeline.
        self.console = None if console is None else (console[0], console[1](self.pipeline))
        self.workloads = workload_services(services)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path, method = scope["path"], scope["method"]
        raw_path = scope.get("raw_path")
        try:
            check_uri_path(raw_path.decode("latin-1") if raw_path else path)
        except InvalidURIPath as error:
            await self._refuse(scope, send, error)
            return
        if self.console is not None and self.console[0](path):
            await self.console[1](scope, receive, send)
        elif path == "/":
            if method not in _AWS_METHODS:
                await self._refuse(
                    scope, send, MethodNotAllowed(_METHOD_NOT_ALLOWED), [(b"allow", b"GET, POST")]
                )
                return
            await self._aws(scope, receive, send)
        elif path in _HEALTH_PATHS:
            if method not in ("GET", "HEAD"):
                await self._refuse(scope, send, MethodNotAllowed(_METHOD_NOT_ALLOWED), [(b"allow", b"GET")])
                return
            await self._health(send, detailed=path == _HEALTH_PATHS[0])
        elif path == _RESET_PATH and self.services.dev_mode:
            if method != "POST":
                await self._refuse(scope, send, MethodNotAllowed(_METHOD_NOT_ALLOWED), [(b"allow", b"POST")])
                return
            if not _is_deliberate_reset(scope["headers"]):
                await _respond(send, 403, b"Forbidden: send X-Hatrack-Reset: 1, not cross-site", "text/plain")
                return
            await anyio.to_thread.run_sync(self.services.database.wipe)
            self.pipeline.failure_limiter.clear()
            if self.console is not None:
                self.console[1].reset()
            await _respond(send, 200, json.dumps({"reset": True}).encode(), "application/json")
        elif is_workload_path(path):  # /sessions and /_hatrack/workloads/* (hatrack.workloads.http)
            body = await _read_capped(scope, receive)
            if body is None:
                await self._refuse(
                    scope, send, RequestEntityTooLarge(_TOO_LARGE), [(b"connection", b"close")]
                )
                return
            await answer_workload(self.workloads, scope, body, send)
        else:
            await self._refuse(scope, send, NotFound(_NOT_FOUND))

    async def _health(self, send: Send, *, detailed: bool) -> None:
        """``/_hatrack/health``: database reachable and migrated to this code's head, with details;
        ``/_hatrack/ready``: the same check, answered ``{"ready": bool}`` only."""
        healthy, report = await anyio.to_thread.run_sync(health, self.services.database)
        body = report if detailed else {"ready": healthy}
        await _respond(send, 200 if healthy else 503, json.dumps(body).encode(), "application/json")

    async def _refuse(
        self, scope: Scope, send: Send, error: IamError, extra: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        """An AWS error document for a request refused before the pipeline (IAM's namespace for XML)."""
        request_id = new_request_id()
        target = accept = None
        for name, value in scope["headers"]:
            if name == b"x-amz-target":
                target = value
            elif name == b"accept":
                accept = value.decode("latin-1")
        if target is not None:
            body, content_type = serialize_json_error(error), "application/x-amz-json-1.1"
        elif accepts_json(accept):
            body, content_type = serialize_query_error_json(error, request_id), "application/json"
        else:
            body = serialize_query_error(self.services.models.service("iam"), error, request_id)
            content_type = "text/xml"
        headers = [(b"x-amzn-requestid", request_id.encode("latin-1")), *(extra or ())]
        await _respond(send, error.status, body, content_type, headers)

    async def _aws(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await _read_capped(scope, receive)
        if body is None:
            await self._refuse(scope, send, RequestEntityTooLarge(_TOO_LARGE), [(b"connection", b"close")])
            return
        raw_headers: list[tuple[bytes, bytes]] = scope["headers"]
        user_agent = ""
        for name, value in raw_headers:
            if name == b"user-agent":
                user_agent = value.decode("latin-1")
                break
        client_address = scope.get("client")
        http_request = HttpRequest(
            method=scope["method"],
            path=(scope.get("raw_path") or scope["path"].encode()).decode("latin-1"),
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw_headers),
            body=body,
        )
        client = Client(
            source_ip=client_address[0] if client_address else "127.0.0.1",
            user_agent=user_agent,
            secure_transport=scope.get("scheme") == "https",
        )
        answer = await self.pipeline.handle_async(http_request, client)
        await _respond(
            send,
            answer.status,
            answer.body,
            answer.content_type,
            [(b"x-amzn-requestid", answer.request_id.encode("latin-1"))],
        )

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def create_app(services: Services, *, console: Mounted | None = None) -> HatrackApp:
    return HatrackApp(services, console=console)
