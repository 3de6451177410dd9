"""The workload endpoints of the server, free of any web framework: a request in, (status, headers,
JSON body) out. The API's ASGI app dispatches these paths here (``hatrack.api.workload_paths``):

- ``POST /_hatrack/workloads/join``: ``{"join_token", "csr"}`` → the workload's first certificate;
- ``POST /_hatrack/workloads/renew``: signed with the certificate (IAM Roles Anywhere's signature),
  ``{"csr"}`` → a new certificate;
- ``POST /_hatrack/workloads/credentials``: signed with the certificate → the instance profile role's
  credentials, issued by an AssumeRole of ``ec2.amazonaws.com``;
- ``POST /sessions``: IAM Roles Anywhere's CreateSession (``hatrack.workloads.roles_anywhere``).

Errors are ``{"message"}`` with the code in ``x-amzn-ErrorType`` (the REST-JSON style of Roles
Anywhere) and AWS's status; an error never carries a token, a key or a signature.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hatrack.errors import AccessDenied, IamError, NotFound, ValidationError
from hatrack.partitions import partition_named
from hatrack.workloads import exchange, roles_anywhere
from hatrack.workloads.trail import Origin
from hatrack.workloads.x509_auth import X509Request

log = logging.getLogger("hatrack.workloads")

JOIN_PATH = "/_hatrack/workloads/join"
RENEW_PATH = "/_hatrack/workloads/renew"
CREDENTIALS_PATH = "/_hatrack/workloads/credentials"
SESSIONS_PATH = "/sessions"
PATHS = frozenset({JOIN_PATH, RENEW_PATH, CREDENTIALS_PATH, SESSIONS_PATH})


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def _json_body(body: bytes) -> Mapping[str, Any]:
    if not body.strip():
        return {}
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("The request body is not JSON") from None
    if not isinstance(value, dict):
        raise ValidationError("The request body must be a JSON object")
    return value


def _text(fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name)
    if not isinstance(value, str) or not value:
        raise ValidationError(f"{name} is required")
    return value


def _join(
    services: exchange.WorkloadServices, origin: Origin, fields: Mapping[str, Any]
) -> Mapping[str, Any]:
    return exchange.join(services, origin, _text(fields, "join_token"), _text(fields, "csr"))


def handle(services: exchange.WorkloadServices, request: X509Request, request_id: str) -> Answer:
    region = partition_named(services.partition).global_region
    origin = Origin(request_id, request.source_ip, request.user_agent, services.clock(), region)
    routes: dict[str, Callable[[], Mapping[str, Any]]] = {
        JOIN_PATH: lambda: _join(services, origin, _json_body(request.body)),
        RENEW_PATH: lambda: exchange.renew(services, origin, request, _text(_json_body(request.body), "csr")),
        CREDENTIALS_PATH: lambda: exchange.credentials(services, origin, request),
        SESSIONS_PATH: lambda: roles_anywhere.create_session(
            services, origin, request, _json_body(request.body)
        ),
    }
    try:
        route = routes.get(request.path)
        if route is None:
            raise NotFound("The requested path names no workload endpoint")
        if request.method != "POST":
            return _error(405, "MethodNotAllowed", "Use POST", request_id)
        result = route()
    except IamError as error:
        code = (
            "AccessDeniedException"
            if isinstance(error, AccessDenied) and request.path == SESSIONS_PATH
            else error.code
        )
        return _error(error.status, code, error.message, request_id)
    except Exception:
        log.exception("internal failure answering workload request %s", request_id)
        return _error(500, "InternalFailure", "An internal error occurred.", request_id)
    status = 201 if request.path == SESSIONS_PATH else 200
    return Answer(status, json.dumps(result).encode(), (("x-amzn-requestid", request_id),))


def _error(status: int, code: str, message: str, request_id: str) -> Answer:
    return Answer(
        status,
        json.dumps({"message": message, "code": code}).encode(),
        (("x-amzn-errortype", code), ("x-amzn-requestid", request_id)),
    )
