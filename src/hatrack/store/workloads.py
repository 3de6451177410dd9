"""Repository of workload credentials: workloads, join-token hashes, issued certificates, the
account's workload CA, Roles Anywhere trust anchors and profiles (tables in ``workload_tables``)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.engine import Connection, RowMapping

from hatrack.model.workloads import (
    IssuedCertificate,
    JoinTokenRecord,
    ProfileRecord,
    TrustAnchorRecord,
    WorkloadCaRecord,
    WorkloadRecord,
)
from hatrack.store.identity_tables import as_utc
from hatrack.store.workload_tables import (
    rolesanywhere_profiles,
    rolesanywhere_trust_anchors,
    workload_cas,
    workload_certificates,
    workload_join_tokens,
    workloads,
)

# -- workloads ------------------------------------------------------------------------------------


def _workload(row: RowMapping) -> WorkloadRecord:
    return WorkloadRecord(
        workload_id=row["workload_id"],
        account_id=row["account_id"],
        name=row["name"],
        instance_profile_name=row["instance_profile_name"],
        created_at=as_utc(row["created_at"]),
    )


def insert_workload(conn: Connection, workload: WorkloadRecord) -> None:
    conn.execute(
        workloads.insert().values(
            workload_id=workload.workload_id,
            account_id=workload.account_id,
            name=workload.name,
            name_lower=workload.name.lower(),
            instance_profile_name=workload.instance_profile_name,
            created_at=workload.created_at,
        )
    )


def get_workload(conn: Connection, workload_id: str) -> WorkloadRecord | None:
    row = conn.execute(workloads.select().where(workloads.c.workload_id == workload_id)).mappings().first()
    return _workload(row) if row is not None else None


def get_workload_by_name(conn: Connection, account_id: str, name: str) -> WorkloadRecord | None:
    row = (
        conn.execute(
            workloads.select().where(
                workloads.c.account_id == account_id, workloads.c.name_lower == name.lower()
            )
        )
        .mappings()
        .first()
    )
    return _workload(row) if row is not None else None


def list_workloads(conn: Connection, account_id: str) -> list[WorkloadRecord]:
    rows = conn.execute(
        workloads.select().where(workloads.c.account_id == account_id).order_by(workloads.c.name_lower)
    ).mappings()
    return [_workload(row) for row in rows]


def delete_workload(conn: Connection, workload_id: str) -> None:
    """The workload and its join tokens; its certificates stay, revoked, so that their use is refused
    (and recorded) as a revoked certificate rather than as an unknown one."""
    conn.execute(workload_join_tokens.delete().where(workload_join_tokens.c.workload_id == workload_id))
    conn.execute(workloads.delete().where(workloads.c.workload_id == workload_id))


# -- join tokens ----------------------------------------------------------------------------------


def insert_join_token(conn: Connection, token: JoinTokenRecord) -> None:
    conn.execute(
        workload_join_tokens.insert().values(
            token_hash=token.token_hash,
            workload_id=token.workload_id,
            account_id=token.account_id,
            expires_at=token.expires_at,
            used_at=token.used_at,
        )
    )


def get_join_token(conn: Connection, token_hash: str) -> JoinTokenRecord | None:
    row = (
        conn.execute(workload_join_tokens.select().where(workload_join_tokens.c.token_hash == token_hash))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return JoinTokenRecord(
        token_hash=row["token_hash"],
        workload_id=row["workload_id"],
        account_id=row["account_id"],
        expires_at=as_utc(row["expires_at"]),
        used_at=as_utc(row["used_at"]),
    )


def use_join_token(conn: Connection, token_hash: str, *, at: datetime) -> bool:
    """Mark the token used; False when it already was (a concurrent use lost the race)."""
    result = conn.execute(
        workload_join_tokens.update()
        .where(workload_join_tokens.c.token_hash == token_hash, workload_join_tokens.c.used_at.is_(None))
        .values(used_at=at)
    )
    return bool(result.rowcount == 1)


# -- certificates ---------------------------------------------------------------------------------


def _certificate(row: RowMapping) -> IssuedCertificate:
    return IssuedCertificate(
        serial=row["serial"],
        workload_id=row["workload_id"],
        account_id=row["account_id"],
        not_after=as_utc(row["not_after"]),
        issued_at=as_utc(row["issued_at"]),
        revoked_at=as_utc(row["revoked_at"]),
    )


def insert_certificate(conn: Connection, certificate: IssuedCertificate) -> None:
    conn.execute(
        workload_certificates.insert().values(
            serial=certificate.serial,
            workload_id=certificate.workload_id,
            account_id=certificate.account_id,
            not_after=certificate.not_after,
            issued_at=certificate.issued_at,
            revoked_at=certificate.revoked_at,
        )
    )


def get_certificate(conn: Connection, serial: str) -> IssuedCertificate | None:
    row = (
        conn.execute(workload_certificates.select().where(workload_certificates.c.serial == serial))
        .mappings()
        .first()
    )
    return _certificate(row) if row is not None else None


def revoke_certificates(conn: Connection, workload_id: str, *, at: datetime, except_serial: str = "") -> int:
    """Revoke every unrevoked certificate of the workload (but ``except_serial``); how many."""
    result = conn.execute(
        workload_certificates.update()
        .where(
            workload_certificates.c.workload_id == workload_id,
            workload_certificates.c.revoked_at.is_(None),
            workload_certificates.c.serial != except_serial,
        )
        .values(revoked_at=at)
    )
    return int(result.rowcount)


# -- the account's CA -----------------------------------------------------------------------------


def get_ca(conn: Connection, account_id: str) -> WorkloadCaRecord | None:
    row = (
        conn.execute(workload_cas.select().where(workload_cas.c.account_id == account_id)).mappings().first()
    )
    if row is None:
        return None
    return WorkloadCaRecord(
        account_id=row["account_id"],
        certificate_pem=row["certificate_pem"],
        sealed_private_key=bytes(row["sealed_private_key"]),
        created_at=as_utc(row["created_at"]),
    )


def insert_ca(conn: Connection, ca: WorkloadCaRecord) -> None:
    conn.execute(
        workload_cas.insert().values(
            account_id=ca.account_id,
            certificate_pem=ca.certificate_pem,
            sealed_private_key=ca.sealed_private_key,
            created_at=ca.created_at,
        )
    )


# -- Roles Anywhere -------------------------------------------------------------------------------


def _anchor(row: RowMapping) -> TrustAnchorRecord:
    return TrustAnchorRecord(
        trust_anchor_id=row["trust_anchor_id"],
        account_id=row["account_id"],
        name=row["name"],
        source_type=row["source_type"],
        bundle_pem=row["bundle_pem"],
        enabled=bool(row["enabled"]),
        created_at=as_utc(row["created_at"]),
    )


def insert_trust_anchor(conn: Connection, anchor: TrustAnchorRecord) -> None:
    conn.execute(
        rolesanywhere_trust_anchors.insert().values(
            trust_anchor_id=anchor.trust_anchor_id,
            account_id=anchor.account_id,
            name=anchor.name,
            source_type=anchor.source_type,
            bundle_pem=anchor.bundle_pem,
            enabled=anchor.enabled,
            created_at=anchor.created_at,
        )
    )


def get_trust_anchor(conn: Connection, account_id: str, trust_anchor_id: str) -> TrustAnchorRecord | None:
    table = rolesanywhere_trust_anchors
    row = (
        conn.execute(
            table.select().where(table.c.account_id == account_id, table.c.trust_anchor_id == trust_anchor_id)
        )
        .mappings()
        .first()
    )
    return _anchor(row) if row is not None else None


def list_trust_anchors(conn: Connection, account_id: str) -> list[TrustAnchorRecord]:
    table = rolesanywhere_trust_anchors
    rows = conn.execute(table.select().where(table.c.account_id == account_id).order_by(table.c.name))
    return [_anchor(row) for row in rows.mappings()]


def _profile(row: RowMapping) -> ProfileRecord:
    return ProfileRecord(
        profile_id=row["profile_id"],
        account_id=row["account_id"],
        name=row["name"],
        role_arns=tuple(json.loads(row["role_arns"])),
        session_policy=row["session_policy"],
        duration_seconds=int(row["duration_seconds"]),
        enabled=bool(row["enabled"]),
        created_at=as_utc(row["created_at"]),
    )


def insert_profile(conn: Connection, profile: ProfileRecord) -> None:
    conn.execute(
        rolesanywhere_profiles.insert().values(
            profile_id=profile.profile_id,
            account_id=profile.account_id,
            name=profile.name,
            role_arns=json.dumps(list(profile.role_arns)),
            session_policy=profile.session_policy,
            duration_seconds=profile.duration_seconds,
            enabled=profile.enabled,
            created_at=profile.created_at,
        )
    )


def get_profile(conn: Connection, account_id: str, profile_id: str) -> ProfileRecord | None:
    table = rolesanywhere_profiles
    row = (
        conn.execute(table.select().where(table.c.account_id == account_id, table.c.profile_id == profile_id))
        .mappings()
        .first()
    )
    return _profile(row) if row is not None else None


def list_profiles(conn: Connection, account_id: str) -> list[ProfileRecord]:
    table = rolesanywhere_profiles
    rows = conn.execute(table.select().where(table.c.account_id == account_id).order_by(table.c.name))
    return [_profile(row) for row in rows.mappings()]
