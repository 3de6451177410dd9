"""sts:GetCallerIdentity — answers for every kind of caller, and is never denied."""

from __future__ import annotations

from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.api.shapes import sts as shapes

NEVER_DENIED = (
    'GetCallerIdentity API reference: "No permissions are required to perform this operation. If an '
    "administrator attaches a policy to your identity that explicitly denies access to the "
    'sts:GetCallerIdentity action, you can still perform this operation."'
)


@operation(
    "sts", "GetCallerIdentity", action="sts:GetCallerIdentity", never_denied=NEVER_DENIED, read_only=True
)
def get_caller_identity(
    call: Call, request: shapes.GetCallerIdentityRequest
) -> shapes.GetCallerIdentityResponse:
    caller = call.ctx.caller
    return shapes.GetCallerIdentityResponse(
        user_id=caller.principal_id, account=caller.account_id, arn=caller.arn
    )
