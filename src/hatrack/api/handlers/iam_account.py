"""Account-wide operations: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases,
GetAccountSummary. Their resource is ``*``, as in AWS's Service Authorization Reference."""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.registry import operation
from hatrack.api.shapes import NoInput
from hatrack.api.shapes import iam as shapes
from hatrack.iam import account_settings
from hatrack.iam.pagination import paginate


@operation("iam", "CreateAccountAlias", action="iam:CreateAccountAlias", resource=targets.any_resource())
def create_account_alias(call: Call, request: shapes.CreateAccountAliasRequest) -> None:
    account_settings.create_account_alias(
        call.conn, call.ctx.account_id, request.account_alias, now=call.ctx.now
    )


@operation("iam", "DeleteAccountAlias", action="iam:DeleteAccountAlias", resource=targets.any_resource())
def delete_account_alias(call: Call, request: shapes.DeleteAccountAliasRequest) -> None:
    account_settings.delete_account_alias(call.conn, call.ctx.account_id, request.account_alias)


@operation(
    "iam",
    "ListAccountAliases",
    action="iam:ListAccountAliases",
    resource=targets.any_resource(),
    read_only=True,
)
def list_account_aliases(
    call: Call, request: shapes.ListAccountAliasesRequest
) -> shapes.ListAccountAliasesResponse:
    page = paginate(
        account_settings.list_account_aliases(call.conn, call.ctx.account_id),
        key=lambda alias: alias,
        marker=request.marker,
        max_items=request.max_items,
    )
    return shapes.ListAccountAliasesResponse(
        account_aliases=page.items, is_truncated=page.is_truncated, marker=page.marker
    )


@operation(
    "iam",
    "GetAccountSummary",
    action="iam:GetAccountSummary",
    resource=targets.any_resource(),
    read_only=True,
)
def get_account_summary(call: Call, request: NoInput) -> shapes.GetAccountSummaryResponse:
    return shapes.GetAccountSummaryResponse(
        summary_map=account_settings.account_summary(call.conn, call.ctx.account_id)
    )
