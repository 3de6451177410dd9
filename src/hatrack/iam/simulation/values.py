"""What one simulation evaluates and what it answers, as AWS names them.

AWS returns one ``EvaluationResult`` per action (IAM API Reference, "EvaluationResult"): the top-level
decision is the most restrictive across the requested resources, its matched statements the union of
those that made that decision, its missing context values the union over all resources; each
resource's own answer is a ``ResourceResult``. ``SourcePolicyId`` is ``PolicyInputList.N``, the
policy's name or ``ResourcePolicy``; ``SourcePolicyType`` one of the ``*_SOURCE`` names below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hatrack.policy.positions import Position

IDENTITY_SOURCE = "IAM Policy"
BOUNDARY_SOURCE = "Permissions Boundary Policy"
RESOURCE_SOURCE = "Resource Policy"
RESOURCE_POLICY_ID = "ResourcePolicy"

ALLOWED = "allowed"
EXPLICIT_DENY = "explicitDeny"
IMPLICIT_DENY = "implicitDeny"
RESTRICTIVENESS = {ALLOWED: 0, IMPLICIT_DENY: 1, EXPLICIT_DENY: 2}

ContextValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SimulationPolicy:
    """A policy of a simulation and how AWS names it in ``MatchedStatements``."""

    source_id: str
    source_type: str
    document: str


@dataclass(frozen=True, slots=True)
class StatementReference:
    """One entry of ``MatchedStatements``."""

    source_policy_id: str
    source_policy_type: str
    start: Position
    end: Position


@dataclass(frozen=True, slots=True)
class Simulation:
    """Everything one simulation evaluates: the policies, who calls, who owns the resources, the context.

    ``scps`` holds one tuple of documents per level of the organization (root first). ``resource_owner``
    is the account of resources whose ARN names none (None: the caller's account). The simulator
    supplies no context keys of its own: conditions read only ``context`` (the request's
    ``ContextEntries``).
    """

    identity: tuple[SimulationPolicy, ...]
    caller_arn: str
    caller_account: str
    boundary: SimulationPolicy | None = None
    resource_policy: SimulationPolicy | None = None
    scps: tuple[tuple[str, ...], ...] = ()
    resource_owner: str | None = None
    context: Mapping[str, ContextValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ResourceResult:
    resource: str
    decision: str
    matched: tuple[StatementReference, ...]
    missing_context_values: tuple[str, ...]
    allowed_by_boundary: bool | None = None
    allowed_by_organizations: bool | None = None
    decision_details: Mapping[str, str] | None = None  # cross-account simulations only


@dataclass(frozen=True, slots=True)
class ActionResult:
    action: str
    resource_name: str  # the ARN template of the resource type, or "*"
    decision: str
    matched: tuple[StatementReference, ...]
    missing_context_values: tuple[str, ...]
    resources: tuple[ResourceResult, ...]
    allowed_by_boundary: bool | None = None
    allowed_by_organizations: bool | None = None
    decision_details: Mapping[str, str] | None = None
