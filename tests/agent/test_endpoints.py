"""The agent's endpoints as ASGI apps, driven directly with an injected clock: IMDSv2 tokens expire
with their TTL, ``--imdsv1`` answers without one, the container endpoint compares its token."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hatrack.agent.cache import CredentialCache
from hatrack.agent.endpoints import ContainerCredentials, MetadataService
from hatrack.agent.state import Identity

START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def answer(clock: Clock) -> dict[str, Any]:
    return {
        "AccessKeyId": "ASIAEXAMPLE",
        "SecretAccessKey": "secret",
        "Token": "token",
        "Expiration": (clock.now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "RoleArn": "arn:aws:iam::123456789012:role/web",
        "RoleName": "web",
        "InstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/web",
        "InstanceProfileId": "AIPAEXAMPLE",
    }


def identity() -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "web")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(START)
        .not_valid_after(START + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return Identity(key, certificate, {"workload_id": "i-0123456789abcdef0", "account_id": "123456789012"})


def call(app: Any, method: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:]).decode()


def metadata(imdsv1: bool = False) -> tuple[Clock, MetadataService]:
    clock = Clock()
    cache = CredentialCache(lambda: answer(clock), clock=clock)
    held = identity()
    return clock, MetadataService(cache, lambda: held, imdsv1=imdsv1)


def test_a_token_expires_with_its_ttl() -> None:
    clock, app = metadata()
    status, token = call(app, "PUT", "/latest/api/token", {"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    assert status == 200
    path = "/latest/meta-data/instance-id"
    assert call(app, "GET", path, {"X-aws-ec2-metadata-token": token}) == (200, "i-0123456789abcdef0")
    clock.now += timedelta(seconds=61)
    assert call(app, "GET", path, {"X-aws-ec2-metadata-token": token})[0] == 401


def test_a_token_is_only_taken_with_put() -> None:
    _clock, app = metadata()
    assert call(app, "GET", "/latest/api/token", {"X-aws-ec2-metadata-token-ttl-seconds": "60"})[0] == 405


def test_imdsv1_when_allowed_answers_without_a_token() -> None:
    _clock, app = metadata(imdsv1=True)
    status, body = call(app, "GET", "/latest/meta-data/iam/security-credentials/web")
    assert status == 200 and json.loads(body)["AccessKeyId"] == "ASIAEXAMPLE"


def test_an_unknown_path_or_role_is_not_found() -> None:
    _clock, app = metadata(imdsv1=True)
    assert call(app, "GET", "/latest/meta-data/iam/security-credentials/other")[0] == 404
    assert call(app, "GET", "/latest/user-data")[0] == 404


def test_the_container_endpoint_compares_the_whole_token() -> None:
    clock = Clock()
    app = ContainerCredentials(CredentialCache(lambda: answer(clock), clock=clock), "the-token")
    assert call(app, "GET", "/v1/credentials", {"Authorization": "the-toke"})[0] == 403
    assert call(app, "GET", "/v1/credentials", {"Authorization": "the-token!"})[0] == 403
    assert call(app, "GET", "/v1/other", {"Authorization": "the-token"})[0] == 404
    status, body = call(app, "GET", "/v1/credentials", {"Authorization": "the-token"})
    assert status == 200 and json.loads(body)["RoleArn"] == "arn:aws:iam::123456789012:role/web"
