"""The recorder's protocol: how the edge hands a ``CallRecord`` to the audit trail.

A ``Recorder`` turns a call into CloudTrail-format events. ``record`` writes inside the call's own
transaction (the change and its record commit together); ``record_apart`` writes in a transaction of
its own, for calls that failed or were denied and so changed nothing. If either raises, the edge
fails the request.

``record_apart`` is ``prepare_apart`` (build the events, no waiting) then ``commit_apart`` (returns once
they are committed); the ASGI edge awaits ``commit_apart_async`` instead, so no thread is held waiting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.engine import Connection

from hatrack.audit.call import CallRecord
from hatrack.audit.events import AuditEvent


class Recorder(Protocol):
    def record(self, conn: Connection, call: CallRecord) -> None: ...

    def record_apart(self, call: CallRecord) -> None: ...

    def prepare_apart(self, call: CallRecord) -> Sequence[AuditEvent]: ...

    def commit_apart(self, events: Sequence[AuditEvent]) -> None: ...

    async def commit_apart_async(self, events: Sequence[AuditEvent]) -> None: ...


class DiscardingRecorder:
    """Records nothing: for unit tests of the edge that do not look at the trail."""

    def record(self, conn: Connection, call: CallRecord) -> None:
        return None

    def record_apart(self, call: CallRecord) -> None:
        return None

    def prepare_apart(self, call: CallRecord) -> Sequence[AuditEvent]:
        return ()

    def commit_apart(self, events: Sequence[AuditEvent]) -> None:
        return None

    async def commit_apart_async(self, events: Sequence[AuditEvent]) -> None:
        return None
