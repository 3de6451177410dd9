"""The table of implemented operations: (service, operation name) -> handler.

Handlers live in ``hatrack.api.handlers``; each module registers its operations with ``@operation``.
A handler takes the ``Call`` and the parsed input (keys are the model's member names) and returns a
dict matching the operation's output shape. AWS parameter names appear only in handlers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hatrack.api.context import Call

Handler = Callable[[Call, Mapping[str, Any]], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Operation:
    service: str
    name: str
    handler: Handler
    read_only: bool
    # False only for operations AWS never denies (sts:GetCallerIdentity) or that are unsigned.
    needs_authorization: bool
    unsigned: bool
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

    def changes_nothing(self, params: Mapping[str, Any]) -> bool:
        if self.read_only:
            return True
        writes = self.writes
        return not (writes(params) if callable(writes) else writes)


OPERATIONS: dict[tuple[str, str], Operation] = {}


def operation(
    service: str,
    name: str,
    *,
    read_only: bool = False,
    needs_authorization: bool = True,
    unsigned: bool = False,
    writes: bool | Callable[[Mapping[str, Any]], bool] = True,
    waits_on_network: bool = False,
    cpu_heavy: bool = False,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        key = (service, name)
        if key in OPERATIONS:
            raise RuntimeError(f"operation {service}:{name} registered twice")
        OPERATIONS[key] = Operation(
            service,
            name,
            handler,
            read_only,
            needs_authorization,
            unsigned,
            writes=writes,
            waits_on_network=waits_on_network,
            cpu_heavy=cpu_heavy,
        )
        return handler

    return register


def load_handlers() -> dict[tuple[str, str], Operation]:
    """Import every handler module so that its operations are registered."""
    import hatrack.api.handlers  # noqa: F401  (side effect: registration)

    return OPERATIONS
