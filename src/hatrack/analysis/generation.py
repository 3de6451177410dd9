"""Policy generation from the trail: the smallest identity policy that would have allowed every allowed
call of a role's sessions, proved by replaying those calls through the evaluator, and compared with
the role's current policies.

The calls come from the role's account trail (``store.audit.lookup_events``, the indexed query
LookupEvents uses), newest first from ``since``: every successful event whose ``userIdentity`` is a
session of the role (``sessionContext.sessionIssuer.principalId`` is the role's unique id, so a
deleted and re-created role's sessions are not counted). Each event carries the ``(action, resource)``
pairs the authorizer allowed (``additionalEventData.hatrackAuthorized``, a hatrack extension);
[choice] an event written before that extension counts as ``service:EventName`` on ``*``.

The policy: one statement per set of resources, listing exactly the actions used on exactly those
resources ([choice] actions are never wildcarded; resources are, only when the exact policy would pass
the 6,144-character limit of a managed policy: the ARNs of one statement are then cut to their longest
common prefix followed by ``*``). Reads the store; decisions by ``hatrack.evaluation``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.errors import NoSuchEntity
from hatrack.evaluation import AuthorizationRequest, PolicySet, compile_policy, evaluate
from hatrack.iam import policy_source
from hatrack.iam.policy_source import PrincipalPolicies
from hatrack.model.identities import RoleRecord
from hatrack.policy.glob import glob_matches
from hatrack.store import audit as audit_store
from hatrack.store import roles as role_store
from hatrack.store.audit import LookupQuery, StoredEvent

MANAGED_POLICY_LIMIT = 6144
PAGE = 1000
# AWS: no policy controls them (the pipeline declares them never denied), so they need no permission
NEVER_AUTHORIZED = frozenset({"sts:GetCallerIdentity", "sts:GetSessionToken"})


@dataclass(frozen=True, slots=True, order=True)
class RecordedCall:
    """One allowed (action, resource) of a recorded call."""

    action: str
    resource: str


@dataclass(frozen=True, slots=True)
class Unused:
    """Part of a current policy that no recorded call needed: a statement's action pattern."""

    policy: str  # label: policy ARN or inline:NAME
    action: str
    resources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GeneratedPolicy:
    role_arn: str
    since: datetime
    events: int
    calls: tuple[RecordedCall, ...]
    document: str
    replayed_allowed: bool
    unused: tuple[Unused, ...]
    diff: str

    def to_json(self) -> dict[str, Any]:
        return {
            "roleArn": self.role_arn,
            "since": self.since.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "events": self.events,
            "calls": [{"action": c.action, "resource": c.resource} for c in self.calls],
            "policy": json.loads(self.document),
            "replayedAllAllowed": self.replayed_allowed,
            "unused": [
                {"policy": u.policy, "action": u.action, "resources": list(u.resources)} for u in self.unused
            ],
            "diff": self.diff,
        }


def _session_of(record: dict[str, Any], role_id: str) -> bool:
    identity = record.get("userIdentity")
    if not isinstance(identity, dict) or identity.get("type") != "AssumedRole":
        return False
    issuer = (identity.get("sessionContext") or {}).get("sessionIssuer") or {}
    return isinstance(issuer, dict) and issuer.get("principalId") == role_id


def calls_of_record(record: dict[str, Any]) -> list[RecordedCall]:
    extra = record.get("additionalEventData")
    authorized = extra.get("hatrackAuthorized") if isinstance(extra, dict) else None
    if isinstance(authorized, list):
        return [
            RecordedCall(str(item["action"]), str(item["resource"]))
            for item in authorized
            if isinstance(item, dict) and "action" in item and "resource" in item
        ]
    service = str(record.get("eventSource", "")).split(".", 1)[0]
    action = f"{service}:{record.get('eventName', '')}"
    return [] if action in NEVER_AUTHORIZED else [RecordedCall(action, "*")]


def recorded_calls(conn: Connection, role: RoleRecord, *, since: datetime) -> tuple[int, set[RecordedCall]]:
    """The number of the role's sessions' successful events since ``since``, and what they needed."""
    calls: set[RecordedCall] = set()
    count = 0
    before: tuple[datetime, int] | None = None
    while True:
        page = audit_store.lookup_events(
            conn, LookupQuery(account_id=role.account_id, start_time=since, before=before, limit=PAGE)
        )
        for event in page:
            record = json.loads(event.event_json)
            if "errorCode" in record or not _session_of(record, role.role_id):
                continue
            count += 1
            calls.update(calls_of_record(record))
        if len(page) < PAGE:
            return count, calls
        last: StoredEvent = page[-1]
        before = (last.event_time, last.sequence)


def policy_document(calls: Iterable[RecordedCall], *, limit: int = MANAGED_POLICY_LIMIT) -> str:
    """The statements: actions grouped by the exact set of resources they were used on."""
    by_action: dict[str, set[str]] = {}
    for call in calls:
        by_action.setdefault(call.action, set()).add(call.resource)
    document = _document(by_action, wildcard=False)
    if len(document) > limit:
        document = _document(by_action, wildcard=True)
    return document


def _document(by_action: dict[str, set[str]], *, wildcard: bool) -> str:
    by_resources: dict[tuple[str, ...], list[str]] = {}
    for action, used_on in sorted(by_action.items()):
        shown = ("*",) if "*" in used_on else tuple(sorted(used_on))
        if wildcard and len(shown) > 1:
            shown = (_common_prefix(shown),)
        by_resources.setdefault(shown, []).append(action)
    statements = []
    for resources, actions in sorted(by_resources.items(), key=lambda item: item[1]):
        statements.append(
            {
                "Effect": "Allow",
                "Action": actions[0] if len(actions) == 1 else actions,
                "Resource": resources[0] if len(resources) == 1 else list(resources),
            }
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)


def _common_prefix(values: Sequence[str]) -> str:
    """The longest text all ARNs start with, then ``*`` (character by character, as IAM matches)."""
    first, last = min(values), max(values)
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return first[:length] + "*"


def replay(document: str, calls: Iterable[RecordedCall], *, role_arn: str, account_id: str) -> bool:
    """Every call allowed by the generated policy alone (it holds no condition, so no key matters)."""
    policies = PolicySet(identity=(compile_policy(document),))
    session = role_arn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/replay"
    return all(
        evaluate(
            AuthorizationRequest(
                principal_arn=session,
                principal_account=account_id,
                action=call.action,
                resource_arn=call.resource,
                resource_account=account_id,
            ),
            policies,
        ).allowed
        for call in calls
    )


def unused_parts(current: PrincipalPolicies, calls: Iterable[RecordedCall]) -> list[Unused]:
    """Each action pattern of the current Allow statements that no recorded call matched."""
    used = sorted({call.action.lower() for call in calls})
    found = []
    for policy in current.identity:
        for compiled in compile_policy(policy.document).statements:
            statement = compiled.statement
            if compiled.is_deny or statement.action is None:
                continue
            resources = tuple(t.raw for t in statement.resource or ()) or ("*",)
            for pattern in statement.action:
                if not any(glob_matches(pattern.lower(), action) for action in used):
                    found.append(Unused(policy.label, pattern, resources))
    return found


def _current_text(current: PrincipalPolicies) -> list[str]:
    lines = []
    for policy in current.identity:
        lines.append(f"# {policy.label}")
        lines.extend(json.dumps(json.loads(policy.document), indent=2).splitlines())
    return lines


def generate_policy(
    conn: Connection, account_id: str, role_name: str, *, since: datetime, partition: str
) -> GeneratedPolicy:
    """``hatrack analyze generate-policy``: the role's generated policy, its replay and its diff."""
    role = role_store.get_role(conn, account_id, role_name)
    if role is None:
        raise NoSuchEntity(f"The role with name {role_name} cannot be found.")
    role_arn = role.arn(partition)
    events, calls = recorded_calls(conn, role, since=since)
    document = policy_document(calls)
    current = policy_source.role_policies(conn, role, partition=partition)
    diff = "\n".join(
        difflib.unified_diff(
            _current_text(current),
            [f"# generated from {events} events since {since:%Y-%m-%d}", *document.splitlines()],
            fromfile=f"{role_arn} (current)",
            tofile=f"{role_arn} (generated)",
            lineterm="",
        )
    )
    return GeneratedPolicy(
        role_arn=role_arn,
        since=since,
        events=events,
        calls=tuple(sorted(calls)),
        document=document,
        # Nothing recorded: nothing to replay (and a policy of no statements is no valid policy).
        replayed_allowed=replay(document, calls, role_arn=role_arn, account_id=account_id) if calls else True,
        unused=tuple(unused_parts(current, calls)),
        diff=diff,
    )
