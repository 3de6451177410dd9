"""The AWS Query protocol (IAM, STS): flattened form parameters in, XML out, both driven by the model.

Input: ``Tags.member.1.Key=k`` style parameters become python values following the operation's
input shape (lists ``X.member.N``, maps ``X.entry.N.key``/``.value``, nested structures ``A.B``,
ISO 8601 timestamps, ``true``/``false`` booleans, strict integers, base64 blobs). A parameter that
names no member of the input shape (at the top or inside a structure) is ``UnknownParameter``, "The
parameter X is not recognized": EC2's answer (appoxy/aws#32, aws/aws-cli#21); IAM's and STS's are not
published [guess]. Ignoring it would let a request carry text that is signed and recorded but never
checked. The presigned-URL parameters (``SIGV4_QUERY_PARAMETERS``) are the only exceptions; Action and
Version are taken off by the caller, and botocore never sends anything else. Malformed parameters of
known members (index 0, gaps, a non-numeric index, a bad scalar) are a ``ValidationError``
(as AWS answers them).

Output: ``<{Op}Response xmlns=…><{Op}Result>…</{Op}Result><ResponseMetadata>…`` built by string
concatenation from per-shape plans compiled once; lists as ``<member>``, maps as
``<entry><key/><value/></entry>``, timestamps ISO 8601 with ``Z``, booleans lower case.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from botocore.model import OperationModel, ServiceModel

from hatrack.api.protocol.plans import OperationCache, ShapeCache
from hatrack.api.protocol.values import (
    XML_SPECIAL,
    describe_value,
    escape_xml,
    escape_xml_attribute,
    format_iso8601,
    is_true,
    parse_iso8601,
    timestamp_from_epoch,
)
from hatrack.errors import IamError, UnknownParameter, ValidationError

__all__ = ["SIGV4_QUERY_PARAMETERS", "parse_query_input", "serialize_query_error", "serialize_query_output"]

# What a presigned request adds to the query string: read by sigv4/, not by operations.
SIGV4_QUERY_PARAMETERS = frozenset(
    {
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-Expires",
        "X-Amz-SignedHeaders",
        "X-Amz-Security-Token",
        "X-Amz-Signature",
    }
)

_Tree = dict[str, Any]  # a parameter tree: each value is a str (leaf) or another _Tree
_ParsePlan = Callable[[Any, str], Any]  # (node, parameter name for messages) -> python value
_EmitPlan = Callable[[Any, str, str, list[str]], None]  # (value, open tag, close tag, output)

_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_FLOAT = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", re.ASCII)
_INDEX = re.compile(r"[1-9][0-9]{0,8}", re.ASCII)
_INT_RANGES = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
_needs_escape = XML_SPECIAL.search


# --- input ------------------------------------------------------------------------------------


def _bad_value(param: str, node: Any, shape: Any, expected: str) -> ValidationError:
    shown = "" if shape.metadata.get("sensitive") else f"'{describe_value(node)}' "
    return ValidationError(f"invalid value {shown}for parameter {param}: expected {expected}")


def _unknown(param: str) -> UnknownParameter:
    return UnknownParameter(f"The parameter {param} is not recognized")


def _not_a_leaf(param: str) -> ValidationError:
    return ValidationError(f"parameter {param} has unexpected sub-parameters")


def _ordered_items(node: Any, param: str, shape: Any) -> list[tuple[str, Any]]:
    """The children of a list or map node in index order; indices must be 1, 2, …, n."""
    if not isinstance(node, dict):
        raise _bad_value(param, node, shape, "indexed sub-parameters")
    count = len(node)
    items: list[tuple[str, Any]] = []
    for position in range(1, count + 1):
        key = str(position)
        child = node.get(key)
        if child is None:
            bad = next(k for k in node if not (_INDEX.fullmatch(k) and int(k) <= count))
            raise ValidationError(
                f"invalid index '{bad}' in parameter {param}.{bad}: indices must run 1, 2, 3… without gaps"
            )
        items.append((key, child))
    return items


def _build_parse_plan(shape: Any, shapes: ShapeCache[_ParsePlan]) -> _ParsePlan:
    type_name = shape.type_name
    if type_name == "structure":
        return _structure_parser(shape, shapes)
    if type_name == "list":
        return _list_parser(shape, shapes)
    if type_name == "map":
        return _map_parser(shape, shapes)
    return _scalar_parser(shape)


def _structure_parser(shape: Any, shapes: ShapeCache[_ParsePlan]) -> _ParsePlan:
    members: dict[str, tuple[str, _ParsePlan]] = {}
    for name, member in shape.members.items():
        members[member.serialization.get("name", name)] = (name, shapes.plan(member))

    def parse_structure(node: Any, param: str) -> dict[str, Any]:
        if not isinstance(node, dict):
            raise _bad_value(param, node, shape, "sub-parameters")
        result: dict[str, Any] = {}
        for key, child in node.items():
            found = members.get(key)
            where = f"{param}.{key}" if param else key
            if found is None:
                raise _unknown(where)
            result[found[0]] = found[1](child, where)
        return result

    return parse_structure


def _list_parser(shape: Any, shapes: ShapeCache[_ParsePlan]) -> _ParsePlan:
    parse_item = shapes.plan(shape.member)
    flattened = bool(shape.serialization.get("flattened"))
    item_name = shape.member.serialization.get("name", "member")

    def parse_list(node: Any, param: str) -> list[Any]:
        if node == "":
            return []  # botocore sends an empty list as "Name="
        if not flattened:
            if not isinstance(node, dict) or len(node) != 1 or item_name not in node:
                raise _bad_value(
                    param, node if isinstance(node, str) else "", shape, f"{param}.{item_name}.N"
                )
            param = f"{param}.{item_name}"
            node = node[item_name]
        return [parse_item(child, f"{param}.{key}") for key, child in _ordered_items(node, param, shape)]

    return parse_list


def _map_parser(shape: Any, shapes: ShapeCache[_ParsePlan]) -> _ParsePlan:
    parse_key = shapes.plan(shape.key)
    parse_value = shapes.plan(shape.value)
    flattened = bool(shape.serialization.get("flattened"))
    key_name = shape.key.serialization.get("name", "key")
    value_name = shape.value.serialization.get("name", "value")

    def parse_map(node: Any, param: str) -> dict[Any, Any]:
        if node == "":
            return {}
        if not flattened:
            if not isinstance(node, dict) or len(node) != 1 or "entry" not in node:
                raise _bad_value(param, node if isinstance(node, str) else "", shape, f"{param}.entry.N")
            param = f"{param}.entry"
            node = node["entry"]
        result: dict[Any, Any] = {}
        for index, entry in _ordered_items(node, param, shape):
            where = f"{param}.{index}"
            if not isinstance(entry, dict) or key_name not in entry or value_name not in entry:
                raise ValidationError(
                    f"map entry {where} needs both {where}.{key_name} and {where}.{value_name}"
                )
            key = parse_key(entry[key_name], f"{where}.{key_name}")
            if key in result:
                raise ValidationError(f"map key '{describe_value(key)}' is given more than once in {param}")
            result[key] = parse_value(entry[value_name], f"{where}.{value_name}")
        return result

    return parse_map


def _scalar_parser(shape: Any) -> _ParsePlan:
    type_name = shape.type_name

    if type_name in ("string", "character"):

        def parse_string(node: Any, param: str) -> str:
            if not isinstance(node, str):
                raise _not_a_leaf(param)
            return node

        return parse_string

    if type_name in _INT_RANGES:
        low, high = _INT_RANGES[type_name]

        def parse_integer(node: Any, param: str) -> int:
            if not isinstance(node, str):
                raise _not_a_leaf(param)
            if len(node) > 24 or not _INTEGER.fullmatch(node):
                raise _bad_value(param, node, shape, "an integer")
            number = int(node)
            if not low <= number <= high:
                raise _bad_value(param, node, shape, f"an integer from {low} to {high}")
            return number

        return parse_integer

    if type_name == "boolean":

        def parse_boolean(node: Any, param: str) -> bool:
            if node == "true":
                return True
            if node == "false":
                return False
            if not isinstance(node, str):
                raise _not_a_leaf(param)
            raise _bad_value(param, node, shape, "true or false")

        return parse_boolean

    if type_name in ("float", "double"):

        def parse_float(node: Any, param: str) -> float:
            if not isinstance(node, str):
                raise _not_a_leaf(param)
            if len(node) > 64 or not _FLOAT.fullmatch(node):
                raise _bad_value(param, node, shape, "a number")
            number = float(node)
            if math.isinf(number):
                raise _bad_value(param, node, shape, "a finite number")
            return number

        return parse_float

    if type_name == "timestamp":
        epoch = shape.serialization.get("timestampFormat") == "unixTimestamp"

        def parse_timestamp(node: Any, param: str) -> datetime:
            if not isinstance(node, str):
                raise _not_a_leaf(param)
            try:
                if epoch and _FLOAT.fullmatch(node):
                    return timestamp_from_epoch(float(node))
                return parse_iso8601(node)
            except ValueError:
                raise _bad_value(param, node, shape, "an ISO 8601 timestamp") from None

        return parse_timestamp

    if type_name == "blob":

        def parse_blob(node: Any, param: str) -> bytes:
            if not isinstance(node, str):
                raise _not_a_leaf(param)
            try:
                return base64.b64decode(node, validate=True)
            except (binascii.Error, ValueError):
                raise _bad_value(param, node, shape, "base64-encoded data") from None

        return parse_blob

    raise ValueError(f"shape {shape.name} has a type the Query protocol cannot carry: {type_name}")


def _build_input_plan(
    operation: Any, shapes: ShapeCache[_ParsePlan]
) -> Callable[[Mapping[str, str]], dict[str, Any]]:
    shape = operation.input_shape
    if shape is None:

        def parse_nothing(params: Mapping[str, str]) -> dict[str, Any]:
            for key in params:
                if key not in SIGV4_QUERY_PARAMETERS:
                    raise _unknown(key)
            return {}

        return parse_nothing
    top_level = frozenset(member.serialization.get("name", name) for name, member in shape.members.items())
    parse_top = shapes.plan(shape)

    def parse_input(params: Mapping[str, str]) -> dict[str, Any]:
        tree: _Tree = {}
        for key, value in params.items():
            if "." not in key:
                if key in top_level:
                    if key in tree:  # only when "Key.Sub" came first
                        raise _not_a_leaf(key)
                    tree[key] = value
                elif key not in SIGV4_QUERY_PARAMETERS:
                    raise _unknown(key)
                continue
            parts = key.split(".")
            if parts[0] not in top_level:
                raise _unknown(key)
            node = tree
            for depth, part in enumerate(parts[:-1]):
                child = node.get(part)
                if child is None:
                    child = node[part] = {}
                elif not isinstance(child, dict):
                    raise _not_a_leaf(".".join(parts[: depth + 1]))
                node = child
            last = parts[-1]
            if last in node:
                raise _not_a_leaf(key)
            node[last] = value
        result: dict[str, Any] = parse_top(tree, "")
        return result

    return parse_input


_INPUT_PLANS: OperationCache[Callable[[Mapping[str, str]], dict[str, Any]]] = OperationCache(
    _build_parse_plan, _build_input_plan
)


def parse_query_input(operation: OperationModel, params: Mapping[str, str]) -> dict[str, Any]:
    """The python value of the Query parameters ``params`` (Action and Version removed) for ``operation``.

    Keys are the model's member names; lists are lists, maps dicts, timestamps aware UTC datetimes,
    blobs bytes. Raises ``ValidationError`` for malformed parameters of known members.
    """
    return _INPUT_PLANS.get(operation)(params)


# --- output -----------------------------------------------------------------------------------


def _build_emit_plan(shape: Any, shapes: ShapeCache[_EmitPlan]) -> _EmitPlan:
    type_name = shape.type_name
    if type_name == "structure":
        members = _member_emitters(shape, shapes)

        def emit_structure(value: Any, open_tag: str, close_tag: str, out: list[str]) -> None:
            out.append(open_tag)
            _emit_members(members, value, out)
            out.append(close_tag)

        return emit_structure

    if type_name == "list":
        emit_item = shapes.plan(shape.member)
        item_name = shape.member.serialization.get("name", "member")
        item_open, item_close = f"<{item_name}>", f"</{item_name}>"
        if shape.serialization.get("flattened"):

            def emit_flat_list(value: Any, open_tag: str, close_tag: str, out: list[str]) -> None:
                for item in value:
                    emit_item(item, open_tag, close_tag, out)

            return emit_flat_list

        def emit_list(value: Any, open_tag: str, close_tag: str, out: list[str]) -> None:
            out.append(open_tag)
            for item in value:
                emit_item(item, item_open, item_close, out)
            out.append(close_tag)

        return emit_list

    if type_name == "map":
        emit_key = shapes.plan(shape.key)
        emit_value = shapes.plan(shape.value)
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        key_tags = (f"<{key_name}>", f"</{key_name}>")
        value_tags = (f"<{value_name}>", f"</{value_name}>")
        flattened = bool(shape.serialization.get("flattened"))

        def emit_map(value: Any, open_tag: str, close_tag: str, out: list[str]) -> None:
            if not flattened:
                out.append(open_tag)
            for key, item in value.items():
                out.append("<entry>" if not flattened else open_tag)
                emit_key(key, key_tags[0], key_tags[1], out)
                emit_value(item, value_tags[0], value_tags[1], out)
                out.append("</entry>" if not flattened else close_tag)
            if not flattened:
                out.append(close_tag)

        return emit_map

    if type_name in ("string", "character"):
        # The commonest case, kept to one call: most text needs no escaping.
        def emit_string(value: Any, open_tag: str, close_tag: str, out: list[str]) -> None:
            if type(value) is not str:
                value = str(value)
            if _needs_escape(value) is not None:
                value = escape_xml(value)
            out.append(open_tag + value + close_tag)

        return emit_string

    text = _text_converter(shape)

    def emit_scalar(value: Any, open_tag: str, close_tag: str, out: list[str]) -> None:
        out.append(open_tag + text(value) + close_tag)

    return emit_scalar


def _text_converter(shape: Any) -> Callable[[Any], str]:
    """How a scalar of ``shape`` is written as XML text."""
    type_name = shape.type_name
    if type_name in ("string", "character"):
        return lambda value: escape_xml(value if type(value) is str else str(value))
    if type_name == "boolean":
        return lambda value: "true" if is_true(value) else "false"
    if type_name in _INT_RANGES:
        return lambda value: str(int(value))
    if type_name in ("float", "double"):
        return lambda value: repr(float(value))
    if type_name == "timestamp":
        if shape.serialization.get("timestampFormat") == "unixTimestamp":
            return lambda value: str(value if isinstance(value, int | float) else value.timestamp())
        return format_iso8601
    if type_name == "blob":
        return lambda value: base64.b64encode(value.encode() if isinstance(value, str) else value).decode(
            "ascii"
        )
    raise ValueError(f"shape {shape.name} has a type the Query protocol cannot carry: {type_name}")


# (member name, open tag, close tag, plan); no plan for text members, written inline (the hot case).
_Members = tuple[tuple[str, str, str, _EmitPlan | None], ...]
_TEXT_TYPES = ("string", "character")


def _member_emitters(shape: Any, shapes: ShapeCache[_EmitPlan]) -> _Members:
    members = []
    for name, member in shape.members.items():
        tag = member.serialization.get("name", name)
        plan = None if member.type_name in _TEXT_TYPES else shapes.plan(member)
        members.append((name, f"<{tag}>", f"</{tag}>", plan))
    return tuple(members)


def _emit_members(members: _Members, value: Any, out: list[str]) -> None:
    get = value.get
    for name, open_tag, close_tag, emit in members:
        item = get(name)
        if item is None:
            continue
        if emit is None:
            if type(item) is not str:
                item = str(item)
            if _needs_escape(item) is not None:
                item = escape_xml(item)
            out.append(open_tag + item + close_tag)
        else:
            emit(item, open_tag, close_tag, out)


_OutputPlan = Callable[[Mapping[str, Any], str], bytes]


def _build_output_plan(operation: Any, shapes: ShapeCache[_EmitPlan]) -> _OutputPlan:
    namespace = operation.service_model.metadata.get("xmlNamespace")
    xmlns = f' xmlns="{escape_xml_attribute(namespace)}"' if namespace else ""
    head = f"<{operation.name}Response{xmlns}>"
    tail = f"</{operation.name}Response>"
    shape = operation.output_shape
    members: _Members = _member_emitters(shape, shapes) if shape is not None else ()
    wrapper = shape.serialization.get("resultWrapper") if shape is not None else None
    if wrapper:
        head += f"<{wrapper}>"
        result_close = f"</{wrapper}>"
    else:
        result_close = ""
    metadata_open = result_close + "<ResponseMetadata><RequestId>"
    metadata_close = "</RequestId></ResponseMetadata>" + tail

    def serialize(result: Mapping[str, Any], request_id: str) -> bytes:
        out = [head]
        if members:
            _emit_members(members, result, out)
        out.append(metadata_open)
        out.append(escape_xml(request_id))
        out.append(metadata_close)
        return "".join(out).encode("utf-8")

    return serialize


_OUTPUT_PLANS: OperationCache[_OutputPlan] = OperationCache(_build_emit_plan, _build_output_plan)


def serialize_query_output(operation: OperationModel, result: Mapping[str, Any], request_id: str) -> bytes:
    """The XML response body for ``result`` (keys: the output shape's member names; None means absent)."""
    return _OUTPUT_PLANS.get(operation)(result, request_id)


def serialize_query_error(service: ServiceModel, error: IamError, request_id: str) -> bytes:
    """The ``<ErrorResponse>`` body for ``error``; the namespace is the service model's ``xmlNamespace``."""
    namespace = service.metadata.get("xmlNamespace")
    xmlns = f' xmlns="{escape_xml_attribute(namespace)}"' if namespace else ""
    kind = "Sender" if error.sender_fault else "Receiver"
    return (
        f"<ErrorResponse{xmlns}><Error><Type>{kind}</Type><Code>{escape_xml(error.code)}</Code>"
        f"<Message>{escape_xml(error.message)}</Message></Error>"
        f"<RequestId>{escape_xml(request_id)}</RequestId></ErrorResponse>"
    ).encode()
