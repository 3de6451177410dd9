"""The grammar every policy kind shares, checked on the raw JSON: each finding with AWS's message.

The checks walk the JSON value, not the ``PolicyDocument`` tree: the tree can only be built from JSON
that passed them (``parse.build_document``), and a finding needs the element path the JSON has.
``parse.py`` raises the first error; ``validate.py`` adds the rules of each policy kind and reports
every finding. Findings are collected by phase so that the first error is the one IAM reports first:
JSON and grammar, Version, legacy parsing, Sid uniqueness, actions, resources, then the kind's rules.
Imports only ``hatrack.errors``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from hatrack.errors import MalformedPolicyDocument
from hatrack.policy.ast import VERSION_2008, VERSION_2012, PrincipalType
from hatrack.policy.json_text import SYNTAX_ERROR, JsonValue, as_list, scalar_text, statements_of
from hatrack.policy.operators import OperatorFamily, parse_operator
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

LEGACY_PARSING = "The policy failed legacy parsing"
SID_NOT_UNIQUE = "Statement IDs (SID) in a single policy must be unique."
NO_ACTIONS = "Policy statement must contain actions."
NO_RESOURCES = "Policy statement must contain resources."
NO_VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
TWO_COLONS = "Actions/Condition can contain only one colon."
VENDOR_REGEX_RESOURCE = "Resource vendor must be fully qualified and cannot contain regexes."

_VENDOR = re.compile(r"^[a-zA-Z0-9\-.*?]+$")


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


# --- findings -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Collector:
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


def _is_string_orelement_strings(value: JsonValue) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _check_top(document: JsonValue, out: Collector) -> list[tuple[str, dict[str, JsonValue]]]:
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


def _check_principal_shape(value: JsonValue, path: str, out: Collector) -> None:
    if value == "*":
        return
    if not isinstance(value, dict) or not value:
        out.error(SYNTAX, SYNTAX_ERROR, path, 'a principal must be "*" or an object such as {"AWS": ...}')
        return
    for type_name, members in value.items():
        member_path = f"{path}.{type_name}"
        if type_name not in {member.value for member in PrincipalType}:
            out.error(SYNTAX, SYNTAX_ERROR, member_path, f"unknown principal type '{type_name}'")
        elif not _is_string_orelement_strings(members) or members == []:
            out.error(
                SYNTAX, SYNTAX_ERROR, member_path, "principal values must be a string or a list of strings"
            )


def _check_condition_shape(value: JsonValue, path: str, out: Collector) -> None:
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


def _check_statement_shape(statement: dict[str, JsonValue], path: str, out: Collector) -> None:
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
        if key in statement and not _is_string_orelement_strings(statement[key]):
            out.error(SYNTAX, SYNTAX_ERROR, f"{path}.{key}", f"{key} must be a string or a list of strings")
    for key in ("Principal", "NotPrincipal"):
        if key in statement:
            _check_principal_shape(statement[key], f"{path}.{key}", out)
    if "Condition" in statement:
        _check_condition_shape(statement["Condition"], f"{path}.Condition", out)


def element_strings(statement: dict[str, JsonValue], key: str) -> list[tuple[str, str]]:
    """``(path, value)`` for each string of ``statement[key]``."""
    value = statement.get(key)
    if isinstance(value, str):
        return [(f"{key}", value)]
    if isinstance(value, list):
        return [(f"{key}[{index}]", item) for index, item in enumerate(value) if isinstance(item, str)]
    return []


def _check_action(action: str, path: str, out: Collector) -> None:
    if action == "*":
        return
    parts = action.split(":")
    if len(parts) == 1:
        out.error(VENDORS, NO_VENDOR, path, f"action '{action}' has no service prefix")
    elif len(parts) > 2:
        out.error(VENDORS, TWO_COLONS, path, f"action '{action}' has more than one colon")
    elif not _VENDOR.match(parts[0]):
        out.error(VENDORS, f"Vendor {parts[0]} is not valid", path)


def _check_resource(resource: str, path: str, out: Collector) -> None:
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


def _check_condition_values(statement: dict[str, JsonValue], path: str, out: Collector, version: str) -> None:
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
    out = Collector()
    check_grammar(document, out)
    return out.ordered()


def check_grammar(document: JsonValue, out: Collector) -> list[tuple[str, dict[str, JsonValue]]]:
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
        actions = element_strings(statement, "Action") + element_strings(statement, "NotAction")
        if not actions:
            out.error(ACTIONS, NO_ACTIONS, path, "the statement has no Action or NotAction")
        for action_path, action in actions:
            _check_action(action, f"{path}.{action_path}", out)
        for resource_path, resource in element_strings(statement, "Resource") + element_strings(
            statement, "NotResource"
        ):
            _check_resource(resource, f"{path}.{resource_path}", out)
            if "${" in resource and version_text != VERSION_2012:
                out.warning(
                    "policy variables need Version 2012-10-17; this value is matched literally",
                    f"{path}.{resource_path}",
                )
        _check_condition_values(statement, path, out, version_text)
    return statements
