"""One answered call → its CloudTrail event record(s), with every secret left out.

The record follows CloudTrail's record format (eventVersion 1.09): userIdentity, eventTime,
eventSource, eventName, awsRegion, sourceIPAddress, userAgent, requestParameters, responseElements,
errorCode/errorMessage, requestID, eventID, readOnly, resources, eventType, managementEvent,
recipientAccountId, sharedEventID, eventCategory.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html

Redaction is driven by the operation's botocore model: a member whose shape is ``sensitive`` is left
out, and so is any member on ``SECRET_MEMBERS`` (the model does not mark STS's SessionToken). Like
CloudTrail, CreateAccessKey's response shows the access key id and no secret, AssumeRole's shows
``credentials {accessKeyId, expiration}``. As a last guard, every string removed this way (and the
caller's own session secret) is searched for in the whole record and replaced.

Handlers may add fields through ``Call.audit_notes``; the keys read here are:
``resources`` (list of {"type", "ARN", "accountId"?}), ``additionalEventData`` (dict),
``sharedWithAccounts`` (account ids that also get the event, joined by sharedEventID),
``userIdentity`` (a dict replacing the computed one, e.g. for web identity federation),
``eventType`` (default "AwsApiCall").
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hatrack.audit.call import CallRecord
from hatrack.model import Caller, CallerKind, TokenKind

EVENT_VERSION = "1.09"
HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"

# Members never recorded, whatever the model says (compared case-insensitively, without separators).
SECRET_MEMBERS = frozenset(
    {
        "password",
        "newpassword",
        "oldpassword",
        "secretaccesskey",
        "sessiontoken",
        "privatekey",
        "base32stringseed",
        "qrcodepng",
        "servicepassword",
        "servicecredentialsecret",
        "samlassertion",
        "webidentitytoken",
        "authenticationcode1",
        "authenticationcode2",
        "tokencode",
        "clientsecret",
        "signintoken",
        "secret",
        "bootstrapdatum",
    }
)

# Operations whose response carries new credentials: recorded even though they change no entity.
CREDENTIAL_OPERATIONS = frozenset(
    {
        "AssumeRole",
        "AssumeRoleWithSAML",
        "AssumeRoleWithWebIdentity",
        "GetSessionToken",
        "GetFederationToken",
        "AssumeRoot",
    }
)
ROLE_ASSUMING_OPERATIONS = frozenset({"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"})

_GLOBAL_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}

# requestParameters / responseElements member → the resource type LookupEvents files it under.
_NAMED_RESOURCES = {
    "userName": "AWS::IAM::User",
    "newUserName": "AWS::IAM::User",
    "groupName": "AWS::IAM::Group",
    "newGroupName": "AWS::IAM::Group",
    "roleName": "AWS::IAM::Role",
    "roleArn": "AWS::IAM::Role",
    "policyArn": "AWS::IAM::Policy",
    "instanceProfileName": "AWS::IAM::InstanceProfile",
    "accessKeyId": "AWS::IAM::AccessKey",
    "serialNumber": "AWS::IAM::MFADevice",
    "virtualMFADeviceName": "AWS::IAM::MFADevice",
    "openIDConnectProviderArn": "AWS::IAM::OIDCProvider",
    "sAMLProviderArn": "AWS::IAM::SAMLProvider",
    "serverCertificateName": "AWS::IAM::ServerCertificate",
}


@dataclass(frozen=True, slots=True)
class EventColumns:
    """What LookupEvents searches by, all read from the record itself (so ``verify`` can re-derive them)."""

    event_id: str
    event_name: str
    event_source: str
    read_only: str  # "true" | "false"
    username: str | None
    access_key_id: str | None
    resources: tuple[tuple[str, str], ...]  # (ResourceType, ResourceName)


class AuditEvent:
    """An event ready to be chained into ``account_id``'s trail.

    Its JSON text (the exact text hashed and stored) and lookup columns are computed once, here, by
    the thread that built the record, so that the single writer thread only chains and inserts.
    The record must not change afterwards.
    """

    __slots__ = ("account_id", "columns", "event_time", "record", "text")

    def __init__(
        self,
        account_id: str,
        event_time: datetime,
        record: Mapping[str, Any],
        *,
        text: str | None = None,
    ) -> None:
        """``text``, when given, must be ``encode_record(record)`` (the builder has it already)."""
        self.account_id = account_id
        self.event_time = event_time
        self.record = record
        self.text = encode_record(record) if text is None else text
        self.columns = columns_of(record)

    def __repr__(self) -> str:
        return f"AuditEvent({self.account_id!r}, {self.columns.event_name!r}, {self.columns.event_id!r})"


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def encode_record(record: Mapping[str, Any]) -> str:
    """The JSON text of a record: compact, keys in CloudTrail's order, UTF-8 kept as is."""
    return _ENCODER.encode(record)


class _RandomIds:
    """Random (version 4) UUIDs from a buffer of ``os.urandom`` bytes, refilled 4 KiB at a time.

    Ids are not secrets; the point is one system call per 256 ids instead of one per id (a call that
    also gives up the GIL, which costs a busy server far more than the call itself).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffer = b""
        self._position = 0
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._buffer, self._position = b"", 0  # a child must never repeat its parent's ids

    def __call__(self) -> str:
        with self._lock:
            position = self._position
            if position + 16 > len(self._buffer):
                self._buffer, position = os.urandom(4096), 0
            self._position = position + 16
            value = int.from_bytes(self._buffer[position : position + 16])
        value = (value & _UUID_CLEAR) | _UUID_V4_BITS
        text = f"{value:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


# Version 4, variant RFC 4122: clear the version nibble and the variant's two bits, then set them.
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_V4_BITS = (0x4000 << 64) | (0x8000 << 48)

new_event_id = _RandomIds()


# -- formatting ---------------------------------------------------------------------------------


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def event_time_text(moment: datetime) -> str:
    """``2026-01-31T23:59:59Z`` (formatted field by field: ``strftime`` costs several times more)."""
    moment = moment.astimezone(UTC)
    return (
        f"{moment.year}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z"
    )


def element_time_text(moment: datetime) -> str:
    """Timestamps inside requestParameters/responseElements, the way CloudTrail writes them."""
    moment = moment.astimezone(UTC)
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    month = _MONTHS[moment.month - 1]
    return f"{month} {moment.day}, {moment.year}, {hour}:{moment.minute:02d}:{moment.second:02d} {half}"


def lower_camel(name: str) -> str:
    """CloudTrail key of a member: first letter lowered (``SAMLProviderArn`` → ``sAMLProviderArn``)."""
    return name[:1].lower() + name[1:]


def is_secret_member(name: str) -> bool:
    return name.replace("_", "").replace("-", "").lower() in SECRET_MEMBERS


# -- redaction ----------------------------------------------------------------------------------

# How one member of a structure is recorded: (its CloudTrail key, its shape), or (None, shape) when it is
# left out as a secret (a ``SECRET_MEMBERS`` name or a ``sensitive`` shape).
_Step = tuple[str | None, Any]
_PLAIN = frozenset({str, int, bool, float})


def _member_step(shape: Any, name: str) -> _Step:
    members = getattr(shape, "members", None) if shape is not None else None
    member_shape = members.get(name) if members is not None else None
    if is_secret_member(name) or (member_shape is not None and member_shape.metadata.get("sensitive", False)):
        return (None, member_shape)
    return (lower_camel(name), member_shape)


# Each structure shape's members, worked out once per shape (held weakly: the models belong to the
# services that loaded them).
_PLANS: weakref.WeakKeyDictionary[Any, dict[str, _Step]] = weakref.WeakKeyDictionary()


def _plan_of(shape: Any) -> dict[str, _Step] | None:
    if shape is None:
        return None
    plan = _PLANS.get(shape)
    if plan is not None:
        return plan
    members = getattr(shape, "members", None)
    if not isinstance(members, Mapping):
        return None
    plan = {name: _member_step(shape, name) for name in members}
    _PLANS[shape] = plan
    return plan


class _Redactor:
    """Renders model-shaped values as CloudTrail elements and remembers every secret it left out."""

    def __init__(self) -> None:
        self.secrets: set[str] = set()

    def remember(self, value: object) -> None:
        if isinstance(value, str):
            self.secrets.add(value)
        elif isinstance(value, bytes):
            self.secrets.add(base64.b64encode(value).decode())
            with contextlib.suppress(UnicodeDecodeError):
                self.secrets.add(value.decode())
        elif isinstance(value, Mapping):
            for item in value.values():
                self.remember(item)
        elif isinstance(value, list | tuple):
            for item in value:
                self.remember(item)

    def structure(self, shape: Any, value: Mapping[str, Any]) -> dict[str, Any]:
        plan = _plan_of(shape)
        rendered: dict[str, Any] = {}
        for name, item in value.items():
            step = plan.get(name) if plan is not None else None
            if step is None:
                step = _member_step(shape, name)
            key, member_shape = step
            if key is None:
                self.remember(item)
            elif type(item) in _PLAIN:
                rendered[key] = item  # what ``value`` gives a plain scalar of a shape that is not sensitive
            else:
                rendered[key] = self.value(member_shape, item)
        return rendered

    def value(self, shape: Any, value: Any) -> Any:
        if shape is not None and shape.metadata.get("sensitive", False):
            self.remember(value)
            return HIDDEN
        if isinstance(value, Mapping):
            type_name = getattr(shape, "type_name", None)
            if type_name == "map":
                return {str(k): self.value(getattr(shape, "value", None), v) for k, v in value.items()}
            return self.structure(shape, value)
        if isinstance(value, list | tuple):
            return [self.value(getattr(shape, "member", None), item) for item in value]
        if isinstance(value, datetime):
            return element_time_text(value)
        if isinstance(value, bytes):
            return base64.b64encode(value).decode()
        return value


def _scrub(value: Any, secrets: frozenset[str]) -> Any:
    if isinstance(value, str):
        if value in secrets:
            return HIDDEN
        for secret in secrets:
            # Substrings only for long secrets: a six-digit code may well be part of an account id.
            if len(secret) >= 12 and secret in value:
                value = value.replace(secret, HIDDEN)
        return value
    if isinstance(value, Mapping):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    return value


def _mentions_any(text: str, secrets: frozenset[str]) -> bool:
    """Whether any secret occurs in ``text``, the JSON encoding of a record.

    The encoder escapes character by character, so a string value holding a secret holds the secret's
    own encoding; when no encoding occurs in the text, ``_scrub`` would return the record unchanged.
    """
    return any(_ENCODER.encode(secret)[1:-1] in text for secret in secrets)


# -- identity -----------------------------------------------------------------------------------


def _session_attributes(caller: Caller) -> dict[str, str]:
    session = caller.session
    assert session is not None
    return {
        "creationDate": event_time_text(session.issued_at),
        "mfaAuthenticated": "true" if session.mfa_authenticated else "false",
    }


def user_identity(
    caller: Caller | None, access_key_id: str | None, recipient_account_id: str
) -> dict[str, Any]:
    """CloudTrail's userIdentity of ``caller`` as seen from ``recipient_account_id``'s trail."""
    if caller is None or caller.kind is CallerKind.ANONYMOUS:
        identity: dict[str, Any] = {"type": "Unknown"}
        if access_key_id:
            identity["accessKeyId"] = access_key_id
        return identity
    key = caller.access_key_id or access_key_id or ""
    if caller.account_id != recipient_account_id:
        # Another account's principal acting on this account (cross-account AssumeRole).
        identity = {"type": "AWSAccount", "principalId": caller.principal_id, "accountId": caller.account_id}
        if key:
            identity["accessKeyId"] = key
        return identity
    session = caller.session
    identity = {
        "type": caller.kind.value,
        "principalId": caller.principal_id,
        "arn": caller.arn,
        "accountId": caller.account_id,
    }
    if key:
        identity["accessKeyId"] = key
    if caller.kind is CallerKind.IAM_USER and caller.user_name:
        identity["userName"] = caller.user_name
    if session is None:
        return identity
    context: dict[str, Any] = {}
    if session.kind is TokenKind.ASSUMED_ROLE:
        role_path = session.role_path or "/"
        context["sessionIssuer"] = {
            "type": "Role",
            "principalId": session.role_id,
            "arn": f"arn:{caller.partition}:iam::{session.account_id}:role{role_path}{session.role_name}",
            "accountId": session.account_id,
            "userName": session.role_name,
        }
        context["webIdFederationData"] = {}
    elif session.kind is TokenKind.FEDERATED and session.user_name:
        user_path = session.user_path or "/"
        context["sessionIssuer"] = {
            "type": "IAMUser",
            "principalId": session.user_id,
            "arn": f"arn:{caller.partition}:iam::{session.account_id}:user{user_path}{session.user_name}",
            "accountId": session.account_id,
            "userName": session.user_name,
        }
    context["attributes"] = _session_attributes(caller)
    if session.source_identity:
        context["sourceIdentity"] = session.source_identity
    identity["sessionContext"] = context
    return identity


def username_of(identity: Mapping[str, Any]) -> str | None:
    """LookupEvents' Username: the user's name, "root", or the role session's name."""
    kind = identity.get("type")
    if kind == "IAMUser":
        name = identity.get("userName")
        return str(name) if name else None
    if kind == "Root":
        return "root"
    if kind in ("AssumedRole", "FederatedUser"):
        arn = str(identity.get("arn", ""))
        return arn.rsplit("/", 1)[-1] if "/" in arn else None
    return None


# -- resources ----------------------------------------------------------------------------------


def _arn_account(arn: str) -> str:
    parts = arn.split(":", 5)
    return parts[4] if len(parts) == 6 else ""


def _named_resources(elements: Any, found: list[tuple[str, str]]) -> None:
    if not isinstance(elements, Mapping):
        return
    for key, value in elements.items():
        resource_type = _NAMED_RESOURCES.get(key)
        if resource_type is not None and isinstance(value, str) and value:
            found.append((resource_type, value))
            if value.startswith("arn:") and "/" in value:
                found.append((resource_type, value.rsplit("/", 1)[-1]))


def resources_of(record: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The (ResourceType, ResourceName) pairs LookupEvents lists for this record, without repeats."""
    found: list[tuple[str, str]] = []
    for resource in record.get("resources") or ():
        if isinstance(resource, Mapping) and resource.get("type") and resource.get("ARN"):
            found.append((str(resource["type"]), str(resource["ARN"])))
    _named_resources(record.get("requestParameters"), found)
    response = record.get("responseElements")
    if isinstance(response, Mapping):
        for nested in ("accessKey", "credentials", "user", "role", "group", "loginProfile"):
            _named_resources(response.get(nested), found)
        assumed = response.get("assumedRoleUser")
        if isinstance(assumed, Mapping) and isinstance(assumed.get("arn"), str):
            found.append(("AWS::STS::AssumedRole", assumed["arn"]))
    unique: dict[tuple[str, str], None] = {}
    for item in found:
        unique.setdefault(item, None)
    return tuple(unique)


def columns_of(record: Mapping[str, Any]) -> EventColumns:
    identity = record.get("userIdentity") or {}
    key = identity.get("accessKeyId") if isinstance(identity, Mapping) else None
    return EventColumns(
        event_id=str(record.get("eventID", "")),
        event_name=str(record.get("eventName", "")),
        event_source=str(record.get("eventSource", "")),
        read_only="true" if record.get("readOnly") else "false",
        username=username_of(identity) if isinstance(identity, Mapping) else None,
        access_key_id=str(key) if key else None,
        resources=resources_of(record),
    )


# -- the record ---------------------------------------------------------------------------------


def event_source(service: str) -> str:
    return f"{service}.amazonaws.com"


def _region(call: CallRecord) -> str:
    if call.service == "iam":
        partition = call.caller.partition if call.caller is not None else "aws"
        return _GLOBAL_REGIONS.get(partition, call.region)
    return call.region


def recipient_accounts(call: CallRecord, *, key_owner: str | None = None) -> list[str]:
    """Whose trails get this event: the caller's account, and for cross-account AssumeRole the role's.

    An unauthenticated call goes to the owner of the access key it claimed when that key is known
    (``key_owner``), otherwise to the operator's trail "".
    """
    accounts: list[str] = []
    caller = call.caller
    if caller is not None and caller.account_id:
        accounts.append(caller.account_id)
    if call.operation in ROLE_ASSUMING_OPERATIONS:
        role_account = _arn_account(str(call.params.get("RoleArn", "")))
        if role_account and role_account not in accounts:
            accounts.append(role_account)
    shared = call.notes.get("sharedWithAccounts")
    if isinstance(shared, list | tuple):
        accounts.extend(str(a) for a in shared if str(a) not in accounts)
    if not accounts:
        accounts.append(key_owner or "")
    return accounts


def build_events(
    call: CallRecord,
    *,
    key_owner: str | None = None,
    make_event_id: Callable[[], str] = new_event_id,
) -> list[AuditEvent]:
    """The event of ``call``, once per recipient account (joined by sharedEventID when more than one)."""
    redactor = _Redactor()
    model = call.operation_model
    input_shape = getattr(model, "input_shape", None)
    output_shape = getattr(model, "output_shape", None)
    request_parameters = redactor.structure(input_shape, call.params) if call.params else None
    response_elements: dict[str, Any] | None = None
    if call.result is not None and call.error is None:
        rendered = redactor.structure(output_shape, call.result)
        if not call.read_only or call.operation in CREDENTIAL_OPERATIONS:
            response_elements = rendered or None
    if call.caller is not None and call.caller.session is not None:
        redactor.secrets.add(call.caller.session.secret_access_key)
    secrets = frozenset(s for s in redactor.secrets if s)

    accounts = recipient_accounts(call, key_owner=key_owner)
    shared_event_id = make_event_id() if len(accounts) > 1 else None
    events: list[AuditEvent] = []
    for account in accounts:
        override = call.notes.get("userIdentity")
        identity = (
            dict(override)
            if isinstance(override, Mapping)
            else user_identity(call.caller, call.access_key_id, account)
        )
        record: dict[str, Any] = {
            "eventVersion": EVENT_VERSION,
            "userIdentity": identity,
            "eventTime": event_time_text(call.event_time),
            "eventSource": event_source(call.service),
            "eventName": call.operation,
            "awsRegion": _region(call),
            "sourceIPAddress": call.source_ip,
            "userAgent": call.user_agent,
        }
        if call.error is not None:
            record["errorCode"] = call.error.code
            record["errorMessage"] = call.error.message
        record["requestParameters"] = request_parameters
        record["responseElements"] = response_elements
        extra = call.notes.get("additionalEventData")
        if isinstance(extra, Mapping):
            record["additionalEventData"] = dict(extra)
        record["requestID"] = call.request_id
        record["eventID"] = make_event_id()
        record["readOnly"] = call.read_only
        resources = _note_resources(call, account)
        if resources:
            record["resources"] = resources
        record["eventType"] = str(call.notes.get("eventType", "AwsApiCall"))
        record["managementEvent"] = True
        record["recipientAccountId"] = account
        if shared_event_id is not None:
            record["sharedEventID"] = shared_event_id
        record["eventCategory"] = "Management"
        # The final guard: the record's text is searched for every secret left out (and the caller's
        # own), and only when one occurs is the record walked and rewritten.
        text = encode_record(record)
        if secrets and _mentions_any(text, secrets):
            record = _scrub(record, secrets)
            text = encode_record(record)
        events.append(AuditEvent(account_id=account, event_time=call.event_time, record=record, text=text))
    return events


def _note_resources(call: CallRecord, account: str) -> list[dict[str, str]]:
    resources: list[dict[str, str]] = []
    noted = call.notes.get("resources")
    if isinstance(noted, Iterable) and not isinstance(noted, str | bytes | Mapping):
        for item in noted:
            if isinstance(item, Mapping) and item.get("ARN"):
                arn = str(item["ARN"])
                resources.append(
                    {
                        "accountId": str(item.get("accountId") or _arn_account(arn) or account),
                        "type": str(item.get("type", "")),
                        "ARN": arn,
                    }
                )
    if not resources and call.operation in ROLE_ASSUMING_OPERATIONS:
        role_arn = str(call.params.get("RoleArn", ""))
        if role_arn:
            resources.append({"accountId": _arn_account(role_arn), "type": "AWS::IAM::Role", "ARN": role_arn})
    return resources
