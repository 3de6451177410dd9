"""Translate the Java regular expressions of AWS's service models into compiled Python patterns.

AWS validates ``pattern`` constraints with Java's regex engine and whole-string matching. Three
differences matter for the patterns in the IAM, STS and CloudTrail models:

- ``\\w``, ``\\d`` and ``\\s`` are ASCII-only in Java, so patterns compile with ``re.ASCII``;
  otherwise ``é`` or Arabic-Indic digits would pass ``[\\w+=,.@-]+``.
- Java knows Unicode categories (``\\p{L}``, ``\\p{N}``, ``\\p{Z}``); Python's ``re`` does not. In
  Unicode mode Python's ``\\w`` is exactly ``\\p{L}`` ∪ ``\\p{N}`` ∪ ``_`` and ``[^\\W_]`` is exactly
  ``\\p{L}`` ∪ ``\\p{N}`` (a test checks this over every code point), and ``\\p{Z}`` is a short list.
- Java reads ``\\uD800\\uDC00`` as one supplementary code point (a UTF-16 surrogate pair), and the
  STS model writes the supplementary planes as ``\\u10000-\\u10FFFF``.

Imports nothing of hatrack.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["compile_model_pattern", "translate_java_pattern"]

# \p{Z}: the space separators (Zs) plus the line (Zl) and paragraph (Zp) separators.
_SEPARATORS = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"

_SURROGATE_PAIR = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")
_CHARACTER_CLASS = re.compile(r"\[(\^?)((?:\\.|[^\]\\])(?:\\.|[^\]\\])*)\]")
_CATEGORY = re.compile(r"\\p\{([A-Za-z]+)\}")
# Escapes whose meaning would change inside the Unicode-mode group built below.
_UNICODE_SENSITIVE = re.compile(r"\\[dDsSwWbB]")


def _join_surrogates(match: re.Match[str]) -> str:
    high = int(match.group(1), 16)
    low = int(match.group(2), 16)
    code_point = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return f"\\U{code_point:08x}"


def _translate_class(match: re.Match[str]) -> str:
    negated, body = match.group(1), match.group(2)
    categories = set(_CATEGORY.findall(body))
    if not categories:
        return match.group(0)
    if negated:
        raise ValueError(f"unsupported Java regex construct: negated class with categories {match.group(0)}")
    unknown = categories - {"L", "N", "Z"}
    if unknown or categories & {"L", "N"} not in ({"L", "N"}, set()):
        raise ValueError(f"unsupported Java regex category in {match.group(0)}")
    rest = _CATEGORY.sub("", body)
    if "Z" in categories:
        rest += _SEPARATORS
    if "L" not in categories:
        return f"[{rest}]"
    if "_" in rest and not _UNICODE_SENSITIVE.search(rest):
        # \p{L} ∪ \p{N} ∪ {_} is Python's Unicode \w, so the class stays one class.
        return f"(?u:[\\w{rest}])"
    alternatives = ["(?u:[^\\W_])"]
    if rest:
        alternatives.append(f"[{rest}]")
    return "(?:" + "|".join(alternatives) + ")"


def translate_java_pattern(pattern: str) -> str:
    """Rewrite one model pattern (Java syntax) into Python ``re`` syntax with the same meaning."""
    translated = _SURROGATE_PAIR.sub(_join_surrogates, pattern)
    translated = translated.replace("\\u10000-\\u10FFFF", "\\U00010000-\\U0010ffff")
    return _CHARACTER_CLASS.sub(_translate_class, translated)


@cache
def compile_model_pattern(pattern: str) -> re.Pattern[str]:
    """The compiled Python pattern for a model's ``pattern``; use ``fullmatch`` (AWS matches whole values)."""
    return re.compile(translate_java_pattern(pattern), re.ASCII)
