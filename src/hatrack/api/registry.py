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


OPERATIONS: dict[tuple[str, str], Operation] = {}


def operation(
    service: str,
    name: str,
    *,
    read_only: bool = False,
    needs_authorization: bool = True,
    unsigned: bool = False,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        key = (service, name)
        if key in OPERATIONS:
            raise RuntimeError(f"operation {service}:{name} registered twice")
        OPERATIONS[key] = Operation(service, name, handler, read_only, needs_authorization, unsigned)
        return handler

    return register


def load_handlers() -> dict[tuple[str, str], Operation]:
    """Import every handler module so that its operations are registered."""
    import hatrack.api.handlers  # noqa: F401  (side effect: registration)

    return OPERATIONS
