"""Encoded authorization messages: the details of a denial, sealed for those allowed to read them.

An AccessDenied answer can carry ``Encoded authorization failure message: TEXT``; TEXT is the
keyring-sealed JSON of the decision (AWS's decoded form: ``allowed``, ``explicitDeny``,
``matchedStatements``, ``failures``, ``context`` with principal, action, resource and condition
values). ``sts:DecodeAuthorizationMessage`` opens it for callers whose policies allow that action,
and only in the account of the denied principal: the details may be privileged.

The text is URL-safe base64 without padding so it can be pasted from any message.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hatrack.credentials.keyring import Keyring, SealedDataInvalid
from hatrack.errors import InvalidAuthorizationMessage

_LABEL = b"hatrack authorization message v1\x00"
_MAX_TEXT = 10_240
INVALID_MESSAGE = "The message is not a valid encoded authorization message"


@dataclass(frozen=True, slots=True)
class DeniedRequest:
    """What a denial was about. ``context`` holds the condition keys of the request."""

    account_id: str
    principal_id: str
    principal_arn: str
    action: str
    resource: str
    explicit_deny: bool
    context: Mapping[str, str | Sequence[str]]
    matched_statements: tuple[Mapping[str, object], ...] = ()


def decoded_document(denied: DeniedRequest) -> dict[str, object]:
    """The decoded message, in the shape AWS documents for DecodeAuthorizationMessage."""
    conditions = []
    for key in sorted(denied.context):
        value = denied.context[key]
        values = [value] if isinstance(value, str) else list(value)
        conditions.append({"key": key, "values": {"items": [{"value": item} for item in values]}})
    return {
        "allowed": False,
        "explicitDeny": denied.explicit_deny,
        "matchedStatements": {"items": list(denied.matched_statements)},
        "failures": {"items": []},
        "context": {
            "principal": {"id": denied.principal_id, "arn": denied.principal_arn},
            "action": denied.action,
            "resource": denied.resource,
            "conditions": {"items": conditions},
        },
    }


def encode_authorization_message(keyring: Keyring, denied: DeniedRequest) -> str:
    """The encoded message for an AccessDenied answer (one seal, no database)."""
    payload = json.dumps(
        {"account": denied.account_id, "message": decoded_document(denied)}, separators=(",", ":")
    ).encode("utf-8")
    sealed = keyring.seal(zlib.compress(payload, 6), associated_data=_LABEL)
    return base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")


def decode_authorization_message(keyring: Keyring, text: str, *, account_id: str) -> str:
    """The decoded JSON text of ``text``; ``InvalidAuthorizationMessageException`` when it does not
    open or belongs to another account."""
    text = text.strip()
    if not text or len(text) > _MAX_TEXT or not text.isascii():
        raise InvalidAuthorizationMessage(INVALID_MESSAGE)
    try:
        sealed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(zlib.decompress(keyring.open(sealed, associated_data=_LABEL), bufsize=4096))
    except (binascii.Error, ValueError, zlib.error, SealedDataInvalid):
        raise InvalidAuthorizationMessage(INVALID_MESSAGE) from None
    if not isinstance(payload, dict) or payload.get("account") != account_id:
        raise InvalidAuthorizationMessage(INVALID_MESSAGE)
    return json.dumps(payload["message"], separators=(",", ":"))
