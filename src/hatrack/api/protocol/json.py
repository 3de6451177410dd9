"""The AWS JSON 1.1 protocol (CloudTrail): a JSON body in, a JSON body out, both driven by the model.

Input members not in the shape are ignored and ``null`` means absent, as AWS's JSON services do.
A body that is not a JSON object, or a value of the wrong JSON type, is a ``SerializationException``.
Timestamps travel as epoch seconds (numbers); ISO 8601 strings are accepted on input too.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from botocore.model import OperationModel

from hatrack.api.protocol.plans import OperationCache, ShapeCache
from hatrack.api.protocol.values import is_true, parse_iso8601, timestamp_from_epoch, to_epoch_seconds
from hatrack.errors import IamError, SerializationException

__all__ = ["parse_json_input", "serialize_json_error", "serialize_json_output"]

_ParsePlan = Callable[[Any, str], Any]  # (JSON value, member path for messages) -> python value
_DumpPlan = Callable[[Any], Any]  # python value -> JSON-ready value
_INT_RANGES = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number"}


def _mismatch(path: str, value: Any, expected: str) -> SerializationException:
    found = "null" if value is None else _JSON_TYPES.get(type(value), "a number")
    return SerializationException(f"expected {expected} at '{path or '$'}', found {found}")


# --- input ------------------------------------------------------------------------------------


def _build_parse_plan(shape: Any, shapes: ShapeCache[_ParsePlan]) -> _ParsePlan:
    type_name = shape.type_name
    if type_name == "structure":
        members: dict[str, tuple[str, _ParsePlan]] = {}
        for name, member in shape.members.items():
            members[member.serialization.get("name", name)] = (name, shapes.plan(member))

        def parse_structure(value: Any, path: str) -> dict[str, Any]:
            if type(value) is not dict:
                raise _mismatch(path, value, "an object")
            result: dict[str, Any] = {}
            for key, item in value.items():
                found = members.get(key)
                if found is not None and item is not None:
                    result[found[0]] = found[1](item, f"{path}.{key}" if path else key)
            return result

        return parse_structure

    if type_name == "list":
        parse_item = shapes.plan(shape.member)

        def parse_list(value: Any, path: str) -> list[Any]:
            if type(value) is not list:
                raise _mismatch(path, value, "an array")
            return [parse_item(item, f"{path}[{index}]") for index, item in enumerate(value)]

        return parse_list

    if type_name == "map":
        parse_key = shapes.plan(shape.key)
        parse_value = shapes.plan(shape.value)

        def parse_map(value: Any, path: str) -> dict[Any, Any]:
            if type(value) is not dict:
                raise _mismatch(path, value, "an object")
            return {
                parse_key(key, f"{path}.{key}"): parse_value(item, f"{path}.{key}")
                for key, item in value.items()
                if item is not None
            }

        return parse_map

    return _scalar_parser(shape)


def _check_text(value: str, path: str) -> None:
    """Refuse a NUL or a lone surrogate (``"\\ud800"`` is valid JSON): neither can be stored or recorded.

    PostgreSQL refuses NUL in text and nothing encodes a lone surrogate as UTF-8, so either would fail
    the call's lookup or its audit record with a 500 (found by tests/api/test_fuzz.py) [choice].
    """
    if "\x00" in value:
        raise SerializationException(f"string at '{path}' contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SerializationException(f"string at '{path}' contains an unpaired surrogate") from None


def _scalar_parser(shape: Any) -> _ParsePlan:
    type_name = shape.type_name

    if type_name in ("string", "character"):

        def parse_string(value: Any, path: str) -> str:
            if type(value) is not str:
                raise _mismatch(path, value, "a string")
            if not value.isascii() or "\x00" in value:
                _check_text(value, path)
            return value

        return parse_string

    if type_name in _INT_RANGES:
        low, high = _INT_RANGES[type_name]

        def parse_integer(value: Any, path: str) -> int:
            if type(value) is not int:
                raise _mismatch(path, value, "an integer")
            if not low <= value <= high:
                raise SerializationException(f"number at '{path}' is out of range for {type_name}")
            return value

        return parse_integer

    if type_name == "boolean":

        def parse_boolean(value: Any, path: str) -> bool:
            if type(value) is not bool:
                raise _mismatch(path, value, "a boolean")
            return value

        return parse_boolean

    if type_name in ("float", "double"):

        def parse_float(value: Any, path: str) -> float:
            if type(value) is not int and type(value) is not float:
                raise _mismatch(path, value, "a number")
            return float(value)

        return parse_float

    if type_name == "timestamp":

        def parse_timestamp(value: Any, path: str) -> datetime:
            try:
                if type(value) is int or type(value) is float:
                    return timestamp_from_epoch(value)
                if type(value) is str:
                    return parse_iso8601(value)
            except ValueError:
                raise SerializationException(f"invalid timestamp at '{path}'") from None
            raise _mismatch(path, value, "a timestamp")

        return parse_timestamp

    if type_name == "blob":

        def parse_blob(value: Any, path: str) -> bytes:
            if type(value) is not str:
                raise _mismatch(path, value, "a base64 string")
            try:
                return base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise SerializationException(f"invalid base64 data at '{path}'") from None

        return parse_blob

    raise ValueError(f"shape {shape.name} has a type the JSON protocol cannot carry: {type_name}")


def _reject_constant(name: str) -> Any:
    raise SerializationException(f"{name} is not a valid JSON number")


def _build_input_plan(operation: Any, shapes: ShapeCache[_ParsePlan]) -> Callable[[bytes], dict[str, Any]]:
    shape = operation.input_shape
    parse_top = shapes.plan(shape) if shape is not None else None

    def parse_input(body: bytes) -> dict[str, Any]:
        if not body.strip():
            document: Any = {}
        else:
            try:
                document = json.loads(body, parse_constant=_reject_constant)
            except (
                ValueError,
                RecursionError,
            ) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                raise SerializationException("the request body is not valid JSON") from exc
        if type(document) is not dict:
            raise _mismatch("", document, "an object")
        if parse_top is None:
            return {}
        result: dict[str, Any] = parse_top(document, "")
        return result

    return parse_input


_INPUT_PLANS: OperationCache[Callable[[bytes], dict[str, Any]]] = OperationCache(
    _build_parse_plan, _build_input_plan
)


def parse_json_input(operation: OperationModel, body: bytes) -> dict[str, Any]:
    """The python value of a JSON 1.1 request body for ``operation`` (keys: the model's member names)."""
    return _INPUT_PLANS.get(operation)(body)


# --- output -----------------------------------------------------------------------------------


def _build_dump_plan(shape: Any, shapes: ShapeCache[_DumpPlan]) -> _DumpPlan:
    type_name = shape.type_name
    if type_name == "structure":
        # No plan for text members: they are written inline (the hot case).
        members = tuple(
            (
                name,
                member.serialization.get("name", name),
                None if member.type_name in ("string", "character") else shapes.plan(member),
            )
            for name, member in shape.members.items()
        )

        def dump_structure(value: Any) -> dict[str, Any]:
            get = value.get
            result: dict[str, Any] = {}
            for name, key, dump in members:
                item = get(name)
                if item is None:
                    continue
                if dump is None:
                    result[key] = item if type(item) is str else str(item)
                else:
                    result[key] = dump(item)
            return result

        return dump_structure

    if type_name == "list":
        dump_item = shapes.plan(shape.member)
        return lambda value: [dump_item(item) for item in value]

    if type_name == "map":
        dump_key = shapes.plan(shape.key)
        dump_value = shapes.plan(shape.value)
        return lambda value: {dump_key(key): dump_value(item) for key, item in value.items()}

    if type_name in ("string", "character"):
        return lambda value: value if type(value) is str else str(value)
    if type_name == "boolean":
        return is_true
    if type_name in _INT_RANGES:
        return int
    if type_name in ("float", "double"):

        def dump_float(value: Any) -> Any:
            number = float(value)
            # JSON has no NaN or infinity; AWS's JSON services send them as strings.
            if math.isnan(number):
                return "NaN"
            if math.isinf(number):
                return "Infinity" if number > 0 else "-Infinity"
            return number

        return dump_float
    if type_name == "timestamp":
        return to_epoch_seconds
    if type_name == "blob":
        return lambda value: base64.b64encode(value.encode() if isinstance(value, str) else value).decode(
            "ascii"
        )
    raise ValueError(f"shape {shape.name} has a type the JSON protocol cannot carry: {type_name}")


def _build_output_plan(operation: Any, shapes: ShapeCache[_DumpPlan]) -> Callable[[Mapping[str, Any]], bytes]:
    shape = operation.output_shape
    dump = shapes.plan(shape) if shape is not None else None

    def serialize(result: Mapping[str, Any]) -> bytes:
        document = dump(result) if dump is not None else {}
        return json.dumps(document, separators=(",", ":")).encode("ascii")

    return serialize


_OUTPUT_PLANS: OperationCache[Callable[[Mapping[str, Any]], bytes]] = OperationCache(
    _build_dump_plan, _build_output_plan
)


def serialize_json_output(operation: OperationModel, result: Mapping[str, Any]) -> bytes:
    """The JSON 1.1 response body for ``result``; timestamps become epoch seconds, blobs base64."""
    return _OUTPUT_PLANS.get(operation)(result)


def serialize_json_error(error: IamError) -> bytes:
    """The JSON 1.1 error body: ``{"__type": code, "message": message}``."""
    return json.dumps({"__type": error.code, "message": error.message}, separators=(",", ":")).encode("ascii")
