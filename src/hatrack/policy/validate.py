"""Validation: every finding of a policy document (errors and warnings), each with AWS's message.

``validate_policy`` reports all findings; ``check_policy`` raises the first error as AWS does
(``MalformedPolicyDocument`` 400, or ``LimitExceeded`` 409 for size). Errors are ordered the way
IAM reports them: JSON and grammar, Version, legacy parsing, Sid uniqueness, actions, resources,
then the rules of the policy kind. Messages are AWS's (see AWS_BEHAVIOUR.md §3.5); where AWS
answers with the generic "Syntax errors in policy." the finding's ``detail`` names the problem.
Imports only ``hatrack.errors``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from hatrack.errors import LimitExceeded, MalformedPolicyDocument, ValidationError
from hatrack.policy.ast import VERSION_2008, VERSION_2012, PolicyDocument, PrincipalType
from hatrack.policy.glob import compile_glob
from hatrack.policy.kinds import MAX_DOCUMENT_CHARS, TRUST_POLICY_ACTIONS, PolicyKind
from hatrack.policy.operators import OperatorFamily, parse_operator
from hatrack.policy.parse import (
    SYNTAX_ERROR,
    JsonSyntaxError,
    JsonValue,
    as_list,
    build_document,
    load_json,
    scalar_text,
    statements_of,
    too_long_message,
)
from hatrack.policy.template import has_malformed_reference
from hatrack.policy.values import parse_bool, parse_instant, parse_network, parse_number

TOP_ELEMENTS = frozenset({"Version", "Id", "Statement"})
STATEMENT_ELEMENTS = frozenset(
    {
        "Sid",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Principal",
        "NotPrincipal",
        "Condition",
    }
)
PARTITIONS = frozenset({"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "*"})

MUST_BE_2012 = "Policy document must be version 2012-10-17 or greater."
LEGACY_PARSING = "The policy failed legacy parsing"
SID_NOT_UNIQUE = "Statement IDs (SID) in a single policy must be unique."
NO_ACTIONS = "Policy statement must contain actions."
NO_RESOURCES = "Policy statement must contain resources."
NO_VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
TWO_COLONS = "Actions/Condition can contain only one colon."
HAS_PRINCIPAL = "Policy document should not specify a principal."
NO_PRINCIPAL = "Missing required field Principal"
TRUST_HAS_RESOURCE = "Has prohibited field Resource."
TRUST_ACTIONS = (
    "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and "
    "sts:AssumeRoleWithWebIdentity"
)
VENDOR_REGEX_RESOURCE = "Resource vendor must be fully qualified and cannot contain regexes."

_VENDOR = re.compile(r"^[a-zA-Z0-9\-.*?]+$")
_WHITESPACE = re.compile(r"\s+")
_ACCOUNT = re.compile(r"^[0-9]{12}$")
_AWS_PRINCIPAL_ARN = re.compile(
    r"^arn:[a-z\-]+:(?:iam::[0-9]{12}:(?:root|user/.+|role/.+|federated-user/.+)|"
    r"sts::[0-9]{12}:(?:assumed-role/[^/]+/.+|federated-user/.+))$"
)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: ``code`` is the AWS error code it raises, ``path`` the element (``Statement[0].Sid``)."""

    severity: Severity
    message: str
    path: str
    detail: str = ""
    code: str = MalformedPolicyDocument.code

    def __str__(self) -> str:
        where = self.path or "policy"
        suffix = f" ({self.detail})" if self.detail and self.detail != self.message else ""
        return f"{self.severity.value}: {where}: {self.message}{suffix}"


@dataclass(frozen=True, slots=True)
class ValidationResult:
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.errors + self.warnings


def policy_size(text: str) -> int:
    """The size IAM counts against quotas: characters other than white space."""
    return len(text) - sum(len(run) for run in _WHITESPACE.findall(text))


# --- findings -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Collector:
    """Findings by phase, so that the first error is the one IAM would report first."""

    phases: dict[int, list[Finding]] = field(default_factory=dict)

    def error(self, phase: int, message: str, path: str, detail: str = "", *, code: str = "") -> None:
        finding = Finding(
            Severity.ERROR, message, path, detail or message, code or MalformedPolicyDocument.code
        )
        self.phases.setdefault(phase, []).append(finding)

    def warning(self, message: str, path: str) -> None:
        self.phases.setdefault(1000, []).append(Finding(Severity.WARNING, message, path, message))

    def ordered(self) -> list[Finding]:
        return [finding for phase in sorted(self.phases) for finding in self.phases[phase]]


SYNTAX, VERSION, LEGACY, SID, ACTIONS, RESOURCES, VENDORS, CONDITIONS, KIND = range(1, 10)


def first_error(findings: list[Finding]) -> Finding | None:
    return next((finding for finding in findings if finding.severity is Severity.ERROR), None)


def _is_string_or_strings(value: JsonValue) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _check_top(document: JsonValue, out: _Collector) -> list[tuple[str, dict[str, JsonValue]]]:
    """Top-level grammar; returns the statements that are objects, with their paths."""
    if not isinstance(document, dict):
        out.error(SYNTAX, SYNTAX_ERROR, "", "a policy must be a JSON object")
        return []
    for key in document:
        if key not in TOP_ELEMENTS:
            out.error(SYNTAX, SYNTAX_ERROR, key, f"unknown element '{key}'")
    version = document.get("Version")
    if "Version" in document and version not in (VERSION_2012, VERSION_2008):
        out.error(SYNTAX, SYNTAX_ERROR, "Version", f"unknown Version {scalar_text(version)!r}")
    if "Id" in document and not isinstance(document["Id"], str):
        out.error(SYNTAX, SYNTAX_ERROR, "Id", "Id must be a string")
    if "Statement" not in document:
        out.error(SYNTAX, SYNTAX_ERROR, "Statement", "missing Statement")
        return []
    raw = document["Statement"]
    if not isinstance(raw, dict | list) or raw == []:
        out.error(
            SYNTAX, SYNTAX_ERROR, "Statement", "Statement must be an object or a non-empty list of objects"
        )
        return []
    statements: list[tuple[str, dict[str, JsonValue]]] = []
    for index, statement in enumerate(statements_of(document)):
        path = f"Statement[{index}]" if isinstance(raw, list) else "Statement"
        if isinstance(statement, dict):
            statements.append((path, statement))
        else:
            out.error(SYNTAX, SYNTAX_ERROR, path, "a statement must be a JSON object")
    return statements


def _check_principal_shape(value: JsonValue, path: str, out: _Collector) -> None:
    if value == "*":
        return
    if not isinstance(value, dict) or not value:
        out.error(SYNTAX, SYNTAX_ERROR, path, 'a principal must be "*" or an object such as {"AWS": ...}')
        return
    for type_name, members in value.items():
        member_path = f"{path}.{type_name}"
        if type_name not in {member.value for member in PrincipalType}:
            out.error(SYNTAX, SYNTAX_ERROR, member_path, f"unknown principal type '{type_name}'")
        elif not _is_string_or_strings(members) or members == []:
            out.error(
                SYNTAX, SYNTAX_ERROR, member_path, "principal values must be a string or a list of strings"
            )


def _check_condition_shape(value: JsonValue, path: str, out: _Collector) -> None:
    if not isinstance(value, dict):
        out.error(SYNTAX, SYNTAX_ERROR, path, "Condition must be an object of operators")
        return
    for operator, block in value.items():
        if not isinstance(block, dict):
            out.error(
                SYNTAX, SYNTAX_ERROR, f"{path}.{operator}", "a condition operator takes an object of keys"
            )
            continue
        for key, values in block.items():
            items = as_list(values)
            if not items or any(isinstance(item, dict | list) or item is None for item in items):
                out.error(
                    SYNTAX,
                    SYNTAX_ERROR,
                    f"{path}.{operator}.{key}",
                    "condition values must be a string, number or boolean, or a non-empty list of them",
                )


def _check_statement_shape(statement: dict[str, JsonValue], path: str, out: _Collector) -> None:
    for key in statement:
        if key not in STATEMENT_ELEMENTS:
            out.error(SYNTAX, SYNTAX_ERROR, f"{path}.{key}", f"unknown element '{key}'")
    for positive, negative in (
        ("Action", "NotAction"),
        ("Resource", "NotResource"),
        ("Principal", "NotPrincipal"),
    ):
        if positive in statement and negative in statement:
            out.error(SYNTAX, SYNTAX_ERROR, path, f"a statement cannot have both {positive} and {negative}")
    effect = statement.get("Effect")
    if "Effect" not in statement:
        out.error(SYNTAX, SYNTAX_ERROR, f"{path}.Effect", "missing Effect")
    elif effect not in ("Allow", "Deny"):
        out.error(
            SYNTAX,
            SYNTAX_ERROR,
            f"{path}.Effect",
            f'Effect must be "Allow" or "Deny", not {scalar_text(effect)!r}',
        )
    if "Sid" in statement and not isinstance(statement["Sid"], str):
        out.error(SYNTAX, SYNTAX_ERROR, f"{path}.Sid", "Sid must be a string")
    for key in ("Action", "NotAction", "Resource", "NotResource"):
        if key in statement and not _is_string_or_strings(statement[key]):
            out.error(SYNTAX, SYNTAX_ERROR, f"{path}.{key}", f"{key} must be a string or a list of strings")
    for key in ("Principal", "NotPrincipal"):
        if key in statement:
            _check_principal_shape(statement[key], f"{path}.{key}", out)
    if "Condition" in statement:
        _check_condition_shape(statement["Condition"], f"{path}.Condition", out)


def _strings(statement: dict[str, JsonValue], key: str) -> list[tuple[str, str]]:
    """``(path, value)`` for each string of ``statement[key]``."""
    value = statement.get(key)
    if isinstance(value, str):
        return [(f"{key}", value)]
    if isinstance(value, list):
        return [(f"{key}[{index}]", item) for index, item in enumerate(value) if isinstance(item, str)]
    return []


def _check_action(action: str, path: str, out: _Collector) -> None:
    if action == "*":
        return
    parts = action.split(":")
    if len(parts) == 1:
        out.error(VENDORS, NO_VENDOR, path, f"action '{action}' has no service prefix")
    elif len(parts) > 2:
        out.error(VENDORS, TWO_COLONS, path, f"action '{action}' has more than one colon")
    elif not _VENDOR.match(parts[0]):
        out.error(VENDORS, f"Vendor {parts[0]} is not valid", path)


def _check_resource(resource: str, path: str, out: _Collector) -> None:
    if resource == "*":
        return
    parts = resource.split(":", 5)
    if len(parts) < 2:
        out.error(RESOURCES, f'Resource {resource} must be in ARN format or "*".', path)
        return
    if parts[1] not in PARTITIONS:
        out.error(RESOURCES, f'Partition "{parts[1]}" is not valid for resource "{resource}".', path)
        return
    if len(parts) < 3:
        out.error(RESOURCES, VENDOR_REGEX_RESOURCE, path)
        return
    if (len(parts) < 6 and "::" in resource) or parts[2] == "":
        out.error(LEGACY, LEGACY_PARSING, path, f"resource '{resource}' is not a well-formed ARN")
        return
    if has_malformed_reference(resource):
        out.warning(
            f"'{resource}' holds a '${{' that is not a policy variable; it is matched literally", path
        )


def _check_condition_values(
    statement: dict[str, JsonValue], path: str, out: _Collector, version: str
) -> None:
    block = statement.get("Condition")
    if not isinstance(block, dict):
        return
    for operator_name, keys in block.items():
        operator_path = f"{path}.Condition.{operator_name}"
        operator = parse_operator(operator_name)
        if operator is None:
            out.error(
                CONDITIONS,
                f"Invalid Condition type : {operator_name}",
                operator_path,
                f"unknown condition operator '{operator_name}'",
            )
            continue
        if not isinstance(keys, dict):
            continue
        for key, values in keys.items():
            key_path = f"{operator_path}.{key}"
            if ":" not in key:
                out.error(VENDORS, NO_VENDOR, key_path, f"condition key '{key}' has no service prefix")
            for item in as_list(values):
                text = scalar_text(item)
                family = operator.base.family
                if family is OperatorFamily.DATE and parse_instant(text) is None:
                    out.error(
                        LEGACY, LEGACY_PARSING, key_path, f"'{text}' is not an ISO 8601 date or epoch seconds"
                    )
                elif family is OperatorFamily.NUMERIC and parse_number(text) is None:
                    out.warning(f"'{text}' is not a number; {operator_name} never matches it", key_path)
                elif family is OperatorFamily.IP_ADDRESS and parse_network(text) is None:
                    out.warning(f"'{text}' is not an IP address or CIDR block; it never matches", key_path)
                elif (
                    family in (OperatorFamily.BOOL, OperatorFamily.NULL)
                    and "${" not in text
                    and parse_bool(text) is None
                ):
                    out.warning(f"'{text}' is not true or false", key_path)
                if "${" in text and version != VERSION_2012:
                    out.warning(
                        "policy variables need Version 2012-10-17; this value is matched literally", key_path
                    )


def grammar_findings(document: JsonValue) -> list[Finding]:
    """The findings every kind shares (the grammar the evaluator needs)."""
    out = _Collector()
    _grammar(document, out)
    return out.ordered()


def _grammar(document: JsonValue, out: _Collector) -> list[tuple[str, dict[str, JsonValue]]]:
    statements = _check_top(document, out)
    version = document.get("Version") if isinstance(document, dict) else None
    version_text = version if isinstance(version, str) else ""
    seen_sids: set[str] = set()
    for path, statement in statements:
        _check_statement_shape(statement, path, out)
        sid = statement.get("Sid")
        if isinstance(sid, str) and sid:
            if sid in seen_sids:
                out.error(SID, SID_NOT_UNIQUE, f"{path}.Sid", f"Sid '{sid}' is used twice")
            seen_sids.add(sid)
        actions = _strings(statement, "Action") + _strings(statement, "NotAction")
        if not actions:
            out.error(ACTIONS, NO_ACTIONS, path, "the statement has no Action or NotAction")
        for action_path, action in actions:
            _check_action(action, f"{path}.{action_path}", out)
        for resource_path, resource in _strings(statement, "Resource") + _strings(statement, "NotResource"):
            _check_resource(resource, f"{path}.{resource_path}", out)
            if "${" in resource and version_text != VERSION_2012:
                out.warning(
                    "policy variables need Version 2012-10-17; this value is matched literally",
                    f"{path}.{resource_path}",
                )
        _check_condition_values(statement, path, out, version_text)
    return statements


def _check_aws_principal(value: str, path: str, out: _Collector) -> None:
    if value == "*" or _ACCOUNT.match(value) or _AWS_PRINCIPAL_ARN.match(value):
        return
    out.error(KIND, f'Invalid principal in policy: "AWS":"{value}"', path)


def _kind_findings(
    document: dict[str, JsonValue],
    statements: list[tuple[str, dict[str, JsonValue]]],
    kind: PolicyKind,
    out: _Collector,
) -> None:
    if kind.requires_version_2012 and document.get("Version") != VERSION_2012:
        out.error(VERSION, MUST_BE_2012, "Version", f'{kind.value} policies need "Version": "2012-10-17"')
    elif "Version" not in document:
        out.warning("no Version: the policy is read as 2008-10-17, without policy variables", "Version")
    for path, statement in statements:
        has_principal = "Principal" in statement or "NotPrincipal" in statement
        if kind.requires_principal and not has_principal:
            out.error(
                KIND, NO_PRINCIPAL, path, "a resource-based or trust policy statement must name a Principal"
            )
        if not kind.requires_principal and has_principal:
            key = "Principal" if "Principal" in statement else "NotPrincipal"
            out.error(KIND, HAS_PRINCIPAL, f"{path}.{key}", f"{key} is not allowed in a {kind.value} policy")
        if kind.requires_principal:
            for key in ("Principal", "NotPrincipal"):
                principal = statement.get(key)
                if isinstance(principal, dict):
                    for member_path, member in _strings(principal, "AWS"):
                        _check_aws_principal(member, f"{path}.{key}.{member_path}", out)
            if "NotPrincipal" in statement and statement.get("Effect") == "Allow":
                out.warning(
                    "NotPrincipal with Allow grants access to every principal not listed",
                    f"{path}.NotPrincipal",
                )
        has_resource = "Resource" in statement or "NotResource" in statement
        if kind is PolicyKind.TRUST:
            if has_resource:
                key = "Resource" if "Resource" in statement else "NotResource"
                out.error(KIND, TRUST_HAS_RESOURCE, f"{path}.{key}", f"a trust policy cannot have {key}")
            for action_path, action in _strings(statement, "Action") + _strings(statement, "NotAction"):
                if not _is_trust_action(action):
                    out.error(
                        KIND, TRUST_ACTIONS, f"{path}.{action_path}", f"'{action}' is not a role trust action"
                    )
        elif not has_resource or statement.get("Resource") == [] or statement.get("NotResource") == []:
            out.error(RESOURCES, NO_RESOURCES, path, "the statement has no Resource or NotResource")
        if kind is PolicyKind.SCP and "Condition" in statement and statement.get("Effect") == "Allow":
            out.warning(
                "service control policies support Condition only in Deny statements", f"{path}.Condition"
            )


def _is_trust_action(action: str) -> bool:
    """An ``sts:`` action (or pattern) naming at least one of the actions a trust policy may hold."""
    lowered = action.lower()
    if not lowered.startswith("sts:"):
        return False
    pattern = compile_glob(lowered)
    return any(pattern.matches(candidate) for candidate in TRUST_POLICY_ACTIONS)


def _size_finding(text: str, kind: PolicyKind, entity_name: str | None, out: _Collector) -> None:
    quota = kind.size_quota
    if quota is None or policy_size(text) <= quota:
        return
    if kind is PolicyKind.TRUST:
        message = f"Cannot exceed quota for ACLSizePerRole: {quota}"
    elif kind in (PolicyKind.MANAGED, PolicyKind.BOUNDARY):
        message = f"Cannot exceed quota for PolicySize: {quota}"
    else:
        entity = {PolicyKind.INLINE_USER: "user", PolicyKind.INLINE_GROUP: "group"}.get(kind, "role")
        message = f"Maximum policy size of {quota} bytes exceeded for {entity} {entity_name or ''}".rstrip()
    out.error(
        0,
        message,
        "",
        f"{policy_size(text)} characters without white space, quota {quota}",
        code=LimitExceeded.code,
    )


def _validate(text: str, kind: PolicyKind, entity_name: str | None) -> tuple[list[Finding], JsonValue]:
    out = _Collector()
    if len(text) > MAX_DOCUMENT_CHARS:
        # Past what any IAM API takes: refused before parsing, like AWS's input validation.
        detail = f"{len(text)} characters, at most {MAX_DOCUMENT_CHARS}"
        out.error(0, too_long_message(), "", detail, code=ValidationError.code)
        return out.ordered(), None
    _size_finding(text, kind, entity_name, out)
    try:
        document = load_json(text)
    except JsonSyntaxError as error:
        out.error(SYNTAX, SYNTAX_ERROR, "", error.detail)
        return out.ordered(), None
    statements = _grammar(document, out)
    if isinstance(document, dict):
        _kind_findings(document, statements, kind, out)
    return out.ordered(), document


def validate_policy(
    text: str, kind: PolicyKind = PolicyKind.IDENTITY, *, entity_name: str | None = None
) -> ValidationResult:
    """Every finding for ``text`` as a policy of ``kind``; never raises."""
    findings, _ = _validate(text, kind, entity_name)
    return ValidationResult(
        errors=tuple(finding for finding in findings if finding.severity is Severity.ERROR),
        warnings=tuple(finding for finding in findings if finding.severity is Severity.WARNING),
    )


def check_policy(
    text: str, kind: PolicyKind = PolicyKind.IDENTITY, *, entity_name: str | None = None
) -> PolicyDocument:
    """Parse and validate; raise AWS's error for the first problem.

    ``entity_name`` names the user, group or role in the inline-size message. Inline quotas apply
    to the total of a principal's inline policies: the IAM code sums ``policy_size`` itself.
    """
    findings, document = _validate(text, kind, entity_name)
    error = first_error(findings)
    if error is not None:
        if error.code == LimitExceeded.code:
            raise LimitExceeded(error.message)
        if error.code == ValidationError.code:
            raise ValidationError(error.message)
        raise MalformedPolicyDocument(error.message)
    assert isinstance(document, dict)
    return build_document(document)
