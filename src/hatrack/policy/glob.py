"""IAM wildcards: ``*`` is any run of characters (also ``/`` and ``:``), ``?`` exactly one.

Imports nothing of hatrack.
"""

from __future__ import annotations

import re
from functools import lru_cache


def glob_to_regex_text(pattern: str) -> str:
    """The regular-expression text of an IAM wildcard pattern (without anchors)."""
    pieces: list[str] = []
    literal: list[str] = []
    for char in pattern:
        if char in "*?":
            if literal:
                pieces.append(re.escape("".join(literal)))
                literal = []
            pieces.append(".*" if char == "*" else ".")
        else:
            literal.append(char)
    if literal:
        pieces.append(re.escape("".join(literal)))
    return "".join(pieces)


@lru_cache(maxsize=16384)
def glob_regex(pattern: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    """The compiled pattern; use ``fullmatch``."""
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(glob_to_regex_text(pattern), flags)


def has_wildcards(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern
