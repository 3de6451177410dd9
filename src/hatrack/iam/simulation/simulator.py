"""Running a simulation: every action on every resource, each decision by ``hatrack.evaluation.evaluate``.

Besides the decision, AWS reports which statements made it (``MatchedStatements``, located in the
documents' text by ``hatrack.policy.positions``), whether the boundary and the SCPs alone would allow
the action, and, when the resource is another account's, each policy type's own decision
(``EvalDecisionDetails``). Those parts are asked as separate questions of the same engine.

Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hatrack.errors import InvalidInput
from hatrack.evaluation import (
    AuthorizationRequest,
    Decision,
    DecisionEffect,
    PolicySet,
    PolicyType,
    compile_policy,
    evaluate,
)
from hatrack.iam.simulation.context_keys import add_key, missing_keys
from hatrack.iam.simulation.inputs import check_action_name
from hatrack.iam.simulation.resources import resource_account, resource_template
from hatrack.iam.simulation.values import (
    ALLOWED,
    BOUNDARY_SOURCE,
    EXPLICIT_DENY,
    IDENTITY_SOURCE,
    IMPLICIT_DENY,
    RESOURCE_SOURCE,
    RESTRICTIVENESS,
    ActionResult,
    ContextValue,
    ResourceResult,
    Simulation,
    SimulationPolicy,
    StatementReference,
)
from hatrack.policy.positions import span_of

_DECISION = {
    DecisionEffect.ALLOW: ALLOWED,
    DecisionEffect.EXPLICIT_DENY: EXPLICIT_DENY,
    DecisionEffect.IMPLICIT_DENY: IMPLICIT_DENY,
}

# A simulation evaluates every action on every resource; this bounds the work of one request.
MAX_EVALUATIONS = 10_000

_ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'


class Simulator:
    """Evaluates actions on resources for one ``Simulation``; compiles its policies once."""

    def __init__(self, simulation: Simulation) -> None:
        self.simulation = simulation
        self.identity = tuple(compile_policy(policy.document) for policy in simulation.identity)
        self.boundary = (
            compile_policy(simulation.boundary.document) if simulation.boundary is not None else None
        )
        self.resource = (
            compile_policy(simulation.resource_policy.document)
            if simulation.resource_policy is not None
            else None
        )
        self.scps = tuple(tuple(compile_policy(text) for text in level) for level in simulation.scps)
        allow_all = compile_policy(_ALLOW_ALL)
        self.policies = PolicySet(
            identity=self.identity, resource=self.resource, boundary=self.boundary, scps=self.scps
        )
        self.identity_only = PolicySet(identity=self.identity)
        self.boundary_only = PolicySet(identity=(self.boundary,)) if self.boundary is not None else None
        self.organizations_only = PolicySet(identity=(allow_all,), scps=self.scps) if self.scps else None
        self.resource_only = (
            PolicySet(identity=(allow_all,), resource=self.resource) if self.resource is not None else None
        )

    def _reference(
        self, policy_type: PolicyType, index: int, statement_index: int
    ) -> StatementReference | None:
        policy: SimulationPolicy | None
        if policy_type is PolicyType.IDENTITY:
            policy = self.simulation.identity[index]
        elif policy_type is PolicyType.BOUNDARY:
            policy = self.simulation.boundary
        elif policy_type in (PolicyType.RESOURCE, PolicyType.TRUST):
            policy = self.simulation.resource_policy
        else:
            return None  # SCP and session statements are not reported
        if policy is None:
            return None
        span = span_of(policy.document, statement_index)
        return StatementReference(policy.source_id, policy.source_type, span.start, span.end)

    def _references(self, decision: Decision) -> tuple[StatementReference, ...]:
        found = (
            self._reference(matched.policy_type, matched.policy_index, matched.statement_index)
            for matched in decision.matched
        )
        return tuple(reference for reference in found if reference is not None)

    def _missing(
        self, action_key: str, resource: str, context: Mapping[str, ContextValue]
    ) -> tuple[str, ...]:
        policies = [*self.identity]
        if self.boundary is not None:
            policies.append(self.boundary)
        if self.resource is not None:
            policies.append(self.resource)
        found: dict[str, str] = {}
        for policy in policies:
            for key in missing_keys(policy, action_key, resource, context):
                add_key(found, key)
        return tuple(found.values())

    def evaluate_resource(self, action: str, resource: str) -> ResourceResult:
        simulation = self.simulation
        owner = resource_account(resource, simulation.resource_owner, simulation.caller_account)
        request = AuthorizationRequest(
            principal_arn=simulation.caller_arn,
            principal_account=simulation.caller_account,
            action=action,
            resource_arn=resource,
            resource_account=owner,
            context=simulation.context,
        )
        # The parts of a decision (boundary, SCPs, each policy type) are asked as same-account questions.
        local = AuthorizationRequest(
            principal_arn=simulation.caller_arn,
            principal_account=simulation.caller_account,
            action=action,
            resource_arn=resource,
            resource_account=simulation.caller_account,
            context=simulation.context,
        )
        decision = evaluate(request, self.policies)
        details: dict[str, str] | None = None
        if owner != simulation.caller_account:
            details = {IDENTITY_SOURCE: _DECISION[evaluate(local, self.identity_only).effect]}
            details[RESOURCE_SOURCE] = (
                _DECISION[evaluate(request, self.resource_only).effect]
                if self.resource_only is not None
                else IMPLICIT_DENY
            )
            if self.boundary_only is not None:
                details[BOUNDARY_SOURCE] = _DECISION[evaluate(local, self.boundary_only).effect]
        return ResourceResult(
            resource=resource,
            decision=_DECISION[decision.effect],
            matched=self._references(decision),
            missing_context_values=self._missing(request.action_key, resource, request.folded_context),
            allowed_by_boundary=(
                evaluate(local, self.boundary_only).allowed if self.boundary_only is not None else None
            ),
            allowed_by_organizations=(
                evaluate(local, self.organizations_only).allowed
                if self.organizations_only is not None
                else None
            ),
            decision_details=details,
        )

    def evaluate_action(self, action: str, resources: Sequence[str] | None) -> ActionResult:
        """One ``EvaluationResult``: ``resources`` None means the simulation's default, ``*``."""
        targets = list(resources) if resources else ["*"]
        results = tuple(self.evaluate_resource(action, resource) for resource in targets)
        decision = max((result.decision for result in results), key=RESTRICTIVENESS.__getitem__)
        matched: dict[StatementReference, None] = {}
        for result in results:
            if result.decision == decision:
                matched.update(dict.fromkeys(result.matched))
        missing: dict[str, str] = {}
        for result in results:
            for key in result.missing_context_values:
                add_key(missing, key)
        details: dict[str, str] | None = None
        cross_account = [result.decision_details for result in results if result.decision_details is not None]
        if cross_account:
            details = {}
            for entry in cross_account:
                for source, value in entry.items():
                    current = details.get(source)
                    if current is None or RESTRICTIVENESS[value] > RESTRICTIVENESS[current]:
                        details[source] = value
        elif resources:
            details = {}  # same account, specific resources: AWS answers an empty map
        boundary = [
            result.allowed_by_boundary for result in results if result.allowed_by_boundary is not None
        ]
        organizations = [
            result.allowed_by_organizations
            for result in results
            if result.allowed_by_organizations is not None
        ]
        return ActionResult(
            action=action,
            resource_name=resource_template(action, targets) if resources else "*",
            decision=decision,
            matched=tuple(matched),
            missing_context_values=tuple(missing.values()),
            resources=results,
            allowed_by_boundary=all(boundary) if boundary else None,
            allowed_by_organizations=all(organizations) if organizations else None,
            decision_details=details,
        )


def simulate(
    simulation: Simulation, actions: Sequence[str], resources: Sequence[str] | None = None
) -> list[ActionResult]:
    """One result per action, in the order given (``resources`` None or empty: ``*``)."""
    count = len(actions) * max(len(resources or ()), 1)
    if count > MAX_EVALUATIONS:
        raise InvalidInput(
            f"a simulation may evaluate at most {MAX_EVALUATIONS} action and resource pairs, not {count}"
        )
    simulator = Simulator(simulation)
    return [simulator.evaluate_action(check_action_name(action), resources) for action in actions]
