"""hatrack.policy: the IAM policy language. Pure: parse JSON once into frozen dataclasses and
validate it with AWS's messages. No I/O; imports only ``hatrack.errors``.
"""

from hatrack.policy.ast import (
    VERSION_2008,
    VERSION_2012,
    ConditionEntry,
    Effect,
    PolicyDocument,
    Principal,
    PrincipalEntry,
    PrincipalType,
    Statement,
)
from hatrack.policy.grammar import Finding, Severity
from hatrack.policy.kinds import PolicyKind
from hatrack.policy.parse import parse_policy
from hatrack.policy.validate import (
    ValidationResult,
    check_policy,
    policy_size,
    validate_policy,
)

__all__ = [
    "VERSION_2008",
    "VERSION_2012",
    "ConditionEntry",
    "Effect",
    "Finding",
    "PolicyDocument",
    "PolicyKind",
    "Principal",
    "PrincipalEntry",
    "PrincipalType",
    "Severity",
    "Statement",
    "ValidationResult",
    "check_policy",
    "parse_policy",
    "policy_size",
    "validate_policy",
]
