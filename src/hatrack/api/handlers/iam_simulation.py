"""The IAM policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysForPrincipalPolicy,
GetContextKeysForCustomPolicy.

Authorization (Service Authorization Reference): the principal operations on the ``PolicySourceArn`` (a
user, group or role, with its tags as ``aws:ResourceTag/*`` / ``iam:ResourceTag/*``), the custom ones on
``*``. The simulation itself is ``hatrack.iam.simulation``; policy documents given as input are checked
and refused with ``InvalidInput``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers.iam_policies import principal_target
from hatrack.api.registry import operation
from hatrack.errors import InvalidInput
from hatrack.iam import simulation
from hatrack.iam.attachments import USER
from hatrack.iam.pagination import paginate
from hatrack.iam.simulation import (
    BOUNDARY_SOURCE,
    IDENTITY_SOURCE,
    RESOURCE_POLICY_ID,
    RESOURCE_SOURCE,
    ActionResult,
    PolicyExclusion,
    Position,
    ResourceResult,
    Simulation,
    SimulationPolicy,
    StatementReference,
)
from hatrack.policy import PolicyDocument, PolicyKind, parse_policy

ONE_BOUNDARY = "The list of Permissions Boundary policies cannot exceed 1 items."
CALLER_FOR_RESOURCE_POLICY = "CallerArn must be specified when a ResourcePolicy is included in the simulation"


# --- shapes ---------------------------------------------------------------------------------------


def _position(position: Position) -> dict[str, int]:
    return {"Line": position.line, "Column": position.column}


def _statement(reference: StatementReference) -> dict[str, Any]:
    return {
        "SourcePolicyId": reference.source_policy_id,
        "SourcePolicyType": reference.source_policy_type,
        "StartPosition": _position(reference.start),
        "EndPosition": _position(reference.end),
    }


def _details(
    shape: dict[str, Any],
    allowed_by_boundary: bool | None,
    decision_details: Mapping[str, str] | None,
) -> None:
    if allowed_by_boundary is not None:
        shape["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": allowed_by_boundary}
    if decision_details is not None:
        shape["EvalDecisionDetails"] = dict(decision_details)


def _resource_shape(result: ResourceResult) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "EvalResourceName": result.resource,
        "EvalResourceDecision": result.decision,
        "MatchedStatements": [_statement(reference) for reference in result.matched],
        "MissingContextValues": list(result.missing_context_values),
    }
    _details(shape, result.allowed_by_boundary, result.decision_details)
    return shape


def evaluation_result_shape(result: ActionResult, *, per_resource: bool) -> dict[str, Any]:
    """AWS's ``EvaluationResult``; ``per_resource`` when the request named resources (``ResourceArns``)."""
    shape: dict[str, Any] = {
        "EvalActionName": result.action,
        "EvalResourceName": result.resource_name,
        "EvalDecision": result.decision,
        "MatchedStatements": [_statement(reference) for reference in result.matched],
        "MissingContextValues": list(result.missing_context_values),
    }
    if result.allowed_by_organizations is not None:
        shape["OrganizationsDecisionDetail"] = {"AllowedByOrganizations": result.allowed_by_organizations}
    _details(shape, result.allowed_by_boundary, result.decision_details)
    if per_resource:
        shape["ResourceSpecificResults"] = [_resource_shape(resource) for resource in result.resources]
    return shape


# --- inputs ---------------------------------------------------------------------------------------


def _field(member: str) -> str:
    return member[:1].lower() + member[1:]


def _inputs(params: Mapping[str, Any], member: str, prefix: str, source_type: str) -> list[SimulationPolicy]:
    kind = PolicyKind.RESOURCE if source_type == RESOURCE_SOURCE else PolicyKind.IDENTITY
    texts: list[str] = list(params.get(member) or [])
    simulation.check_count(texts, simulation.MAX_INPUT_POLICIES, _field(member))
    return [
        SimulationPolicy(
            f"{prefix}.{number}",
            source_type,
            simulation.check_input_policy(text, kind, member=f"{_field(member)}.{number}.member"),
        )
        for number, text in enumerate(texts, start=1)
    ]


def _boundary_input(params: Mapping[str, Any]) -> SimulationPolicy | None:
    given = _inputs(
        params, "PermissionsBoundaryPolicyInputList", "PermissionsBoundaryPolicyInputList", BOUNDARY_SOURCE
    )
    if len(given) > 1:
        raise InvalidInput(ONE_BOUNDARY)
    return given[0] if given else None


def _resource_policy(params: Mapping[str, Any]) -> SimulationPolicy | None:
    text = params.get("ResourcePolicy")
    if text is None:
        return None
    return SimulationPolicy(
        RESOURCE_POLICY_ID,
        RESOURCE_SOURCE,
        simulation.check_input_policy(text, PolicyKind.RESOURCE, member="resourcePolicy"),
    )


def _context(params: Mapping[str, Any]) -> dict[str, simulation.ContextValue]:
    entries = params.get("ContextEntries") or []
    simulation.check_count(entries, simulation.MAX_CONTEXT_ENTRIES, "contextEntries")
    for number, entry in enumerate(entries, start=1):
        values = entry.get("ContextKeyValues") or []
        simulation.check_count(
            values, simulation.MAX_CONTEXT_VALUES, f"contextEntries.{number}.member.contextKeyValues"
        )
    return simulation.context_from_entries(
        (entry["ContextKeyName"], list(entry.get("ContextKeyValues") or []), entry.get("ContextKeyType"))
        for entry in params.get("ContextEntries") or []
        if entry.get("ContextKeyName")
    )


def _exclusions(params: Mapping[str, Any]) -> list[PolicyExclusion]:
    found: list[PolicyExclusion] = []
    for raw in params.get("PolicyExclusionList") or []:
        inline = raw.get("InlinePolicyIdentifier")
        found.append(
            simulation.check_exclusion(
                PolicyExclusion(
                    policy_type=raw.get("PolicyType"),
                    policy_arn=raw.get("PolicyArn"),
                    inline=(inline["PolicyName"], inline["AttachmentType"], inline["AttachmentName"])
                    if inline is not None
                    else None,
                )
            )
        )
    return found


def _run(params: Mapping[str, Any], setup: Simulation) -> dict[str, Any]:
    actions: list[str] = list(params["ActionNames"])
    resources: list[str] | None = list(params["ResourceArns"]) if params.get("ResourceArns") else None
    page = paginate(
        range(len(actions)),
        key=lambda index: f"{index:06d}",
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    results = simulation.simulate(setup, [actions[index] for index in page.items], resources)
    return {
        "EvaluationResults": [
            evaluation_result_shape(result, per_resource=resources is not None) for result in results
        ],
        **page.output(),
    }


def _scps(params: Mapping[str, Any]) -> list[tuple[str, ...]]:
    levels: list[tuple[str, ...]] = []
    for level_number, level in enumerate(params.get("OrderedOrganizationPolicyInputList") or [], start=1):
        member = f"orderedOrganizationPolicyInputList.{level_number}.member.serviceControlPolicyInputList"
        texts: list[str] = list(level.get("ServiceControlPolicyInputList") or [])
        simulation.check_count(texts, simulation.MAX_SCPS_PER_LEVEL, member)
        levels.append(
            tuple(
                simulation.check_input_policy(text, PolicyKind.SCP, member=f"{member}.{number}.member")
                for number, text in enumerate(texts, start=1)
            )
        )
    return levels


def _source_target(call: Call, arn: str) -> tuple[str, dict[str, str | list[str]], str | None]:
    """What to authorize a principal operation against: the entity's ARN and tags when it exists in the
    caller's account, else the ARN as given (with the account it names)."""
    try:
        account, kind, _, name = simulation.parse_source_arn(arn)
    except InvalidInput:
        return arn, {}, None
    if account != call.ctx.account_id:
        return arn, {}, account
    target, context, principal = principal_target(call, kind, name)
    return (target if principal is not None else arn), context, None


# --- operations -----------------------------------------------------------------------------------


@operation("iam", "SimulatePrincipalPolicy", read_only=True, cpu_heavy=True)
def simulate_principal_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    source_arn: str = params["PolicySourceArn"]
    target, context, owner = _source_target(call, source_arn)
    call.authorize("iam:SimulatePrincipalPolicy", target, resource_account=owner, context=context)
    extra = _inputs(params, "PolicyInputList", "PolicyInputList", IDENTITY_SOURCE)
    boundary_input = _boundary_input(params)
    resource_policy = _resource_policy(params)
    exclusions = _exclusions(params)
    source = simulation.load_source_policies(
        call.conn, call.ctx.account_id, source_arn, partition=call.ctx.partition
    )
    source = simulation.exclude(source, exclusions)
    if resource_policy is not None and params.get("CallerArn") is None and source.principal.kind != USER:
        # A resource policy's Principal needs a caller to compare with; a group or role source is not one.
        raise InvalidInput(CALLER_FOR_RESOURCE_POLICY)
    caller_arn: str = params.get("CallerArn") or source.principal.arn(call.ctx.partition)
    boundary = boundary_input or (source.boundary.policy if source.boundary is not None else None)
    owner_param = params.get("ResourceOwner")
    setup = Simulation(
        identity=(*(policy.policy for policy in source.identity), *extra),
        caller_arn=caller_arn,
        caller_account=simulation.caller_account_of(caller_arn),
        boundary=boundary,
        resource_policy=resource_policy,
        resource_owner=simulation.account_of_owner(owner_param) if owner_param else None,
        context=_context(params),
    )
    return _run(params, setup)


@operation("iam", "SimulateCustomPolicy", read_only=True, cpu_heavy=True)
def simulate_custom_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:SimulateCustomPolicy", "*")
    identity = _inputs(params, "PolicyInputList", "PolicyInputList", IDENTITY_SOURCE)
    boundary = _boundary_input(params)
    resource_policy = _resource_policy(params)
    scps = tuple(_scps(params))
    caller_arn: str | None = params.get("CallerArn")
    if caller_arn is None:
        if resource_policy is not None:
            raise InvalidInput(CALLER_FOR_RESOURCE_POLICY)
        caller_arn = call.ctx.caller.arn
        caller_account = call.ctx.account_id
    else:
        caller_account = simulation.caller_account_of(caller_arn)
    owner_param = params.get("ResourceOwner")
    setup = Simulation(
        identity=tuple(identity),
        caller_arn=caller_arn,
        caller_account=caller_account,
        boundary=boundary,
        resource_policy=resource_policy,
        scps=scps,
        resource_owner=simulation.account_of_owner(owner_param) if owner_param else None,
        context=_context(params),
    )
    return _run(params, setup)


def _parsed(texts: Sequence[str]) -> list[PolicyDocument]:
    simulation.check_count(texts, simulation.MAX_INPUT_POLICIES, "policyInputList")
    documents: list[PolicyDocument] = []
    for number, text in enumerate(texts, start=1):
        simulation.check_input_policy(text, member=f"policyInputList.{number}.member")
        documents.append(parse_policy(text))
    return documents


@operation("iam", "GetContextKeysForCustomPolicy", read_only=True, cpu_heavy=True)
def get_context_keys_for_custom_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:GetContextKeysForCustomPolicy", "*")
    documents = _parsed(params["PolicyInputList"])
    return {"ContextKeyNames": list(simulation.context_keys(documents))}


@operation("iam", "GetContextKeysForPrincipalPolicy", read_only=True, cpu_heavy=True)
def get_context_keys_for_principal_policy(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    source_arn: str = params["PolicySourceArn"]
    target, context, owner = _source_target(call, source_arn)
    call.authorize("iam:GetContextKeysForPrincipalPolicy", target, resource_account=owner, context=context)
    extra = _parsed(params.get("PolicyInputList") or [])
    source = simulation.load_source_policies(
        call.conn, call.ctx.account_id, source_arn, partition=call.ctx.partition
    )
    documents = [parse_policy(policy.policy.document) for policy in source.identity] + extra
    return {"ContextKeyNames": list(simulation.context_keys(documents))}
