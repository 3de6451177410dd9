"""IAM OpenID Connect provider operations: Create/Get/List/DeleteOpenIDConnectProvider,
Add/RemoveClientIDToOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint, Tag/Untag/List…Tags.

Every operation is declared: the pipeline authorizes it on the provider's ARN
(``arn:aws:iam::ACCT:oidc-provider/HOST/PATH``, checked and named canonically by
``targets.oidc_provider``) with its tags. Tags are ordinary tags; the provider's signing keys
(hatrack's extension, see ``hatrack.iam.oidc_providers``) are not reachable through any of these
actions: the operator sets them with ``hatrack oidc set-keys``.
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.tagging import requested_tags, shown_tags, tags_page
from hatrack.api.registry import operation
from hatrack.api.shapes import NoInput
from hatrack.api.shapes import iam as shapes
from hatrack.iam import oidc_providers
from hatrack.iam.names import validate_tag_keys


@operation(
    "iam",
    "CreateOpenIDConnectProvider",
    action="iam:CreateOpenIDConnectProvider",
    resource=targets.new_oidc_provider(),
    condition_keys=(targets.creation_tags,),
)
def create_provider(
    call: Call, request: shapes.CreateOpenIDConnectProviderRequest
) -> shapes.CreateOpenIDConnectProviderResponse:
    provider = oidc_providers.create_provider(
        call.conn,
        call.ctx.account_id,
        issuer=request.url,
        client_ids=list(request.client_id_list or ()),
        thumbprints=list(request.thumbprint_list or ()),
        tags=requested_tags(request.tags),
        now=call.ctx.now,
    )
    return shapes.CreateOpenIDConnectProviderResponse(
        open_id_connect_provider_arn=provider.arn(call.ctx.partition), tags=shown_tags(provider.tags)
    )


@operation(
    "iam",
    "GetOpenIDConnectProvider",
    action="iam:GetOpenIDConnectProvider",
    resource=targets.oidc_provider(),
    read_only=True,
)
def get_provider(
    call: Call, request: shapes.GetOpenIDConnectProviderRequest
) -> shapes.GetOpenIDConnectProviderResponse:
    provider = oidc_providers.get_provider(
        call.conn, call.ctx.account_id, request.open_id_connect_provider_arn
    )
    return shapes.GetOpenIDConnectProviderResponse(
        url=provider.url,
        client_id_list=tuple(provider.client_ids),
        thumbprint_list=tuple(provider.thumbprints),
        create_date=provider.created_at,
        tags=shown_tags(provider.tags),
    )


@operation(
    "iam",
    "ListOpenIDConnectProviders",
    action="iam:ListOpenIDConnectProviders",
    resource=targets.fixed("oidc-provider/"),
    read_only=True,
)
def list_providers(call: Call, request: NoInput) -> shapes.ListOpenIDConnectProvidersResponse:
    entries = tuple(
        shapes.OpenIDConnectProviderListEntry(arn=provider.arn(call.ctx.partition))
        for provider in oidc_providers.list_providers(call.conn, call.ctx.account_id)
    )
    return shapes.ListOpenIDConnectProvidersResponse(open_id_connect_provider_list=entries)


@operation(
    "iam",
    "DeleteOpenIDConnectProvider",
    action="iam:DeleteOpenIDConnectProvider",
    resource=targets.oidc_provider(),
)
def delete_provider(call: Call, request: shapes.DeleteOpenIDConnectProviderRequest) -> None:
    oidc_providers.delete_provider(call.conn, call.ctx.account_id, request.open_id_connect_provider_arn)


@operation(
    "iam",
    "AddClientIDToOpenIDConnectProvider",
    action="iam:AddClientIDToOpenIDConnectProvider",
    resource=targets.oidc_provider(),
)
def add_client_id(call: Call, request: shapes.AddClientIDToOpenIDConnectProviderRequest) -> None:
    oidc_providers.add_client_id(
        call.conn, call.ctx.account_id, request.open_id_connect_provider_arn, request.client_id
    )


@operation(
    "iam",
    "RemoveClientIDFromOpenIDConnectProvider",
    action="iam:RemoveClientIDFromOpenIDConnectProvider",
    resource=targets.oidc_provider(),
)
def remove_client_id(call: Call, request: shapes.RemoveClientIDFromOpenIDConnectProviderRequest) -> None:
    oidc_providers.remove_client_id(
        call.conn, call.ctx.account_id, request.open_id_connect_provider_arn, request.client_id
    )


@operation(
    "iam",
    "UpdateOpenIDConnectProviderThumbprint",
    action="iam:UpdateOpenIDConnectProviderThumbprint",
    resource=targets.oidc_provider(),
)
def update_thumbprint(call: Call, request: shapes.UpdateOpenIDConnectProviderThumbprintRequest) -> None:
    oidc_providers.update_thumbprints(
        call.conn, call.ctx.account_id, request.open_id_connect_provider_arn, list(request.thumbprint_list)
    )


@operation(
    "iam",
    "TagOpenIDConnectProvider",
    action="iam:TagOpenIDConnectProvider",
    resource=targets.oidc_provider(),
    condition_keys=(targets.request_tags,),
)
def tag_provider(call: Call, request: shapes.TagOpenIDConnectProviderRequest) -> None:
    oidc_providers.tag_provider(
        call.conn,
        call.ctx.account_id,
        request.open_id_connect_provider_arn,
        requested_tags(request.tags),
    )


@operation(
    "iam",
    "UntagOpenIDConnectProvider",
    action="iam:UntagOpenIDConnectProvider",
    resource=targets.oidc_provider(),
    condition_keys=(targets.tag_keys,),
)
def untag_provider(call: Call, request: shapes.UntagOpenIDConnectProviderRequest) -> None:
    oidc_providers.untag_provider(
        call.conn,
        call.ctx.account_id,
        request.open_id_connect_provider_arn,
        validate_tag_keys(list(request.tag_keys)),
    )


@operation(
    "iam",
    "ListOpenIDConnectProviderTags",
    action="iam:ListOpenIDConnectProviderTags",
    resource=targets.oidc_provider(),
    read_only=True,
)
def list_provider_tags(
    call: Call, request: shapes.ListOpenIDConnectProviderTagsRequest
) -> shapes.ListOpenIDConnectProviderTagsResponse:
    provider = oidc_providers.get_provider(
        call.conn, call.ctx.account_id, request.open_id_connect_provider_arn
    )
    page = tags_page(provider.tags, request.marker, request.max_items)
    return shapes.ListOpenIDConnectProviderTagsResponse(
        tags=page.tags, is_truncated=page.is_truncated, marker=page.marker
    )
