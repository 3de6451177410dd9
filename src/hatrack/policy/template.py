"""Policy variables: split a Resource or condition value into literal text and ``${...}`` references.

Grammar (IAM User Guide, "IAM policy elements: Variables and tags"): ``${key}``, ``${key, 'default'}``
and the escapes ``${*}``, ``${?}``, ``${$}`` which stand for the literal character. Variables are
only recognised in 2012-10-17 documents; in 2008-10-17 ``${...}`` is plain text.
Imports nothing of hatrack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_VARIABLE = re.compile(r"^\s*([^\s,']+)\s*(?:,\s*'([^']*)'\s*)?$")
_ESCAPES = frozenset({"*", "?", "$"})


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text; in a pattern its ``*`` and ``?`` are wildcards."""

    text: str


@dataclass(frozen=True, slots=True)
class Escaped:
    """A character written as ``${*}``, ``${?}`` or ``${$}``: always literal, never a wildcard."""

    char: str


@dataclass(frozen=True, slots=True)
class Variable:
    """``${key}`` or ``${key, 'default'}``; ``key_lower`` is how it is looked up (keys ignore case)."""

    key: str
    default: str | None

    @property
    def key_lower(self) -> str:
        return self.key.lower()


Part = Text | Escaped | Variable


@dataclass(frozen=True, slots=True)
class Template:
    """A value as written plus its parts; ``parts == (Text(raw),)`` when there is nothing to substitute."""

    raw: str
    parts: tuple[Part, ...]

    @property
    def is_plain(self) -> bool:
        return len(self.parts) == 1 and isinstance(self.parts[0], Text)

    @property
    def variables(self) -> tuple[Variable, ...]:
        return tuple(part for part in self.parts if isinstance(part, Variable))


def plain(raw: str) -> Template:
    return Template(raw, (Text(raw),))


def parse_template(raw: str, *, with_variables: bool) -> Template:
    """Split ``raw`` into parts; a ``${...}`` that is neither an escape nor a variable stays text."""
    if not with_variables or "${" not in raw:
        return plain(raw)
    parts: list[Part] = []
    buffer: list[str] = []
    position = 0
    for found in _REFERENCE.finditer(raw):
        buffer.append(raw[position : found.start()])
        position = found.end()
        inner = found.group(1)
        if inner in _ESCAPES:
            part: Part = Escaped(inner)
        else:
            variable = _VARIABLE.match(inner)
            if variable is None:
                buffer.append(found.group(0))
                continue
            part = Variable(variable.group(1), variable.group(2))
        if any(buffer):
            parts.append(Text("".join(buffer)))
        buffer = []
        parts.append(part)
    buffer.append(raw[position:])
    if any(buffer):
        parts.append(Text("".join(buffer)))
    if not parts:
        return plain(raw)
    return Template(raw, tuple(parts))


def has_malformed_reference(raw: str) -> bool:
    """True when ``raw`` holds a ``${`` that does not form a variable or an escape (for warnings)."""
    if "${" not in raw:
        return False
    rest = _REFERENCE.sub("", raw)
    if "${" in rest:
        return True
    return any(
        found.group(1) not in _ESCAPES and _VARIABLE.match(found.group(1)) is None
        for found in _REFERENCE.finditer(raw)
    )
