"""The two endpoints the SDKs read, as bare ASGI apps served by uvicorn on loopback.

EC2 instance metadata, IMDSv2 (as AWS documents it, "Use the Instance Metadata Service"):
- ``PUT /latest/api/token`` with ``X-aws-ec2-metadata-token-ttl-seconds`` 1-21600 answers a token
  (400 without the header or outside the range; 403 when the request carries ``X-Forwarded-For``,
  as AWS refuses tokens to requests that went through a proxy);
- every ``GET`` needs a valid ``X-aws-ec2-metadata-token`` (401 otherwise), unless ``imdsv1`` is on;
- ``/latest/meta-data/iam/security-credentials/`` lists the role, ``.../ROLE`` answers
  ``Code, LastUpdated, Type, AccessKeyId, SecretAccessKey, Token, Expiration``; ``iam/info``
  ``Code, LastUpdated, InstanceProfileArn, InstanceProfileId`` (or EC2's
  ``AssumeRoleUnauthorizedAccess`` when the role does not trust EC2); ``instance-id``, ``placement/*``
  and ``/latest/dynamic/instance-identity/document``.

The container credentials endpoint (``AWS_CONTAINER_CREDENTIALS_FULL_URI``): ``GET /v1/credentials``
with ``Authorization`` equal to the agent's token (401 when missing, 403 when wrong), answering
``AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn``.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import datetime, timedelta
from typing import Any

import anyio.to_thread

from hatrack.agent.cache import ISO, CredentialCache, CredentialSet
from hatrack.agent.state import Identity

log = logging.getLogger("hatrack.agent")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

TOKEN_TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds"
TOKEN_HEADER = "x-aws-ec2-metadata-token"
MAX_TOKEN_TTL = 21600
MAX_TOKENS = 10_000
REGION = "us-east-1"  # [choice] the region the instance identity document and placement name
CONTAINER_PATH = "/v1/credentials"


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


async def _respond(
    send: Send,
    status: int,
    body: str,
    content_type: str = "text/plain",
    extra: tuple[tuple[str, str], ...] = (),
) -> None:
    data = body.encode()
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(data)).encode())]
    headers.extend((k.encode(), v.encode()) for k, v in extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def current_credentials(cache: CredentialCache) -> CredentialSet | None:
    """The cached set at once; only without a usable one, a fetch in a worker thread."""
    found = cache.usable()
    if found is not None:
        return found
    return await anyio.to_thread.run_sync(cache.get)


class MetadataService:
    """IMDSv2 for one workload."""

    def __init__(
        self, cache: CredentialCache, identity: Callable[[], Identity], *, imdsv1: bool = False
    ) -> None:
        self.cache = cache
        self.identity = identity
        self.imdsv1 = imdsv1
        self._tokens: dict[str, datetime] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        await _drain(receive)
        headers = _headers(scope)
        path, method = scope["path"], scope["method"]
        if path == "/latest/api/token":
            await self._token(method, headers, send)
            return
        if method not in ("GET", "HEAD"):
            await _respond(send, 405, "Method Not Allowed")
            return
        if not self.imdsv1 and not self._valid(headers.get(TOKEN_HEADER)):
            await _respond(send, 401, "Unauthorized")
            return
        await self._get(path, send)

    async def _token(self, method: str, headers: dict[str, str], send: Send) -> None:
        if method != "PUT":
            await _respond(send, 405, "Method Not Allowed")
            return
        if "x-forwarded-for" in headers:
            await _respond(send, 403, "Forbidden")
            return
        text = headers.get(TOKEN_TTL_HEADER, "")
        if not text.isdigit() or not 1 <= int(text) <= MAX_TOKEN_TTL:
            await _respond(send, 400, "Bad Request")
            return
        now = self.cache.clock()
        if len(self._tokens) >= MAX_TOKENS:
            self._tokens = {token: until for token, until in self._tokens.items() if until > now}
            if len(self._tokens) >= MAX_TOKENS:
                self._tokens.pop(next(iter(self._tokens)))
        token = secrets.token_urlsafe(42)
        self._tokens[token] = now + timedelta(seconds=int(text))
        await _respond(send, 200, token, extra=((TOKEN_TTL_HEADER, text),))

    def _valid(self, token: str | None) -> bool:
        if not token:
            return False
        until = self._tokens.get(token)
        return until is not None and until > self.cache.clock()

    async def _get(self, path: str, send: Send) -> None:
        identity = self.identity()
        workload = identity.workload
        prefix = "/latest/meta-data/iam/security-credentials/"
        if path == prefix or path == prefix.rstrip("/"):
            found = await current_credentials(self.cache)
            if found is None:
                await _respond(send, 404, "Not Found")
            else:
                await _respond(send, 200, found.role_name)
            return
        if path.startswith(prefix):
            found = await current_credentials(self.cache)
            if found is None or path[len(prefix) :].rstrip("/") != found.role_name:
                await _respond(send, 404, "Not Found")
                return
            document = {
                "Code": "Success",
                "LastUpdated": f"{found.last_updated:{ISO}}",
                "Type": "AWS-HMAC",
                "AccessKeyId": found.access_key_id,
                "SecretAccessKey": found.secret_access_key,
                "Token": found.token,
                "Expiration": f"{found.expiration:{ISO}}",
            }
            await _respond(send, 200, json.dumps(document, indent=2))
            return
        if path.rstrip("/") == "/latest/meta-data/iam/info":
            await self._info(send)
            return
        simple = {
            "/latest/meta-data/instance-id": identity.workload_id,
            "/latest/meta-data/placement/region": REGION,
            "/latest/meta-data/placement/availability-zone": REGION + "a",
            "/latest/meta-data/iam": "info\nsecurity-credentials/",
            "/latest/meta-data": "iam/\ninstance-id\nplacement/",
            "/latest/meta-data/placement": "availability-zone\nregion",
        }
        if path.rstrip("/") in simple:
            await _respond(send, 200, simple[path.rstrip("/")])
            return
        if path.rstrip("/") == "/latest/dynamic/instance-identity/document":
            document = {
                "accountId": workload.get("account_id", ""),
                "architecture": "x86_64",
                "availabilityZone": REGION + "a",
                "imageId": "ami-00000000000000000",
                "instanceId": identity.workload_id,
                "instanceType": "hatrack.workload",
                "pendingTime": f"{identity.not_before:{ISO}}",
                "privateIp": "127.0.0.1",
                "region": REGION,
                "version": "2017-09-30",
            }
            await _respond(send, 200, json.dumps(document, indent=2))
            return
        await _respond(send, 404, "Not Found")

    async def _info(self, send: Send) -> None:
        found = await current_credentials(self.cache)
        now = f"{self.cache.clock():{ISO}}"
        if found is not None:
            document = {
                "Code": "Success",
                "LastUpdated": f"{found.last_updated:{ISO}}",
                "InstanceProfileArn": found.instance_profile_arn,
                "InstanceProfileId": found.instance_profile_id,
            }
        elif self.cache.refusal is not None:
            document = {
                "Code": self.cache.refusal.code,
                "Message": self.cache.refusal.message,
                "LastUpdated": now,
            }
        else:
            await _respond(send, 404, "Not Found")
            return
        await _respond(send, 200, json.dumps(document, indent=2))


class ContainerCredentials:
    """The container credentials endpoint, guarded by an authorization token."""

    def __init__(self, cache: CredentialCache, token: str) -> None:
        self.cache = cache
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        await _drain(receive)
        if scope["path"] != CONTAINER_PATH:
            await _respond(send, 404, json.dumps({"message": "Not Found"}), "application/json")
            return
        if scope["method"] != "GET":
            await _respond(send, 405, json.dumps({"message": "Method Not Allowed"}), "application/json")
            return
        given = _headers(scope).get("authorization")
        if not given:
            await _respond(
                send, 401, json.dumps({"message": "Authorization header required"}), "application/json"
            )
            return
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            await _respond(
                send, 403, json.dumps({"message": "Authorization token is not valid"}), "application/json"
            )
            return
        found = await current_credentials(self.cache)
        if found is None:
            message = self.cache.refusal.message if self.cache.refusal else "No credentials available"
            await _respond(send, 503, json.dumps({"message": message}), "application/json")
            return
        document = {
            "AccessKeyId": found.access_key_id,
            "SecretAccessKey": found.secret_access_key,
            "Token": found.token,
            "Expiration": f"{found.expiration:{ISO}}",
            "RoleArn": found.role_arn,
        }
        await _respond(send, 200, json.dumps(document), "application/json")
