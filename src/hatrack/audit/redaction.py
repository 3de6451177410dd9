"""What of a call's input and output an event may show: secrets left out by field, free text bounded.

Redaction is by field, never by value. A member is left out when its botocore shape is ``sensitive``
or its name is on ``SECRET_MEMBERS`` (the model does not mark every secret: STS's SessionToken, IAM's
SecretAccessKey in some shapes). Nothing is ever searched for and replaced in the record's text: a
password a caller chose may equal a user name, and replacing it everywhere would let anyone erase a
name of their choice from the trail.

The final scan is a safety net, not a redaction step. It looks for the secrets the *server* made and
left out of this call's output (a new secret access key, a session token, a TOTP seed, a private key)
and for the caller's own session secret; none of them is chosen by the caller. If one still occurs in
the record, a field that should have been left out was not: that is a bug, so the record is refused
(``SecretInRecord``) and the call fails rather than write the secret or rewrite the record.
Secrets the caller sent (passwords, tokens) are left out by field only: they are the caller's own
choice, so finding the same text elsewhere proves nothing.

Free-text fields are bounded, so one request cannot store a record of any size.
"""

from __future__ import annotations

import base64
import contextlib
import json
import weakref
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

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

# Bounds of free text (characters). guess: CloudTrail documents no limit for userAgent that we could
# find; it truncates long user agents, and 1 KiB keeps every SDK's and the AWS CLI's agent whole.
MAX_USER_AGENT = 1024
# guess: AWS's longest error messages (policy validation) stay well under 4 KiB.
MAX_ERROR_MESSAGE = 4096
# Strings in requestParameters of a call whose caller was not authenticated (anyone may send them).
MAX_UNAUTHENTICATED_VALUE = 1024
# guess: CloudTrail omits requestParameters past about 100 KB; an unauthenticated call gets far less.
MAX_UNAUTHENTICATED_PARAMETERS = 16 * 1024
TRUNCATED = "…[truncated]"

# The scan ignores server-made secrets shorter than this: none is, and a short one would match by chance.
_MIN_SCANNED_SECRET = 16

_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


class SecretInRecord(RuntimeError):
    """An event still holds a secret the server made: a redaction bug. Carries no secret."""

    def __init__(self, operation: str) -> None:
        super().__init__(f"the event of {operation} still holds a secret; it was not written")


def lower_camel(name: str) -> str:
    """CloudTrail key of a member: first letter lowered (``SAMLProviderArn`` → ``sAMLProviderArn``)."""
    return name[:1].lower() + name[1:]


def is_secret_member(name: str) -> bool:
    return name.replace("_", "").replace("-", "").lower() in SECRET_MEMBERS


def bounded(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, marked when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - len(TRUNCATED)] + TRUNCATED


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def element_time_text(moment: datetime) -> str:
    """Timestamps inside requestParameters/responseElements, the way CloudTrail writes them."""
    moment = moment.astimezone(UTC)
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    month = _MONTHS[moment.month - 1]
    return f"{month} {moment.day}, {moment.year}, {hour}:{moment.minute:02d}:{moment.second:02d} {half}"


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


class Redactor:
    """Renders model-shaped values as CloudTrail elements, leaving secret fields out.

    With ``collect`` (the output side), it remembers what it left out, for the final scan.
    With ``value_limit``, every string it keeps is bounded to that many characters.
    """

    def __init__(self, *, collect: bool, value_limit: int | None = None) -> None:
        self.collect = collect
        self.value_limit = value_limit
        self.secrets: set[str] = set()

    def remember(self, value: object) -> None:
        if not self.collect:
            return
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
        limit = self.value_limit
        for name, item in value.items():
            step = plan.get(name) if plan is not None else None
            if step is None:
                step = _member_step(shape, name)
            key, member_shape = step
            if key is None:
                self.remember(item)
            elif type(item) in _PLAIN and (limit is None or not isinstance(item, str)):
                rendered[key] = item  # what ``value`` gives a plain scalar of a shape that is not sensitive
            else:
                rendered[key if limit is None else bounded(key, limit)] = self.value(member_shape, item)
        return rendered

    def value(self, shape: Any, value: Any) -> Any:
        if shape is not None and shape.metadata.get("sensitive", False):
            self.remember(value)
            return HIDDEN
        if isinstance(value, Mapping):
            type_name = getattr(shape, "type_name", None)
            if type_name == "map":
                return {
                    self._text(str(k)): self.value(getattr(shape, "value", None), v) for k, v in value.items()
                }
            return self.structure(shape, value)
        if isinstance(value, list | tuple):
            return [self.value(getattr(shape, "member", None), item) for item in value]
        if isinstance(value, datetime):
            return element_time_text(value)
        if isinstance(value, bytes):
            return self._text(base64.b64encode(value).decode())
        if isinstance(value, str):
            return self._text(value)
        return value

    def _text(self, text: str) -> str:
        return text if self.value_limit is None else bounded(text, self.value_limit)


def bounded_parameters(parameters: dict[str, Any] | None) -> dict[str, Any] | None:
    """An unauthenticated call's requestParameters, or a note in their place when they are too large."""
    if parameters is None or len(_ENCODER.encode(parameters)) <= MAX_UNAUTHENTICATED_PARAMETERS:
        return parameters
    # guess: CloudTrail's wording for omitted parameters is not documented; this one says what happened.
    return {"omitted": "requestParameters too large for an unauthenticated call"}


def scanned_secrets(secrets: set[str]) -> frozenset[str]:
    return frozenset(s for s in secrets if len(s) >= _MIN_SCANNED_SECRET)


def check_no_secret(text: str, secrets: frozenset[str], operation: str) -> None:
    """Raise ``SecretInRecord`` if any of ``secrets`` occurs in ``text`` (the record's JSON text).

    The encoder escapes character by character, so a string value holding a secret holds the secret's
    own encoding; searching the text for each encoding finds it wherever it is.
    """
    for secret in secrets:
        if _ENCODER.encode(secret)[1:-1] in text:
            raise SecretInRecord(operation)
