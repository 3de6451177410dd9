"""Per-shape compilation caches: every plan is built once per (service model, shape) and reused.

botocore builds a fresh ``Shape`` object each time a shape is resolved, so plans are keyed by the
shape's name and the member-level serialization traits that change its meaning (``locationName``,
``flattened``, ``timestampFormat``), within one service model. Operation-level plans are keyed by the
``OperationModel`` object, which botocore caches per service model. The first request of each
operation builds its plans (under a lock); every later request only looks them up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["OperationCache", "ShapeCache", "shape_key"]

PlanT = TypeVar("PlanT", bound=Callable[..., Any])


def shape_key(shape: Any) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """What identifies a shape within its service model, member-level serialization included."""
    serialization = shape.serialization
    if not serialization:
        return shape.name, ()
    return shape.name, tuple(sorted((key, repr(value)) for key, value in serialization.items()))


class ShapeCache(Generic[PlanT]):
    """Plans by shape within one service model, with a forward reference for recursive shapes."""

    def __init__(self, build: Callable[[Any, ShapeCache[PlanT]], PlanT]) -> None:
        self._build = build
        self._plans: dict[tuple[str, tuple[tuple[str, Any], ...]], PlanT] = {}
        self._building: set[tuple[str, tuple[tuple[str, Any], ...]]] = set()

    def plan(self, shape: Any) -> PlanT:
        key = shape_key(shape)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        if key in self._building:
            # A shape that contains itself: call through the cache once the plan exists.
            plans = self._plans

            def forward(*args: Any) -> Any:
                return plans[key](*args)

            return forward  # type: ignore[return-value]  # same call signature as the plan it stands for
        self._building.add(key)
        try:
            plan = self._build(shape, self)
        finally:
            self._building.discard(key)
        self._plans[key] = plan
        return plan


class OperationCache(Generic[PlanT]):
    """Plans by operation, each built from a per-service ``ShapeCache``."""

    def __init__(
        self,
        build_shape: Callable[[Any, ShapeCache[Any]], Any],
        build_operation: Callable[[Any, ShapeCache[Any]], PlanT],
    ) -> None:
        self._build_shape = build_shape
        self._build_operation = build_operation
        self._shapes: dict[Any, ShapeCache[Any]] = {}
        self._operations: dict[Any, PlanT] = {}
        self._lock = threading.Lock()

    def get(self, operation: Any) -> PlanT:
        plan = self._operations.get(operation)
        if plan is not None:
            return plan
        # INVARIANT: plans are built under the lock, so no thread sees a half-built recursive plan.
        with self._lock:
            plan = self._operations.get(operation)
            if plan is None:
                service = operation.service_model
                shapes = self._shapes.get(service)
                if shapes is None:
                    shapes = self._shapes[service] = ShapeCache(self._build_shape)
                plan = self._build_operation(operation, shapes)
                self._operations[operation] = plan
        return plan
