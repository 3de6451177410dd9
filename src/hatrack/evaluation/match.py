"""Matching compiled once: action and resource wildcard sets, ARN part-by-part patterns, and
patterns holding policy variables.

Fast paths first: ``*`` matches everything, literal patterns go into a set, ``prefix*`` patterns
into one ``str.startswith`` tuple, other wildcard patterns become linear-time matchers
(``hatrack.policy.glob``, no regular expression: those backtrack). A pattern with variables
(``TemplatePattern``) is matched after substituting the values as literal text.
Imports only ``hatrack.policy``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from hatrack.evaluation.request import ContextValue
from hatrack.policy.glob import ArnGlob, Glob, compile_pieces, has_wildcards
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


Matcher = Glob | ArnGlob


def matcher(resolved: Resolved, *, arn: bool) -> Matcher:
    """The linear-time matcher of a resolved pattern (``hatrack.policy.glob``; never a regex)."""
    return compile_pieces(resolved, arn=arn)


def any_matches(matchers: tuple[Matcher, ...], text: str) -> bool:
    for candidate in matchers:  # noqa: SIM110 - a plain loop is faster than any() on the hot path
        if candidate.matches(text):
            return True
    return False


class TemplatePattern:
    """A wildcard pattern with policy variables, compiled when its variables are known.

    The variable values are substituted as literal pieces (a ``*`` in a user name is no wildcard),
    then the pattern is matched by the same linear matcher as a static one. ``head``, the literal
    text before the first wildcard or variable, is a cheap test before the substitution.
    """

    __slots__ = ("arn", "head", "parts")

    def __init__(self, template: Template, *, arn: bool) -> None:
        self.parts = template.parts
        self.arn = arn
        first = template.parts[0]
        self.head = re.split(r"[*?]", first.text, maxsplit=1)[0] if isinstance(first, Text) else ""

    def matches(self, value: str, context: Mapping[str, ContextValue]) -> bool:
        if not value.startswith(self.head):
            return False
        resolved = resolve(self.parts, context)
        return resolved is not None and matcher(resolved, arn=self.arn).matches(value)


def _prefix_of(resolved: Resolved) -> str | None:
    """``abc`` for the pattern ``abc*`` (a single trailing star, no other wildcard)."""
    if not resolved:
        return None
    literal, text = resolved[-1]
    if literal or not text.endswith("*"):
        return None
    head = (*resolved[:-1], (False, text[:-1]))
    return joined(head) if is_literal(head) else None


class ActionSet:
    """Action or NotAction patterns, lower-cased: names ignore case."""

    __slots__ = ("everything", "literals", "patterns", "prefixes")

    def __init__(self, patterns: Iterable[str]) -> None:
        lowered = [pattern.lower() for pattern in patterns]
        self.everything = "*" in lowered
        self.literals = frozenset(pattern for pattern in lowered if not has_wildcards(pattern))
        pieces = [((False, p),) for p in lowered if has_wildcards(p) and p != "*"]
        prefixes = [_prefix_of(piece) for piece in pieces]
        self.prefixes = tuple(prefix for prefix in prefixes if prefix is not None)
        rest = [piece for piece, prefix in zip(pieces, prefixes, strict=True) if prefix is None]
        self.patterns = tuple(matcher(piece, arn=False) for piece in dict.fromkeys(rest))

    def matches(self, action_key: str) -> bool:
        if self.everything or action_key in self.literals:
            return True
        if self.prefixes and action_key.startswith(self.prefixes):
            return True
        return any_matches(self.patterns, action_key)


class ResourceSet:
    """Resource or NotResource patterns, case-sensitive, ``*`` crossing ``/`` and ``:``.

    ``"*"`` matches every resource, including the request resource ``"*"``, which no other
    pattern matches.
    """

    __slots__ = ("everything", "literals", "patterns", "prefixes", "templates")

    def __init__(self, templates: Iterable[Template]) -> None:
        literals: list[str] = []
        prefixes: list[str] = []
        wildcards: list[Resolved] = []
        with_variables: list[TemplatePattern] = []
        self.everything = False
        for template in templates:
            if template.raw == "*" and template.is_plain:
                self.everything = True
            elif template.variables:
                with_variables.append(TemplatePattern(template, arn=False))
            else:
                pieces = static(template)
                prefix = _prefix_of(pieces)
                if is_literal(pieces):
                    literals.append(joined(pieces))
                elif prefix is not None:
                    prefixes.append(prefix)
                else:
                    wildcards.append(pieces)
        self.literals = frozenset(literals)
        self.prefixes = tuple(prefixes)
        self.patterns = tuple(matcher(pieces, arn=False) for pieces in dict.fromkeys(wildcards))
        self.templates = tuple(with_variables)

    def matches(self, resource: str, context: Mapping[str, ContextValue]) -> bool:
        if self.everything:
            return True
        if resource == "*":
            return False
        if resource in self.literals:
            return True
        if self.prefixes and resource.startswith(self.prefixes):
            return True
        if self.patterns and any_matches(self.patterns, resource):
            return True
        if self.templates:
            for template in self.templates:
                if template.matches(resource, context):
                    return True
        return False
