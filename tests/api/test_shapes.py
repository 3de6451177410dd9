"""The generated request/response classes: true to botocore's models, and faithful on the wire."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from hatrack.api.protocol.models import ServiceModels
from hatrack.api.shapes import cloudtrail as cloudtrail_shapes
from hatrack.api.shapes import iam, sts

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_shapes", ROOT / "scripts" / "generate_shapes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_shapes"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("service", ["iam", "sts", "cloudtrail"])
def test_the_checked_in_modules_are_what_the_generator_writes(service: str) -> None:
    checked_in = (ROOT / "src" / "hatrack" / "api" / "shapes" / f"{service}.py").read_text()
    assert checked_in == _generator().render(service), "run: python scripts/generate_shapes.py"


@pytest.mark.parametrize(("service", "module"), [("iam", iam), ("sts", sts)])
def test_every_operation_of_the_model_has_its_request_and_response_class(
    service: str, module: ModuleType
) -> None:
    model = ServiceModels().service(service)
    operations = [model.operation_model(name) for name in model.operation_names]
    inputs = {op.name: op.input_shape.name for op in operations if op.input_shape is not None}
    outputs = {op.name: op.output_shape.name for op in operations if op.output_shape is not None}
    assert {name: cls.WIRE_NAME for name, cls in module.REQUESTS.items()} == inputs
    assert {name: cls.WIRE_NAME for name, cls in module.RESPONSES.items()} == outputs


def test_a_parsed_input_becomes_typed_values_and_back() -> None:
    wire = {
        "UserName": "alice",
        "Path": "/eng/",
        "Tags": [{"Key": "team", "Value": "blue"}, {"Key": "cost", "Value": ""}],
    }
    request = iam.CreateUserRequest.from_wire(wire)
    assert request.user_name == "alice"
    assert request.path == "/eng/"
    assert request.tags == (iam.Tag(key="team", value="blue"), iam.Tag(key="cost", value=""))
    assert request.permissions_boundary is None
    assert request.to_wire() == wire


def test_a_response_writes_only_the_members_it_has() -> None:
    created = datetime(2026, 12, 1, tzinfo=UTC)
    user = iam.User(
        path="/", user_name="bob", user_id="AIDAEXAMPLE", arn="arn:aws:iam::1:user/bob", create_date=created
    )
    assert iam.GetUserResponse(user=user).to_wire() == {
        "User": {
            "Path": "/",
            "UserName": "bob",
            "UserId": "AIDAEXAMPLE",
            "Arn": "arn:aws:iam::1:user/bob",
            "CreateDate": created,
        }
    }


def test_a_misspelt_or_missing_member_is_refused_when_the_response_is_built() -> None:
    with pytest.raises(TypeError):
        iam.User(path="/", user_nme="bob", user_id="x", arn="a", create_date=datetime.now(UTC))  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        iam.User(path="/", user_name="bob", arn="a", create_date=datetime.now(UTC))  # type: ignore[call-arg]


def test_maps_and_scalar_lists_convert() -> None:
    wire = {
        "LookupAttributes": [{"AttributeKey": "Username", "AttributeValue": "alice"}],
        "MaxResults": 5,
    }
    request = cloudtrail_shapes.LookupEventsRequest.from_wire(wire)
    assert request.lookup_attributes == (
        cloudtrail_shapes.LookupAttribute(attribute_key="Username", attribute_value="alice"),
    )
    assert request.to_wire() == wire
    keys = sts.AssumeRoleRequest.from_wire(
        {"RoleArn": "arn:aws:iam::1:role/r", "RoleSessionName": "s", "TransitiveTagKeys": ["a", "b"]}
    )
    assert keys.transitive_tag_keys == ("a", "b")


def test_a_dict_with_a_member_the_shape_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="UserNme"):
        iam.CreateUserRequest.from_wire({"UserName": "alice", "UserNme": "typo"})
