"""Register, list and deregister workloads (the operator's ``hatrack workload`` commands).

Registering names an instance profile of the account (it must exist) and returns a one-time join
token, stored only as its hash. Deregistering deletes the workload and its unused tokens and revokes
every certificate issued to it, so its agent is refused from its next request on; credentials
already issued stay valid until they expire (at most an hour), as on AWS after an instance profile
is disassociated; ``hatrack role revoke-sessions`` cuts them off at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from hatrack.errors import EntityAlreadyExists, NoSuchEntity, ValidationError
from hatrack.model.workloads import JoinTokenRecord, WorkloadRecord
from hatrack.store import instance_profiles as profile_store
from hatrack.store import workloads as store
from hatrack.workloads.identity import (
    JOIN_TOKEN_MAX_TTL_SECONDS,
    JOIN_TOKEN_TTL_SECONDS,
    WORKLOAD_NAME,
    new_join_token,
    new_workload_id,
    token_hash,
)


@dataclass(frozen=True, slots=True)
class Registration:
    workload: WorkloadRecord
    join_token: str  # shown once
    expires_at: datetime


def _check_name(name: str) -> None:
    if not WORKLOAD_NAME.fullmatch(name):
        raise ValidationError(f"Workload name {name!r} must be 1-128 characters of [\\w+=,.@-]")


def register(
    conn: Connection,
    account_id: str,
    name: str,
    instance_profile: str,
    *,
    now: datetime,
    ttl_seconds: int = JOIN_TOKEN_TTL_SECONDS,
) -> Registration:
    _check_name(name)
    if not 60 <= ttl_seconds <= JOIN_TOKEN_MAX_TTL_SECONDS:
        raise ValidationError(f"The join token's lifetime must be 60-{JOIN_TOKEN_MAX_TTL_SECONDS} seconds")
    if profile_store.get_instance_profile(conn, account_id, instance_profile) is None:
        raise NoSuchEntity(f"Instance Profile {instance_profile} cannot be found.")
    if store.get_workload_by_name(conn, account_id, name) is not None:
        raise EntityAlreadyExists(f"Workload {name} already exists.")
    workload = WorkloadRecord(
        workload_id=new_workload_id(),
        account_id=account_id,
        name=name,
        instance_profile_name=instance_profile,
        created_at=now,
    )
    store.insert_workload(conn, workload)
    return Registration(workload, *_new_token(conn, workload, now=now, ttl_seconds=ttl_seconds))


def _new_token(
    conn: Connection, workload: WorkloadRecord, *, now: datetime, ttl_seconds: int
) -> tuple[str, datetime]:
    token = new_join_token()
    expires_at = now + timedelta(seconds=ttl_seconds)
    store.insert_join_token(
        conn,
        JoinTokenRecord(
            token_hash=token_hash(token),
            workload_id=workload.workload_id,
            account_id=workload.account_id,
            expires_at=expires_at,
        ),
    )
    return token, expires_at


def list_workloads(conn: Connection, account_id: str) -> list[WorkloadRecord]:
    return store.list_workloads(conn, account_id)


def deregister(conn: Connection, account_id: str, name: str, *, now: datetime) -> WorkloadRecord:
    workload = store.get_workload_by_name(conn, account_id, name)
    if workload is None:
        raise NoSuchEntity(f"Workload {name} cannot be found.")
    store.revoke_certificates(conn, workload.workload_id, at=now)
    store.delete_workload(conn, workload.workload_id)
    return workload
