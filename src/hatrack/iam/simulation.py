"""The IAM policy simulator behind SimulatePrincipalPolicy and SimulateCustomPolicy, and the context keys
of policies behind GetContextKeysFor{Principal,Custom}Policy.

Every decision comes from ``hatrack.evaluation.evaluate``; this module assembles the policy set of a
simulation, names each matched statement as AWS does (``SourcePolicyId``: ``PolicyInputList.N``, the
policy's name, ``ResourcePolicy``; ``SourcePolicyType``: "IAM Policy", "Permissions Boundary Policy",
"Resource Policy"), locates statements in the JSON text and lists the context keys a simulation lacks.

AWS returns one ``EvaluationResult`` per action (IAM API Reference, "EvaluationResult"): the top-level
decision is the most restrictive across the requested resources, its matched statements the union of
those that made that decision, its missing context values the union over all resources; each resource's
own answer is a ``ResourceResult``. The simulator supplies no context keys of its own: conditions read
only the ``ContextEntries`` of the request.

Statement positions follow AWS's parser (StartPosition is where the parser stands when it is about to
read the statement: just after ``[`` or the previous statement's ``}``, or after the ``{`` of a lone
statement object; EndPosition just after the statement's ``}``; lines and columns from 1).

Loading a principal's policies (``load_source_policies``) reads the IAM store; the rest is pure.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy.engine import Connection

from hatrack.errors import IamError, InvalidInput, NoSuchEntity, ValidationError
from hatrack.evaluation import (
    AuthorizationRequest,
    CompiledPolicy,
    Decision,
    DecisionEffect,
    PolicySet,
    PolicyType,
    compile_policy,
    evaluate,
)
from hatrack.iam import managed_policies
from hatrack.iam.attachments import GROUP, ROLE, USER, Principal, find_principal
from hatrack.iam.permission_sets import boundary_policy
from hatrack.policy import PolicyDocument, PolicyKind, check_policy
from hatrack.policy.glob import glob_matches
from hatrack.policy.parse import check_document_length
from hatrack.store import groups as group_store
from hatrack.store import policies as policy_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store

IDENTITY_SOURCE = "IAM Policy"
BOUNDARY_SOURCE = "Permissions Boundary Policy"
RESOURCE_SOURCE = "Resource Policy"
RESOURCE_POLICY_ID = "ResourcePolicy"

ALLOWED = "allowed"
EXPLICIT_DENY = "explicitDeny"
IMPLICIT_DENY = "implicitDeny"
_DECISION = {
    DecisionEffect.ALLOW: ALLOWED,
    DecisionEffect.EXPLICIT_DENY: EXPLICIT_DENY,
    DecisionEffect.IMPLICIT_DENY: IMPLICIT_DENY,
}
_RESTRICTIVENESS = {ALLOWED: 0, IMPLICIT_DENY: 1, EXPLICIT_DENY: 2}

# A simulation evaluates every action on every resource; this bounds the work of one request.
MAX_EVALUATIONS = 10_000

_ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'

ContextValue = str | tuple[str, ...]


# --- values -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SimulationPolicy:
    """A policy of a simulation and how AWS names it in ``MatchedStatements``."""

    source_id: str
    source_type: str
    document: str


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Span:
    start: Position
    end: Position


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
    is the account of resources whose ARN names none (None: the caller's account).
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


# --- input checks -------------------------------------------------------------------------------------


# How many documents and context values one simulation takes. AWS's model bounds each document
# (131072 characters) and the SCP levels (7) but not these lists; the request body (1 MiB) bounds
# them loosely. guess: limits generous for any real use, small enough to bound a request's work.
MAX_INPUT_POLICIES = 50
MAX_SCPS_PER_LEVEL = 5  # guess: AWS Organizations attaches at most 5 SCPs to one target
MAX_CONTEXT_ENTRIES = 1000
MAX_CONTEXT_VALUES = 1000  # per entry


def check_count(items: Sized, limit: int, member: str) -> None:
    """``ValidationError`` (AWS's input-validation wording) when ``items`` holds more than ``limit``."""
    if len(items) > limit:
        raise ValidationError(
            f"1 validation error detected: Value at '{member}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {limit}"
        )


def check_input_policy(
    text: str, kind: PolicyKind = PolicyKind.IDENTITY, *, member: str = "policyInputList.1.member"
) -> str:
    """``text`` if it is a valid policy of ``kind``; a simulation refuses others with ``InvalidInput``
    (and a document longer than AWS's model allows with ``ValidationError``, before parsing it)."""
    check_document_length(text, member)
    try:
        check_policy(text, kind)
    except IamError as error:
        raise InvalidInput(error.message) from None
    return text


def check_action_name(action: str) -> str:
    """Actions are ``service:Operation``; the simulator does not take wildcards."""
    service, colon, name = action.partition(":")
    if not colon or not service or not name:
        raise InvalidInput(f"action name '{action}' must be prefixed with a service, such as iam:CreateUser")
    if "*" in action or "?" in action:
        raise InvalidInput(f"action name '{action}' must not contain wildcards")
    return action


def account_of_owner(owner: str) -> str:
    """``ResourceOwner`` as an account id: a 12-digit id or ``arn:PARTITION:iam::ACCOUNT:root``."""
    if len(owner) == 12 and owner.isdigit():
        return owner
    parts = owner.split(":", 5)
    is_root = len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[5] == "root"
    if is_root and len(parts[4]) == 12 and parts[4].isdigit():
        return parts[4]
    raise InvalidInput(f"ResourceOwner '{owner}' is not an account id or an account root ARN")


def caller_account_of(caller_arn: str) -> str:
    """The account of a simulated caller: an IAM user, group or role ARN (AWS refuses other principals)."""
    parts = caller_arn.split(":", 5)
    valid = (
        len(parts) == 6
        and parts[0] == "arn"
        and parts[2] == "iam"
        and len(parts[4]) == 12
        and parts[4].isdigit()
        and parts[5].split("/", 1)[0] in (USER, GROUP, ROLE)
        and "/" in parts[5]
    )
    if not valid:
        raise InvalidInput(f"CallerArn '{caller_arn}' must be the ARN of an IAM user, group or role")
    return parts[4]


def context_from_entries(entries: Iterable[tuple[str, Sequence[str], str | None]]) -> dict[str, ContextValue]:
    """``ContextEntries`` as a request context: list types (and several values) are multi-valued keys.

    An entry of a single-valued type with no value is left out: the key is absent from the simulation.
    """
    context: dict[str, ContextValue] = {}
    for name, values, key_type in entries:
        if key_type is not None and key_type.endswith("List"):
            context[name] = tuple(values)
        elif len(values) == 1:
            context[name] = values[0]
        elif values:
            context[name] = tuple(values)
    return context


# --- statement positions ------------------------------------------------------------------------------

_WHITESPACE = " \t\r\n"
_STRUCTURAL = "{}[]:,"


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start offset, end offset) of JSON text that already parsed: structural characters,
    strings (token ``"``) and literals (token ``a``)."""
    found: list[tuple[str, int, int]] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char in _WHITESPACE or char == "\ufeff":
            index += 1
        elif char in _STRUCTURAL:
            found.append((char, index, index + 1))
            index += 1
        elif char == '"':
            end = index + 1
            while end < length and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            found.append(('"', index, end + 1))
            index = end + 1
        else:
            end = index
            while end < length and text[end] not in _WHITESPACE and text[end] not in _STRUCTURAL:
                end += 1
            found.append(("a", index, end))
            index = end
    return found


def _value_end(tokens: list[tuple[str, int, int]], at: int) -> int:
    """The index of the last token of the value that starts at token ``at``."""
    if tokens[at][0] not in "{[":
        return at
    depth = 0
    for index in range(at, len(tokens)):
        kind = tokens[index][0]
        if kind in "{[":
            depth += 1
        elif kind in "}]":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError("unbalanced JSON")


class _Lines:
    def __init__(self, text: str) -> None:
        starts = [0]
        for found in re.finditer(r"\r\n|\r|\n", text):
            starts.append(found.end())
        self.starts = starts

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)


@lru_cache(maxsize=1024)
def statement_spans(text: str) -> tuple[Span, ...]:
    """Where each statement of a (valid) policy document begins and ends, in statement order."""
    tokens = _tokens(text)
    lines = _Lines(text)
    if not tokens or tokens[0][0] != "{":
        return ()
    index = 1
    while index < len(tokens) and tokens[index][0] == '"':
        key = json.loads(text[tokens[index][1] : tokens[index][2]])
        value = index + 2
        end = _value_end(tokens, value)
        if key == "Statement":
            return _spans_of_value(tokens, value, end, lines)
        index = end + 2 if end + 1 < len(tokens) and tokens[end + 1][0] == "," else len(tokens)
    return ()


def _spans_of_value(
    tokens: list[tuple[str, int, int]], value: int, end: int, lines: _Lines
) -> tuple[Span, ...]:
    if tokens[value][0] == "{":
        # A lone statement: the parser has already read its "{" with the field name.
        return (Span(lines.position(tokens[value][2]), lines.position(tokens[end][2])),)
    spans: list[Span] = []
    previous_end = tokens[value][2]
    index = value + 1
    while index < end:
        if tokens[index][0] == ",":
            index += 1
            continue
        last = _value_end(tokens, index)
        spans.append(Span(lines.position(previous_end), lines.position(tokens[last][2])))
        previous_end = tokens[last][2]
        index = last + 1
    return tuple(spans)


def span_of(document: str, statement_index: int) -> Span:
    spans = statement_spans(document)
    if 0 <= statement_index < len(spans):
        return spans[statement_index]
    return Span(Position(1, 1), Position(1, 1))


# --- context keys -------------------------------------------------------------------------------------


def _add(found: dict[str, str], key: str) -> None:
    found.setdefault(key.lower(), key)


def context_keys(documents: Iterable[PolicyDocument]) -> tuple[str, ...]:
    """The condition keys and policy variables the documents reference, once each (names ignore case),
    in the order they appear: a statement's Resource/NotResource variables, then its conditions."""
    found: dict[str, str] = {}
    for document in documents:
        for statement in document.statements:
            for templates in (statement.resource or (), statement.not_resource or ()):
                for template in templates:
                    for variable in template.variables:
                        _add(found, variable.key)
            for entry in statement.condition:
                _add(found, entry.key)
                for template in entry.values:
                    for variable in template.variables:
                        _add(found, variable.key)
    return tuple(found.values())


def _missing_keys(
    policy: CompiledPolicy, action_key: str, resource: str, context: Mapping[str, ContextValue]
) -> list[str]:
    """Keys that statements naming the action (and the resource, unless it is written with variables)
    read but the context lacks."""
    missing: list[str] = []
    denies, allows = policy.for_action(action_key)
    for compiled in (*denies, *allows):
        statement = compiled.statement
        templates = (*(statement.resource or ()), *(statement.not_resource or ()))
        with_variables = any(template.variables for template in templates)
        if not with_variables:
            if compiled.resources is not None and not compiled.resources.matches(resource, context):
                continue
            if compiled.not_resources is not None and compiled.not_resources.matches(resource, context):
                continue
        needed: list[str] = [
            variable.key
            for template in templates
            for variable in template.variables
            if variable.default is None
        ]
        for entry in statement.condition:
            needed.append(entry.key)
            needed.extend(
                variable.key
                for template in entry.values
                for variable in template.variables
                if variable.default is None
            )
        missing.extend(key for key in needed if key.lower() not in context)
    return missing


# --- the resource type of an action -------------------------------------------------------------------

# Service Authorization Reference: the ARN formats of IAM's and STS's resource types.
_TEMPLATES: dict[tuple[str, str], str] = {
    ("iam", "user"): "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}",
    ("iam", "group"): "arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}",
    ("iam", "role"): "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
    ("iam", "policy"): "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}",
    ("iam", "instance-profile"): (
        "arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}"
    ),
    ("iam", "mfa"): "arn:${Partition}:iam::${Account}:mfa/${MfaTokenIdWithPath}",
    ("iam", "oidc-provider"): "arn:${Partition}:iam::${Account}:oidc-provider/${OidcProviderName}",
    ("iam", "saml-provider"): "arn:${Partition}:iam::${Account}:saml-provider/${SamlProviderName}",
    ("iam", "server-certificate"): (
        "arn:${Partition}:iam::${Account}:server-certificate/${CertificateNameWithPath}"
    ),
    ("sts", "assumed-role"): "arn:${Partition}:sts::${Account}:assumed-role/${RoleName}/${RoleSessionName}",
    ("sts", "federated-user"): "arn:${Partition}:sts::${Account}:federated-user/${UserName}",
}


def resource_template(action: str, resources: Sequence[str]) -> str:
    """``EvalResourceName``: the ARN template of the resource type the action is simulated on, when
    hatrack knows it (IAM and STS resources of the action's own service); otherwise ``*``."""
    service = action.partition(":")[0].lower()
    found: set[str] = set()
    for resource in resources:
        parts = resource.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or parts[2] != service:
            return "*"
        template = _TEMPLATES.get((service, parts[5].split("/", 1)[0]))
        if template is None:
            return "*"
        found.add(template)
    return found.pop() if len(found) == 1 else "*"


# --- the simulation -----------------------------------------------------------------------------------


def resource_account(resource: str, owner: str | None, caller_account: str) -> str:
    """The account that owns ``resource``: ``ResourceOwner`` if given, else the account in its ARN, else
    the caller's (AWS: "defaults to the account of the identity provided in CallerArn")."""
    if owner is not None:
        return owner
    parts = resource.split(":", 5)
    if len(parts) == 6 and len(parts[4]) == 12 and parts[4].isdigit():
        return parts[4]
    return caller_account


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
            for key in _missing_keys(policy, action_key, resource, context):
                _add(found, key)
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
        decision = max((result.decision for result in results), key=_RESTRICTIVENESS.__getitem__)
        matched: dict[StatementReference, None] = {}
        for result in results:
            if result.decision == decision:
                matched.update(dict.fromkeys(result.matched))
        missing: dict[str, str] = {}
        for result in results:
            for key in result.missing_context_values:
                _add(missing, key)
        details: dict[str, str] | None = None
        cross_account = [result.decision_details for result in results if result.decision_details is not None]
        if cross_account:
            details = {}
            for entry in cross_account:
                for source, value in entry.items():
                    current = details.get(source)
                    if current is None or _RESTRICTIVENESS[value] > _RESTRICTIVENESS[current]:
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


# --- a principal's policies ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourcePolicy:
    """A policy of the simulated principal, with what ``PolicyExclusionList`` can select it by."""

    policy: SimulationPolicy
    policy_type: str  # "inline" | "aws-managed" | "user-managed" | "permission-boundary"
    policy_arn: str | None = None
    attachment: tuple[str, str] | None = None  # (user | group | role, its name) of an inline policy


@dataclass(frozen=True, slots=True)
class SourcePolicies:
    principal: Principal
    identity: tuple[SourcePolicy, ...]
    boundary: SourcePolicy | None = None


@dataclass(frozen=True, slots=True)
class PolicyExclusion:
    """One ``PolicyIdentifier``: exactly one of a policy type, a managed policy ARN (``*``/``?`` in the
    name), or an inline policy by name and the user/group/role it is attached to."""

    policy_type: str | None = None
    policy_arn: str | None = None
    inline: tuple[str, str, str] | None = None  # (policy name, attachment type, attachment name)


def parse_source_arn(arn: str) -> tuple[str, str, str, str]:
    """(account, kind, path, name) of a ``PolicySourceArn``: a user, group or role ARN."""
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and not parts[3]:
        kind, slash, rest = parts[5].partition("/")
        if kind in (USER, GROUP, ROLE) and slash and rest and not rest.endswith("/"):
            cut = rest.rfind("/")
            return parts[4], kind, "/" + rest[: cut + 1], rest[cut + 1 :]
    raise InvalidInput(f"Invalid ARN {arn}: PolicySourceArn must be the ARN of an IAM user, group or role")


def _name_of(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def load_source_policies(conn: Connection, account_id: str, arn: str, *, partition: str) -> SourcePolicies:
    """The identity-based policies of the user (and its groups), group or role named by ``arn``, and its
    permissions boundary; ``NoSuchEntity`` if it does not exist in ``account_id``."""
    owner, kind, path, name = parse_source_arn(arn)
    if owner != account_id:
        raise NoSuchEntity(f"The {kind} with name {name} cannot be found.")
    principal = find_principal(conn, account_id, kind, name)
    if principal.path != path:
        raise NoSuchEntity(f"The {kind} with name {name} cannot be found.")
    attached_to: dict[str, tuple[str, str]] = {principal.principal_id: (kind, principal.name)}
    boundary_arn: str | None = None
    if kind == USER:
        for group in group_store.list_groups_for_user(conn, account_id, principal.principal_id):
            attached_to[group.group_id] = (GROUP, group.name)
        user = user_store.get_user_by_id(conn, account_id, principal.principal_id)
        boundary_arn = user.permissions_boundary_arn if user is not None else None
    elif kind == ROLE:
        role = role_store.get_role_by_id(conn, account_id, principal.principal_id)
        boundary_arn = role.permissions_boundary_arn if role is not None else None
    ids = list(attached_to)
    found: list[SourcePolicy] = []
    for record in policy_store.inline_documents(conn, account_id, ids):
        found.append(
            SourcePolicy(
                SimulationPolicy(record.policy_name, IDENTITY_SOURCE, record.document),
                "inline",
                attachment=attached_to[record.principal_id],
            )
        )
    aws = managed_policies.aws_managed_by_id()
    seen: set[str] = set()
    for entry in policy_store.attached_documents(conn, account_id, ids):
        if entry.policy_id in seen:
            continue
        seen.add(entry.policy_id)
        if entry.document is not None and entry.policy_name is not None:
            policy_arn = f"arn:{partition}:iam::{account_id}:policy{entry.path}{entry.policy_name}"
            found.append(
                SourcePolicy(
                    SimulationPolicy(entry.policy_name, IDENTITY_SOURCE, entry.document),
                    "user-managed",
                    policy_arn=policy_arn,
                )
            )
        elif entry.policy_id in aws:
            known = aws[entry.policy_id]
            policy_arn = f"arn:{partition}:iam::aws:policy{known.path}{known.policy_name}"
            found.append(
                SourcePolicy(
                    SimulationPolicy(known.policy_name, IDENTITY_SOURCE, known.document),
                    "aws-managed",
                    policy_arn=policy_arn,
                )
            )
    boundary: SourcePolicy | None = None
    labelled = boundary_policy(conn, account_id, boundary_arn)
    if labelled is not None:
        boundary = SourcePolicy(
            SimulationPolicy(_name_of(labelled.label), BOUNDARY_SOURCE, labelled.document),
            "permission-boundary",
            policy_arn=labelled.label,
        )
    return SourcePolicies(principal, tuple(found), boundary)


_EXCLUDABLE_TYPES = frozenset({"inline", "aws-managed", "user-managed", "permission-boundary", "scp", "rcp"})


def check_exclusion(exclusion: PolicyExclusion) -> PolicyExclusion:
    """``InvalidInput`` for an identifier that names nothing or more than one thing, or a malformed ARN."""
    given = [exclusion.policy_type, exclusion.policy_arn, exclusion.inline]
    if sum(member is not None for member in given) != 1:
        raise InvalidInput(
            "a PolicyIdentifier must specify exactly one of PolicyType, PolicyArn, InlinePolicyIdentifier"
        )
    if exclusion.policy_type is not None and exclusion.policy_type not in _EXCLUDABLE_TYPES:
        raise InvalidInput(f"PolicyType '{exclusion.policy_type}' is not valid")
    if exclusion.policy_arn is not None:
        arn = exclusion.policy_arn
        parts = arn.split(":", 5)
        head_ok = len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and not parts[3]
        if not head_ok or not parts[5].startswith("policy/") or any(c in ":".join(parts[:5]) for c in "*?"):
            raise InvalidInput(f"ARN {arn} is not valid.")
        resource = parts[5]
        path, name = resource[: resource.rfind("/") + 1], resource[resource.rfind("/") + 1 :]
        if not name or "*" in path or "?" in path or name.count("*") > 1:
            raise InvalidInput(f"ARN {arn} is not valid.")
    return exclusion


def exclude(policies: SourcePolicies, exclusions: Sequence[PolicyExclusion]) -> SourcePolicies:
    """``policies`` without those an exclusion selects (identifiers that select nothing are ignored)."""

    def excluded(source: SourcePolicy) -> bool:
        for exclusion in exclusions:
            if exclusion.policy_type is not None and exclusion.policy_type == source.policy_type:
                return True
            if (
                exclusion.policy_arn is not None
                and source.policy_type in ("aws-managed", "user-managed")
                and source.policy_arn is not None
                and glob_matches(exclusion.policy_arn, source.policy_arn)
            ):
                return True
            if exclusion.inline is not None and source.attachment is not None:
                policy_name, attachment_type, attachment_name = exclusion.inline
                if (
                    source.policy.source_id == policy_name
                    and source.attachment[0] == attachment_type
                    and glob_matches(attachment_name, source.attachment[1])
                ):
                    return True
        return False

    boundary = policies.boundary
    if boundary is not None and excluded(boundary):
        boundary = None
    return SourcePolicies(
        policies.principal, tuple(source for source in policies.identity if not excluded(source)), boundary
    )
