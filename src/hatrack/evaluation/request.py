"""AuthorizationRequest: who asks to do what on which resource, with the complete request context.

The context is authoritative: conditions and policy variables read only these keys (the caller
fills in ``aws:username``, ``aws:userid``, ``aws:PrincipalTag/...``, ``aws:SourceIp`` ...).
Key names ignore case, so they are folded once here. Imports nothing of hatrack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hatrack.policy.ast import PrincipalType

ContextValue = str | tuple[str, ...]
Context = Mapping[str, ContextValue]


def _context_text(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _values(value: object) -> ContextValue:
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence):
        return tuple(_context_text(item) for item in value)
    return _context_text(value)


def normalize_context(context: Mapping[str, str | Sequence[str]]) -> dict[str, ContextValue]:
    """Fold key names to lower case; multi-valued keys become tuples (an empty tuple is present)."""
    return {
        key.lower(): value if isinstance(value, str) else _values(value) for key, value in context.items()
    }


@dataclass(frozen=True, slots=True)
class RoleOfSession:
    """The role a role session belongs to: ``arn:aws:sts::ACCT:assumed-role/NAME/SESSION`` -> NAME."""

    partition: str
    account: str
    role_name: str


def role_of_session(principal_arn: str) -> RoleOfSession | None:
    if ":assumed-role/" not in principal_arn:
        return None
    parts = principal_arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sts" or not parts[5].startswith("assumed-role/"):
        return None
    role_name = parts[5].split("/")[1]
    return RoleOfSession(parts[1], parts[4], role_name) if role_name else None


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """One question for the engine. ``resource_arn`` is ``"*"`` for actions without resource-level
    permissions; ``principal_type`` is ``AWS`` for IAM callers and ``Service``/``Federated`` when a
    trust policy is asked about a service or an identity provider.
    """

    principal_arn: str
    principal_account: str
    action: str
    resource_arn: str
    resource_account: str
    context: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    principal_type: PrincipalType = PrincipalType.AWS
    action_key: str = field(init=False, repr=False, compare=False)
    folded_context: dict[str, ContextValue] = field(init=False, repr=False, compare=False)
    session_role: RoleOfSession | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "action_key", self.action.lower())
        object.__setattr__(self, "folded_context", normalize_context(self.context))
        object.__setattr__(self, "session_role", role_of_session(self.principal_arn))

    @property
    def same_account(self) -> bool:
        return self.principal_account == self.resource_account

    @property
    def service(self) -> str:
        return self.action_key.partition(":")[0]
