"""JSON text -> ``PolicyDocument``, once.

``parse_policy`` reads the text strictly (``json_text.load_json``), checks the grammar every policy
kind shares (``grammar.grammar_findings``) and raises ``MalformedPolicyDocument`` with AWS's message
for the first error; ``build_document`` then builds the tree. The kind rules live in ``validate.py``,
which builds on this module (never the other way round). Imports only ``hatrack.errors``.
"""

from __future__ import annotations

from collections.abc import Sequence

from hatrack.errors import MalformedPolicyDocument
from hatrack.policy.ast import (
    VERSION_2012,
    ConditionEntry,
    Effect,
    PolicyDocument,
    Principal,
    PrincipalEntry,
    PrincipalType,
    Statement,
)
from hatrack.policy.grammar import first_error, grammar_findings
from hatrack.policy.json_text import (
    SYNTAX_ERROR,
    JsonSyntaxError,
    JsonValue,
    as_list,
    load_json,
    scalar_text,
    statements_of,
)
from hatrack.policy.json_text import check_document_length as check_document_length  # iam/simulation.py
from hatrack.policy.template import Template, parse_template


def parse_policy(text: str) -> PolicyDocument:
    """Parse and check the grammar shared by every kind; kind rules live in ``validate.py``."""
    check_document_length(text)
    try:
        value = load_json(text)
    except JsonSyntaxError:
        raise MalformedPolicyDocument(SYNTAX_ERROR) from None
    error = first_error(grammar_findings(value))
    if error is not None:
        raise MalformedPolicyDocument(error.message)
    assert isinstance(value, dict)
    return build_document(value)


def _strings(value: JsonValue | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(str(item) for item in as_list(value) if isinstance(item, str))


def _templates(value: JsonValue | None, *, with_variables: bool) -> tuple[Template, ...] | None:
    strings = _strings(value)
    if strings is None:
        return None
    return tuple(parse_template(item, with_variables=with_variables) for item in strings)


def _principal(value: JsonValue | None) -> Principal | None:
    if value is None:
        return None
    if value == "*":
        return Principal(wildcard=True)
    entries: list[PrincipalEntry] = []
    wildcard = False
    if isinstance(value, dict):
        for type_name, members in value.items():
            principal_type = PrincipalType(type_name)
            for member in as_list(members):
                if not isinstance(member, str):
                    continue
                if principal_type is PrincipalType.AWS and member == "*":
                    wildcard = True
                entries.append(PrincipalEntry(principal_type, str(member)))
    return Principal(wildcard=wildcard, entries=tuple(entries))


def _conditions(value: JsonValue | None, *, with_variables: bool) -> tuple[ConditionEntry, ...]:
    if not isinstance(value, dict):
        return ()
    entries: list[ConditionEntry] = []
    for operator, block in value.items():
        if not isinstance(block, dict):
            continue
        for key, values in block.items():
            texts: Sequence[str] = [scalar_text(item) for item in as_list(values)]
            templates = tuple(parse_template(text, with_variables=with_variables) for text in texts)
            entries.append(ConditionEntry(operator, key, templates))
    return tuple(entries)


def build_document(document: dict[str, JsonValue]) -> PolicyDocument:
    """Build the AST from JSON that passed ``grammar_findings`` without errors."""
    version = document.get("Version")
    version_text = str(version) if isinstance(version, str) else None
    with_variables = version_text == VERSION_2012
    identifier = document.get("Id")
    statements: list[Statement] = []
    for index, raw in enumerate(statements_of(document)):
        assert isinstance(raw, dict)
        sid = raw.get("Sid")
        statements.append(
            Statement(
                index=index,
                sid=str(sid) if isinstance(sid, str) else None,
                effect=Effect(raw["Effect"]),
                action=_strings(raw.get("Action")),
                not_action=_strings(raw.get("NotAction")),
                resource=_templates(raw.get("Resource"), with_variables=with_variables),
                not_resource=_templates(raw.get("NotResource"), with_variables=with_variables),
                principal=_principal(raw.get("Principal")),
                not_principal=_principal(raw.get("NotPrincipal")),
                condition=_conditions(raw.get("Condition"), with_variables=with_variables),
            )
        )
    return PolicyDocument(
        version=version_text,
        id=str(identifier) if isinstance(identifier, str) else None,
        statements=tuple(statements),
    )
