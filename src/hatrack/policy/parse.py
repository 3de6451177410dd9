"""JSON text -> ``PolicyDocument``, once.

``load_json`` is strict where Python's ``json`` is lenient: duplicate keys, ``NaN`` and very deep
nesting are syntax errors, and numbers stay text (``JsonNumber``) so a 10 MB number costs no
conversion and ``3600`` compares as ``"3600"``. ``parse_policy`` checks the grammar every policy
kind shares and raises ``MalformedPolicyDocument`` with AWS's message for the first error.
Imports only ``hatrack.errors``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from hatrack.errors import MalformedPolicyDocument, ValidationError
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
from hatrack.policy.kinds import MAX_DOCUMENT_CHARS
from hatrack.policy.template import Template, parse_template

SYNTAX_ERROR = "Syntax errors in policy."


def too_long_message(member: str = "policyDocument") -> str:
    """AWS's model-validation message for a document past ``MAX_DOCUMENT_CHARS``."""
    return (
        f"1 validation error detected: Value at '{member}' failed to satisfy constraint: "
        f"Member must have length less than or equal to {MAX_DOCUMENT_CHARS}"
    )


def check_document_length(text: str, member: str = "policyDocument") -> None:
    """``ValidationError`` for a document longer than any IAM API accepts (before any parsing)."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise ValidationError(too_long_message(member))


class JsonNumber(str):
    """A JSON number kept as the text it was written as."""

    __slots__ = ()


JsonValue = dict[str, "JsonValue"] | list["JsonValue"] | str | bool | None


class JsonSyntaxError(ValueError):
    """The text is not a JSON document the policy grammar can read; ``detail`` says why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _object_without_duplicates(pairs: list[tuple[str, JsonValue]]) -> dict[str, JsonValue]:
    result: dict[str, JsonValue] = {}
    for key, value in pairs:
        if key in result:
            # Python's json keeps the last value; a reviewer would read the first. Refuse both.
            raise JsonSyntaxError(f"duplicate key '{key}'")
        result[key] = value
    return result


def _refuse_constant(name: str) -> JsonValue:
    raise JsonSyntaxError(f"'{name}' is not JSON")


def load_json(text: str) -> JsonValue:
    """Parse ``text`` strictly; raises ``JsonSyntaxError``."""
    try:
        value: JsonValue = json.loads(
            text,
            object_pairs_hook=_object_without_duplicates,
            parse_int=JsonNumber,
            parse_float=JsonNumber,
            parse_constant=_refuse_constant,
        )
    except JsonSyntaxError:
        raise
    except RecursionError:
        raise JsonSyntaxError("the document is nested too deeply") from None
    except ValueError as error:
        raise JsonSyntaxError(f"not valid JSON: {error}") from None
    return value


def as_list(value: JsonValue) -> list[JsonValue]:
    return value if isinstance(value, list) else [value]


def scalar_text(value: JsonValue) -> str:
    """The string form AWS compares a condition value by: ``true`` -> ``"true"``, ``3600`` -> ``"3600"``."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return str(value)
    return json.dumps(value)


def statements_of(document: dict[str, JsonValue]) -> list[JsonValue]:
    statement = document.get("Statement")
    return statement if isinstance(statement, list) else [statement]


def parse_policy(text: str) -> PolicyDocument:
    """Parse and check the grammar shared by every kind; kind rules live in ``validate.py``."""
    # validate.py builds on this module; import it late to keep the modules apart.
    from hatrack.policy.validate import first_error, grammar_findings

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
