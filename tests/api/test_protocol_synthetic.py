"""Model features the IAM/STS/CloudTrail models barely use still round-trip through botocore.

A small made-up Query service and JSON service carry blobs, timestamps in both formats, doubles,
longs, flattened lists, renamed members (``locationName``), maps with renamed keys and a shape
that contains itself.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from botocore.model import OperationModel, ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from hatrack.api.protocol import (
    parse_form,
    parse_json_input,
    parse_query_input,
    serialize_json_output,
    serialize_query_output,
)
from hatrack.errors import SerializationException, ValidationError

SHAPES: dict[str, Any] = {
    "Everything": {
        "type": "structure",
        "members": {
            "Data": {"shape": "Bytes"},
            "When": {"shape": "Instant"},
            "WhenEpoch": {"shape": "EpochInstant"},
            "Ratio": {"shape": "Ratio"},
            "Big": {"shape": "Big"},
            "Flat": {"shape": "FlatList"},
            "Renamed": {"shape": "Text", "locationName": "OtherName"},
            "Labels": {"shape": "Labels"},
            "Tree": {"shape": "Node"},
            "Enabled": {"shape": "Flag"},
        },
    },
    "Node": {
        "type": "structure",
        "members": {"Name": {"shape": "Text"}, "Children": {"shape": "NodeList"}},
    },
    "NodeList": {"type": "list", "member": {"shape": "Node"}},
    "FlatList": {"type": "list", "member": {"shape": "Text"}, "flattened": True},
    "Labels": {
        "type": "map",
        "key": {"shape": "Text", "locationName": "Name"},
        "value": {"shape": "Text", "locationName": "Text"},
    },
    "Bytes": {"type": "blob"},
    "Instant": {"type": "timestamp"},
    "EpochInstant": {"type": "timestamp", "timestampFormat": "unixTimestamp"},
    "Ratio": {"type": "double"},
    "Big": {"type": "long"},
    "Text": {"type": "string"},
    "Flag": {"type": "boolean"},
}


def make_operation(protocol: str) -> OperationModel:
    metadata: dict[str, Any] = {
        "apiVersion": "2020-01-01",
        "protocol": protocol,
        "serviceId": "Synthetic",
        "endpointPrefix": "synthetic",
        "signatureVersion": "v4",
    }
    if protocol == "query":
        metadata["xmlNamespace"] = "https://synthetic.example/doc/2020-01-01/"
    else:
        metadata["jsonVersion"] = "1.1"
        metadata["targetPrefix"] = "Synthetic_20200101"
    output: dict[str, Any] = {"shape": "Everything"}
    if protocol == "query":
        output["resultWrapper"] = "EchoResult"
    shapes = copy.deepcopy(SHAPES)
    if protocol == "json":
        # Flattening and XML names are Query-only notions.
        del shapes["FlatList"]["flattened"]
    model = ServiceModel(
        {
            "metadata": metadata,
            "operations": {
                "Echo": {
                    "name": "Echo",
                    "http": {"method": "POST", "requestUri": "/"},
                    "input": {"shape": "Everything"},
                    "output": output,
                }
            },
            "shapes": shapes,
        },
        service_name="synthetic",
    )
    return model.operation_model("Echo")


VALUE: dict[str, Any] = {
    "Data": b"\x00\x01binary\xff",
    "When": datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC),
    "WhenEpoch": datetime(2001, 9, 9, 1, 46, 40, tzinfo=UTC),
    "Ratio": 0.125,
    "Big": 2**40 + 3,
    "Flat": ["one", "two & three"],
    "Renamed": "<renamed>",
    "Labels": {"a": "x", "b<": "y&"},
    "Tree": {"Name": "root", "Children": [{"Name": "leaf", "Children": [{"Name": "deeper"}]}]},
    "Enabled": False,
}


@pytest.mark.parametrize("protocol", ["query", "json"])
def test_every_feature_round_trips_from_botocore_request(protocol: str) -> None:
    op = make_operation(protocol)
    request = create_serializer(protocol).serialize_to_request(VALUE, op)

    if protocol == "query":
        form = parse_form(urlencode(list(request["body"].items()), doseq=True).encode(), "")
        del form["Action"], form["Version"]
        parsed = parse_query_input(op, form)
    else:
        parsed = parse_json_input(op, request["body"])

    assert parsed == VALUE


@pytest.mark.parametrize("protocol", ["query", "json"])
def test_every_feature_round_trips_into_botocore_response(protocol: str) -> None:
    op = make_operation(protocol)
    body = (
        serialize_query_output(op, VALUE, "rid") if protocol == "query" else serialize_json_output(op, VALUE)
    )

    parsed = create_parser(protocol).parse({"body": body, "headers": {}, "status_code": 200}, op.output_shape)

    parsed.pop("ResponseMetadata", None)
    assert parsed == VALUE


def test_query_output_uses_location_names_and_flattening() -> None:
    body = serialize_query_output(make_operation("query"), VALUE, "rid").decode()

    assert "<OtherName>&lt;renamed&gt;</OtherName>" in body
    assert "<Flat>one</Flat><Flat>two &amp; three</Flat>" in body
    assert "<Labels><entry><Name>a</Name><Text>x</Text></entry>" in body
    assert "<When>2024-02-29T23:59:59Z</When>" in body
    assert body.startswith('<EchoResponse xmlns="https://synthetic.example/doc/2020-01-01/"><EchoResult>')


def test_json_output_writes_timestamps_as_epoch_seconds() -> None:
    body = serialize_json_output(make_operation("json"), {"When": datetime(1970, 1, 2, tzinfo=UTC)})

    assert body == b'{"When":86400}'


def test_query_malformed_blob_and_timestamp_are_validation_errors() -> None:
    op = make_operation("query")

    with pytest.raises(ValidationError) as blob:
        parse_query_input(op, {"Data": "not base64!"})
    with pytest.raises(ValidationError) as instant:
        parse_query_input(op, {"When": "yesterday"})
    with pytest.raises(ValidationError) as number:
        parse_query_input(op, {"Ratio": "1/2"})

    assert (
        blob.value.message == "invalid value 'not base64!' for parameter Data: expected base64-encoded data"
    )
    assert (
        instant.value.message
        == "invalid value 'yesterday' for parameter When: expected an ISO 8601 timestamp"
    )
    assert number.value.message == "invalid value '1/2' for parameter Ratio: expected a number"


def test_query_timestamp_with_offset_and_fraction_is_an_aware_utc_instant() -> None:
    parsed = parse_query_input(make_operation("query"), {"When": "2024-05-17T14:34:56.250+02:00"})

    assert parsed["When"] == datetime(2024, 5, 17, 12, 34, 56, 250000, tzinfo=UTC)
    assert parsed["When"].tzinfo is UTC


def test_query_map_entry_without_value_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_query_input(make_operation("query"), {"Labels.entry.1.Name": "a"})

    assert caught.value.message == (
        "map entry Labels.entry.1 needs both Labels.entry.1.Name and Labels.entry.1.Text"
    )


def test_query_map_with_the_same_key_twice_is_a_validation_error() -> None:
    params = {
        "Labels.entry.1.Name": "a",
        "Labels.entry.1.Text": "x",
        "Labels.entry.2.Name": "a",
        "Labels.entry.2.Text": "y",
    }

    with pytest.raises(ValidationError):
        parse_query_input(make_operation("query"), params)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{", "the request body is not valid JSON"),
        (b"[]", "expected an object at '$', found an array"),
        (b'"text"', "expected an object at '$', found a string"),
        (b'{"Big": "12"}', "expected an integer at 'Big', found a string"),
        (b'{"Big": 1.5}', "expected an integer at 'Big', found a number"),
        (b'{"Enabled": "true"}', "expected a boolean at 'Enabled', found a string"),
        (b'{"Ratio": NaN}', "NaN is not a valid JSON number"),
        (b'{"Flat": "one"}', "expected an array at 'Flat', found a string"),
        (
            b'{"Tree": {"Children": [{"Name": 5}]}}',
            "expected a string at 'Tree.Children[0].Name', found a number",
        ),
        (b'{"Big": 99999999999999999999}', "number at 'Big' is out of range for long"),
        (b"\xff{}", "the request body is not valid JSON"),
        (b"[" * 100_000, "the request body is not valid JSON"),
    ],
)
def test_json_input_of_the_wrong_shape_is_a_serialization_exception(body: bytes, message: str) -> None:
    with pytest.raises(SerializationException) as caught:
        parse_json_input(make_operation("json"), body)

    assert caught.value.message == message


def test_json_input_ignores_unknown_members_and_nulls() -> None:
    parsed = parse_json_input(make_operation("json"), b'{"Unknown": 1, "Renamed": null, "Big": 7}')

    assert parsed == {"Big": 7}


def test_json_empty_body_is_an_empty_input() -> None:
    assert parse_json_input(make_operation("json"), b"") == {}
