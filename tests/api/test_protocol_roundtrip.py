"""Every operation of the IAM, STS and CloudTrail models round-trips through hatrack and botocore.

Requests: a value generated from the input shape is serialized by botocore's own serializer and
parsed back by hatrack to the same value, which also passes hatrack's validation. Responses: a
value generated from the output shape is serialized by hatrack and parsed back by botocore's own
parser to the same value. The generator is deterministic and honours the model's constraints.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from botocore.model import OperationModel, Shape
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from hatrack.api.protocol import (
    SERVICE_NAMES,
    ServiceModels,
    parse_form,
    parse_json_input,
    parse_query_input,
    serialize_json_output,
    serialize_query_output,
    validate_input,
)
from hatrack.api.protocol.patterns import compile_model_pattern

MODELS = ServiceModels()

# Strings that satisfy the patterns of the three models, tried in order after one made from the
# member's name. The first that fits the pattern and the length limits is used.
PATTERN_CANDIDATES = (
    "/",
    "/division_abc/",
    "123456789012",
    "123456",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123",
    "AKIAIOSFODNN7EXAMPLE",
    "arn:aws:iam::123456789012:role/example",
    "https://example.com/path",
    "o-abcdefghij",
    "o-abcdefghij/r-abcd/ou-abcd-efghijkl/",
    "p-abcdefgh12",
    "s3://example-bucket/prefix",
    "service.amazonaws.com",
    "v1",
    "12:30",
    "abcdef0123",
    "Example_Name-1",
)
# Free text with everything XML and form encoding must survive.
SPECIAL_TEXT = "a<b>&c \"d\" 'e' ]]> é 𝄞 %41+x\ttab\r\nline  "
INSTANT = datetime(2024, 5, 17, 12, 34, 56, tzinfo=UTC)


def sample_string(shape: Shape, hint: str, *, free_text: bool) -> str:
    enum = shape.metadata.get("enum")
    if enum:
        choice: str = enum[len(hint) % len(enum)]
        return choice
    low: int = shape.metadata.get("min", 0)
    high: int = shape.metadata.get("max", 4096)
    source = shape.metadata.get("pattern")
    name_based = "".join(ch for ch in hint if ch.isalnum())[-12:] or "value"
    if free_text and source is None:
        candidates: tuple[str, ...] = (f"{name_based} {SPECIAL_TEXT}", name_based)
    else:
        candidates = (name_based, *PATTERN_CANDIDATES)
    for candidate in candidates:
        padded = candidate + "x" * max(0, low - len(candidate)) if source is None else candidate
        if not low <= len(padded) <= high:
            continue
        if source is None or compile_model_pattern(source).fullmatch(padded):
            return padded
    # A pattern nothing above fits (none in the current models): a plain value of a legal length.
    return ("abc" * (low // 3 + 1))[: max(low, min(high, 3))]


def sample_number(shape: Shape, offset: int) -> int:
    low = shape.metadata.get("min")
    high = shape.metadata.get("max")
    start = low if low is not None else 1
    value = start + offset
    if high is not None:
        value = min(value, high)
    return int(value)


def sample(shape: Shape, hint: str, *, free_text: bool, depth: int = 0) -> Any:
    """A deterministic value of ``shape``; ``free_text`` puts XML-hostile text in unconstrained strings."""
    kind = shape.type_name
    if kind == "structure":
        members = list(shape.members.items())
        if shape.metadata.get("union"):
            members = members[:1]
        value: dict[str, Any] = {}
        for name, member in members:
            if depth > 8 or (member.type_name == "structure" and not member.members):
                continue
            value[name] = sample(member, f"{hint}{name}", free_text=free_text, depth=depth + 1)
        return value
    if kind == "list":
        count = min(2, shape.metadata.get("max", 2))
        return [
            sample(shape.member, f"{hint}{i}", free_text=free_text, depth=depth + 1) for i in range(count)
        ]
    if kind == "map":
        count = min(2, shape.metadata.get("max", 2))
        return {
            sample(shape.key, f"{hint}k{i}", free_text=free_text): sample(
                shape.value, f"{hint}v{i}", free_text=free_text, depth=depth + 1
            )
            for i in range(count)
        }
    if kind == "string":
        return sample_string(shape, hint, free_text=free_text)
    if kind in ("integer", "long"):
        return sample_number(
            shape, len(hint) % 7 + (2**33 if kind == "long" and "max" not in shape.metadata else 0)
        )
    if kind == "boolean":
        return len(hint) % 2 == 0
    if kind in ("float", "double"):
        return 2.5
    if kind == "timestamp":
        return INSTANT
    if kind == "blob":
        return b"hatrack\x00\xff blob"
    raise AssertionError(f"unexpected shape type {kind}")


def all_operations() -> list[Any]:
    params = []
    for service in SERVICE_NAMES:
        model = MODELS.service(service)
        for name in model.operation_names:
            params.append(pytest.param(service, name, id=f"{service}.{name}"))
    return params


def operations_with_output() -> list[Any]:
    params = []
    for service in SERVICE_NAMES:
        model = MODELS.service(service)
        for name in model.operation_names:
            if model.operation_model(name).output_shape is not None:
                params.append(pytest.param(service, name, id=f"{service}.{name}"))
    return params


def operation(service: str, name: str) -> OperationModel:
    found = MODELS.operation(service, name)
    assert found is not None
    return found


def botocore_request_body(op: OperationModel, params: dict[str, Any]) -> tuple[bytes, str]:
    """The request body botocore sends for ``params`` and its protocol."""
    protocol = op.service_model.protocol
    request = create_serializer(protocol).serialize_to_request(params, op)
    body = request["body"]
    if protocol == "query":
        # What botocore's AWSRequestPreparer does with a dict body.
        return urlencode(list(body.items()), doseq=True).encode("utf-8"), protocol
    return body if isinstance(body, bytes) else body.encode("utf-8"), protocol


@pytest.mark.parametrize(("service", "name"), all_operations())
def test_botocore_request_parses_to_the_value_it_was_made_from(service: str, name: str) -> None:
    op = operation(service, name)
    expected = sample(op.input_shape, name, free_text=True) if op.input_shape is not None else {}
    body, protocol = botocore_request_body(op, expected)

    if protocol == "query":
        form = parse_form(body, "")
        assert form.pop("Action") == name
        assert form.pop("Version") == op.metadata["apiVersion"]
        parsed = parse_query_input(op, form)
    else:
        parsed = parse_json_input(op, body)

    assert parsed == expected


@pytest.mark.parametrize(("service", "name"), all_operations())
def test_generated_request_satisfies_the_models_constraints(service: str, name: str) -> None:
    op = operation(service, name)
    value = sample(op.input_shape, name, free_text=False) if op.input_shape is not None else {}
    body, protocol = botocore_request_body(op, value)
    if protocol == "query":
        form = parse_form(body, "")
        del form["Action"], form["Version"]
        parsed = parse_query_input(op, form)
    else:
        parsed = parse_json_input(op, body)

    validate_input(op, parsed)


@pytest.mark.parametrize(("service", "name"), operations_with_output())
def test_hatrack_response_parses_in_botocore_to_the_value_it_was_made_from(service: str, name: str) -> None:
    op = operation(service, name)
    expected = sample(op.output_shape, name, free_text=True)
    protocol = op.service_model.protocol

    if protocol == "query":
        body = serialize_query_output(op, expected, "c0ffee00-1111-2222-3333-444455556666")
    else:
        body = serialize_json_output(op, expected)
    parsed = create_parser(protocol).parse({"body": body, "headers": {}, "status_code": 200}, op.output_shape)

    metadata = parsed.pop("ResponseMetadata", {})
    assert parsed == expected
    if protocol == "query":
        assert metadata["RequestId"] == "c0ffee00-1111-2222-3333-444455556666"


@pytest.mark.parametrize(("service", "name"), all_operations())
def test_response_without_optional_members_still_parses(service: str, name: str) -> None:
    op = operation(service, name)
    protocol = op.service_model.protocol
    body = serialize_query_output(op, {}, "r-1") if protocol == "query" else serialize_json_output(op, {})

    parsed = create_parser(protocol).parse({"body": body, "headers": {}, "status_code": 200}, op.output_shape)

    parsed.pop("ResponseMetadata", None)
    assert parsed == {}
