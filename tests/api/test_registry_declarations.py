"""How an operation may be declared: on a resource, never denied (with AWS's reason), or decided by a
named rule of its own; never more than one of these, and never none."""

from __future__ import annotations

import pytest

from hatrack.api import targets
from hatrack.api.authorize import OwnDecision
from hatrack.api.context import Call
from hatrack.api.registry import OPERATIONS, load_handlers, operation
from hatrack.api.shapes import Shape


def _refuse(call: Call, request: Shape) -> OwnDecision:
    return OwnDecision(rule="Nobody", allowed=False, refusal="no")


@pytest.mark.parametrize(
    "ways",
    [
        {},
        {"resource": targets.any_resource(), "never_denied": "because"},
        {"resource": targets.any_resource(), "decided_by": _refuse},
        {"never_denied": "because", "decided_by": _refuse},
    ],
    ids=["none", "resource-and-never-denied", "resource-and-own-rule", "never-denied-and-own-rule"],
)
def test_a_declaration_names_exactly_one_way_of_being_authorized(ways: dict[str, object]) -> None:
    with pytest.raises(RuntimeError, match="exactly one"):
        operation("sts", "NotAnOperation", action="sts:NotAnOperation", **ways)(lambda call, request: None)  # type: ignore[call-overload]
    assert ("sts", "NotAnOperation") not in OPERATIONS


def test_policy_inputs_need_a_resource_to_be_decided_on() -> None:
    with pytest.raises(RuntimeError, match="without a resource"):
        operation(
            "sts",
            "NotAnOperation",
            action="sts:NotAnOperation",
            never_denied="because",
            condition_keys=(targets.request_tags,),
        )(lambda call, request: None)


def test_only_the_sts_operations_aws_never_denies_are_declared_so() -> None:
    never = {key for key, op in load_handlers().items() if op.declaration and op.declaration.never_denied}
    assert never == {("sts", "GetCallerIdentity"), ("sts", "GetSessionToken")}


def test_a_refusing_own_decision_is_access_denied_with_its_message() -> None:
    from hatrack.errors import AccessDenied

    with pytest.raises(AccessDenied) as refused:
        OwnDecision(rule="Nobody", allowed=False, refusal="no").enforce()
    assert refused.value.message == "no"
    OwnDecision(rule="Everybody", allowed=True, refusal="no").enforce()
