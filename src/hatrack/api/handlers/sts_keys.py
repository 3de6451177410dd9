"""sts:GetAccessKeyInfo and sts:DecodeAuthorizationMessage, declared on resource ``*`` (their actions
name no resource type). What temporary credentials may never call is refused by the pipeline before
any handler (``sts.limits``)."""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.api.shapes import sts as shapes
from hatrack.errors import InvalidParameterValue
from hatrack.sts import directory
from hatrack.sts.decode import decode_authorization_message


@operation(
    "sts", "GetAccessKeyInfo", action="sts:GetAccessKeyInfo", resource=targets.any_resource(), read_only=True
)
def get_access_key_info(
    call: Call, request: shapes.GetAccessKeyInfoRequest
) -> shapes.GetAccessKeyInfoResponse:
    account_id = directory.account_of_access_key(call.conn, request.access_key_id)
    if account_id is None:
        raise InvalidParameterValue(f"The access key ID {request.access_key_id} does not exist")
    return shapes.GetAccessKeyInfoResponse(account=account_id)


@operation(
    "sts",
    "DecodeAuthorizationMessage",
    action="sts:DecodeAuthorizationMessage",
    resource=targets.any_resource(),
    read_only=True,
)
def decode_message(
    call: Call, request: shapes.DecodeAuthorizationMessageRequest
) -> shapes.DecodeAuthorizationMessageResponse:
    decoded = decode_authorization_message(
        call.services.keyring, request.encoded_message, account_id=call.ctx.account_id
    )
    return shapes.DecodeAuthorizationMessageResponse(decoded_message=decoded)
