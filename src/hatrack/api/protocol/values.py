"""Scalar conversions shared by the Query and JSON protocols: timestamps, XML text, echoed values.

Imports nothing of hatrack.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "XML_SPECIAL",
    "describe_value",
    "escape_xml",
    "format_iso8601",
    "is_true",
    "parse_iso8601",
    "timestamp_from_epoch",
    "to_epoch_seconds",
    "to_utc",
]

# Characters XML text cannot carry as-is: markup, CR (parsers fold CRLF), and code points that are
# illegal in XML 1.0 (C0 controls other than TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF).
XML_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_REPLACEMENTS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_XML_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')
_ECHO_LIMIT = 256


def _replace_xml(match: re.Match[str]) -> str:
    # INVARIANT: no response ever carries text an XML parser rejects; characters XML 1.0 cannot
    # represent at all become U+FFFD (input validation keeps them out of stored data in the first place).
    return _XML_REPLACEMENTS.get(match.group(0), "\ufffd")


def escape_xml(text: str) -> str:
    """``text`` as XML character data."""
    if XML_SPECIAL.search(text) is None:
        return text
    return XML_SPECIAL.sub(_replace_xml, text)


def escape_xml_attribute(text: str) -> str:
    """``text`` inside a double-quoted XML attribute."""
    text = escape_xml(text)
    if _XML_ATTRIBUTE_SPECIAL.search(text) is None:
        return text
    return text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def to_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive datetimes are taken as UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def timestamp_from_epoch(seconds: float) -> datetime:
    """The UTC instant ``seconds`` after the Unix epoch; raises ``ValueError`` when out of range."""
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError) as exc:
        raise ValueError(str(exc)) from exc


def format_iso8601(value: datetime | float) -> str:
    """ISO 8601 in UTC with a ``Z`` (``2024-05-01T12:00:00Z``); fractions only when non-zero."""
    if isinstance(value, int | float):
        instant = timestamp_from_epoch(value)
    elif value.tzinfo is UTC:
        instant = value
    else:
        instant = to_utc(value)
    micros = instant.microsecond
    if micros == 0:
        text = instant.isoformat(timespec="seconds")
    elif micros % 1000 == 0:
        text = instant.isoformat(timespec="milliseconds")
    else:
        text = instant.isoformat(timespec="microseconds")
    # INVARIANT: instant is UTC, so isoformat ends in "+00:00".
    return text[:-6] + "Z"


def to_epoch_seconds(value: datetime | float) -> int | float:
    """Seconds since the Unix epoch, an integer when the instant has no fraction."""
    if isinstance(value, int | float):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    seconds = value.timestamp()
    return int(seconds) if value.microsecond == 0 else seconds


_ISO8601 = re.compile(
    r"\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?", re.ASCII
)


def parse_iso8601(text: str) -> datetime:
    """An aware datetime from ISO 8601 extended format (no offset means UTC); raises ``ValueError``."""
    match = _ISO8601.fullmatch(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 timestamp: {text!r}")
    fraction = match.group(3)
    if fraction is not None and len(fraction) > 7:
        # Python keeps microseconds; AWS sends at most milliseconds. Truncate nanoseconds.
        text = text.replace(fraction, fraction[:7], 1)
    if text[-1] in "zZ":
        text = text[:-1] + "+00:00"
    return to_utc(datetime.fromisoformat(text))


def is_true(value: Any) -> bool:
    """A boolean output value; the strings "true"/"false" (any case) mean what they say, not truthiness."""
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def describe_value(value: Any) -> str:
    """How a value appears echoed in an error message (without quotes), shortened when long."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, datetime):
        text = format_iso8601(value)
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(describe_value(item) for item in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{key}={describe_value(item)}" for key, item in value.items()) + "}"
    else:
        text = str(value)
    if len(text) > _ECHO_LIMIT:
        return text[:_ECHO_LIMIT] + "…"
    return text
