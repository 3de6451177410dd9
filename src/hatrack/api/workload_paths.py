"""The workload endpoints on the API's ASGI app: ``/sessions`` (IAM Roles Anywhere's CreateSession)
and ``/_hatrack/workloads/*`` (the agent's join, renewal and credentials), answered by
``hatrack.workloads.http`` in a worker thread (each may take the write lock and sign with a key)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio.to_thread

from hatrack.api.services import Services
from hatrack.audit.events import new_event_id
from hatrack.workloads import http as workload_http
from hatrack.workloads.exchange import WorkloadServices
from hatrack.workloads.x509_auth import X509Request

Scope = MutableMapping[str, Any]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def is_workload_path(path: str) -> bool:
    return path in workload_http.PATHS


def workload_services(services: Services) -> WorkloadServices:
    return WorkloadServices(
        database=services.database,
        keyring=services.keyring,
        recorder=services.recorder,
        clock=services.clock,
        partition=services.partition.name,
        assume_role_model=services.models.operation("sts", "AssumeRole"),
    )


async def answer_workload(workloads: WorkloadServices, scope: Scope, body: bytes, send: Send) -> None:
    client = scope.get("client")
    headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"])
    user_agent = next((v for k, v in headers if k.lower() == "user-agent"), "")
    request = X509Request(
        method=scope["method"],
        path=scope["path"],
        query_string=scope.get("query_string", b"").decode("latin-1"),
        headers=headers,
        body=body,
        source_ip=client[0] if client else "127.0.0.1",
        user_agent=user_agent[:1024],
        secure_transport=scope.get("scheme") == "https",
    )
    answer = await anyio.to_thread.run_sync(workload_http.handle, workloads, request, new_event_id())
    response_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(answer.body)).encode()),
        *((k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers),
    ]
    await send({"type": "http.response.start", "status": answer.status, "headers": response_headers})
    await send({"type": "http.response.body", "body": answer.body})
