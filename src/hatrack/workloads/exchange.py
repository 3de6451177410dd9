"""The workload's calls to the server: trade a join token for a certificate, renew the certificate,
and get the instance profile role's credentials (an AssumeRole by ``ec2.amazonaws.com``).

Every call is recorded in the workload's account's trail, refused ones too (an already-used or
expired join token, an unknown, expired or revoked certificate, a deregistered workload, a role that
does not trust EC2). A refused call changes nothing: its transaction rolls back and its record is
committed apart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.audit.call import CallRecord
from hatrack.audit.recorder import Recorder
from hatrack.credentials.keyring import Keyring
from hatrack.errors import AccessDenied, IamError, NoSuchEntity, ValidationError
from hatrack.model import SessionTag
from hatrack.model.workloads import IssuedCertificate, WorkloadRecord
from hatrack.store import instance_profiles as profile_store
from hatrack.store import roles as role_store
from hatrack.store import workloads as store
from hatrack.store.db import Database
from hatrack.sts.service_assume_role import EC2, ServiceSession, ServiceSessionRequest, assume_role_as_service
from hatrack.workloads import ca as workload_ca
from hatrack.workloads.identity import token_hash
from hatrack.workloads.trail import Origin, service_assume_role_call, workload_call
from hatrack.workloads.x509_auth import SignedBy, X509Request, trusted_chain, verify_signature

log = logging.getLogger("hatrack.workloads")

# [choice] EC2 role credentials last about six hours on AWS; a workload's last one hour (the role
# default), and the agent serves one set until fewer than 25 minutes remain.
CREDENTIAL_SECONDS = 3600
WORKLOAD_NAME_TAG = "workload-name"
WORKLOAD_ID_TAG = "workload-id"


Failure = Callable[[IamError], CallRecord | None]


class AssumeRoleUnauthorizedAccess(AccessDenied):
    """EC2's code (in the instance metadata's ``iam/info``) for a profile role that does not trust EC2."""

    code = "AssumeRoleUnauthorizedAccess"


@dataclass(frozen=True, slots=True)
class WorkloadServices:
    """What the workload calls need of the server (built from the API's services)."""

    database: Database
    keyring: Keyring
    recorder: Recorder
    clock: Callable[[], datetime]
    partition: str
    assume_role_model: Any  # botocore's sts:AssumeRole model, for the record's redaction


@dataclass(frozen=True, slots=True)
class Authenticated:
    workload: WorkloadRecord
    certificate: IssuedCertificate


@contextmanager
def refusals_recorded(
    services: WorkloadServices, failure: Callable[[IamError], CallRecord | None]
) -> Iterator[None]:
    """A refusal raised in the block is recorded (apart), then raised."""
    try:
        yield
    except IamError as error:
        record = failure(error)
        if record is not None:
            services.recorder.record_apart(record)
        raise


@contextmanager
def recorded(
    services: WorkloadServices, failure: Callable[[IamError], CallRecord | None]
) -> Iterator[Connection]:
    """One transaction; a refusal rolls it back and is recorded apart, then raised."""
    try:
        with services.database.begin() as conn:
            yield conn
    except IamError as error:
        record = failure(error)
        if record is not None:
            services.recorder.record_apart(record)
        raise


def _certificate_answer(
    workload: WorkloadRecord, certificate: Any, ca: workload_ca.OpenedCa
) -> dict[str, Any]:
    return {
        "workload_id": workload.workload_id,
        "name": workload.name,
        "account_id": workload.account_id,
        "instance_profile": workload.instance_profile_name,
        "certificate": workload_ca.pem(certificate),
        "ca_certificate": ca.certificate_pem,
        "not_after": certificate.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def join(services: WorkloadServices, origin: Origin, token: str, csr_pem: str) -> dict[str, Any]:
    """A join token (one use, unexpired, of a registered workload) and a CSR → the first certificate."""
    hashed = token_hash(token)
    known: dict[str, str] = {}

    def failure(error: IamError) -> CallRecord | None:
        if not known:
            log.info("join refused: unknown join token from %s", origin.source_ip)
        return workload_call(
            origin,
            "JoinWorkload",
            account_id=known.get("account"),
            principal_id=known.get("workload", "unknown"),
            params={"workloadId": known.get("workload", "")} if known else {},
            error=error,
        )

    with recorded(services, failure) as conn:
        record = store.get_join_token(conn, hashed)
        if record is None:
            raise AccessDenied("The join token is not valid")
        known.update(account=record.account_id, workload=record.workload_id)
        if record.used_at is not None:
            raise AccessDenied("The join token was already used")
        if record.expires_at <= origin.now:
            raise AccessDenied("The join token has expired")
        workload = store.get_workload(conn, record.workload_id)
        if workload is None:
            raise AccessDenied("The workload of this join token is deregistered")
        csr = workload_ca.read_csr(csr_pem)
        if not store.use_join_token(conn, hashed, at=origin.now):
            raise AccessDenied("The join token was already used")
        ca = workload_ca.ca_of(conn, services.keyring, workload.account_id, now=origin.now)
        certificate = workload_ca.issue_certificate(conn, ca, workload, csr, now=origin.now)
        services.recorder.record(
            conn,
            workload_call(
                origin,
                "JoinWorkload",
                account_id=workload.account_id,
                principal_id=workload.workload_id,
                params={"workloadId": workload.workload_id, "workloadName": workload.name},
            ),
        )
        return _certificate_answer(workload, certificate, ca)


def verified(services: WorkloadServices, request: X509Request, now: datetime, failure: Failure) -> SignedBy:
    """The request's signature, checked before any transaction (a forgery takes no lock), its
    refusal recorded."""
    with refusals_recorded(services, failure):
        return verify_signature(request, now=now)


def authenticate(
    conn: Connection, signed: SignedBy, *, now: datetime, known: dict[str, str]
) -> Authenticated:
    """The workload whose certificate (issued by its account's CA, unexpired, unrevoked) signed the
    request; ``known`` learns the account and workload as soon as they are known (for the record)."""
    issued = store.get_certificate(conn, str(signed.certificate.serial_number))
    if issued is None:
        raise AccessDenied("Untrusted certificate: not issued to a workload")
    known.update(account=issued.account_id, workload=issued.workload_id)
    ca_certificate = workload_ca.ca_certificate(conn, issued.account_id)
    trusted_chain(signed, [ca_certificate] if ca_certificate is not None else [], now=now)
    workload = store.get_workload(conn, issued.workload_id)
    if workload is None:
        raise AccessDenied("The workload is deregistered")
    if issued.revoked_at is not None:
        raise AccessDenied("The certificate is revoked")
    return Authenticated(workload, issued)


def _workload_failure(
    origin: Origin, operation: str, known: dict[str, str], refused: list[CallRecord] | None = None
) -> Callable[[IamError], CallRecord | None]:
    def failure(error: IamError) -> CallRecord | None:
        if refused:
            return refused[0]  # recorded as the refused AssumeRole itself
        if not known:
            log.info("%s refused from %s: %s", operation, origin.source_ip, error.message)
        return workload_call(
            origin,
            operation,
            account_id=known.get("account"),
            principal_id=known.get("workload", "unknown"),
            params={"workloadId": known["workload"]} if "workload" in known else {},
            error=error,
        )

    return failure


def renew(services: WorkloadServices, origin: Origin, request: X509Request, csr_pem: str) -> dict[str, Any]:
    """A valid certificate signs for a new one (a new key's CSR); the old one stays valid until it
    expires [choice: revoking it at once would lock out an agent whose answer was lost in transit]."""
    known: dict[str, str] = {}
    failure = _workload_failure(origin, "RenewWorkloadCertificate", known)
    signed = verified(services, request, origin.now, failure)
    with recorded(services, failure) as conn:
        who = authenticate(conn, signed, now=origin.now, known=known)
        csr = workload_ca.read_csr(csr_pem)
        ca = workload_ca.ca_of(conn, services.keyring, who.workload.account_id, now=origin.now)
        certificate = workload_ca.issue_certificate(conn, ca, who.workload, csr, now=origin.now)
        services.recorder.record(
            conn,
            workload_call(
                origin,
                "RenewWorkloadCertificate",
                account_id=who.workload.account_id,
                principal_id=who.workload.workload_id,
                params={"workloadId": who.workload.workload_id, "workloadName": who.workload.name},
            ),
        )
        return _certificate_answer(who.workload, certificate, ca)


def _profile_role(conn: Connection, workload: WorkloadRecord, partition: str) -> tuple[str, str, str, str]:
    """(profile ARN, profile id, role ARN, role name) of the workload's instance profile."""
    profile = profile_store.get_instance_profile(conn, workload.account_id, workload.instance_profile_name)
    if profile is None:
        raise NoSuchEntity(f"Instance Profile {workload.instance_profile_name} cannot be found.")
    if not profile.role_ids:
        raise NoSuchEntity(f"Instance Profile {profile.instance_profile_name} has no role.")
    role = role_store.get_role_by_id(conn, workload.account_id, profile.role_ids[0])
    if role is None:
        raise NoSuchEntity(f"Instance Profile {profile.instance_profile_name} has no role.")
    role_arn = f"arn:{partition}:iam::{role.account_id}:role{role.path}{role.role_name}"
    return profile.arn(partition), profile.instance_profile_id, role_arn, role.role_name


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def workload_tags(workload: WorkloadRecord) -> tuple[SessionTag, ...]:
    """The session tags naming the workload (as EKS Pod Identity tags a pod's session)."""
    return (SessionTag(WORKLOAD_NAME_TAG, workload.name), SessionTag(WORKLOAD_ID_TAG, workload.workload_id))


def credentials(services: WorkloadServices, origin: Origin, request: X509Request) -> dict[str, Any]:
    """The instance profile role's credentials for the workload whose certificate signed ``request``."""
    known: dict[str, str] = {}
    refused: list[CallRecord] = []
    failure = _workload_failure(origin, "GetWorkloadCredentials", known, refused)
    signed = verified(services, request, origin.now, failure)
    with recorded(services, failure) as conn:
        who = authenticate(conn, signed, now=origin.now, known=known)
        workload = who.workload
        profile_arn, profile_id, role_arn, role_name = _profile_role(conn, workload, services.partition)
        tags = workload_tags(workload)
        issue = ServiceSessionRequest(
            service=EC2,
            role_arn=role_arn,
            session_name=workload.workload_id,
            duration_seconds=CREDENTIAL_SECONDS,
            tags=tags,
        )
        described = {"workloadId": workload.workload_id, "workloadName": workload.name}

        def assume_record(session: ServiceSession | None, error: IamError | None) -> CallRecord:
            return service_assume_role_call(
                origin,
                service=EC2,
                role_arn=role_arn,
                role_account=workload.account_id,
                partition=services.partition,
                session_name=workload.workload_id,
                duration_seconds=CREDENTIAL_SECONDS,
                tags=tuple((tag.key, tag.value) for tag in tags),
                operation_model=services.assume_role_model,
                session=session,
                error=error,
                workload=described,
            )

        try:
            session = assume_role_as_service(
                conn, services.keyring, issue, partition=services.partition, now=origin.now
            )
        except AccessDenied as error:
            refused.append(assume_record(None, error))  # recorded once the transaction is closed
            raise AssumeRoleUnauthorizedAccess(error.message) from None
        except ValidationError as error:
            refused.append(assume_record(None, error))
            raise
        services.recorder.record(conn, assume_record(session, None))
        issued = session.credentials
        return {
            "Code": "Success",
            "LastUpdated": _iso(origin.now),
            "Type": "AWS-HMAC",
            "AccessKeyId": issued.access_key_id,
            "SecretAccessKey": issued.secret_access_key,
            "Token": issued.session_token,
            "Expiration": _iso(issued.expiration),
            "RoleArn": role_arn,
            "RoleName": role_name,
            "InstanceProfileArn": profile_arn,
            "InstanceProfileId": profile_id,
            "WorkloadId": workload.workload_id,
            "WorkloadName": workload.name,
            "AccountId": workload.account_id,
        }
