"""Where each statement of a policy document's text begins and ends, as AWS's parser reports it.

The policy simulator names the statements that decided (``MatchedStatements``) by position in the
document as written, so these come from the text, not from the parsed ``PolicyDocument``. The walk
reads only the top-level object and the ``Statement`` element; every JSON value in between is skipped
with the standard library's decoder (``raw_decode``), so strings, escapes and numbers are read by
the same JSON grammar ``parse.py`` checks the document with.

Positions follow AWS's parser: StartPosition is where the parser stands when it is about to read the
statement (just after ``[`` or after the previous statement's ``}``, or after the ``{`` of a lone
statement object); EndPosition is just after the statement's ``}``; lines and columns count from 1,
and ``\\r\\n``, ``\\r`` and ``\\n`` each end a line.

Pure; imports nothing of hatrack.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache

_WHITESPACE = " \t\r\n\ufeff"
# Numbers and constants stay text: a 10 000-digit number is skipped, never converted; objects are not
# built at all.
_DECODER = json.JSONDecoder(
    parse_int=str, parse_float=str, parse_constant=str, object_pairs_hook=lambda pairs: None
)


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Span:
    start: Position
    end: Position


_NOWHERE = Span(Position(1, 1), Position(1, 1))


class _Lines:
    """Offsets -> (line, column) for one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(found.end() for found in re.finditer(r"\r\n|\r|\n", text))]

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _WHITESPACE:
        at += 1
    return at


def _value_end(text: str, at: int) -> int:
    """The offset just after the JSON value that starts at ``at``."""
    _, end = _DECODER.raw_decode(text, at)
    return end


@lru_cache(maxsize=1024)
def statement_spans(text: str) -> tuple[Span, ...]:
    """Where each statement of a (valid) policy document begins and ends, in statement order.

    A text that is not a JSON object with a ``Statement`` member has no spans.
    """
    try:
        return _statement_spans(text)
    except (ValueError, IndexError):
        return ()  # not JSON this walk can read: the document was not valid


def _statement_spans(text: str) -> tuple[Span, ...]:
    at = _skip(text, 0)
    if text[at] != "{":
        return ()
    at = _skip(text, at + 1)
    while text[at] == '"':
        key, key_end = _DECODER.raw_decode(text, at)
        at = _skip(text, key_end)  # at the ":"
        value = _skip(text, at + 1)
        end = _value_end(text, value)
        if key == "Statement":
            return _spans_of(text, value, _Lines(text))
        at = _skip(text, end)
        if text[at] != ",":
            return ()
        at = _skip(text, at + 1)
    return ()


def _spans_of(text: str, value: int, lines: _Lines) -> tuple[Span, ...]:
    """The spans of the ``Statement`` value starting at ``value``: one object or a list of them."""
    if text[value] == "{":
        # A lone statement: the parser has already read its "{" with the field name.
        return (Span(lines.position(value + 1), lines.position(_value_end(text, value))),)
    spans: list[Span] = []
    previous_end = value + 1  # just after "["
    at = _skip(text, value + 1)
    while text[at] != "]":
        end = _value_end(text, at)
        spans.append(Span(lines.position(previous_end), lines.position(end)))
        previous_end = end
        at = _skip(text, end)
        if text[at] == ",":
            at = _skip(text, at + 1)
    return tuple(spans)


def span_of(text: str, statement_index: int) -> Span:
    """The span of statement ``statement_index`` (line 1, column 1 when the text has no such statement)."""
    spans = statement_spans(text)
    if 0 <= statement_index < len(spans):
        return spans[statement_index]
    return _NOWHERE
