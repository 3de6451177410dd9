"""The table of implemented operations: (service, operation name) -> handler and its declaration.

Handlers live in ``hatrack.api.handlers``; each module registers its operations with ``@operation``.

A *declared* operation names its action, the resolver of the resource it acts on
(``hatrack.api.targets``) and the condition keys it adds; the pipeline authorizes it before the
handler runs, and the handler takes the typed request (``hatrack.api.shapes``) and returns the typed
response (None for operations without output)::

    @operation("iam", "TagUser", action="iam:TagUser", resource=targets.user(),
               condition_keys=(targets.request_tags,))
    def tag_user(call: Call, request: iam.TagUserRequest) -> None:
        ...

Two operations are declared without a resource, each with a named reason instead:
``never_denied="why"`` for an operation AWS answers for every authenticated caller, whatever its
policies say (sts:GetCallerIdentity), and ``decided_by=rule`` for one AWS authorizes by a rule of its
own (AssumeRoleWithWebIdentity: the role's trust policy for the identity an unsigned token proves);
the rule returns an ``OwnDecision`` that the pipeline enforces before the handler runs.

An operation not yet declared takes the parsed input as a dict (keys are the model's member names),
calls ``call.authorize`` itself and returns a dict matching the output shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from hatrack.api.authorize import Exemption, OwnDecision
from hatrack.api.context import Call
from hatrack.api.shapes import Shape
from hatrack.api.targets import KeySource, Resolver

Handler = Callable[[Call, Mapping[str, Any]], Mapping[str, Any]]
# A declared handler: typed request in, typed response (or None) out. The registry keeps it with its
# request type erased; the request class comes from the generated shapes by operation name.
TypedHandler = Callable[[Call, Any], Shape | None]
RequestT = TypeVar("RequestT", bound=Shape)
ResponseT = TypeVar("ResponseT", bound=Shape | None)
# The named rule of an operation that decides for itself (see ``OwnDecision``).
Decider = Callable[[Call, Shape], OwnDecision]


@dataclass(frozen=True, slots=True)
class Dependent:
    """A further action AWS requires of the caller for an operation, on its own resource (the
    Service Authorization Reference's "dependent actions": iam:PassRole for AddRoleToInstanceProfile).

    ``resource`` None means the operation's own resource and condition keys (sts:TagSession of
    AssumeRole is authorized on the role, against its trust policy, with the request's keys). ``when``
    says whether this request needs it at all (sts:TagSession only when the request passes tags)."""

    action: str
    resource: Resolver | None = None
    condition_keys: tuple[KeySource, ...] = ()
    when: Callable[[Call, Shape], bool] | None = None


@dataclass(frozen=True, slots=True)
class Declaration:
    """What the pipeline authorizes a declared operation with, before its handler runs.

    Exactly one of ``resource`` (the caller's policies decide on it), ``never_denied`` (why AWS
    answers every caller) and ``decided_by`` (the operation's own rule) is set.
    """

    action: str
    resource: Resolver | None
    condition_keys: tuple[KeySource, ...] = ()
    # A named rule of AWS's that may stand in for a missing Allow (ChangePassword's
    # AllowUsersToChangePassword); it decides per call, and an explicit Deny still refuses.
    exemption: Callable[[Call], Exemption | None] | None = None
    dependent: tuple[Dependent, ...] = ()
    never_denied: str | None = None
    decided_by: Decider | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    service: str
    name: str
    handler: Handler
    read_only: bool
    # Whether a call writes to the store, when the operation is not read-only: False (or a predicate of
    # the input) for operations CloudTrail lists as not read-only that change nothing, like AssumeRole
    # (its token is self-contained). Such calls run without the write lock, like reads; a read unit
    # refuses writes, so a wrong declaration fails loudly instead of going unrecorded.
    writes: bool | Callable[[Mapping[str, Any]], bool] = True
    # True when the handler may wait on the network (fetching an OIDC provider's keys): it never runs
    # on the event loop, even when it changes nothing.
    waits_on_network: bool = False
    # True for operations whose work is CPU-bound and sized by the caller's input (the policy
    # simulator): they run in a worker thread even when they change nothing, never on the event loop.
    cpu_heavy: bool = False
    declaration: Declaration | None = None
    typed_handler: TypedHandler | None = None

    def changes_nothing(self, params: Mapping[str, Any]) -> bool:
        if self.read_only:
            return True
        writes = self.writes
        return not (writes(params) if callable(writes) else writes)


OPERATIONS: dict[tuple[str, str], Operation] = {}


def _untyped(call: Call, params: Mapping[str, Any]) -> Mapping[str, Any]:
    raise RuntimeError("a declared operation is called through its typed handler")


@overload
def operation(
    service: str,
    name: str,
    *,
    action: str,
    resource: Resolver | None = None,
    condition_keys: tuple[KeySource, ...] = (),
    exemption: Callable[[Call], Exemption | None] | None = None,
    dependent: tuple[Dependent, ...] = (),
    never_denied: str | None = None,
    decided_by: Decider | None = None,
    read_only: bool = False,
    writes: bool | Callable[[Mapping[str, Any]], bool] = True,
    waits_on_network: bool = False,
    cpu_heavy: bool = False,
) -> Callable[[Callable[[Call, RequestT], ResponseT]], Callable[[Call, RequestT], ResponseT]]: ...


@overload
def operation(
    service: str,
    name: str,
    *,
    read_only: bool = False,
    writes: bool | Callable[[Mapping[str, Any]], bool] = True,
    waits_on_network: bool = False,
    cpu_heavy: bool = False,
) -> Callable[[Handler], Handler]: ...


def operation(
    service: str,
    name: str,
    *,
    action: str | None = None,
    resource: Resolver | None = None,
    condition_keys: tuple[KeySource, ...] = (),
    exemption: Callable[[Call], Exemption | None] | None = None,
    dependent: tuple[Dependent, ...] = (),
    never_denied: str | None = None,
    decided_by: Decider | None = None,
    read_only: bool = False,
    writes: bool | Callable[[Mapping[str, Any]], bool] = True,
    waits_on_network: bool = False,
    cpu_heavy: bool = False,
) -> Callable[[Any], Any]:
    def register(handler: Any) -> Any:
        key = (service, name)
        if key in OPERATIONS:
            raise RuntimeError(f"operation {service}:{name} registered twice")
        declaration: Declaration | None = None
        if action is not None:
            ways = [resource is not None, never_denied is not None, decided_by is not None]
            if ways.count(True) != 1:
                raise RuntimeError(
                    f"operation {service}:{name} must declare exactly one of a resource, never_denied "
                    "and decided_by"
                )
            if resource is None and (condition_keys or exemption or dependent):
                raise RuntimeError(f"operation {service}:{name} declares policy inputs without a resource")
            declaration = Declaration(
                action,
                resource,
                condition_keys,
                exemption,
                dependent,
                never_denied=never_denied,
                decided_by=decided_by,
            )
        OPERATIONS[key] = Operation(
            service,
            name,
            _untyped if declaration is not None else handler,
            read_only,
            writes=writes,
            waits_on_network=waits_on_network,
            cpu_heavy=cpu_heavy,
            declaration=declaration,
            typed_handler=handler if declaration is not None else None,
        )
        return handler

    return register


def load_handlers() -> dict[tuple[str, str], Operation]:
    """Import every handler module so that its operations are registered."""
    import hatrack.api.handlers  # noqa: F401  (side effect: registration)

    return OPERATIONS
