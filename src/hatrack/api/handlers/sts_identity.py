"""sts:GetCallerIdentity — never denied, answers for every kind of caller."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import operation


@operation("sts", "GetCallerIdentity", read_only=True, needs_authorization=False)
def get_caller_identity(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    caller = call.ctx.caller
    return {"UserId": caller.principal_id, "Account": caller.account_id, "Arn": caller.arn}
