"""Validation: every finding of a policy document (errors and warnings), each with AWS's message.

``validate_policy`` reports all findings; ``check_policy`` raises the first error as AWS does
(``MalformedPolicyDocument`` 400, or ``LimitExceeded`` 409 for size). Errors are ordered the way
IAM reports them: JSON and grammar, Version, legacy parsing, Sid uniqueness, actions, resources,
then the rules of the policy kind. Messages are AWS's (pinned in ``tests/policy/``); where AWS
answers with the generic "Syntax errors in policy." the finding's ``detail`` names the problem.
Imports only ``hatrack.errors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hatrack.errors import LimitExceeded, MalformedPolicyDocument, ValidationError
from hatrack.policy.ast import VERSION_2012, PolicyDocument
from hatrack.policy.glob import compile_glob
from hatrack.policy.grammar import (
    KIND,
    NO_RESOURCES,
    RESOURCES,
    SYNTAX,
    VERSION,
    Collector,
    Finding,
    Severity,
    check_grammar,
    element_strings,
    first_error,
)
from hatrack.policy.json_text import SYNTAX_ERROR, JsonSyntaxError, JsonValue, load_json, too_long_message
from hatrack.policy.kinds import MAX_DOCUMENT_CHARS, TRUST_POLICY_ACTIONS, PolicyKind
from hatrack.policy.parse import build_document

MUST_BE_2012 = "Policy document must be version 2012-10-17 or greater."
HAS_PRINCIPAL = "Policy document should not specify a principal."
NO_PRINCIPAL = "Missing required field Principal"
TRUST_HAS_RESOURCE = "Has prohibited field Resource."
TRUST_ACTIONS = (
    "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and "
    "sts:AssumeRoleWithWebIdentity"
)
_WHITESPACE = re.compile(r"\s+")
_ACCOUNT = re.compile(r"^[0-9]{12}$")
_AWS_PRINCIPAL_ARN = re.compile(
    r"^arn:[a-z\-]+:(?:iam::[0-9]{12}:(?:root|user/.+|role/.+|federated-user/.+)|"
    r"sts::[0-9]{12}:(?:assumed-role/[^/]+/.+|federated-user/.+))$"
)


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


def _check_aws_principal(value: str, path: str, out: Collector) -> None:
    if value == "*" or _ACCOUNT.match(value) or _AWS_PRINCIPAL_ARN.match(value):
        return
    out.error(KIND, f'Invalid principal in policy: "AWS":"{value}"', path)


def _kind_findings(
    document: dict[str, JsonValue],
    statements: list[tuple[str, dict[str, JsonValue]]],
    kind: PolicyKind,
    out: Collector,
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
                    for member_path, member in element_strings(principal, "AWS"):
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
            for action_path, action in element_strings(statement, "Action") + element_strings(
                statement, "NotAction"
            ):
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


def _size_finding(text: str, kind: PolicyKind, entity_name: str | None, out: Collector) -> None:
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
    out = Collector()
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
    statements = check_grammar(document, out)
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
