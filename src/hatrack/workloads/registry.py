"""Register, list and deregister workloads (the operator's ``hatrack workload`` commands).

Registering names an instance profile of the account (it must exist) and returns a one-time join
token, stored only as its hash. Deregistering deletes the workload and its unused tokens, revokes
every certificate issued to it (its agent is refused from its next request on), and denies the
credentials already issued to it, the way AWS documents revoking one instance's role credentials
(a Deny on the role conditioned on the instance): the inline policy ``HatrackDeregisteredWorkloads``
of the profile's role denies everything to sessions whose ``aws:PrincipalTag/workload-id`` names a
deregistered workload. It keeps the last ``MAX_DENIED_IDS`` ids [choice: credentials last an hour,
so an id older than the last 200 deregistrations of the role's workloads protects nothing any more
in practice; the list stays well inside the role's inline-policy quota].
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from hatrack.errors import EntityAlreadyExists, NoSuchEntity, ValidationError
from hatrack.iam.attachments import ROLE, find_principal
from hatrack.iam.inline_policies import put_inline_policy
from hatrack.model.workloads import JoinTokenRecord, WorkloadRecord
from hatrack.store import instance_profiles as profile_store
from hatrack.store import policies as inline_store
from hatrack.store import roles as role_store
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
    _deny_sessions_of(conn, workload, now=now)
    return workload


DENY_POLICY_NAME = "HatrackDeregisteredWorkloads"
MAX_DENIED_IDS = 200


def deny_policy(workload_ids: list[str]) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DeregisteredWorkloads",
                    "Effect": "Deny",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalTag/workload-id": workload_ids}},
                }
            ],
        }
    )


def _deny_sessions_of(conn: Connection, workload: WorkloadRecord, *, now: datetime) -> None:
    """Add the workload to the deny policy of its profile's role (none when the profile has no role)."""
    profile = profile_store.get_instance_profile(conn, workload.account_id, workload.instance_profile_name)
    if profile is None or not profile.role_ids:
        return
    role = role_store.get_role_by_id(conn, workload.account_id, profile.role_ids[0])
    if role is None:
        return
    principal = find_principal(conn, workload.account_id, ROLE, role.role_name)
    ids: list[str] = []
    existing = inline_store.get_inline_policy(
        conn, workload.account_id, principal.principal_id, DENY_POLICY_NAME
    )
    if existing is not None:
        try:
            statement = json.loads(existing.document)["Statement"][0]
            found = statement["Condition"]["StringEquals"]["aws:PrincipalTag/workload-id"]
            ids = [found] if isinstance(found, str) else [str(item) for item in found]
        except (ValueError, KeyError, IndexError, TypeError):
            ids = []  # someone rewrote it: start it afresh
    ids = [*(i for i in ids if i != workload.workload_id), workload.workload_id][-MAX_DENIED_IDS:]
    put_inline_policy(conn, workload.account_id, principal, DENY_POLICY_NAME, deny_policy(ids), now=now)
