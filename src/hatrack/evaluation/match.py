"""Matching compiled once: action and resource wildcard sets, ARN part-by-part patterns, and the
substitution of policy variables.

Fast paths first: ``*`` matches everything, literal patterns go into a set, patterns with
wildcards join one compiled alternation. A pattern with variables keeps its parts and is turned
into a regular expression per request, the variable values escaped (a ``*`` in a user name is not
a wildcard); compiled expressions are cached. Imports only ``hatrack.policy``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from hatrack.evaluation.request import ContextValue
from hatrack.policy.glob import glob_to_regex_text, has_wildcards
from hatrack.policy.template import Escaped, Part, Template, Text, Variable

# A template with its variables resolved: (literal?, text) pieces. Literal pieces never hold wildcards.
Resolved = tuple[tuple[bool, str], ...]


def resolve_variable(variable: Variable, context: Mapping[str, ContextValue]) -> str | None:
    """The value of ``${key}``; ``None`` when absent without a default, or multi-valued."""
    value = context.get(variable.key_lower)
    if isinstance(value, str):
        return value
    if value is None and variable.default is not None:
        return variable.default
    return None


def resolve(parts: Iterable[Part], context: Mapping[str, ContextValue]) -> Resolved | None:
    """Substitute every variable; ``None`` when one cannot be resolved (the value matches nothing)."""
    pieces: list[tuple[bool, str]] = []
    for part in parts:
        if isinstance(part, Text):
            pieces.append((False, part.text))
        elif isinstance(part, Escaped):
            pieces.append((True, part.char))
        else:
            value = resolve_variable(part, context)
            if value is None:
                return None
            pieces.append((True, value))
    return tuple(pieces)


def static(template: Template) -> Resolved:
    """The pieces of a template without variables (escapes are literal)."""
    pieces: list[tuple[bool, str]] = []
    for part in template.parts:
        if isinstance(part, Text):
            pieces.append((False, part.text))
        elif isinstance(part, Escaped):
            pieces.append((True, part.char))
    return tuple(pieces)


def is_literal(resolved: Resolved) -> bool:
    """True when the pattern has no wildcard, so it matches only its own text."""
    return all(literal or not has_wildcards(text) for literal, text in resolved)


def joined(resolved: Resolved) -> str:
    return "".join(text for _, text in resolved)


def regex_text(resolved: Resolved, *, arn: bool) -> str:
    """The expression of a pattern; with ``arn`` a wildcard in the first five parts stays inside its part."""
    out: list[str] = []
    colons = 0
    for literal, text in resolved:
        if literal:
            out.append(re.escape(text))
            continue
        if not arn:
            out.append(glob_to_regex_text(text))
            continue
        for char in text:
            if char == ":":
                colons += 1
                out.append(":")
            elif char == "*":
                out.append("[^:]*" if colons < 5 else ".*")
            elif char == "?":
                out.append("[^:]" if colons < 5 else ".")
            else:
                out.append(re.escape(char))
    return "".join(out)


@lru_cache(maxsize=16384)
def compiled(expression: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    return re.compile(expression, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def alternation(expressions: Iterable[str], *, ignore_case: bool = False) -> re.Pattern[str] | None:
    unique = sorted(set(expressions))
    if not unique:
        return None
    return compiled("|".join(f"(?:{text})" for text in unique), ignore_case=ignore_case)


class ActionSet:
    """Action or NotAction patterns, lower-cased: names ignore case."""

    __slots__ = ("everything", "literals", "pattern")

    def __init__(self, patterns: Iterable[str]) -> None:
        lowered = [pattern.lower() for pattern in patterns]
        self.everything = "*" in lowered
        self.literals = frozenset(pattern for pattern in lowered if not has_wildcards(pattern))
        self.pattern = alternation(glob_to_regex_text(p) for p in lowered if has_wildcards(p) and p != "*")

    def matches(self, action_key: str) -> bool:
        if self.everything or action_key in self.literals:
            return True
        return self.pattern is not None and self.pattern.fullmatch(action_key) is not None


class ResourceSet:
    """Resource or NotResource patterns, case-sensitive, ``*`` crossing ``/`` and ``:``.

    ``"*"`` matches every resource, including the request resource ``"*"``, which no other
    pattern matches.
    """

    __slots__ = ("everything", "literals", "pattern", "templates")

    def __init__(self, templates: Iterable[Template]) -> None:
        literals: list[str] = []
        expressions: list[str] = []
        with_variables: list[Template] = []
        self.everything = False
        for template in templates:
            if template.raw == "*" and template.is_plain:
                self.everything = True
            elif template.variables:
                with_variables.append(template)
            else:
                pieces = static(template)
                if is_literal(pieces):
                    literals.append(joined(pieces))
                else:
                    expressions.append(regex_text(pieces, arn=False))
        self.literals = frozenset(literals)
        self.pattern = alternation(expressions)
        self.templates = tuple(with_variables)

    def matches(self, resource: str, context: Mapping[str, ContextValue]) -> bool:
        if self.everything:
            return True
        if resource == "*":
            return False
        if resource in self.literals:
            return True
        if self.pattern is not None and self.pattern.fullmatch(resource) is not None:
            return True
        for template in self.templates:
            resolved = resolve(template.parts, context)
            if resolved is not None and compiled(regex_text(resolved, arn=False)).fullmatch(resource):
                return True
        return False
