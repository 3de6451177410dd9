"""The IAM policy language as frozen dataclasses: what ``parse.py`` builds from JSON, once.

A document keeps the element values as written (strings, in order); matching and condition
semantics live in ``hatrack.evaluation``. Imports nothing of hatrack outside this package.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from hatrack.policy.template import Template

VERSION_2012 = "2012-10-17"
VERSION_2008 = "2008-10-17"


class Effect(enum.Enum):
    ALLOW = "Allow"
    DENY = "Deny"


class PrincipalType(enum.Enum):
    """The keys of a ``Principal`` object."""

    AWS = "AWS"
    SERVICE = "Service"
    FEDERATED = "Federated"
    CANONICAL_USER = "CanonicalUser"


@dataclass(frozen=True, slots=True)
class PrincipalEntry:
    type: PrincipalType
    value: str


@dataclass(frozen=True, slots=True)
class Principal:
    """``"*"`` (``wildcard``) or a list of typed entries; ``{"AWS": "*"}`` is also a wildcard entry."""

    wildcard: bool
    entries: tuple[PrincipalEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class ConditionEntry:
    """One ``operator: {key: values}`` pair; values are the string forms of the JSON values."""

    operator: str
    key: str
    values: tuple[Template, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    index: int
    sid: str | None
    effect: Effect
    action: tuple[str, ...] | None
    not_action: tuple[str, ...] | None
    resource: tuple[Template, ...] | None
    not_resource: tuple[Template, ...] | None
    principal: Principal | None
    not_principal: Principal | None
    condition: tuple[ConditionEntry, ...]


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    version: str | None
    id: str | None
    statements: tuple[Statement, ...]

    @property
    def has_variables(self) -> bool:
        """Policy variables are only read in 2012-10-17 documents."""
        return self.version == VERSION_2012
