"""Reading policy JSON strictly, and the small helpers every pass over the raw JSON shares.

``load_json`` is strict where Python's ``json`` is lenient: duplicate keys, ``NaN`` and very deep
nesting are syntax errors, and numbers stay text (``JsonNumber``) so a 10 MB number costs no
conversion and ``3600`` compares as ``"3600"``. The grammar check (``grammar.py``), the tree builder
(``parse.py``) and the kind rules (``validate.py``) all read this raw JSON. Imports only
``hatrack.errors`` and ``policy.kinds``.
"""

from __future__ import annotations

import json

from hatrack.errors import ValidationError
from hatrack.policy.kinds import MAX_DOCUMENT_CHARS

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
