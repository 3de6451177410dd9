"""IAM OpenID Connect provider operations: Create/Get/List/DeleteOpenIDConnectProvider,
Add/RemoveClientIDToOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint, Tag/Untag/List…Tags.

Authorized against the provider's ARN (``arn:aws:iam::ACCT:oidc-provider/HOST/PATH``). Tags are
ordinary tags; the provider's signing keys (hatrack's extension, see ``hatrack.iam.oidc_providers``)
are not reachable through any of these actions: the operator sets them with ``hatrack oidc set-keys``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hatrack.api.context import Call
from hatrack.api.handlers.iam_users import creation_tag_context, tagging_context, tags_page, tags_shape
from hatrack.api.registry import operation
from hatrack.errors import IamError
from hatrack.iam import oidc_providers
from hatrack.iam.names import resource_tag_context, validate_tag_keys, validate_tags

Context = dict[str, str | list[str]]


def _target(call: Call, arn: str) -> tuple[str, Context]:
    try:
        provider = oidc_providers.get_provider(call.conn, call.ctx.account_id, arn)
    except IamError:
        return arn, {}
    return arn, resource_tag_context(provider.tags)


@operation("iam", "CreateOpenIDConnectProvider")
def create_provider(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    issuer: str = params["Url"]
    raw = params.get("Tags") or []
    context = creation_tag_context(params)
    try:
        resource = call.ctx.iam_arn(f"oidc-provider/{oidc_providers.url_of(issuer)}")
    except IamError:
        resource = call.ctx.iam_arn("oidc-provider/")
    call.authorize("iam:CreateOpenIDConnectProvider", resource, context=context)
    provider = oidc_providers.create_provider(
        call.conn,
        call.ctx.account_id,
        issuer=issuer,
        client_ids=list(params.get("ClientIDList") or []),
        thumbprints=list(params.get("ThumbprintList") or []),
        tags=validate_tags(raw),
        now=call.ctx.now,
    )
    result: dict[str, Any] = {"OpenIDConnectProviderArn": provider.arn(call.ctx.partition)}
    if provider.tags:
        result["Tags"] = tags_shape(provider.tags)
    return result


@operation("iam", "GetOpenIDConnectProvider", read_only=True)
def get_provider(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["OpenIDConnectProviderArn"])
    call.authorize("iam:GetOpenIDConnectProvider", arn, context=context)
    provider = oidc_providers.get_provider(call.conn, call.ctx.account_id, arn)
    result: dict[str, Any] = {
        "Url": provider.url,
        "ClientIDList": list(provider.client_ids),
        "ThumbprintList": list(provider.thumbprints),
        "CreateDate": provider.created_at,
    }
    if provider.tags:
        result["Tags"] = tags_shape(provider.tags)
    return result


@operation("iam", "ListOpenIDConnectProviders", read_only=True)
def list_providers(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    call.authorize("iam:ListOpenIDConnectProviders", call.ctx.iam_arn("oidc-provider/"))
    return {
        "OpenIDConnectProviderList": [
            {"Arn": provider.arn(call.ctx.partition)}
            for provider in oidc_providers.list_providers(call.conn, call.ctx.account_id)
        ]
    }


@operation("iam", "DeleteOpenIDConnectProvider")
def delete_provider(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["OpenIDConnectProviderArn"])
    call.authorize("iam:DeleteOpenIDConnectProvider", arn, context=context)
    oidc_providers.delete_provider(call.conn, call.ctx.account_id, arn)
    return {}


@operation("iam", "AddClientIDToOpenIDConnectProvider")
def add_client_id(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["OpenIDConnectProviderArn"])
    call.authorize("iam:AddClientIDToOpenIDConnectProvider", arn, context=context)
    oidc_providers.add_client_id(call.conn, call.ctx.account_id, arn, params["ClientID"])
    return {}


@operation("iam", "RemoveClientIDFromOpenIDConnectProvider")
def remove_client_id(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["OpenIDConnectProviderArn"])
    call.authorize("iam:RemoveClientIDFromOpenIDConnectProvider", arn, context=context)
    oidc_providers.remove_client_id(call.conn, call.ctx.account_id, arn, params["ClientID"])
    return {}


@operation("iam", "UpdateOpenIDConnectProviderThumbprint")
def update_thumbprint(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["OpenIDConnectProviderArn"])
    call.authorize("iam:UpdateOpenIDConnectProviderThumbprint", arn, context=context)
    oidc_providers.update_thumbprints(call.conn, call.ctx.account_id, arn, list(params["ThumbprintList"]))
    return {}


@operation("iam", "TagOpenIDConnectProvider")
def tag_provider(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["OpenIDConnectProviderArn"])
    call.authorize("iam:TagOpenIDConnectProvider", arn, context={**context, **tagging_context(params)})
    oidc_providers.tag_provider(call.conn, call.ctx.account_id, arn, validate_tags(params.get("Tags") or []))
    return {}


@operation("iam", "UntagOpenIDConnectProvider")
def untag_provider(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["OpenIDConnectProviderArn"])
    keys = list(params.get("TagKeys") or [])
    call.authorize("iam:UntagOpenIDConnectProvider", arn, context={**context, "aws:TagKeys": keys})
    oidc_providers.untag_provider(call.conn, call.ctx.account_id, arn, validate_tag_keys(keys))
    return {}


@operation("iam", "ListOpenIDConnectProviderTags", read_only=True)
def list_provider_tags(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    arn, context = _target(call, params["OpenIDConnectProviderArn"])
    call.authorize("iam:ListOpenIDConnectProviderTags", arn, context=context)
    provider = oidc_providers.get_provider(call.conn, call.ctx.account_id, arn)
    return tags_page(provider.tags, params)
