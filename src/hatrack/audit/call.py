"""What the edge hands the audit trail about one answered call.

The edge builds a ``CallRecord`` for every request it answers; a ``Recorder`` (``recorder.py``) turns
it into CloudTrail-format events (``events.py``). This module imports neither, so both can use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hatrack.errors import IamError
from hatrack.model import Caller


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
