"""Running a declared operation: typed request, authorization from its declaration, typed response.

The pipeline hands every declared operation here (see ``hatrack.api.registry``). The order is the
one AWS shows: the request is read, the resource is named and the decision reached, and only then
does the handler run; its typed response becomes the dict the serializers take.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import Operation
from hatrack.api.shapes import NoInput, Shape, cloudtrail, iam, sts

_SHAPES: dict[str, ModuleType] = {"iam": iam, "sts": sts, "cloudtrail": cloudtrail}


def request_class(service: str, name: str) -> type[Shape]:
    """The generated input class of ``service``'s operation ``name`` (``NoInput`` when it has none)."""
    found: type[Shape] = _SHAPES[service].REQUESTS.get(name, NoInput)
    return found


def run_declared(call: Call, operation: Operation, params: Mapping[str, Any]) -> Mapping[str, Any]:
    declaration, handler = operation.declaration, operation.typed_handler
    assert declaration is not None and handler is not None
    request = request_class(operation.service, operation.name).from_wire(params)
    target = declaration.resource(call, request)
    context: dict[str, str | list[str]] = dict(target.context)
    for source in declaration.condition_keys:
        context.update(source(call, request))
    exemption = declaration.exemption(call) if declaration.exemption is not None else None
    call.authorize(
        declaration.action,
        target.arn,
        resource_account=target.resource_account,
        context=context,
        exemption=exemption,
    )
    for needed in declaration.dependent:
        also = needed.resource(call, request)
        keys: dict[str, str | list[str]] = dict(also.context)
        for source in needed.condition_keys:
            keys.update(source(call, request))
        call.authorize(needed.action, also.arn, resource_account=also.resource_account, context=keys)
    response = handler(call, request)
    return {} if response is None else response.to_wire()
