"""IAM SAML provider operations: Create/Get/Update/Delete/ListSAMLProvider(s), Tag/Untag/List…Tags.

Every operation is declared: the pipeline authorizes it on the provider's ARN
(``arn:aws:iam::ACCT:saml-provider/NAME``, named canonically by ``targets.saml_provider``) with its
tags. The metadata document is read and checked by ``hatrack.iam.saml_metadata``.
"""

from __future__ import annotations

from hatrack.api import targets
from hatrack.api.context import Call
from hatrack.api.handlers.tagging import requested_tags, shown_tags, tags_page
from hatrack.api.registry import operation
from hatrack.api.shapes import iam as shapes
from hatrack.errors import InvalidInput
from hatrack.iam import saml_providers
from hatrack.iam.names import validate_tag_keys

ENCRYPTION_MODE = "Allowed"  # hatrack never requires encrypted assertions (it does not decrypt them)


def _refuse_identity_center(*values: object) -> None:
    if any(value for value in values):
        raise InvalidInput("hatrack does not support IAM Identity Center context providers")  # [choice]


@operation(
    "iam",
    "CreateSAMLProvider",
    action="iam:CreateSAMLProvider",
    resource=targets.new_saml_provider(),
    condition_keys=(targets.creation_tags,),
)
def create_provider(
    call: Call, request: shapes.CreateSAMLProviderRequest
) -> shapes.CreateSAMLProviderResponse:
    _refuse_identity_center(request.context_provider, request.identity_center_instance_arn)
    provider = saml_providers.create_provider(
        call.conn,
        call.ctx.account_id,
        name=request.name,
        metadata_document=request.saml_metadata_document,
        tags=requested_tags(request.tags),
        now=call.ctx.now,
        assertion_encryption_mode=request.assertion_encryption_mode,
        private_key=request.add_private_key,
    )
    return shapes.CreateSAMLProviderResponse(
        saml_provider_arn=provider.arn(call.ctx.partition), tags=shown_tags(provider.tags)
    )


@operation(
    "iam", "GetSAMLProvider", action="iam:GetSAMLProvider", resource=targets.saml_provider(), read_only=True
)
def get_provider(call: Call, request: shapes.GetSAMLProviderRequest) -> shapes.GetSAMLProviderResponse:
    provider = saml_providers.get_provider(call.conn, call.ctx.account_id, request.saml_provider_arn)
    return shapes.GetSAMLProviderResponse(
        saml_provider_uuid=provider.provider_uuid,
        saml_metadata_document=provider.metadata_document,
        create_date=provider.created_at,
        valid_until=provider.valid_until,
        tags=shown_tags(provider.tags),
        assertion_encryption_mode=ENCRYPTION_MODE,
    )


@operation("iam", "UpdateSAMLProvider", action="iam:UpdateSAMLProvider", resource=targets.saml_provider())
def update_provider(
    call: Call, request: shapes.UpdateSAMLProviderRequest
) -> shapes.UpdateSAMLProviderResponse:
    _refuse_identity_center(
        request.context_provider,
        request.identity_center_instance_arn,
        request.remove_context_provider,
        request.remove_identity_center_instance,
    )
    provider = saml_providers.update_provider(
        call.conn,
        call.ctx.account_id,
        request.saml_provider_arn,
        metadata_document=request.saml_metadata_document,
        assertion_encryption_mode=request.assertion_encryption_mode,
        private_key=request.add_private_key,
        removed_private_key=request.remove_private_key,
    )
    return shapes.UpdateSAMLProviderResponse(saml_provider_arn=provider.arn(call.ctx.partition))


@operation(
    "iam",
    "ListSAMLProviders",
    action="iam:ListSAMLProviders",
    resource=targets.fixed("saml-provider/"),
    read_only=True,
)
def list_providers(call: Call, request: shapes.ListSAMLProvidersRequest) -> shapes.ListSAMLProvidersResponse:
    entries = tuple(
        shapes.SAMLProviderListEntry(
            arn=provider.arn(call.ctx.partition),
            valid_until=provider.valid_until,
            create_date=provider.created_at,
        )
        for provider in saml_providers.list_providers(call.conn, call.ctx.account_id)
    )
    return shapes.ListSAMLProvidersResponse(saml_provider_list=entries)


@operation("iam", "DeleteSAMLProvider", action="iam:DeleteSAMLProvider", resource=targets.saml_provider())
def delete_provider(call: Call, request: shapes.DeleteSAMLProviderRequest) -> None:
    saml_providers.delete_provider(call.conn, call.ctx.account_id, request.saml_provider_arn)


@operation(
    "iam",
    "TagSAMLProvider",
    action="iam:TagSAMLProvider",
    resource=targets.saml_provider(),
    condition_keys=(targets.request_tags,),
)
def tag_provider(call: Call, request: shapes.TagSAMLProviderRequest) -> None:
    saml_providers.tag_provider(
        call.conn, call.ctx.account_id, request.saml_provider_arn, requested_tags(request.tags)
    )


@operation(
    "iam",
    "UntagSAMLProvider",
    action="iam:UntagSAMLProvider",
    resource=targets.saml_provider(),
    condition_keys=(targets.tag_keys,),
)
def untag_provider(call: Call, request: shapes.UntagSAMLProviderRequest) -> None:
    saml_providers.untag_provider(
        call.conn, call.ctx.account_id, request.saml_provider_arn, validate_tag_keys(list(request.tag_keys))
    )


@operation(
    "iam",
    "ListSAMLProviderTags",
    action="iam:ListSAMLProviderTags",
    resource=targets.saml_provider(),
    read_only=True,
)
def list_provider_tags(
    call: Call, request: shapes.ListSAMLProviderTagsRequest
) -> shapes.ListSAMLProviderTagsResponse:
    provider = saml_providers.get_provider(call.conn, call.ctx.account_id, request.saml_provider_arn)
    page = tags_page(provider.tags, request.marker, request.max_items)
    return shapes.ListSAMLProviderTagsResponse(
        tags=page.tags, is_truncated=page.is_truncated, marker=page.marker
    )
