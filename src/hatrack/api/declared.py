"""Running a declared operation: typed request, authorization from its declaration, typed response.

The pipeline hands every declared operation here (see ``hatrack.api.registry``). The order is the
one AWS shows: the request is read, the resource is named and the decision reached, and only then
does the handler run; its typed response becomes the dict the serializers take. An operation that
decides for itself is refused here by its own named rule's decision, and only one declared
``never_denied`` (with its reason) reaches its handler without a decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

from hatrack.api.authorize import Exemption
from hatrack.api.context import Call
from hatrack.api.registry import Declaration, Operation
from hatrack.api.shapes import NoInput, Shape, cloudtrail, iam, sts
from hatrack.api.targets import KeySource, Resolver, Target

_SHAPES: dict[str, ModuleType] = {"iam": iam, "sts": sts, "cloudtrail": cloudtrail}


def request_class(service: str, name: str) -> type[Shape]:
    """The generated input class of ``service``'s operation ``name`` (``NoInput`` when it has none)."""
    found: type[Shape] = _SHAPES[service].REQUESTS.get(name, NoInput)
    return found


def run_declared(call: Call, operation: Operation, params: Mapping[str, Any]) -> Mapping[str, Any]:
    declaration, handler = operation.declaration, operation.typed_handler
    assert declaration is not None and handler is not None
    request = request_class(operation.service, operation.name).from_wire(params)
    if declaration.decided_by is not None:
        declaration.decided_by(call, request).enforce()
    elif declaration.resource is not None:
        _authorize(call, declaration, declaration.resource, request)
    else:
        # INVARIANT: only a declaration that says why (``never_denied``) answers without a decision.
        assert declaration.never_denied is not None
    response = handler(call, request)
    return {} if response is None else response.to_wire()


def _authorize(call: Call, declaration: Declaration, resolver: Resolver, request: Shape) -> None:
    """The caller's policies (and the resource's own) decide the action and each dependent one."""
    target = resolver(call, request)
    context = _keys(call, request, target, declaration.condition_keys)
    exemption = declaration.exemption(call) if declaration.exemption is not None else None
    _decide(call, declaration.action, target, context, exemption)
    for needed in declaration.dependent:
        if needed.when is not None and not needed.when(call, request):
            continue
        if needed.resource is None:  # on the operation's own resource, with its keys
            _decide(call, needed.action, target, context, None)
        else:
            also = needed.resource(call, request)
            _decide(call, needed.action, also, _keys(call, request, also, needed.condition_keys), None)


def _keys(
    call: Call, request: Shape, target: Target, sources: tuple[KeySource, ...]
) -> dict[str, str | list[str]]:
    context: dict[str, str | list[str]] = dict(target.context)
    for source in sources:
        context.update(source(call, request))
    return context


def _decide(
    call: Call,
    action: str,
    target: Target,
    context: dict[str, str | list[str]],
    exemption: Exemption | None,
) -> None:
    call.authorize(
        action,
        target.arn,
        resource_account=target.resource_account,
        context=context,
        resource_policy=target.resource_policy,
        resource_is_trust_policy=target.resource_is_trust_policy,
        exemption=exemption,
    )
