"""The IAM policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysForPrincipalPolicy,
GetContextKeysForCustomPolicy.

Every operation is declared (Service Authorization Reference): the principal operations are authorized
on the ``PolicySourceArn``'s user, group or role (``targets.policy_source``: partition and account
checked, its tags as ``aws:ResourceTag/*`` / ``iam:ResourceTag/*``), the custom ones on ``*``. All four
are ``cpu_heavy``: their work is sized by the caller's input, so they never run on the event loop.
The simulation itself is ``hatrack.iam.simulation``; policy documents given as input are checked and
refused with ``InvalidInput``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.errors import InvalidInput
from hatrack.iam.attachments import USER
from hatrack.iam.pagination import paginate
from hatrack.iam.simulation import context_keys, inputs, simulator, sources
from hatrack.iam.simulation.inputs import PolicyExclusion
from hatrack.iam.simulation.values import (
    BOUNDARY_SOURCE,
    IDENTITY_SOURCE,
    RESOURCE_POLICY_ID,
    RESOURCE_SOURCE,
    ActionResult,
    ContextValue,
    ResourceResult,
    Simulation,
    SimulationPolicy,
    StatementReference,
)
from hatrack.policy import PolicyDocument, PolicyKind, parse_policy
from hatrack.policy.positions import Position

ONE_BOUNDARY = "The list of Permissions Boundary policies cannot exceed 1 items."
CALLER_FOR_RESOURCE_POLICY = "CallerArn must be specified when a ResourcePolicy is included in the simulation"

SimulateRequest = shapes.SimulatePrincipalPolicyRequest | shapes.SimulateCustomPolicyRequest


# --- results --------------------------------------------------------------------------------------


def _position(position: Position) -> shapes.Position:
    return shapes.Position(line=position.line, column=position.column)


def _statements(references: Sequence[StatementReference]) -> tuple[shapes.Statement, ...]:
    return tuple(
        shapes.Statement(
            source_policy_id=reference.source_policy_id,
            source_policy_type=reference.source_policy_type,
            start_position=_position(reference.start),
            end_position=_position(reference.end),
        )
        for reference in references
    )


def _boundary_detail(allowed: bool | None) -> shapes.PermissionsBoundaryDecisionDetail | None:
    if allowed is None:
        return None
    return shapes.PermissionsBoundaryDecisionDetail(allowed_by_permissions_boundary=allowed)


def _details(details: Mapping[str, str] | None) -> dict[str, str] | None:
    return None if details is None else dict(details)


def _resource_result(result: ResourceResult) -> shapes.ResourceSpecificResult:
    return shapes.ResourceSpecificResult(
        eval_resource_name=result.resource,
        eval_resource_decision=result.decision,
        matched_statements=_statements(result.matched),
        missing_context_values=result.missing_context_values,
        eval_decision_details=_details(result.decision_details),
        permissions_boundary_decision_detail=_boundary_detail(result.allowed_by_boundary),
    )


def evaluation_result(result: ActionResult, *, per_resource: bool) -> shapes.EvaluationResult:
    """AWS's ``EvaluationResult``; ``per_resource`` when the request named resources (``ResourceArns``)."""
    organizations = (
        shapes.OrganizationsDecisionDetail(allowed_by_organizations=result.allowed_by_organizations)
        if result.allowed_by_organizations is not None
        else None
    )
    return shapes.EvaluationResult(
        eval_action_name=result.action,
        eval_resource_name=result.resource_name,
        eval_decision=result.decision,
        matched_statements=_statements(result.matched),
        missing_context_values=result.missing_context_values,
        organizations_decision_detail=organizations,
        permissions_boundary_decision_detail=_boundary_detail(result.allowed_by_boundary),
        eval_decision_details=_details(result.decision_details),
        resource_specific_results=(
            tuple(_resource_result(resource) for resource in result.resources) if per_resource else None
        ),
    )


# --- inputs ---------------------------------------------------------------------------------------


def _policies(
    texts: Sequence[str] | None, member: str, source_type: str, kind: PolicyKind = PolicyKind.IDENTITY
) -> list[SimulationPolicy]:
    """The documents of the list ``member`` (as the model names it), each checked; named ``member.N``."""
    given = list(texts or ())
    field = member[:1].lower() + member[1:]
    inputs.check_count(given, inputs.MAX_INPUT_POLICIES, field)
    return [
        SimulationPolicy(
            f"{member}.{number}",
            source_type,
            inputs.check_input_policy(text, kind, member=f"{field}.{number}.member"),
        )
        for number, text in enumerate(given, start=1)
    ]


def _boundary_input(request: SimulateRequest) -> SimulationPolicy | None:
    given = _policies(
        request.permissions_boundary_policy_input_list, "PermissionsBoundaryPolicyInputList", BOUNDARY_SOURCE
    )
    if len(given) > 1:
        raise InvalidInput(ONE_BOUNDARY)
    return given[0] if given else None


def _resource_policy(request: SimulateRequest) -> SimulationPolicy | None:
    if request.resource_policy is None:
        return None
    text = inputs.check_input_policy(request.resource_policy, PolicyKind.RESOURCE, member="resourcePolicy")
    return SimulationPolicy(RESOURCE_POLICY_ID, RESOURCE_SOURCE, text)


def _context(request: SimulateRequest) -> dict[str, ContextValue]:
    entries = request.context_entries or ()
    inputs.check_count(entries, inputs.MAX_CONTEXT_ENTRIES, "contextEntries")
    for number, entry in enumerate(entries, start=1):
        inputs.check_count(
            entry.context_key_values or (),
            inputs.MAX_CONTEXT_VALUES,
            f"contextEntries.{number}.member.contextKeyValues",
        )
    return inputs.context_from_entries(
        (entry.context_key_name, list(entry.context_key_values or ()), entry.context_key_type)
        for entry in entries
        if entry.context_key_name
    )


def _exclusions(request: shapes.SimulatePrincipalPolicyRequest) -> list[PolicyExclusion]:
    found: list[PolicyExclusion] = []
    for identifier in request.policy_exclusion_list or ():
        inline = identifier.inline_policy_identifier
        exclusion = PolicyExclusion(
            policy_type=identifier.policy_type,
            policy_arn=identifier.policy_arn,
            inline=(inline.policy_name, inline.attachment_type, inline.attachment_name)
            if inline is not None
            else None,
        )
        found.append(inputs.check_exclusion(exclusion))
    return found


def _scps(request: shapes.SimulateCustomPolicyRequest) -> tuple[tuple[str, ...], ...]:
    levels: list[tuple[str, ...]] = []
    for level_number, level in enumerate(request.ordered_organization_policy_input_list or (), start=1):
        member = f"orderedOrganizationPolicyInputList.{level_number}.member.serviceControlPolicyInputList"
        texts = level.service_control_policy_input_list or ()
        inputs.check_count(texts, inputs.MAX_SCPS_PER_LEVEL, member)
        levels.append(
            tuple(
                inputs.check_input_policy(text, PolicyKind.SCP, member=f"{member}.{number}.member")
                for number, text in enumerate(texts, start=1)
            )
        )
    return tuple(levels)


def _owner(request: SimulateRequest) -> str | None:
    return inputs.account_of_owner(request.resource_owner) if request.resource_owner else None


def _run(request: SimulateRequest, setup: Simulation) -> shapes.SimulatePolicyResponse:
    actions = request.action_names
    resources = list(request.resource_arns) if request.resource_arns else None
    page = paginate(
        range(len(actions)),
        key=lambda index: f"{index:06d}",
        marker=request.marker,
        max_items=request.max_items,
    )
    results = simulator.simulate(setup, [actions[index] for index in page.items], resources)
    return shapes.SimulatePolicyResponse(
        evaluation_results=tuple(
            evaluation_result(result, per_resource=resources is not None) for result in results
        ),
        is_truncated=page.is_truncated,
        marker=page.marker,
    )


def _parsed(texts: Sequence[str]) -> list[PolicyDocument]:
    inputs.check_count(texts, inputs.MAX_INPUT_POLICIES, "policyInputList")
    documents: list[PolicyDocument] = []
    for number, text in enumerate(texts, start=1):
        inputs.check_input_policy(text, member=f"policyInputList.{number}.member")
        documents.append(parse_policy(text))
    return documents


# --- operations -----------------------------------------------------------------------------------


@operation(
    "iam",
    "SimulatePrincipalPolicy",
    action="iam:SimulatePrincipalPolicy",
    resource=targets.policy_source(),
    read_only=True,
    cpu_heavy=True,
)
def simulate_principal_policy(
    call: Call, request: shapes.SimulatePrincipalPolicyRequest
) -> shapes.SimulatePolicyResponse:
    extra = _policies(request.policy_input_list, "PolicyInputList", IDENTITY_SOURCE)
    boundary_input = _boundary_input(request)
    resource_policy = _resource_policy(request)
    exclusions = _exclusions(request)
    source = sources.load_source_policies(
        call.conn, call.ctx.account_id, request.policy_source_arn, partition=call.ctx.partition
    )
    source = sources.exclude(source, exclusions)
    if resource_policy is not None and request.caller_arn is None and source.principal.kind != USER:
        # A resource policy's Principal needs a caller to compare with; a group or role source is not one.
        raise InvalidInput(CALLER_FOR_RESOURCE_POLICY)
    caller_arn = request.caller_arn or source.principal.arn(call.ctx.partition)
    boundary = boundary_input or (source.boundary.policy if source.boundary is not None else None)
    setup = Simulation(
        identity=(*(policy.policy for policy in source.identity), *extra),
        caller_arn=caller_arn,
        caller_account=inputs.caller_account_of(caller_arn),
        boundary=boundary,
        resource_policy=resource_policy,
        resource_owner=_owner(request),
        context=_context(request),
    )
    return _run(request, setup)


@operation(
    "iam",
    "SimulateCustomPolicy",
    action="iam:SimulateCustomPolicy",
    resource=targets.any_resource(),
    read_only=True,
    cpu_heavy=True,
)
def simulate_custom_policy(
    call: Call, request: shapes.SimulateCustomPolicyRequest
) -> shapes.SimulatePolicyResponse:
    identity = _policies(request.policy_input_list, "PolicyInputList", IDENTITY_SOURCE)
    boundary = _boundary_input(request)
    resource_policy = _resource_policy(request)
    scps = _scps(request)
    caller_arn = request.caller_arn
    if caller_arn is None:
        if resource_policy is not None:
            raise InvalidInput(CALLER_FOR_RESOURCE_POLICY)
        caller_arn = call.ctx.caller.arn
        caller_account = call.ctx.account_id
    else:
        caller_account = inputs.caller_account_of(caller_arn)
    setup = Simulation(
        identity=tuple(identity),
        caller_arn=caller_arn,
        caller_account=caller_account,
        boundary=boundary,
        resource_policy=resource_policy,
        scps=scps,
        resource_owner=_owner(request),
        context=_context(request),
    )
    return _run(request, setup)


@operation(
    "iam",
    "GetContextKeysForCustomPolicy",
    action="iam:GetContextKeysForCustomPolicy",
    resource=targets.any_resource(),
    read_only=True,
    cpu_heavy=True,
)
def get_context_keys_for_custom_policy(
    call: Call, request: shapes.GetContextKeysForCustomPolicyRequest
) -> shapes.GetContextKeysForPolicyResponse:
    documents = _parsed(request.policy_input_list)
    return shapes.GetContextKeysForPolicyResponse(context_key_names=context_keys.context_keys(documents))


@operation(
    "iam",
    "GetContextKeysForPrincipalPolicy",
    action="iam:GetContextKeysForPrincipalPolicy",
    resource=targets.policy_source(),
    read_only=True,
    cpu_heavy=True,
)
def get_context_keys_for_principal_policy(
    call: Call, request: shapes.GetContextKeysForPrincipalPolicyRequest
) -> shapes.GetContextKeysForPolicyResponse:
    extra = _parsed(request.policy_input_list or ())
    source = sources.load_source_policies(
        call.conn, call.ctx.account_id, request.policy_source_arn, partition=call.ctx.partition
    )
    documents = [parse_policy(policy.policy.document) for policy in source.identity] + extra
    return shapes.GetContextKeysForPolicyResponse(context_key_names=context_keys.context_keys(documents))
