"""Service and action last-accessed from the trail (GenerateServiceLastAccessedDetails and its Get
calls): for a user, group, role or managed policy, every service its policies allow, and when an
entity it covers (the user; the role's sessions; the group's members; the users, members and roles
a policy is attached to) last made an authenticated call to that service, with AWS's fields. At
``ACTION_LEVEL``, IAM and STS also list each action (AWS tracks actions for a few services; these are
the ones hatrack serves).

The trail is the account's own (``store.audit.lookup_events``, newest first); every recorded call
counts, allowed or denied (AWS: "the last time that an authenticated entity attempted to access").
The job is computed when it is generated and kept as JSON (``store.analysis_reports``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.errors import InvalidInput, NoSuchEntity
from hatrack.evaluation import compile_policy
from hatrack.iam import managed_policies, policy_source
from hatrack.iam.policy_source import PrincipalPolicies
from hatrack.store import analysis_reports as report_store
from hatrack.store import audit as audit_store
from hatrack.store import groups as group_store
from hatrack.store import policies as policy_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store
from hatrack.store.analysis_reports import LastAccessedJob
from hatrack.store.audit import LookupQuery

SERVICE_LEVEL, ACTION_LEVEL = "SERVICE_LEVEL", "ACTION_LEVEL"
TRACKED_ACTION_SERVICES = frozenset({"iam", "sts"})
# [choice] the names the console shows; a namespace without one is named by itself
SERVICE_NAMES = {
    "iam": "AWS Identity and Access Management",
    "sts": "AWS Security Token Service",
    "cloudtrail": "AWS CloudTrail",
    "s3": "Amazon S3",
    "ec2": "Amazon EC2",
    "lambda": "AWS Lambda",
}
HOSTED_SERVICES = ("cloudtrail", "iam", "sts")
PAGE = 1000


@dataclass(frozen=True, slots=True)
class Entity:
    """EntityInfo: who a job follows."""

    arn: str
    name: str
    type: str  # USER | ROLE | GROUP (AWS's PolicyOwnerEntityType)
    id: str
    path: str

    def to_json(self) -> dict[str, str]:
        return {"Arn": self.arn, "Name": self.name, "Type": self.type, "Id": self.id, "Path": self.path}


def _entity(kind: str, unique_id: str, name: str, path: str, arn: str) -> Entity:
    return Entity(arn, name, kind.upper(), unique_id, path)


def _followed(
    conn: Connection, account_id: str, arn: str, partition: str
) -> tuple[list[Entity], list[PrincipalPolicies]]:
    """The identities whose calls count for ``arn``, and the policies whose services are listed."""
    if ":policy/" in arn:
        view = managed_policies.find_policy(conn, account_id, arn)
        if view is None:
            raise NoSuchEntity(f"Policy {arn} does not exist or is not attachable.")
        document = managed_policies.default_document(conn, view)
        found: list[Entity] = []
        for kind, principal_id in policy_store.entities_for_policy(conn, account_id, view.policy_id):
            found.extend(_principal_entities(conn, account_id, kind, principal_id, partition))
        return found, [PrincipalPolicies(identity=(policy_source.IdentityPolicy("p", document, "x"),))]
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or parts[4] != account_id:
        raise InvalidInput(f"ARN {arn} is not valid.")  # guess: AWS's wording
    kind, _, rest = parts[5].partition("/")
    name = rest.rsplit("/", 1)[-1]
    if kind == "user":
        user = user_store.get_user(conn, account_id, name)
        if user is None or user.arn(partition) != arn:
            raise NoSuchEntity(f"The user with name {name} cannot be found.")
        return [_entity("user", user.user_id, user.name, user.path, arn)], [
            policy_source.user_policies(conn, user, partition=partition)
        ]
    if kind == "role":
        role = role_store.get_role(conn, account_id, name)
        if role is None or role.arn(partition) != arn:
            raise NoSuchEntity(f"The role with name {name} cannot be found.")
        return [_entity("role", role.role_id, role.role_name, role.path, arn)], [
            policy_source.role_policies(conn, role, partition=partition)
        ]
    if kind == "group":
        group = group_store.get_group(conn, account_id, name)
        if group is None or group.arn(partition) != arn:
            raise NoSuchEntity(f"The group with name {name} cannot be found.")
        members = group_store.list_group_members(conn, account_id, group.group_id)
        return [_entity("user", u.user_id, u.name, u.path, u.arn(partition)) for u in members], [
            policy_source.group_policies(conn, group, partition=partition)
        ]
    raise InvalidInput(f"ARN {arn} is not valid.")


def _principal_entities(
    conn: Connection, account_id: str, kind: str, principal_id: str, partition: str
) -> list[Entity]:
    if kind == "user":
        user = user_store.get_user_by_id(conn, account_id, principal_id)
        return (
            [] if user is None else [_entity("user", user.user_id, user.name, user.path, user.arn(partition))]
        )
    if kind == "role":
        role = role_store.get_role_by_id(conn, account_id, principal_id)
        return (
            []
            if role is None
            else [_entity("role", role.role_id, role.role_name, role.path, role.arn(partition))]
        )
    group = group_store.get_group_by_id(conn, account_id, principal_id)
    if group is None:
        return []
    members = group_store.list_group_members(conn, account_id, group.group_id)
    return [_entity("user", u.user_id, u.name, u.path, u.arn(partition)) for u in members]


def allowed_services(policies: Iterable[PrincipalPolicies]) -> tuple[set[str], bool]:
    """The service namespaces the Allow statements name, and whether one allows every service."""
    services: set[str] = set()
    everything = False
    for principal in policies:
        for policy in principal.identity:
            for compiled in compile_policy(policy.document).statements:
                statement = compiled.statement
                if compiled.is_deny:
                    continue
                if statement.action is None:
                    everything = True
                    continue
                for action in statement.action:
                    namespace = action.split(":", 1)[0].lower()
                    if namespace == "*" or "*" in namespace or "?" in namespace:
                        everything = True
                    else:
                        services.add(namespace)
    return services, everything


def _caller_id(record: dict[str, Any]) -> str | None:
    identity = record.get("userIdentity")
    if not isinstance(identity, dict):
        return None
    if identity.get("type") == "AssumedRole":
        issuer = (identity.get("sessionContext") or {}).get("sessionIssuer") or {}
        return issuer.get("principalId") if isinstance(issuer, dict) else None
    if identity.get("type") == "IAMUser":
        principal = identity.get("principalId")
        return str(principal).split(":", 1)[0] if principal else None
    return None


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def compute(
    conn: Connection, account_id: str, arn: str, *, granularity: str, partition: str
) -> dict[str, Any]:
    """The job's answer: services (with tracked actions) and, per service, each entity's last use."""
    entities, policies = _followed(conn, account_id, arn, partition)
    by_id = {entity.id: entity for entity in entities}
    services, everything = allowed_services(policies)
    if everything:
        services |= set(HOSTED_SERVICES)
    last_service: dict[str, tuple[str, str, str]] = {}  # namespace -> (time, entity arn, region)
    last_action: dict[tuple[str, str], tuple[str, str, str]] = {}
    per_entity: dict[tuple[str, str], str] = {}  # (namespace, entity id) -> time
    before: tuple[datetime, int] | None = None
    while by_id:
        page = audit_store.lookup_events(conn, LookupQuery(account_id=account_id, before=before, limit=PAGE))
        for event in page:
            record = json.loads(event.event_json)
            caller = _caller_id(record)
            if caller not in by_id:
                continue
            namespace = str(record.get("eventSource", "")).split(".", 1)[0]
            if everything:
                services.add(namespace)
            if namespace not in services:
                continue
            seen = (_time(event.event_time), by_id[caller].arn, str(record.get("awsRegion", "")))
            last_service.setdefault(namespace, seen)
            per_entity.setdefault((namespace, caller), seen[0])
            if granularity == ACTION_LEVEL and namespace in TRACKED_ACTION_SERVICES:
                last_action.setdefault((namespace, f"{namespace}:{event.event_name}"), seen)
        if len(page) < PAGE:
            break
        before = (page[-1].event_time, page[-1].sequence)
    result: list[dict[str, Any]] = []
    for namespace in sorted(services):
        entry: dict[str, Any] = {
            "ServiceName": SERVICE_NAMES.get(namespace, namespace),
            "ServiceNamespace": namespace,
            "TotalAuthenticatedEntities": sum(1 for (ns, _) in per_entity if ns == namespace),
        }
        if namespace in last_service:
            moment, entity, region = last_service[namespace]
            entry |= {"LastAuthenticated": moment, "LastAuthenticatedEntity": entity}
            entry["LastAuthenticatedRegion"] = region
        if granularity == ACTION_LEVEL and namespace in TRACKED_ACTION_SERVICES:
            entry["TrackedActionsLastAccessed"] = [
                {
                    "ActionName": action,
                    "LastAccessedTime": moment,
                    "LastAccessedEntity": entity,
                    "LastAccessedRegion": region,
                }
                for (ns, action), (moment, entity, region) in sorted(last_action.items())
                if ns == namespace
            ]
        result.append(entry)
    entity_details = {
        namespace: [
            {"EntityInfo": e.to_json(), "LastAuthenticated": per_entity.get((namespace, e.id))}
            for e in entities
        ]
        for namespace in sorted(services)
    }
    return {"services": result, "entities": entity_details}


def generate_job(
    conn: Connection, account_id: str, arn: str, *, granularity: str | None, partition: str, now: datetime
) -> str:
    """GenerateServiceLastAccessedDetails: the job is done at once; its id."""
    chosen = granularity or SERVICE_LEVEL
    if chosen not in (SERVICE_LEVEL, ACTION_LEVEL):
        raise InvalidInput(f"Invalid granularity {chosen}")  # the model's enum refuses it first
    result = compute(conn, account_id, arn, granularity=chosen, partition=partition)
    job_id = str(uuid.uuid4())
    report_store.insert_job(
        conn,
        LastAccessedJob(job_id, account_id, arn, chosen, "COMPLETED", now, now, json.dumps(result)),
    )
    return job_id


def find_job(conn: Connection, account_id: str, job_id: str) -> tuple[LastAccessedJob, dict[str, Any]]:
    job = report_store.get_job(conn, account_id, job_id)
    if job is None:
        raise NoSuchEntity(f"The job with id {job_id} cannot be found.")  # guess: AWS's wording
    loaded: dict[str, Any] = json.loads(job.result_json)
    return job, loaded
