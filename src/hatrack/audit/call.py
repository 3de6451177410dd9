"""What the edge hands the audit trail about one answered call, and the recorder's protocol.

The edge builds a ``CallRecord`` for every request it answers; a ``Recorder`` turns it into a
CloudTrail-format event. ``record`` writes inside the call's own transaction (the change and its
record commit together); ``record_apart`` writes in a transaction of its own, for calls that failed
or were denied and so changed nothing. If either raises, the edge fails the request.

``record_apart`` is ``prepare_apart`` (build the events, no waiting) then ``commit_apart`` (returns once
they are committed); the ASGI edge awaits ``commit_apart_async`` instead, so no thread is held waiting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.engine import Connection

from hatrack.errors import IamError
from hatrack.model import Caller

if TYPE_CHECKING:
    from hatrack.audit.events import AuditEvent


@dataclass(frozen=True, slots=True)
class CallRecord:
    request_id: str
    service: str  # "iam" | "sts" | "cloudtrail"
    operation: str  # e.g. "CreateUser"
    region: str
    source_ip: str
    user_agent: str
    event_time: datetime
    caller: Caller | None  # None when authentication failed or the call was unsigned
    access_key_id: str | None  # the key the request claimed, even when it failed to authenticate
    params: Mapping[str, Any]  # the parsed input (model member names); secrets still inside
    result: Mapping[str, Any] | None = None  # the output (model member names); secrets still inside
    error: IamError | None = None
    read_only: bool = False
    # The botocore OperationModel when the operation is known, to find members marked sensitive.
    operation_model: Any = None
    notes: Mapping[str, object] = field(default_factory=dict)


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
