"""The Query protocol's JSON answers, for a client that asks with ``Accept: application/json``.

AWS's Query services answer in JSON when the request accepts ``application/json``, and some verifiers
depend on it: the Kubernetes aws-iam-authenticator server fetches a presigned GetCallerIdentity URL with
``accept: application/json`` and reads ``GetCallerIdentityResponse.GetCallerIdentityResult.Arn`` from
the JSON (its ``pkg/token/token.go``). The document mirrors the XML: ``{"<Op>Response": {"<Op>Result":
{...}, "ResponseMetadata": {"RequestId": ...}}}``; errors are ``{"Error": {"Code", "Message", "Type"},
"RequestId"}`` (the Throttling body that authenticator logs, same file).

guess: how AWS writes lists, maps and timestamps in this form is not documented; lists are arrays, maps
objects, timestamps epoch seconds (as the JSON protocols do), blobs base64. Not on the hot path: a plain
walk of the shape, no compiled plans.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from botocore.model import OperationModel

from hatrack.api.protocol.values import is_true
from hatrack.errors import IamError

__all__ = ["accepts_json", "serialize_query_error_json", "serialize_query_output_json"]


def accepts_json(accept: str | None) -> bool:
    """Whether an ``Accept`` header asks for JSON (``application/json``, any parameters or q-values)."""
    if not accept:
        return False
    return any(part.split(";")[0].strip().lower() == "application/json" for part in accept.split(","))


def _value(shape: Any, value: Any) -> Any:
    type_name = shape.type_name
    if type_name == "structure":
        return _structure(shape, value)
    if type_name == "list":
        return [_value(shape.member, item) for item in value]
    if type_name == "map":
        return {str(key): _value(shape.value, item) for key, item in value.items()}
    if type_name == "boolean":
        return is_true(value)
    if type_name in ("integer", "long"):
        return int(value)
    if type_name in ("float", "double"):
        return float(value)
    if type_name == "timestamp":
        return value if isinstance(value, int | float) else value.timestamp()
    if type_name == "blob":
        return base64.b64encode(value.encode() if isinstance(value, str) else value).decode("ascii")
    return value if type(value) is str else str(value)


def _structure(shape: Any, value: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, member in shape.members.items():
        item = value.get(name)
        if item is not None:
            out[member.serialization.get("name", name)] = _value(member, item)
    return out


def serialize_query_output_json(
    operation: OperationModel, result: Mapping[str, Any], request_id: str
) -> bytes:
    """The JSON form of ``serialize_query_output``'s XML document."""
    shape = operation.output_shape
    response: dict[str, Any] = {}
    if shape is not None:
        wrapper = shape.serialization.get("resultWrapper") or f"{operation.name}Result"
        response[wrapper] = _structure(shape, result)
    response["ResponseMetadata"] = {"RequestId": request_id}
    return json.dumps({f"{operation.name}Response": response}, separators=(",", ":")).encode()


def serialize_query_error_json(error: IamError, request_id: str) -> bytes:
    """The JSON form of ``<ErrorResponse>``."""
    kind = "Sender" if error.sender_fault else "Receiver"
    document = {
        "Error": {"Code": error.code, "Message": error.message, "Type": kind},
        "RequestId": request_id,
    }
    return json.dumps(document, separators=(",", ":")).encode()
