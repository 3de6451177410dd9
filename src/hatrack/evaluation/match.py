"""Matching compiled once: action and resource wildcard sets, ARN part-by-part patterns, and
patterns holding policy variables.

Fast paths first: ``*`` matches everything, literal patterns go into a set, ``prefix*`` patterns
into one ``str.startswith`` tuple, other wildcard patterns join one compiled alternation. A
pattern with variables is compiled once too (``TemplatePattern``): the variable values are
matched by back-reference, so they are literal text and no expression is built per request.
Imports only ``hatrack.policy``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from hatrack.evaluation.request import ContextValue
from hatrack.policy.glob import has_wildcards
from hatrack.policy.template import Escaped, Part, Template, Text, Variable

# A template with its variables resolved: (literal?, text) pieces. Literal pieces never hold wildcards.
Resolved = tuple[tuple[bool, str], ...]

_SEPARATOR = "\x00"
_END = "\x01"


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


class _Writer:
    """Writes the expression of a pattern piece by piece; with ``arn`` a wildcard in the first five
    parts of an ARN stays inside its part (``[^:]*``), after the fifth colon it may cross colons."""

    __slots__ = ("arn", "colons", "out")

    def __init__(self, *, arn: bool) -> None:
        self.arn = arn
        self.colons = 0
        self.out: list[str] = []

    def pattern(self, text: str) -> None:
        for char in text:
            if char == "*":
                self.out.append("[^:]*" if self.arn and self.colons < 5 else ".*")
            elif char == "?":
                self.out.append("[^:]" if self.arn and self.colons < 5 else ".")
            else:
                self.colons += char == ":"
                self.out.append(re.escape(char))

    def literal(self, text: str) -> None:
        self.colons += text.count(":")
        self.out.append(re.escape(text))

    def raw(self, expression: str) -> None:
        self.out.append(expression)

    def text(self) -> str:
        return "".join(self.out)


def regex_text(resolved: Resolved, *, arn: bool) -> str:
    writer = _Writer(arn=arn)
    for literal, text in resolved:
        if literal:
            writer.literal(text)
        else:
            writer.pattern(text)
    return writer.text()


@lru_cache(maxsize=16384)
def compiled(expression: str) -> re.Pattern[str]:
    return re.compile(expression, re.DOTALL)


def alternation(expressions: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted(set(expressions))
    if not unique:
        return None
    return compiled("|".join(f"(?:{text})" for text in unique))


class TemplatePattern:
    """A wildcard pattern with policy variables, compiled once.

    The subject is the variable values, each followed by NUL, then the value to match; the
    expression captures each value and refers back to it where the variable stands, so a value is
    matched as literal text (a ``*`` in a user name is no wildcard).
    """

    __slots__ = ("head", "pattern", "variables")

    def __init__(self, template: Template, *, arn: bool) -> None:
        self.variables = template.variables
        # The literal text before the first wildcard or variable: a cheap test before the pattern.
        first = template.parts[0]
        self.head = re.split(r"[*?]", first.text, maxsplit=1)[0] if isinstance(first, Text) else ""
        writer = _Writer(arn=arn)
        for _ in self.variables:
            writer.raw(f"([^{_SEPARATOR}]*){_SEPARATOR}")
        writer.raw(_END)
        group = 0
        for part in template.parts:
            if isinstance(part, Variable):
                group += 1
                writer.raw(f"(?:\\{group})")
            elif isinstance(part, Escaped):
                writer.literal(part.char)
            else:
                writer.pattern(part.text)
        self.pattern = compiled(writer.text())

    def subject(self, value: str, context: Mapping[str, ContextValue]) -> str | None:
        """The string to match, or ``None`` when a variable cannot be resolved (no match)."""
        values: list[str] = []
        for variable in self.variables:
            resolved = resolve_variable(variable, context)
            if resolved is None or _SEPARATOR in resolved or _END in resolved:
                return None
            values.append(resolved)
            values.append(_SEPARATOR)
        values.append(_END)
        values.append(value)
        return "".join(values)

    def matches(self, value: str, context: Mapping[str, ContextValue]) -> bool:
        if not value.startswith(self.head):
            return False
        subject = self.subject(value, context)
        return subject is not None and self.pattern.fullmatch(subject) is not None


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

    __slots__ = ("everything", "literals", "pattern", "prefixes")

    def __init__(self, patterns: Iterable[str]) -> None:
        lowered = [pattern.lower() for pattern in patterns]
        self.everything = "*" in lowered
        self.literals = frozenset(pattern for pattern in lowered if not has_wildcards(pattern))
        pieces = [((False, p),) for p in lowered if has_wildcards(p) and p != "*"]
        prefixes = [_prefix_of(piece) for piece in pieces]
        self.prefixes = tuple(prefix for prefix in prefixes if prefix is not None)
        rest = [piece for piece, prefix in zip(pieces, prefixes, strict=True) if prefix is None]
        self.pattern = alternation(regex_text(piece, arn=False) for piece in rest)

    def matches(self, action_key: str) -> bool:
        if self.everything or action_key in self.literals:
            return True
        if self.prefixes and action_key.startswith(self.prefixes):
            return True
        return self.pattern is not None and self.pattern.fullmatch(action_key) is not None


class ResourceSet:
    """Resource or NotResource patterns, case-sensitive, ``*`` crossing ``/`` and ``:``.

    ``"*"`` matches every resource, including the request resource ``"*"``, which no other
    pattern matches.
    """

    __slots__ = ("everything", "literals", "pattern", "prefixes", "templates")

    def __init__(self, templates: Iterable[Template]) -> None:
        literals: list[str] = []
        prefixes: list[str] = []
        expressions: list[str] = []
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
                    expressions.append(regex_text(pieces, arn=False))
        self.literals = frozenset(literals)
        self.prefixes = tuple(prefixes)
        self.pattern = alternation(expressions)
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
        if self.pattern is not None and self.pattern.fullmatch(resource) is not None:
            return True
        if self.templates:
            for template in self.templates:
                if template.matches(resource, context):
                    return True
        return False
