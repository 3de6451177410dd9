"""Account-wide operations: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases,
GetAccountSummary. Their resource is ``*``, as in AWS's Service Authorization Reference."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.iam import account_settings
from hatrack.iam.pagination import paginate

ACCOUNT_RESOURCE = "*"


@operation("iam", "CreateAccountAlias")
def create_account_alias(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:CreateAccountAlias", ACCOUNT_RESOURCE)
    account_settings.create_account_alias(
        call.conn, call.ctx.account_id, params["AccountAlias"], now=call.ctx.now
    )
    return {}


@operation("iam", "DeleteAccountAlias")
def delete_account_alias(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:DeleteAccountAlias", ACCOUNT_RESOURCE)
    account_settings.delete_account_alias(call.conn, call.ctx.account_id, params["AccountAlias"])
    return {}


@operation("iam", "ListAccountAliases", read_only=True)
def list_account_aliases(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:ListAccountAliases", ACCOUNT_RESOURCE)
    page = paginate(
        account_settings.list_account_aliases(call.conn, call.ctx.account_id),
        key=lambda alias: alias,
        marker=params.get("Marker"),
        max_items=params.get("MaxItems"),
    )
    return {"AccountAliases": list(page.items), **page.output()}


@operation("iam", "GetAccountSummary", read_only=True)
def get_account_summary(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:GetAccountSummary", ACCOUNT_RESOURCE)
    return {"SummaryMap": account_settings.account_summary(call.conn, call.ctx.account_id)}
