"""The certificate exchange and the workload's proof, in process on SQLite and PostgreSQL, with an
injected server clock: join tokens work once and only in their lifetime, are stored only as hashes;
the CA key is sealed; a certificate is refused once expired, revoked, deregistered, or when its
signature is stale, tampered or names another serial; every refusal is recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from hatrack.agent.signer import sign_headers
from hatrack.agent.state import Identity, csr_pem, new_key
from hatrack.audit.call import CallRecord
from hatrack.audit.events import AuditEvent
from hatrack.errors import AccessDenied, ValidationError
from hatrack.model.identities import InstanceProfileRecord
from hatrack.state import State, open_state
from hatrack.store import instance_profiles
from hatrack.store.workload_tables import workload_cas, workload_join_tokens
from hatrack.workloads import exchange, registry
from hatrack.workloads.trail import Origin
from hatrack.workloads.x509_auth import X509Request

T0 = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
SERVER = "http://hatrack.test"


@dataclass
class Recorded:
    """A recorder that keeps the calls (the trail's format is tested elsewhere)."""

    calls: list[CallRecord] = field(default_factory=list)

    def record(self, conn: Any, call: CallRecord) -> None:
        self.calls.append(call)

    def record_apart(self, call: CallRecord) -> None:
        self.calls.append(call)

    def prepare_apart(self, call: CallRecord) -> Sequence[AuditEvent]:
        self.calls.append(call)
        return ()

    def commit_apart(self, events: Sequence[AuditEvent]) -> None:
        return None

    async def commit_apart_async(self, events: Sequence[AuditEvent]) -> None:
        return None


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    state: State
    services: exchange.WorkloadServices
    clock: Clock
    recorder: Recorded

    def origin(self) -> Origin:
        return Origin("request-id", "192.0.2.1", "test", self.clock.now)

    def register(self, name: str = "web", ttl: int = 3600) -> registry.Registration:
        with self.state.database.begin() as conn:
            return registry.register(
                conn, self.state.account_id, name, "web", now=self.clock.now, ttl_seconds=ttl
            )

    def join(self, token: str) -> Identity:
        key = new_key()
        answer = exchange.join(self.services, self.origin(), token, csr_pem(key))
        certificate = x509.load_pem_x509_certificate(answer["certificate"].encode())
        return Identity(key, certificate, answer)

    def signed(
        self, identity: Identity, path: str = "/_hatrack/workloads/renew", body: bytes = b"{}", **sign: Any
    ) -> X509Request:
        headers = sign_headers(
            "POST",
            SERVER + path,
            body,
            key=identity.key,
            certificate=identity.certificate,
            now=sign.pop("now", self.clock.now),
            **sign,
        )
        return X509Request("POST", path, "", tuple(headers.items()), body)

    def renew(self, request: X509Request) -> dict[str, Any]:
        return exchange.renew(self.services, self.origin(), request, csr_pem(new_key()))

    def errors(self, operation: str) -> list[str | None]:
        return [c.error.code if c.error else None for c in self.recorder.calls if c.operation == operation]


@pytest.fixture
def world(database_url: str, tmp_path: Path) -> Iterator[World]:
    from hatrack.api.protocol import ServiceModels

    state = open_state(tmp_path / "state", database_url=database_url)
    with state.database.begin() as conn:
        instance_profiles.insert_instance_profile(
            conn,
            InstanceProfileRecord(
                instance_profile_id="AIPAEXAMPLEPROFILE01",
                account_id=state.account_id,
                instance_profile_name="web",
                path="/",
                created_at=T0,
            ),
        )
    clock, recorder = Clock(), Recorded()
    services = exchange.WorkloadServices(
        database=state.database,
        keyring=state.keyring,
        recorder=recorder,
        clock=clock,
        partition="aws",
        assume_role_model=ServiceModels().operation("sts", "AssumeRole"),
    )
    yield World(state, services, clock, recorder)
    state.database.dispose()


def test_a_join_token_works_once_and_is_stored_only_as_its_hash(world: World) -> None:
    registration = world.register()
    with world.state.database.begin() as conn:
        stored = [tuple(row) for row in conn.execute(sa.select(workload_join_tokens))]
    assert registration.join_token not in json.dumps([[str(v) for v in row] for row in stored])
    identity = world.join(registration.join_token)
    assert identity.workload["workload_id"] == registration.workload.workload_id
    with pytest.raises(AccessDenied, match="already used"):
        world.join(registration.join_token)
    assert world.errors("JoinWorkload") == [None, "AccessDenied"]
    refused = world.recorder.calls[-1]
    assert refused.notes["ownerAccountId"] == world.state.account_id
    assert registration.join_token not in repr(refused)


def test_a_join_token_past_its_lifetime_is_refused_and_recorded(world: World) -> None:
    registration = world.register(ttl=60)
    world.clock.now = T0 + timedelta(seconds=61)
    with pytest.raises(AccessDenied, match="expired"):
        world.join(registration.join_token)
    assert world.errors("JoinWorkload") == ["AccessDenied"]


def test_an_unknown_join_token_names_no_account(world: World) -> None:
    with pytest.raises(AccessDenied, match="not valid"):
        world.join("hjt_" + "A" * 43)
    assert "ownerAccountId" not in world.recorder.calls[-1].notes


def test_a_bad_csr_is_refused_and_leaves_the_token_usable(world: World) -> None:
    registration = world.register()
    with pytest.raises(ValidationError):
        exchange.join(world.services, world.origin(), registration.join_token, "not a csr")
    assert world.join(registration.join_token).workload["name"] == "web"


def test_the_ca_key_is_sealed_in_the_database(world: World) -> None:
    identity = world.join(world.register().join_token)
    with world.state.database.begin() as conn:
        row = conn.execute(sa.select(workload_cas)).one()
    from hatrack.credentials.workload_ca import ca_key_associated_data

    raw = world.state.keyring.open(
        bytes(row.sealed_private_key), associated_data=ca_key_associated_data(row.account_id)
    )
    key = serialization.load_der_private_key(raw, password=None)
    assert raw not in bytes(row.sealed_private_key)
    ca = x509.load_pem_x509_certificate(row.certificate_pem.encode())
    identity.certificate.verify_directly_issued_by(ca)
    assert key.public_key() == ca.public_key()  # type: ignore[union-attr]


def test_the_certificate_names_the_workload(world: World) -> None:
    registration = world.register()
    identity = world.join(registration.join_token)
    subject = {a.rfc4514_attribute_name: a.value for a in identity.certificate.subject}
    assert subject == {"O": world.state.account_id, "OU": registration.workload.workload_id, "CN": "web"}
    assert identity.not_after - T0 == timedelta(hours=24)


def test_renewal_gives_a_new_certificate_for_a_new_key(world: World) -> None:
    identity = world.join(world.register().join_token)
    world.clock.now = T0 + timedelta(hours=17)
    answer = world.renew(world.signed(identity))
    renewed = x509.load_pem_x509_certificate(answer["certificate"].encode())
    assert renewed.serial_number != identity.certificate.serial_number
    assert renewed.public_key() != identity.certificate.public_key()
    assert world.errors("RenewWorkloadCertificate") == [None]


def test_an_expired_certificate_is_refused_and_recorded(world: World) -> None:
    identity = world.join(world.register().join_token)
    world.clock.now = T0 + timedelta(hours=24, minutes=6)
    with pytest.raises(AccessDenied, match="expired"):
        world.renew(world.signed(identity))
    assert world.errors("RenewWorkloadCertificate") == ["AccessDenied"]


def test_a_deregistered_workloads_certificate_is_refused(world: World) -> None:
    identity = world.join(world.register().join_token)
    with world.state.database.begin() as conn:
        registry.deregister(conn, world.state.account_id, "web", now=world.clock.now)
    with pytest.raises(AccessDenied, match="deregistered"):
        world.renew(world.signed(identity))


@pytest.mark.parametrize("minutes", [-6, 6])
def test_a_signature_more_than_five_minutes_off_is_refused(world: World, minutes: int) -> None:
    identity = world.join(world.register().join_token)
    request = world.signed(identity, now=T0 + timedelta(minutes=minutes))
    with pytest.raises(AccessDenied, match="Signature expired"):
        world.renew(request)


def test_a_tampered_body_or_another_serial_is_refused(world: World) -> None:
    identity = world.join(world.register().join_token)
    request = world.signed(identity, body=b'{"csr": "a"}')
    tampered = X509Request(
        request.method, request.path, request.query_string, request.headers, b'{"csr": "b"}'
    )
    with pytest.raises(AccessDenied, match="signature"):
        world.renew(tampered)
    other = world.join(world.register("other").join_token)
    headers = dict(request.headers)
    headers["x-amz-x509"] = dict(world.signed(other).headers)["x-amz-x509"]
    with pytest.raises(AccessDenied, match="serial"):
        world.renew(X509Request("POST", request.path, "", tuple(headers.items()), request.body))


def test_register_checks_the_profile_and_the_name(world: World) -> None:
    from hatrack.errors import EntityAlreadyExists, NoSuchEntity

    world.register()
    with world.state.database.begin() as conn, pytest.raises(EntityAlreadyExists):
        registry.register(conn, world.state.account_id, "WEB", "web", now=T0)
    with world.state.database.begin() as conn, pytest.raises(NoSuchEntity):
        registry.register(conn, world.state.account_id, "api", "missing", now=T0)
    with world.state.database.begin() as conn, pytest.raises(ValidationError):
        registry.register(conn, world.state.account_id, "bad name!", "web", now=T0)


def test_the_ca_key_survives_the_retirement_of_the_key_that_sealed_it(world: World) -> None:
    from hatrack.rekey import retire_key

    first = world.join(world.register().join_token)
    old = world.state.keyring.primary_key_id
    world.state.keyring.rotate()
    retirement = retire_key(world.state.database, world.state.keyring, old)
    assert retirement.resealed["workload_cas"] == 1
    second = world.join(world.register("after").join_token)
    assert second.certificate.issuer == first.certificate.issuer
