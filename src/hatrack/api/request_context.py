"""The immutable facts of one authenticated call: who, from where, when, which operation.

Built by the pipeline once the caller is known; read by the authorizer, the resolvers and the
handlers. The partition is the server's (configuration), never the request's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hatrack.model import Caller


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str
    service: str  # "iam" | "sts" | "cloudtrail"
    operation: str  # the model's operation name, e.g. "CreateUser"
    region: str
    partition: str
    caller: Caller
    source_ip: str
    user_agent: str
    now: datetime
    secure_transport: bool = False

    def iam_arn(self, resource: str, *, account_id: str | None = None) -> str:
        return f"arn:{self.partition}:iam::{account_id or self.caller.account_id}:{resource}"

    @property
    def account_id(self) -> str:
        return self.caller.account_id
