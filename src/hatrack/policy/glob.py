"""IAM wildcards: ``*`` is any run of characters (also ``/`` and ``:``), ``?`` exactly one.

Matching never backtracks (issue 10: a regular expression with several ``.*`` took seconds on one
ARN). A pattern is cut at its stars into segments of literal characters and ``?``; the first segment
must match at the start, the last at the end, and each middle one is searched leftmost after the
previous one, which is correct for globs because a star can absorb any gap. Literal segments are
found with ``str.find``; a segment holding ``?`` is searched with a bit-parallel automaton
(Shift-And), one step per subject character. The work is linear in the subject for each segment
(``str.find`` falls back to a linear two-way search on long inputs), so a match costs at most about
``len(subject) * number of segments`` character steps and never grows exponentially.

ARN matching (``ArnLike``, IAM User Guide "ARN condition operators") compares the six colon-separated
parts one by one: a wildcard in the first five parts stays inside its part, in the last it may cross
colons. Imports nothing of hatrack.
"""

from __future__ import annotations

from collections.abc import Iterable

# A pattern as pieces: (literal?, text). In a literal piece (an escape like ``${*}`` or a variable's
# value) ``*`` and ``?`` are plain characters.
Pieces = Iterable[tuple[bool, str]]

_STAR = -1
_ANY = -2
_Token = str | int


class _Segment:
    """A run of literal characters and single-character wildcards between two stars."""

    __slots__ = ("any_mask", "chunks", "goal", "length", "masks", "text")

    def __init__(self, tokens: list[_Token]) -> None:
        self.length = len(tokens)
        chunks: list[tuple[int, str]] = []
        run: list[str] = []
        for offset, token in enumerate(tokens):
            if isinstance(token, str):
                run.append(token)
                continue
            if run:
                chunks.append((offset - len(run), "".join(run)))
                run = []
        if run:
            chunks.append((self.length - len(run), "".join(run)))
        self.chunks = tuple(chunks)
        # Without ``?`` the segment is one literal text, searched with str.find.
        self.text = "".join(token for token in tokens if isinstance(token, str))
        self.any_mask = 0
        self.masks: dict[str, int] = {}
        self.goal = 1 << (self.length - 1) if self.length else 0
        if len(self.text) != self.length:
            for offset, token in enumerate(tokens):
                if not isinstance(token, str):
                    self.any_mask |= 1 << offset
            for offset, token in enumerate(tokens):
                if isinstance(token, str):
                    self.masks[token] = self.masks.get(token, self.any_mask) | 1 << offset

    @property
    def has_any(self) -> bool:
        return self.any_mask != 0

    def at(self, subject: str, position: int) -> bool:
        """Does the segment match ``subject`` exactly at ``position`` (the caller checked the length)?"""
        for offset, chunk in self.chunks:  # noqa: SIM110 - a plain loop is faster on the hot path
            if not subject.startswith(chunk, position + offset):
                return False
        return True

    def find(self, subject: str, start: int, end: int) -> int:
        """The leftmost position ``p >= start`` where the segment matches within ``subject[:end]``."""
        if not self.any_mask:
            return subject.find(self.text, start, end)
        if not self.length:
            return start if start <= end else -1
        # Shift-And: bit i of ``state`` says the first i+1 tokens match the text ending here.
        state = 0
        masks, default, goal = self.masks, self.any_mask, self.goal
        for index in range(start, end):
            state = ((state << 1) | 1) & masks.get(subject[index], default)
            if state & goal:
                return index - self.length + 1
        return -1


class Glob:
    """A compiled wildcard pattern; ``matches(subject)`` is the whole-string test."""

    __slots__ = ("first", "last", "middle", "minimum", "starred")

    def __init__(self, tokens: list[_Token]) -> None:
        segments: list[_Segment] = []
        current: list[_Token] = []
        for token in tokens:
            if token == _STAR:
                segments.append(_Segment(current))
                current = []
            else:
                current.append(token)
        segments.append(_Segment(current))
        self.starred = len(segments) > 1
        self.first = segments[0]
        self.last = segments[-1]
        self.middle = tuple(segment for segment in segments[1:-1] if segment.length)
        self.minimum = sum(segment.length for segment in segments)

    def matches(self, subject: str) -> bool:
        length = len(subject)
        first = self.first
        if not self.starred:
            return length == first.length and first.at(subject, 0)
        if length < self.minimum or not first.at(subject, 0):
            return False
        last = self.last
        end = length - last.length
        if not last.at(subject, end):
            return False
        position = first.length
        for segment in self.middle:
            found = segment.find(subject, position, end)
            if found < 0:
                return False
            position = found + segment.length
        return True


class ArnGlob:
    """An ARN pattern matched part by part: the subject's first five colons must meet the pattern's."""

    __slots__ = ("parts",)

    def __init__(self, tokens: list[_Token]) -> None:
        parts: list[Glob] = []
        current: list[_Token] = []
        for token in tokens:
            if token == ":" and len(parts) < 5:
                parts.append(Glob(current))
                current = []
            else:
                current.append(token)
        parts.append(Glob(current))
        self.parts = tuple(parts)

    def matches(self, subject: str) -> bool:
        pieces = subject.split(":", 5)
        if len(pieces) != len(self.parts):
            return False
        for part, piece in zip(self.parts, pieces, strict=True):  # noqa: SIM110 - hot path
            if not part.matches(piece):
                return False
        return True


def _tokens(pieces: Pieces) -> list[_Token]:
    tokens: list[_Token] = []
    for literal, text in pieces:
        for char in text:
            if literal or char not in "*?":
                tokens.append(char)
            elif char == "?":
                tokens.append(_ANY)
            elif not tokens or tokens[-1] != _STAR:  # ``**`` is ``*``
                tokens.append(_STAR)
    return tokens


def compile_pieces(pieces: Pieces, *, arn: bool = False) -> Glob | ArnGlob:
    """The matcher of a pattern given as (literal?, text) pieces (variables already substituted)."""
    tokens = _tokens(pieces)
    return ArnGlob(tokens) if arn else Glob(tokens)


def compile_glob(pattern: str, *, arn: bool = False) -> Glob | ArnGlob:
    """The matcher of a plain wildcard pattern (every ``*`` and ``?`` a wildcard).

    Not cached: compiling is linear in the pattern, and a cache keyed by patterns of up to 128 KiB
    would be a memory hazard of its own."""
    return compile_pieces(((False, pattern),), arn=arn)


def glob_matches(pattern: str, subject: str, *, ignore_case: bool = False) -> bool:
    """Does ``subject`` match the IAM wildcard ``pattern`` (``*`` crossing ``:`` and ``/``)?"""
    if ignore_case:
        pattern, subject = pattern.lower(), subject.lower()
    return compile_glob(pattern).matches(subject)


def has_wildcards(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern
