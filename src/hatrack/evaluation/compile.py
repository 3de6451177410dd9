"""Policy documents compiled once into matchers, cached by their text.

A ``CompiledPolicy`` indexes its statements by action: the first request for an action finds the
statements whose Action/NotAction match it and remembers them (denies and allows apart), so a
decision tests only resources, principals and conditions. ``compile_policy`` is cached on the
document text, bounded by the total size of the texts held (``evaluation/cache.py``); a label (a
policy ARN, ``inline:NAME``) is a cheap wrapper sharing the compiled statements. Imports only
``hatrack.policy``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from hatrack.evaluation.cache import SizedCache
from hatrack.evaluation.conditions import ConditionClause, compile_conditions
from hatrack.evaluation.match import ActionSet, ResourceSet
from hatrack.evaluation.request import AuthorizationRequest, ContextValue
from hatrack.policy.ast import Effect, PolicyDocument, Principal, PrincipalType, Statement
from hatrack.policy.parse import parse_policy


class PrincipalMatch(enum.IntEnum):
    """How a resource-policy principal names the caller, strongest last."""

    NONE = 0
    ACCOUNT = 1  # the caller's account root ARN or account id
    ROLE = 2  # the role of the caller's role session
    WILDCARD = 3  # "*" or {"AWS": "*"}
    EXACT = 4  # the caller's own ARN

    @property
    def is_direct(self) -> bool:
        return self >= PrincipalMatch.WILDCARD


class CompiledPrincipal:
    __slots__ = ("accounts", "arns", "everyone", "others", "roles", "wildcard")

    def __init__(self, principal: Principal) -> None:
        self.wildcard = principal.wildcard
        # ``"Principal": "*"`` names everyone; ``{"AWS": "*"}`` only AWS principals (signed callers),
        # never a web-identity or SAML caller (principal type Federated).
        self.everyone = principal.wildcard and not any(
            entry.type is PrincipalType.AWS and entry.value == "*" for entry in principal.entries
        )
        arns: set[str] = set()
        roles: set[tuple[str, str, str]] = set()
        accounts: set[str] = set()
        others: set[tuple[PrincipalType, str]] = set()
        for entry in principal.entries:
            if entry.type is not PrincipalType.AWS:
                others.add((entry.type, entry.value))
                continue
            value = entry.value
            if len(value) == 12 and value.isdigit():
                accounts.add(value)
                continue
            parts = value.split(":", 5)
            if len(parts) == 6 and parts[2] == "iam" and parts[5] == "root":
                accounts.add(parts[4])
            elif len(parts) == 6 and parts[2] == "iam" and parts[5].startswith("role/"):
                roles.add((parts[1], parts[4], parts[5].rsplit("/", 1)[1]))
            arns.add(value)
        self.arns = frozenset(arns)
        self.roles = frozenset(roles)
        self.accounts = frozenset(accounts)
        self.others = frozenset(others)

    def match(self, request: AuthorizationRequest) -> PrincipalMatch:
        if request.principal_type is not PrincipalType.AWS:
            if (request.principal_type, request.principal_arn) in self.others:
                return PrincipalMatch.EXACT
            return PrincipalMatch.WILDCARD if self.everyone else PrincipalMatch.NONE
        if request.principal_arn in self.arns:
            return PrincipalMatch.EXACT
        if self.wildcard:
            return PrincipalMatch.WILDCARD
        session_role = request.session_role
        if session_role is not None and self.roles:
            key = (session_role.partition, session_role.account, session_role.role_name)
            if key in self.roles:
                return PrincipalMatch.ROLE
        if request.principal_account in self.accounts:
            return PrincipalMatch.ACCOUNT
        return PrincipalMatch.NONE


class CompiledStatement:
    """One statement's matchers. ``applies`` tests resource and condition; the principal is apart."""

    __slots__ = (
        "actions",
        "conditions",
        "is_deny",
        "not_actions",
        "not_principal",
        "not_resources",
        "principal",
        "resources",
        "statement",
    )

    def __init__(self, statement: Statement) -> None:
        self.statement = statement
        self.is_deny = statement.effect is Effect.DENY
        self.actions = ActionSet(statement.action) if statement.action is not None else None
        self.not_actions = ActionSet(statement.not_action) if statement.not_action is not None else None
        self.resources = ResourceSet(statement.resource) if statement.resource is not None else None
        self.not_resources = (
            ResourceSet(statement.not_resource) if statement.not_resource is not None else None
        )
        self.principal = CompiledPrincipal(statement.principal) if statement.principal is not None else None
        self.not_principal = (
            CompiledPrincipal(statement.not_principal) if statement.not_principal is not None else None
        )
        self.conditions: tuple[ConditionClause, ...] = compile_conditions(statement.condition)

    @property
    def sid(self) -> str | None:
        return self.statement.sid

    @property
    def index(self) -> int:
        return self.statement.index

    def matches_action(self, action_key: str) -> bool:
        if self.actions is not None:
            return self.actions.matches(action_key)
        if self.not_actions is not None:
            return not self.not_actions.matches(action_key)
        return False

    def applies(self, resource: str, context: Mapping[str, ContextValue]) -> bool:
        if self.resources is not None and not self.resources.matches(resource, context):
            return False
        if self.not_resources is not None and self.not_resources.matches(resource, context):
            return False
        for clause in self.conditions:  # noqa: SIM110 - a plain loop is faster than all() on the hot path
            if not clause.matches(context):
                return False
        return True

    def principal_match(self, request: AuthorizationRequest, *, has_boundary: bool) -> PrincipalMatch:
        """How this resource-policy statement's Principal/NotPrincipal names the caller."""
        if self.principal is not None:
            return self.principal.match(request)
        if self.not_principal is not None:
            # A Deny with NotPrincipal applies to a caller with a permissions boundary whatever the
            # list says (IAM User Guide, "NotPrincipal"); otherwise it applies to callers not listed.
            if self.is_deny and has_boundary:
                return PrincipalMatch.WILDCARD
            if self.not_principal.match(request) is PrincipalMatch.NONE:
                return PrincipalMatch.WILDCARD
            return PrincipalMatch.NONE
        # No principal element (an identity-style statement in a resource policy): applies to all.
        return PrincipalMatch.WILDCARD


_ActionEntry = tuple[tuple[CompiledStatement, ...], tuple[CompiledStatement, ...]]
_INDEX_LIMIT = 4096


class CompiledPolicy:
    """A compiled document with an optional label; statements are looked up by action."""

    __slots__ = ("_by_action", "document", "label", "statements")

    def __init__(
        self,
        document: PolicyDocument,
        *,
        label: str | None = None,
        statements: tuple[CompiledStatement, ...] | None = None,
        index: dict[str, _ActionEntry] | None = None,
    ) -> None:
        self.document = document
        self.label = label
        self.statements = (
            statements if statements is not None else tuple(CompiledStatement(s) for s in document.statements)
        )
        self._by_action: dict[str, _ActionEntry] = index if index is not None else {}

    def with_label(self, label: str | None) -> CompiledPolicy:
        """The same compiled policy under another name (shares matchers and the action index)."""
        return CompiledPolicy(self.document, label=label, statements=self.statements, index=self._by_action)

    def for_action(self, action_key: str) -> _ActionEntry:
        """``(denies, allows)`` whose Action/NotAction match the lower-cased action."""
        entry = self._by_action.get(action_key)
        if entry is None:
            matching = [statement for statement in self.statements if statement.matches_action(action_key)]
            entry = (
                tuple(statement for statement in matching if statement.is_deny),
                tuple(statement for statement in matching if not statement.is_deny),
            )
            if len(self._by_action) >= _INDEX_LIMIT:
                self._by_action.clear()
            self._by_action[action_key] = entry
        return entry

    def __repr__(self) -> str:
        return f"CompiledPolicy(label={self.label!r}, statements={len(self.statements)})"


# Compiled documents by their text, bounded by the total characters of the texts held (LRU).
COMPILED = SizedCache[str, CompiledPolicy]()


def compile_policy(text: str, *, label: str | None = None) -> CompiledPolicy:
    """Parse (grammar only, any kind) and compile ``text``; cached by content (``COMPILED``).

    Raises ``MalformedPolicyDocument`` for a document the grammar refuses (``ValidationError`` past
    131072 characters, before parsing). Kind rules (sizes,
    Principal required or forbidden) are ``hatrack.policy.check_policy``'s business, at write time.
    """
    compiled = COMPILED.get_or_compute(text, len(text), lambda: CompiledPolicy(parse_policy(text)))
    return compiled if label is None else compiled.with_label(label)


def compile_document(document: PolicyDocument, *, label: str | None = None) -> CompiledPolicy:
    """Compile an already parsed document (not cached)."""
    return CompiledPolicy(document, label=label)
