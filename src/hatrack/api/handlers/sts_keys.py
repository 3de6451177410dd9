"""sts:GetAccessKeyInfo and sts:DecodeAuthorizationMessage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.errors import InvalidParameterValue
from hatrack.sts import directory
from hatrack.sts.decode import decode_authorization_message
from hatrack.sts.limits import check_credential_limits


@operation("sts", "GetAccessKeyInfo", read_only=True)
def get_access_key_info(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    check_credential_limits(call.ctx.caller, "sts", "GetAccessKeyInfo")
    call.authorize("sts:GetAccessKeyInfo", "*")
    access_key_id = params["AccessKeyId"]
    account_id = directory.account_of_access_key(call.conn, access_key_id)
    if account_id is None:
        raise InvalidParameterValue(f"The access key ID {access_key_id} does not exist")
    return {"Account": account_id}


@operation("sts", "DecodeAuthorizationMessage", read_only=True)
def decode_message(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    check_credential_limits(call.ctx.caller, "sts", "DecodeAuthorizationMessage")
    call.authorize("sts:DecodeAuthorizationMessage", "*")
    decoded = decode_authorization_message(
        call.services.keyring, params["EncodedMessage"], account_id=call.ctx.account_id
    )
    return {"DecodedMessage": decoded}
