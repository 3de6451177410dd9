"""One answered call → its CloudTrail event record(s), with every secret left out.

The record follows CloudTrail's record format (eventVersion 1.09): userIdentity, eventTime,
eventSource, eventName, awsRegion, sourceIPAddress, userAgent, requestParameters, responseElements,
errorCode/errorMessage, requestID, eventID, readOnly, resources, eventType, managementEvent,
recipientAccountId, sharedEventID, eventCategory.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html

Redaction is driven by the operation's botocore model: a member whose shape is ``sensitive`` is left
out, and so is any member on ``SECRET_MEMBERS`` (the model does not mark STS's SessionToken). Like
CloudTrail, CreateAccessKey's response shows the access key id and no secret, AssumeRole's shows
``credentials {accessKeyId, expiration}``. Redaction is by field, never by value (``redaction``); a
record still holding a secret the server made is refused. Free text is bounded.

Handlers may add fields through ``Call.audit_notes``; the keys read here are:
``resources`` (list of {"type", "ARN", "accountId"?}), ``additionalEventData`` (dict),
``sharedWithAccounts`` (account ids that also get the event, joined by sharedEventID),
``userIdentity`` (a dict replacing the computed one, e.g. for web identity federation),
``responseElements`` (a dict replacing the rendered result: the console's ConsoleLogin, ``sign_in.py``),
``eventType`` (default "AwsApiCall"), ``ownerAccountId`` (the trail of an unsigned call whose account
was proved otherwise: a workload's join token or certificate), ``authorized`` (the ``{"action",
"resource"}`` pairs the authorizer allowed, written as ``additionalEventData.hatrackAuthorized`` on a
successful call: a hatrack extension that policy generation reads).

A call made with console sign-in credentials (``TokenKind.CONSOLE``), or with a role session assumed
from them (Switch Role), carries CloudTrail's ``sessionCredentialFromConsole: "true"``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hatrack.audit.call import CallRecord
from hatrack.audit.redaction import (
    HIDDEN,
    MAX_ERROR_MESSAGE,
    MAX_UNAUTHENTICATED_VALUE,
    MAX_USER_AGENT,
    SECRET_MEMBERS,
    Redactor,
    SecretInRecord,
    bounded,
    bounded_parameters,
    check_no_secret,
    element_time_text,
    is_secret_member,
    lower_camel,
    scanned_secrets,
)
from hatrack.model import Caller, CallerKind, TokenKind

EVENT_VERSION = "1.09"

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


def event_time_text(moment: datetime) -> str:
    """``2026-01-31T23:59:59Z`` (formatted field by field: ``strftime`` costs several times more)."""
    moment = moment.astimezone(UTC)
    return (
        f"{moment.year}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z"
    )


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


# STS operations AWS takes unsigned; CloudTrail records them (failed or not) in the role's account.
UNSIGNED_OPERATIONS = frozenset({"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"})


def is_authenticated(call: CallRecord) -> bool:
    """Whether the caller proved who it is (an unsigned STS call or a failed signature did not)."""
    return (
        call.caller is not None
        and call.caller.kind is not CallerKind.ANONYMOUS
        and bool(call.caller.account_id)
    )


def recipient_accounts(
    call: CallRecord,
    *,
    key_owner: str | None = None,
    account_exists: Callable[[str], bool] | None = None,
) -> list[str]:
    """Whose trails get this event; empty when it belongs to no account's trail.

    An authenticated call goes to the caller's account, and for cross-account AssumeRole (or a
    handler's ``sharedWithAccounts``) to the other account too, when that account exists.
    A call whose caller was not authenticated (unknown key id, bad signature, no signature, malformed)
    goes only to the owner of the long-term access key it claimed (``key_owner``, looked up by the
    recorder), as AWS records a failed signature of a known key in the key owner's trail; an unsigned
    AssumeRoleWithWebIdentity/SAML goes to the role's account when it exists. Anything else names no
    account an outsider may write into: the recorder logs it at server level instead.
    guess: AWS drops calls with unknown key ids ("some unauthenticated requests might not be logged
    because they do not meet the minimum expectations"), IAM User Guide, cloudtrail-integration.

    ``account_exists`` (None: every account exists, for unit tests) keeps events out of trails of
    accounts this server does not host.
    """
    exists = account_exists or (lambda _account: True)
    accounts: list[str] = []
    caller = call.caller
    if is_authenticated(call):
        assert caller is not None
        accounts.append(caller.account_id)
        others: list[str] = []
        if call.operation in ROLE_ASSUMING_OPERATIONS:
            others.append(_arn_account(str(call.params.get("RoleArn", ""))))
        shared = call.notes.get("sharedWithAccounts")
        if isinstance(shared, list | tuple):
            others.extend(str(a) for a in shared)
        accounts.extend(a for a in dict.fromkeys(others) if a and a not in accounts and exists(a))
        return accounts
    if key_owner and exists(key_owner):
        return [key_owner]
    # A workload's call proves its account without an access key (a join token or a certificate of
    # the account's CA): the server names that account in the note ``ownerAccountId`` (notes are the
    # server's, never the client's).
    owner = call.notes.get("ownerAccountId")
    if isinstance(owner, str) and owner and exists(owner):
        return [owner]
    if call.operation in UNSIGNED_OPERATIONS and call.service == "sts":
        role_account = _arn_account(str(call.params.get("RoleArn", "")))
        if role_account.isdigit() and len(role_account) == 12 and exists(role_account):
            return [role_account]
    return []


def build_events(
    call: CallRecord,
    *,
    key_owner: str | None = None,
    account_exists: Callable[[str], bool] | None = None,
    make_event_id: Callable[[], str] = new_event_id,
) -> list[AuditEvent]:
    """The event of ``call``, once per recipient account (joined by sharedEventID when more than one).

    Empty when the call belongs to no account's trail (see ``recipient_accounts``). Raises
    ``SecretInRecord`` when a secret the server made is still in the record (a redaction bug).
    """
    accounts = recipient_accounts(call, key_owner=key_owner, account_exists=account_exists)
    if not accounts:
        return []
    authenticated = is_authenticated(call)
    model = call.operation_model
    input_shape = getattr(model, "input_shape", None)
    output_shape = getattr(model, "output_shape", None)
    # Input secrets are the caller's own choice: left out by field, never searched for (see redaction).
    request_side = Redactor(collect=False, value_limit=None if authenticated else MAX_UNAUTHENTICATED_VALUE)
    request_parameters = request_side.structure(input_shape, call.params) if call.params else None
    if not authenticated:
        request_parameters = bounded_parameters(request_parameters)
    response_side = Redactor(collect=True)
    response_elements: dict[str, Any] | None = None
    if call.result is not None and call.error is None:
        rendered = response_side.structure(output_shape, call.result)
        if not call.read_only or call.operation in CREDENTIAL_OPERATIONS:
            response_elements = rendered or None
    if call.caller is not None and call.caller.session is not None:
        response_side.secrets.add(call.caller.session.secret_access_key)
    secrets = scanned_secrets(response_side.secrets)

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
            "userAgent": bounded(call.user_agent, MAX_USER_AGENT),
        }
        if call.error is not None:
            if call.error.code:  # a failed ConsoleLogin has a message and no code, as in AWS
                record["errorCode"] = call.error.code
            record["errorMessage"] = bounded(call.error.message, MAX_ERROR_MESSAGE)
        record["requestParameters"] = request_parameters
        noted_response = call.notes.get("responseElements")
        record["responseElements"] = (
            dict(noted_response) if isinstance(noted_response, Mapping) else response_elements
        )
        extra = call.notes.get("additionalEventData")
        if isinstance(extra, Mapping):
            record["additionalEventData"] = dict(extra)
        authorized = call.notes.get("authorized")
        if call.error is None and isinstance(authorized, list) and authorized:
            # hatrack's extension: the (action, resource) pairs the authorizer allowed for this call.
            record.setdefault("additionalEventData", {})["hatrackAuthorized"] = list(authorized)
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
        if _from_console(call.caller):
            record["sessionCredentialFromConsole"] = "true"
        text = encode_record(record)
        # The safety net: a server-made secret still in the record means a field was not left out.
        # Fail closed (the call fails), never rewrite the record.
        check_no_secret(text, secrets, call.operation)
        events.append(AuditEvent(account_id=account, event_time=call.event_time, record=record, text=text))
    return events


def _from_console(caller: Caller | None) -> bool:
    session = caller.session if caller is not None else None
    return session is not None and (session.kind is TokenKind.CONSOLE or session.from_console)


def unattributed_summary(call: CallRecord) -> str:
    """One bounded line about a call that belongs to no trail, for the server's log (no secrets)."""
    error = call.error.code if call.error is not None else "-"
    key = bounded(call.access_key_id or "-", 32)
    agent = bounded(call.user_agent, 128)
    return (
        f"unattributed {call.service}:{bounded(call.operation, 64)} from {bounded(call.source_ip, 64)} "
        f"key={key!r} error={error} userAgent={agent!r} requestID={call.request_id}"
    )


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


__all__ = [
    "HIDDEN",
    "MAX_ERROR_MESSAGE",
    "MAX_USER_AGENT",
    "SECRET_MEMBERS",
    "AuditEvent",
    "SecretInRecord",
    "build_events",
    "columns_of",
    "element_time_text",
    "encode_record",
    "is_secret_member",
    "lower_camel",
    "new_event_id",
]
