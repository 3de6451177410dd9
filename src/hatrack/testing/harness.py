"""What a test holds: the server's endpoint, root keys, boto3 sessions, users, roles, hats, the trail.

Every helper goes through the AWS API like the code under test does (boto3 against the real server),
so what a helper creates is exactly what ``aws iam create-user`` would have created: nothing here
reaches past authorization or the audit trail.

boto3 is imported on first use only: the plugin that builds these objects is loaded in every pytest
run of a project that installs hatrack, and must cost nothing where its fixtures are not used.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from hatrack.testing.documents import PolicyDocument, as_json, trust_policy
from hatrack.testing.environment import DEFAULT_REGION, use_credentials
from hatrack.testing.server import HatrackTestServer

# Clients the harness makes fail fast: a retried AccessDenied would only slow the test down.
_NO_RETRIES = {"max_attempts": 1, "mode": "standard"}


@dataclass(frozen=True)
class Credentials:
    """Keys of a principal (a session token for temporary ones) and the ARN they act as."""

    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    arn: str = ""


@dataclass(frozen=True)
class User:
    name: str
    arn: str
    credentials: Credentials


@dataclass(frozen=True)
class Role:
    name: str
    arn: str


@dataclass(frozen=True)
class TrailEvent:
    """One CloudTrail record: the fields tests ask about, and the whole record in ``record``."""

    name: str
    source: str
    caller_arn: str
    error_code: str | None
    error_message: str | None
    time: datetime
    record: Mapping[str, Any] = field(repr=False)

    @property
    def action(self) -> str:
        """``iam:CreateUser`` for eventSource ``iam.amazonaws.com`` and eventName ``CreateUser``."""
        return f"{self.source.split('.', 1)[0]}:{self.name}"

    @property
    def denied(self) -> bool:
        return self.error_code is not None and "AccessDenied" in self.error_code


def _matches(event: TrailEvent, name: str | None) -> bool:
    """``CreateUser`` matches the event name; ``iam:CreateUser`` the service and the name."""
    if name is None:
        return True
    return event.action == name if ":" in name else event.name == name


class TrailEvents:
    """The current test's trail (the server is reset before each test), oldest event first."""

    def __init__(self, harness: Hatrack) -> None:
        self._harness = harness

    def all(self) -> list[TrailEvent]:
        """Every event of the account's trail since the reset, read with LookupEvents as root."""
        client = self._harness.client("cloudtrail")
        start = datetime.now(UTC) - timedelta(days=1)
        records: list[TrailEvent] = []
        for page in client.get_paginator("lookup_events").paginate(StartTime=start):
            records.extend(_event(raw) for raw in page["Events"])
        return sorted(records, key=lambda event: event.time)

    def __iter__(self) -> Iterator[TrailEvent]:
        return iter(self.all())

    def named(self, name: str) -> list[TrailEvent]:
        return [event for event in self.all() if _matches(event, name)]

    def denied(self, name: str | None = None) -> list[TrailEvent]:
        """The calls refused with AccessDenied (of ``name`` only, if given)."""
        return [event for event in self.all() if event.denied and _matches(event, name)]

    def by(self, arn: str) -> list[TrailEvent]:
        """The calls made by the principal ``arn`` (a user, or an assumed-role session)."""
        return [event for event in self.all() if event.caller_arn == arn]

    def as_json_lines(self) -> str:
        return "".join(json.dumps(dict(event.record), sort_keys=True) + "\n" for event in self.all())


def _event(raw: Mapping[str, Any]) -> TrailEvent:
    record = json.loads(raw["CloudTrailEvent"])
    identity = record.get("userIdentity") or {}
    return TrailEvent(
        name=record.get("eventName", raw.get("EventName", "")),
        source=record.get("eventSource", raw.get("EventSource", "")),
        caller_arn=str(identity.get("arn", "")),
        error_code=record.get("errorCode"),
        error_message=record.get("errorMessage"),
        time=raw["EventTime"],
        record=record,
    )


class Hatrack:
    """The test server as one test sees it (reset before the test)."""

    def __init__(self, server: HatrackTestServer, *, region: str = DEFAULT_REGION) -> None:
        self.server = server
        self.endpoint = server.endpoint
        self.region = region
        self.root = Credentials(server.root.access_key_id, server.root.secret_access_key)
        self.events = TrailEvents(self)
        self._identity: Mapping[str, str] | None = None

    @property
    def account_id(self) -> str:
        return self._caller_identity()["Account"]

    @property
    def partition(self) -> str:
        return self._caller_identity()["Arn"].split(":")[1]

    def _caller_identity(self) -> Mapping[str, str]:
        if self._identity is None:
            found = self.client("sts").get_caller_identity()
            self._identity = {"Account": found["Account"], "Arn": found["Arn"]}
            self.root = Credentials(self.root.access_key_id, self.root.secret_access_key, arn=found["Arn"])
        return self._identity

    # --- sessions and clients -------------------------------------------------------------------

    def session(self, credentials: Credentials | User | None = None, *, region: str | None = None) -> Any:
        """A ``boto3.Session`` acting with ``credentials`` (default: the account's root keys)."""
        import boto3

        keys = _keys(credentials) or self.root
        return boto3.Session(
            aws_access_key_id=keys.access_key_id,
            aws_secret_access_key=keys.secret_access_key,
            aws_session_token=keys.session_token,
            region_name=region or self.region,
        )

    def client(self, service: str, credentials: Credentials | User | None = None, **options: Any) -> Any:
        """A boto3 client of ``service`` on the test server, acting with ``credentials`` (default root)."""
        from botocore.config import Config

        options.setdefault("config", Config(retries=_NO_RETRIES))
        return self.session(credentials).client(service, endpoint_url=self.endpoint, **options)

    def use(self, credentials: Credentials | User) -> None:
        """Make ``credentials`` the environment's (``AWS_ACCESS_KEY_ID`` ...) for code that builds its own
        clients; the fixture restores the real environment after the test."""
        keys = _keys(credentials)
        assert keys is not None
        use_credentials(keys.access_key_id, keys.secret_access_key, keys.session_token)

    # --- identities -----------------------------------------------------------------------------

    def user(
        self,
        name: str,
        *,
        policies: Sequence[PolicyDocument] | Mapping[str, PolicyDocument] = (),
        managed: Iterable[str] = (),
        path: str = "/",
    ) -> User:
        """A user with these inline ``policies`` (and attached ``managed`` policy ARNs) and an access key."""
        iam = self.client("iam")
        arn = iam.create_user(UserName=name, Path=path)["User"]["Arn"]
        for policy_name, document in _named(policies):
            iam.put_user_policy(UserName=name, PolicyName=policy_name, PolicyDocument=as_json(document))
        for policy_arn in managed:
            iam.attach_user_policy(UserName=name, PolicyArn=policy_arn)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return User(name, arn, Credentials(key["AccessKeyId"], key["SecretAccessKey"], arn=arn))

    def role(
        self,
        name: str,
        *,
        trust: PolicyDocument | User | Role | str | Sequence[User | Role | str] | None = None,
        policies: Sequence[PolicyDocument] | Mapping[str, PolicyDocument] = (),
        managed: Iterable[str] = (),
        path: str = "/",
        max_session_duration: int = 3600,
    ) -> Role:
        """A role. ``trust`` is a trust policy document, or the principals (users, roles, ARNs) it trusts;
        by default the account itself (then a caller also needs ``sts:AssumeRole`` in its own policies)."""
        iam = self.client("iam")
        arn = iam.create_role(
            RoleName=name,
            Path=path,
            AssumeRolePolicyDocument=as_json(self._trust_document(trust)),
            MaxSessionDuration=max_session_duration,
        )["Role"]["Arn"]
        for policy_name, document in _named(policies):
            iam.put_role_policy(RoleName=name, PolicyName=policy_name, PolicyDocument=as_json(document))
        for policy_arn in managed:
            iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
        return Role(name, arn)

    def _trust_document(
        self, trust: PolicyDocument | User | Role | str | Sequence[User | Role | str] | None
    ) -> PolicyDocument:
        if trust is None:
            return trust_policy(f"arn:{self.partition}:iam::{self.account_id}:root")
        if isinstance(trust, User | Role):
            return trust_policy(trust.arn)
        if isinstance(trust, str) and trust.startswith("arn:"):
            return trust_policy(trust)
        if isinstance(trust, Mapping | str):
            return trust
        return trust_policy(*(item if isinstance(item, str) else item.arn for item in trust))

    def assume(
        self,
        role: Role | str,
        *,
        as_: Credentials | User | None = None,
        session_name: str = "hatrack-test",
        **parameters: Any,
    ) -> Credentials:
        """AssumeRole as ``as_`` (default root; root cannot assume roles in AWS, so pass a user or a hat).

        Extra ``parameters`` go to AssumeRole unchanged (``SerialNumber``, ``TokenCode``, ``Policy``...).
        A refusal raises botocore's ``ClientError``, as it would in the code under test.
        """
        role_arn = role.arn if isinstance(role, Role) else role
        if not role_arn.startswith("arn:"):
            role_arn = f"arn:{self.partition}:iam::{self.account_id}:role/{role_arn}"
        answer = self.client("sts", as_).assume_role(
            RoleArn=role_arn, RoleSessionName=session_name, **parameters
        )
        keys = answer["Credentials"]
        return Credentials(
            keys["AccessKeyId"],
            keys["SecretAccessKey"],
            keys["SessionToken"],
            arn=answer["AssumedRoleUser"]["Arn"],
        )


def _keys(credentials: Credentials | User | None) -> Credentials | None:
    return credentials.credentials if isinstance(credentials, User) else credentials


def _named(
    policies: Sequence[PolicyDocument] | Mapping[str, PolicyDocument] | PolicyDocument,
) -> list[tuple[str, PolicyDocument]]:
    """Inline policies by name: one document, a list (policy-1, policy-2 ...) or a name → document map."""
    if isinstance(policies, str) or _is_document(policies):
        return [("policy-1", policies)]  # type: ignore[list-item]  # one document (checked above)
    if isinstance(policies, Mapping):
        return [(str(name), document) for name, document in policies.items()]
    return [(f"policy-{index}", document) for index, document in enumerate(policies, start=1)]


def _is_document(value: object) -> bool:
    return isinstance(value, Mapping) and "Statement" in value
