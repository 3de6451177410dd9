"""Decode an ``application/x-www-form-urlencoded`` body and a query string into one parameter dict.

The Query protocol (IAM, STS) sends every parameter this way. Choices:

- a malformed ``%`` escape is ``MalformedQueryString`` with the wording of AWS (row 3);
- bytes that are not UTF-8, raw or %-encoded, are ``InvalidBodyEncoding`` (row 2);
- a parameter given twice with *different* values (twice in the body, or once in the query and once
  in the body) is a ``ValidationError``: AWS would take the first, but authorising one value and acting
  on another is the risk, so hatrack refuses (row 7). The same value twice is harmless and accepted;
- more than ``MAX_FIELDS`` fields is a ``ValidationError`` before any dict is built (row 12);
- a NUL character, raw or ``%00``, in a parameter name or in ``Action`` is a ``ValidationError``
  [choice]: PostgreSQL cannot store one, so recording the failed call would fail (a 500, found by
  tests/api/test_fuzz.py). NUL in other values is judged by ``validate_input`` (the model's patterns,
  with AWS's wording, then a last check for the shapes that have none).
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from hatrack.errors import InvalidBodyEncoding, MalformedQueryString, ValidationError

_NUL_MESSAGE = "parameter '{}' contains a NUL character"  # guess: AWS's wording is unknown

__all__ = ["MAX_FIELDS", "parse_form"]

MAX_FIELDS = 10_000

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_BODY_ENCODING_MESSAGE = (
    "The request body used an unsupported character set encoding. Currently only UTF-8 is supported."
)


def _check_escapes(text: str) -> None:
    match = _BAD_ESCAPE.search(text)
    if match is None:
        return
    start = match.start()
    if len(text) - start < 3:
        raise MalformedQueryString("Incomplete trailing escape % sequence")
    raise MalformedQueryString(f"Illegal hex character in escape % pattern: {text[start : start + 3]}")


def _decode(text: str) -> str:
    if "+" in text:
        text = text.replace("+", " ")
    if "%" in text:
        # Strict UTF-8: %-encoded bytes that are not UTF-8 raise UnicodeDecodeError.
        text = unquote_to_bytes(text).decode("utf-8")
    return text


def _add_fields(text: str, params: dict[str, str]) -> None:
    if not text:
        return
    encoded = "%" in text or "+" in text
    if encoded:
        _check_escapes(text)
    has_nul = "\x00" in text or "%00" in text
    try:
        for field in text.split("&"):
            if not field:
                continue
            name, _, value = field.partition("=")
            if encoded:
                if "%" in name or "+" in name:
                    name = _decode(name)
                if "%" in value or "+" in value:
                    value = _decode(value)
            if has_nul and ("\x00" in name or (name == "Action" and "\x00" in value)):
                raise ValidationError(_NUL_MESSAGE.format(name.replace("\x00", "\\0")))
            previous = params.setdefault(name, value)
            if previous != value:
                raise ValidationError(f"parameter '{name}' is given more than once with different values")
    except (UnicodeDecodeError, UnicodeEncodeError) as exc:  # Encode: a surrogate-escaped raw byte
        raise InvalidBodyEncoding(_BODY_ENCODING_MESSAGE) from exc


def parse_form(body: bytes, query_string: str) -> dict[str, str]:
    """The parameters of a form-encoded ``body`` and a ``query_string``, merged, names and values decoded."""
    fields = body.count(b"&") + query_string.count("&") + 2
    if fields > MAX_FIELDS:
        raise ValidationError(f"request has more than {MAX_FIELDS} parameters")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidBodyEncoding(_BODY_ENCODING_MESSAGE) from exc
    params: dict[str, str] = {}
    _add_fields(query_string, params)
    _add_fields(text, params)
    return params
