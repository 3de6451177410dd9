"""IAM Roles Anywhere: trust anchors, profiles and CreateSession (``POST /sessions``).

CreateSession is signed with the certificate's key (``hatrack.sigv4.x509``); it names a trust anchor,
a profile and a role (``trustAnchorArn``, ``profileArn``, ``roleArn``, in the query string as the
signing helper sends them, or in the JSON body) and answers AWS's ``credentialSet``. The certificate
must chain to the anchor (a PEM bundle, or hatrack's own workload CA of the account), the profile must
list the role, and the role's trust policy must allow ``rolesanywhere.amazonaws.com``
``sts:AssumeRole``, ``sts:TagSession`` and ``sts:SetSourceIdentity`` (as AWS requires). The session:
name = the certificate's serial number in hex, source identity ``CN=...``, session tags
``x509Subject/CN``, ``x509Subject/OU`` ..., ``x509Issuer/CN`` ..., ``x509SAN/DNS``, ``x509SAN/URI``,
``x509SAN/Name`` (usable as ``aws:PrincipalTag/x509Subject/CN`` in the trust policy and in any
policy), plus ``workload-name``/``workload-id`` when the certificate is a hatrack workload's. Duration:
``durationSeconds`` (900-43200) capped by the profile's (default 3600).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from cryptography import x509
from sqlalchemy.engine import Connection

from hatrack.audit.call import CallRecord
from hatrack.errors import AccessDenied, IamError, ValidationError
from hatrack.model import SessionTag
from hatrack.model.workloads import ProfileRecord, TrustAnchorRecord
from hatrack.store import workloads as store
from hatrack.sts.service_assume_role import (
    ROLES_ANYWHERE,
    ServiceSession,
    ServiceSessionRequest,
    assume_role_as_service,
)
from hatrack.workloads import ca as workload_ca
from hatrack.workloads.exchange import WorkloadServices, recorded, verified, workload_tags
from hatrack.workloads.trail import Origin, service_assume_role_call, workload_call
from hatrack.workloads.x509_auth import (
    X509Request,
    read_pem_bundle,
    subject_attributes,
    trusted_chain,
)

HATRACK_CA = "HATRACK_CA"
CERTIFICATE_BUNDLE = "CERTIFICATE_BUNDLE"
MIN_DURATION, MAX_DURATION, DEFAULT_DURATION = 900, 43200, 3600
_ARN = re.compile(r"arn:([\w-]+):rolesanywhere:([\w-]+):(\d{12}):(trust-anchor|profile)/([0-9a-f-]{36})")
_MAX_TAG_VALUE = 256


@dataclass(frozen=True, slots=True)
class RolesAnywhereArn:
    partition: str
    region: str
    account_id: str
    kind: str
    resource_id: str


def parse_arn(text: str, kind: str) -> RolesAnywhereArn:
    found = _ARN.fullmatch(text)
    if found is None or found.group(4) != kind:
        raise ValidationError(f"Invalid {kind} ARN")
    return RolesAnywhereArn(*found.groups())


def anchor_arn(anchor: TrustAnchorRecord, partition: str, region: str) -> str:
    return f"arn:{partition}:rolesanywhere:{region}:{anchor.account_id}:trust-anchor/{anchor.trust_anchor_id}"


def profile_arn(profile: ProfileRecord, partition: str, region: str) -> str:
    return f"arn:{partition}:rolesanywhere:{region}:{profile.account_id}:profile/{profile.profile_id}"


# -- administration (the operator's ``hatrack rolesanywhere`` commands) ---------------------------


def create_trust_anchor(
    conn: Connection, account_id: str, name: str, *, bundle_pem: str | None, now: datetime
) -> TrustAnchorRecord:
    """A trust anchor: the PEM CA bundle given, or (None) the account's own workload CA."""
    if bundle_pem is not None:
        read_pem_bundle(bundle_pem)
    anchor = TrustAnchorRecord(
        trust_anchor_id=str(uuid.uuid4()),
        account_id=account_id,
        name=name,
        source_type=CERTIFICATE_BUNDLE if bundle_pem is not None else HATRACK_CA,
        bundle_pem=bundle_pem,
        enabled=True,
        created_at=now,
    )
    store.insert_trust_anchor(conn, anchor)
    return anchor


def create_profile(
    conn: Connection,
    account_id: str,
    name: str,
    *,
    role_arns: tuple[str, ...],
    session_policy: str | None,
    duration_seconds: int,
    now: datetime,
) -> ProfileRecord:
    if not MIN_DURATION <= duration_seconds <= MAX_DURATION:
        raise ValidationError(f"durationSeconds must be {MIN_DURATION}-{MAX_DURATION}")
    if not role_arns:
        raise ValidationError("A profile needs at least one role ARN")
    if session_policy is not None:
        from hatrack.policy import PolicyKind, check_policy

        check_policy(session_policy, PolicyKind.SESSION)
    profile = ProfileRecord(
        profile_id=str(uuid.uuid4()),
        account_id=account_id,
        name=name,
        role_arns=role_arns,
        session_policy=session_policy,
        duration_seconds=duration_seconds,
        enabled=True,
        created_at=now,
    )
    store.insert_profile(conn, profile)
    return profile


# -- CreateSession --------------------------------------------------------------------------------


def _bounded(value: str) -> str:
    return value[:_MAX_TAG_VALUE]


def certificate_tags(certificate: x509.Certificate) -> tuple[SessionTag, ...]:
    """The certificate's subject, issuer and SAN as Roles Anywhere's principal tags (first value of
    each attribute)."""
    tags: dict[str, str] = {}
    for name, value in subject_attributes(certificate):
        tags.setdefault(f"x509Subject/{name}", _bounded(value))
    for attribute in certificate.issuer:
        tags.setdefault(f"x509Issuer/{attribute.rfc4514_attribute_name}", _bounded(str(attribute.value)))
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        names = None
    if names is not None:
        for kind, general in (("DNS", x509.DNSName), ("URI", x509.UniformResourceIdentifier)):
            values = names.get_values_for_type(general)
            if values:
                tags.setdefault(f"x509SAN/{kind}", _bounded(str(values[0])))
        directory = names.get_values_for_type(x509.DirectoryName)
        if directory:
            tags.setdefault("x509SAN/Name", _bounded(directory[0].rfc4514_string()))
    return tuple(SessionTag(key, value) for key, value in tags.items())


def _parameters(request: X509Request, body: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = dict(body)
    for name, value in parse_qsl(request.query_string, keep_blank_values=True):
        found.setdefault(name, value)
    return found


def _anchors(conn: Connection, anchor: TrustAnchorRecord) -> list[x509.Certificate]:
    if anchor.source_type == HATRACK_CA:
        certificate = workload_ca.ca_certificate(conn, anchor.account_id)
        return [certificate] if certificate is not None else []
    return read_pem_bundle(anchor.bundle_pem or "")


def create_session(
    services: WorkloadServices, origin: Origin, request: X509Request, body: Mapping[str, Any]
) -> dict[str, Any]:
    params = _parameters(request, body)
    for name in ("trustAnchorArn", "profileArn", "roleArn"):
        if not isinstance(params.get(name), str):
            raise ValidationError(f"{name} is required")
    if params.get("roleSessionName") is not None:
        # [choice] hatrack's profiles never accept one (AWS: only with acceptRoleSessionName).
        raise AccessDenied("The profile does not accept a role session name")
    anchor_ref = parse_arn(params["trustAnchorArn"], "trust-anchor")
    profile_ref = parse_arn(params["profileArn"], "profile")
    role_arn: str = params["roleArn"]
    requested = params.get("durationSeconds")
    if requested is not None:
        try:
            requested = int(requested)
        except (TypeError, ValueError):
            raise ValidationError("durationSeconds must be a number") from None
        if not MIN_DURATION <= requested <= MAX_DURATION:
            raise ValidationError(f"durationSeconds must be {MIN_DURATION}-{MAX_DURATION}")
    account = anchor_ref.account_id
    known: dict[str, str] = {}
    refused: list[CallRecord] = []

    def failure(error: IamError) -> CallRecord | None:
        if refused:
            return refused[0]
        return workload_call(
            origin,
            "CreateSession",
            account_id=known.get("account"),
            principal_id=known.get("serial", "unknown"),
            params={
                "trustAnchorArn": params["trustAnchorArn"],
                "profileArn": params["profileArn"],
                "roleArn": role_arn,
            },
            error=error,
        )

    signed = verified(services, request, origin.now, failure)
    known["serial"] = format(signed.certificate.serial_number, "x")
    with recorded(services, failure) as conn:
        anchor = store.get_trust_anchor(conn, account, anchor_ref.resource_id)
        if anchor is None or not anchor.enabled:
            raise AccessDenied("Untrusted certificate. Insufficient certificate")
        known["account"] = account
        profile = store.get_profile(conn, account, profile_ref.resource_id)
        if profile_ref.account_id != account or profile is None or not profile.enabled:
            raise AccessDenied("Unable to find the profile")
        if role_arn not in profile.role_arns:
            raise AccessDenied("Unable to assume role for the profile: the role is not in the profile")
        trusted_chain(signed, _anchors(conn, anchor), now=origin.now)
        tags = certificate_tags(signed.certificate)
        if anchor.source_type == HATRACK_CA:
            issued = store.get_certificate(conn, str(signed.certificate.serial_number))
            workload = store.get_workload(conn, issued.workload_id) if issued is not None else None
            if issued is None or issued.revoked_at is not None or workload is None:
                raise AccessDenied("The certificate is revoked")
            tags += workload_tags(workload)
        common_name = next(
            (value for name, value in subject_attributes(signed.certificate) if name == "CN"), None
        )
        seconds = min(requested or profile.duration_seconds, profile.duration_seconds)
        context: dict[str, str | list[str]] = {f"aws:PrincipalTag/{tag.key}": tag.value for tag in tags}
        context["aws:SourceIp"] = origin.source_ip
        issue = ServiceSessionRequest(
            service=ROLES_ANYWHERE,
            role_arn=role_arn,
            session_name=known["serial"][:64],
            duration_seconds=seconds,
            tags=tags,
            session_policy=profile.session_policy,
            source_identity=f"CN={common_name}"[:64] if common_name else None,
            context=context,
            also_required=("sts:TagSession", "sts:SetSourceIdentity"),
        )

        def assume_record(session: ServiceSession | None, error: IamError | None) -> CallRecord:
            return service_assume_role_call(
                origin,
                service=ROLES_ANYWHERE,
                role_arn=role_arn,
                role_account=account,
                partition=services.partition,
                session_name=issue.session_name,
                duration_seconds=seconds,
                tags=tuple((tag.key, tag.value) for tag in tags),
                operation_model=services.assume_role_model,
                session=session,
                error=error,
                workload={"trustAnchorArn": params["trustAnchorArn"], "profileArn": params["profileArn"]},
            )

        try:
            session = assume_role_as_service(
                conn, services.keyring, issue, partition=services.partition, now=origin.now
            )
        except IamError as error:
            refused.append(assume_record(None, error))
            raise
        services.recorder.record(conn, assume_record(session, None))
    claims = session.claims
    issued_credentials = session.credentials
    partition = services.partition
    assumed_arn = (
        f"arn:{partition}:sts::{claims.account_id}:assumed-role/{claims.role_name}/{claims.session_name}"
    )
    return {
        "credentialSet": [
            {
                "assumedRoleUser": {
                    "arn": assumed_arn,
                    "assumedRoleId": f"{claims.role_id}:{claims.session_name}",
                },
                "credentials": {
                    "accessKeyId": issued_credentials.access_key_id,
                    "secretAccessKey": issued_credentials.secret_access_key,
                    "sessionToken": issued_credentials.session_token,
                    "expiration": issued_credentials.expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
                },
                "packedPolicySize": session.packed_policy_size or 0,
                "roleArn": role_arn,
                "sourceIdentity": claims.source_identity or "",
            }
        ],
        "subjectArn": f"arn:{partition}:rolesanywhere:{anchor_ref.region}:{account}:subject/{uuid.uuid4()}",
    }
