"""Condition operators compiled once per statement.

Semantics (IAM User Guide, "Condition operators" and "Multivalued context keys"; the corpus
SCHEMA §6): all operators and keys of a block must match (AND), the values of one key are
alternatives (OR), and for a negated operator the request value must match none of them. A key
missing from the context makes ``Null: true``, ``...IfExists``, ``ForAllValues:`` and negated
operators true and every other operator false. ``ForAllValues`` is true for an empty set,
``ForAnyValue`` false. A policy value whose variable cannot be resolved matches nothing, so a
negated operator ignores it. Imports only ``hatrack.policy``.
"""

from __future__ import annotations

import operator as op
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache

from hatrack.evaluation.match import (
    Resolved,
    TemplatePattern,
    any_matches,
    joined,
    matcher,
    resolve,
    static,
)
from hatrack.evaluation.request import ContextValue
from hatrack.policy.ast import ConditionEntry
from hatrack.policy.operators import ConditionOperator, OperatorFamily, SetMode, parse_operator
from hatrack.policy.template import Template
from hatrack.policy.values import parse_address, parse_bool, parse_instant, parse_network, parse_number

Tester = Callable[[str], bool]
Comparison = Callable[[Decimal | float, Decimal | float], bool]

_COMPARISONS: dict[str, Comparison] = {
    "Equals": op.eq,
    "NotEquals": op.eq,  # negated by the clause
    "LessThan": op.lt,
    "LessThanEquals": op.le,
    "GreaterThan": op.gt,
    "GreaterThanEquals": op.ge,
}


def _never(_: str) -> bool:
    return False


def _string_tester(name: str, values: tuple[Resolved, ...]) -> Tester:
    if name in ("StringEquals", "StringNotEquals", "BinaryEquals"):
        return frozenset(joined(value) for value in values).__contains__
    if name in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        folded = frozenset(joined(value).lower() for value in values)
        return lambda text: text.lower() in folded
    patterns = tuple(matcher(value, arn=False) for value in dict.fromkeys(values))
    if not patterns:
        return _never
    return lambda text: any_matches(patterns, text)


def _arn_tester(values: tuple[Resolved, ...]) -> Tester:
    patterns = tuple(matcher(value, arn=True) for value in dict.fromkeys(values))
    if not patterns:
        return _never
    return lambda text: text.count(":") >= 5 and any_matches(patterns, text)


def _numeric_tester(comparison: Comparison, values: tuple[Resolved, ...]) -> Tester:
    numbers = [number for number in (parse_number(joined(value)) for value in values) if number is not None]

    def test(text: str) -> bool:
        number = parse_number(text)
        return number is not None and any(comparison(number, limit) for limit in numbers)

    return test


def _date_tester(comparison: Comparison, values: tuple[Resolved, ...]) -> Tester:
    instants = [moment for moment in (parse_instant(joined(value)) for value in values) if moment is not None]

    def test(text: str) -> bool:
        moment = parse_instant(text)
        return moment is not None and any(comparison(moment, limit) for limit in instants)

    return test


def _ip_tester(values: tuple[Resolved, ...]) -> Tester:
    networks = [
        network for network in (parse_network(joined(value)) for value in values) if network is not None
    ]

    def test(text: str) -> bool:
        address = parse_address(text)
        if address is None:
            return False
        return any(address.version == network.version and address in network for network in networks)

    return test


def _bool_tester(values: tuple[Resolved, ...]) -> Tester:
    wanted = frozenset(
        parsed for parsed in (parse_bool(joined(value)) for value in values) if parsed is not None
    )
    return lambda text: parse_bool(text) in wanted


# Testers of small value lists are shared between statements; large ones are not cached, so that
# this cache cannot hold on to megabytes of policy text the compiled-policy cache has let go.
_SHARED_TESTER_CHARS = 4096


def make_tester(name: str, values: tuple[Resolved, ...]) -> Tester:
    """``tester(request_value)``: does the value match at least one of the policy values?"""
    if sum(len(text) for value in values for _, text in value) <= _SHARED_TESTER_CHARS:
        return _shared_tester(name, values)
    return _build_tester(name, values)


@lru_cache(maxsize=8192)
def _shared_tester(name: str, values: tuple[Resolved, ...]) -> Tester:
    return _build_tester(name, values)


def _build_tester(name: str, values: tuple[Resolved, ...]) -> Tester:
    operator = parse_operator(name)
    assert operator is not None
    base = operator.base
    family = base.family
    if family is OperatorFamily.STRING or family is OperatorFamily.BINARY:
        return _string_tester(base.name, values)
    if family is OperatorFamily.ARN:
        return _arn_tester(values)
    if family is OperatorFamily.NUMERIC:
        return _numeric_tester(_COMPARISONS[base.name[len("Numeric") :]], values)
    if family is OperatorFamily.DATE:
        return _date_tester(_COMPARISONS[base.name[len("Date") :]], values)
    if family is OperatorFamily.IP_ADDRESS:
        return _ip_tester(values)
    return _bool_tester(values)


_EQUALS = frozenset({"StringEquals", "StringNotEquals"})
_EQUALS_IGNORE_CASE = frozenset({"StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"})


class _VariableValues:
    """Policy values holding variables, for the operators that substitute them (String, Arn, Bool).

    ``bind(context)`` gives the tester for one request; a value whose variable cannot be resolved
    is left out, so it matches nothing (and a negated operator ignores it).
    """

    __slots__ = ("arn", "base_name", "patterns", "templates")

    def __init__(self, base_name: str, family: OperatorFamily, templates: tuple[Template, ...]) -> None:
        self.base_name = base_name
        self.templates = templates
        self.arn = family is OperatorFamily.ARN
        wildcard = self.arn or base_name in ("StringLike", "StringNotLike")
        self.patterns = tuple(TemplatePattern(t, arn=self.arn) for t in templates) if wildcard else ()

    def bind(self, context: Mapping[str, ContextValue]) -> Tester:
        if self.patterns:
            patterns = self.patterns
            if self.arn:
                return lambda text: text.count(":") >= 5 and any(p.matches(text, context) for p in patterns)
            return lambda text: any(p.matches(text, context) for p in patterns)
        texts = [joined(r) for r in (resolve(t.parts, context) for t in self.templates) if r is not None]
        if self.base_name in _EQUALS:
            return texts.__contains__
        if self.base_name in _EQUALS_IGNORE_CASE:
            folded = [text.lower() for text in texts]
            return lambda text: text.lower() in folded
        wanted = [parse_bool(text) for text in texts]
        return lambda text: (parsed := parse_bool(text)) is not None and parsed in wanted


class ConditionClause:
    """One ``operator: {key: values}`` entry, ready to test a folded request context."""

    __slots__ = ("absent", "key", "negated", "null_values", "set_mode", "tester", "variable_values")

    def __init__(self, entry: ConditionEntry) -> None:
        operator = parse_operator(entry.operator)
        if operator is None:
            raise ValueError(f"unknown condition operator {entry.operator}")
        self.key = entry.key.lower()
        self.negated = operator.base.negated
        self.set_mode = operator.set_mode
        self.absent = _absent_result(operator)
        self.null_values: frozenset[bool | None] | None = None
        self.variable_values: _VariableValues | None = None
        self.tester: Tester | None = None
        if operator.base.family is OperatorFamily.NULL:
            self.null_values = frozenset(parse_bool(value.raw) for value in entry.values)
            self.absent = True in self.null_values
        elif operator.base.variables and any(value.variables for value in entry.values):
            self.variable_values = _VariableValues(operator.base.name, operator.base.family, entry.values)
        else:
            self.tester = make_tester(operator.base.name, tuple(static(value) for value in entry.values))

    def matches(self, context: Mapping[str, ContextValue]) -> bool:
        value = context.get(self.key)
        if value is None:
            return self.absent
        if self.null_values is not None:
            return False in self.null_values
        tester = self.tester
        if tester is None:
            assert self.variable_values is not None
            tester = self.variable_values.bind(context)
        if isinstance(value, str):
            if self.set_mode is None:
                return tester(value) is not self.negated
            value = (value,)
        if self.set_mode is SetMode.FOR_ALL_VALUES:
            return all(tester(item) is not self.negated for item in value)
        if self.set_mode is SetMode.FOR_ANY_VALUE:
            return any(tester(item) is not self.negated for item in value)
        # A single-valued operator given a multi-valued key: some value matches (none, if negated).
        return any(tester(item) for item in value) is not self.negated


def _absent_result(operator: ConditionOperator) -> bool:
    if operator.if_exists:
        return True
    if operator.set_mode is SetMode.FOR_ALL_VALUES:
        return True
    if operator.set_mode is SetMode.FOR_ANY_VALUE:
        return False
    return operator.base.negated


def compile_conditions(entries: tuple[ConditionEntry, ...]) -> tuple[ConditionClause, ...]:
    return tuple(ConditionClause(entry) for entry in entries)
