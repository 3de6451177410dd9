"""The typed request and response classes of the protocol edge, and their conversion to and from the wire.

The classes themselves are generated from botocore's models (``scripts/generate_shapes.py`` writes
``hatrack.api.shapes.iam``, ``.sts`` and ``.cloudtrail``); each is a frozen dataclass with one
attribute per model member, in snake case. This module holds what they share: ``Shape``, whose
``from_wire`` reads the parsed input of ``api/protocol`` (a dict keyed by the model's member names)
and whose ``to_wire`` writes the dict the serializers take, both driven by a small per-class table
of fields, so that a misspelt member is a type error in the handler instead of a member silently
missing from the XML.

Imports nothing of hatrack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Self


class Kind(Enum):
    """How one field's value travels: as it is, as a nested structure, a list or a map of them."""

    SCALAR = "scalar"
    STRUCTURE = "structure"
    LIST = "list"
    MAP = "map"


@dataclass(frozen=True, slots=True)
class Field:
    """One member of a shape: its python name, its model name, and how its value is converted.

    ``item`` is the structure class of a STRUCTURE field, or of the elements of a LIST/MAP field
    whose elements are structures (None when they are scalars). Lists of lists do not occur in the
    models hatrack speaks; the generator refuses them.
    """

    name: str
    wire: str
    kind: Kind
    item: type[Shape] | None = None


class Shape:
    """Base of every generated request/response structure."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    WIRE_NAME: ClassVar[str] = ""

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Self:
        """The instance of ``data``, a parsed input keyed by member names (absent members are None).

        A key that names no member is a bug (the protocol layer only produces member names), so it
        raises instead of being dropped: a misspelt member never silently disappears.
        """
        unknown = set(data) - {spec.wire for spec in cls.FIELDS}
        if unknown:
            raise ValueError(f"{cls.WIRE_NAME} has no member {sorted(unknown)}")
        values: dict[str, Any] = {}
        for spec in cls.FIELDS:
            raw = data.get(spec.wire)
            if raw is None:
                continue
            values[spec.name] = _read(spec, raw)
        return cls(**values)

    def to_wire(self) -> dict[str, Any]:
        """The dict the serializers take: member names as keys, None members left out."""
        out: dict[str, Any] = {}
        for spec in self.FIELDS:
            value = getattr(self, spec.name)
            if value is None:
                continue
            out[spec.wire] = _write(spec, value)
        return out


def _read(spec: Field, raw: Any) -> Any:
    item = spec.item
    if spec.kind is Kind.STRUCTURE:
        assert item is not None
        return item.from_wire(raw)
    if spec.kind is Kind.LIST:
        if item is None:
            return tuple(raw)
        return tuple(item.from_wire(element) for element in raw)
    if spec.kind is Kind.MAP:
        if item is None:
            return dict(raw)
        return {key: item.from_wire(value) for key, value in raw.items()}
    return raw


def _write(spec: Field, value: Any) -> Any:
    if spec.kind is Kind.STRUCTURE:
        return value.to_wire()
    if spec.kind is Kind.LIST:
        if spec.item is None:
            return list(value)
        return [element.to_wire() for element in value]
    if spec.kind is Kind.MAP:
        if spec.item is None:
            return dict(value)
        return {key: element.to_wire() for key, element in value.items()}
    return value


class NoInput(Shape):
    """The request of an operation whose model has no input shape (GetAccountSummary …)."""

    __slots__ = ()
