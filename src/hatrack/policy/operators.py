"""Condition operator names: the base operators, the ``ForAllValues:``/``ForAnyValue:`` set prefixes
and the ``IfExists`` suffix (IAM User Guide, "IAM JSON policy elements: Condition operators").

Imports nothing of hatrack.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class OperatorFamily(enum.Enum):
    STRING = "String"
    NUMERIC = "Numeric"
    DATE = "Date"
    BOOL = "Bool"
    BINARY = "Binary"
    IP_ADDRESS = "IpAddress"
    ARN = "Arn"
    NULL = "Null"


class SetMode(enum.Enum):
    FOR_ALL_VALUES = "ForAllValues"
    FOR_ANY_VALUE = "ForAnyValue"


@dataclass(frozen=True, slots=True)
class BaseOperator:
    name: str
    family: OperatorFamily
    negated: bool
    variables: bool  # whether policy variables are substituted in its values


def _table() -> dict[str, BaseOperator]:
    table: dict[str, BaseOperator] = {}

    def add(name: str, family: OperatorFamily, *, negated: bool = False, variables: bool = False) -> None:
        table[name] = BaseOperator(name, family, negated, variables)

    for name in ("StringEquals", "StringEqualsIgnoreCase", "StringLike"):
        add(name, OperatorFamily.STRING, variables=True)
    for name in ("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike"):
        add(name, OperatorFamily.STRING, negated=True, variables=True)
    for family, prefix in ((OperatorFamily.NUMERIC, "Numeric"), (OperatorFamily.DATE, "Date")):
        for comparison in ("Equals", "LessThan", "LessThanEquals", "GreaterThan", "GreaterThanEquals"):
            add(prefix + comparison, family)
        add(prefix + "NotEquals", family, negated=True)
    add("Bool", OperatorFamily.BOOL, variables=True)
    add("BinaryEquals", OperatorFamily.BINARY)
    add("IpAddress", OperatorFamily.IP_ADDRESS)
    add("NotIpAddress", OperatorFamily.IP_ADDRESS, negated=True)
    add("ArnEquals", OperatorFamily.ARN, variables=True)
    add("ArnLike", OperatorFamily.ARN, variables=True)
    add("ArnNotEquals", OperatorFamily.ARN, negated=True, variables=True)
    add("ArnNotLike", OperatorFamily.ARN, negated=True, variables=True)
    add("Null", OperatorFamily.NULL)
    return table


BASE_OPERATORS = _table()


@dataclass(frozen=True, slots=True)
class ConditionOperator:
    """A condition operator as written, split into its parts."""

    name: str
    base: BaseOperator
    set_mode: SetMode | None
    if_exists: bool


def parse_operator(name: str) -> ConditionOperator | None:
    """Split ``ForAnyValue:StringLikeIfExists`` into its parts; ``None`` for an unknown operator."""
    rest = name
    set_mode: SetMode | None = None
    for mode in SetMode:
        if rest.startswith(mode.value + ":"):
            set_mode = mode
            rest = rest[len(mode.value) + 1 :]
            break
    if_exists = rest.endswith("IfExists")
    if if_exists:
        rest = rest[: -len("IfExists")]
    base = BASE_OPERATORS.get(rest)
    if base is None or (base.family is OperatorFamily.NULL and (if_exists or set_mode is not None)):
        return None
    return ConditionOperator(name, base, set_mode, if_exists)
