"""SAML 2.0 identity providers that roles can trust (sts:AssumeRoleWithSAML).

A provider is named by its friendly name: ``arn:aws:iam::ACCT:saml-provider/NAME``. Its metadata
document is read when it is created or updated (``saml_metadata.read_idp_metadata``: the IdP's entity
id and signing certificates); STS verifies assertions against those certificates only.

Not supported [choice]: assertion encryption (``AssertionEncryptionMode`` Required, private keys),
and IAM Identity Center context providers; asking for them is refused with InvalidInput.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.errors import EntityAlreadyExists, InvalidInput, LimitExceeded, NoSuchEntity
from hatrack.iam.names import merge_tags, remove_tags
from hatrack.iam.saml_metadata import DEFAULT_VALIDITY, read_idp_metadata
from hatrack.model.identities import SamlProviderRecord
from hatrack.store import resource_tags
from hatrack.store import saml as store
from hatrack.types import Arn

Tag = tuple[str, str]

NAME_PATTERN = re.compile(r"[\w._-]{1,128}")  # the model's pattern for SAMLProviderName
MAX_PROVIDERS = 100  # AWS's default quota: SAML providers in an account
NO_UPDATES = (
    "Unable to update identity provider. No updates are defined for metadata or encryption assertion."
)
NO_PRIVATE_KEY = "Unable to set assertion encryption mode to Required because no private key is provided."
NOT_SUPPORTED = "hatrack does not decrypt SAML assertions: private keys are not accepted"  # [choice]


def _not_found(arn: str) -> NoSuchEntity:
    return NoSuchEntity(f"SAMLProvider {arn} does not exist.")  # [choice] AWS's exact wording unknown


def name_of_arn(account_id: str, arn: str) -> str:
    """The provider's name, for an ARN of this account's ``saml-provider/`` (NoSuchEntity otherwise)."""
    try:
        parsed = Arn.parse(arn)
    except InvalidInput:
        raise InvalidInput(f"ARN {arn} is not valid.") from None
    prefix = "saml-provider/"
    if parsed.service != "iam" or not parsed.resource.startswith(prefix) or parsed.account != account_id:
        raise _not_found(arn)
    return parsed.resource[len(prefix) :]


def get_provider(conn: Connection, account_id: str, arn: str) -> SamlProviderRecord:
    provider = store.get_provider(conn, account_id, name_of_arn(account_id, arn))
    if provider is None:
        raise _not_found(arn)
    return provider


def _check_encryption(mode: str | None, private_key: str | None) -> None:
    if private_key is not None:
        raise InvalidInput(NOT_SUPPORTED)
    if mode == "Required":
        raise InvalidInput(NO_PRIVATE_KEY)


def create_provider(
    conn: Connection,
    account_id: str,
    *,
    name: str,
    metadata_document: str,
    tags: Sequence[Tag],
    now: datetime,
    assertion_encryption_mode: str | None = None,
    private_key: str | None = None,
) -> SamlProviderRecord:
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidInput(f"Invalid SAML provider name: {name}")  # [choice]
    _check_encryption(assertion_encryption_mode, private_key)
    metadata = read_idp_metadata(metadata_document)
    if store.get_provider(conn, account_id, name) is not None:
        raise EntityAlreadyExists(f"SAMLProvider {name} already exists.")  # [choice]
    if len(store.list_providers(conn, account_id)) >= MAX_PROVIDERS:
        raise LimitExceeded(f"Cannot exceed quota for SAMLProvidersPerAccount: {MAX_PROVIDERS}")
    provider = SamlProviderRecord(
        account_id=account_id,
        name=name,
        provider_uuid=str(uuid.uuid4()),
        metadata_document=metadata_document,
        entity_id=metadata.entity_id,
        certificates=metadata.certificates,
        created_at=now,
        valid_until=metadata.valid_until or now + DEFAULT_VALIDITY,
        tags=tuple(tags),
    )
    store.insert_provider(conn, provider)
    return provider


def update_provider(
    conn: Connection,
    account_id: str,
    arn: str,
    *,
    metadata_document: str | None,
    assertion_encryption_mode: str | None = None,
    private_key: str | None = None,
    removed_private_key: str | None = None,
) -> SamlProviderRecord:
    provider = get_provider(conn, account_id, arn)
    if metadata_document is None and assertion_encryption_mode is None and private_key is None:
        if removed_private_key is None:
            raise InvalidInput(NO_UPDATES)
        raise InvalidInput("Failed to remove private key because the Key ID does not match a private key.")
    _check_encryption(assertion_encryption_mode, private_key)
    if metadata_document is not None:
        metadata = read_idp_metadata(metadata_document)
        store.update_metadata(
            conn,
            account_id,
            provider.name,
            metadata_document=metadata_document,
            entity_id=metadata.entity_id,
            certificates=metadata.certificates,
            valid_until=metadata.valid_until or provider.created_at + DEFAULT_VALIDITY,
        )
    return provider


def list_providers(conn: Connection, account_id: str) -> list[SamlProviderRecord]:
    return store.list_providers(conn, account_id)


def delete_provider(conn: Connection, account_id: str, arn: str) -> None:
    provider = get_provider(conn, account_id, arn)
    store.delete_provider(conn, account_id, provider.name)


def tag_provider(conn: Connection, account_id: str, arn: str, tags: Sequence[Tag]) -> None:
    provider = get_provider(conn, account_id, arn)
    merged = merge_tags(provider.tags, tags, quota_name="TagsPerSAMLProvider")
    resource_tags.replace_tags(conn, account_id, store.SAML_PROVIDER, provider.name, merged)


def untag_provider(conn: Connection, account_id: str, arn: str, keys: Sequence[str]) -> None:
    provider = get_provider(conn, account_id, arn)
    remaining = remove_tags(provider.tags, keys)
    resource_tags.replace_tags(conn, account_id, store.SAML_PROVIDER, provider.name, remaining)


def find_provider(conn: Connection, account_id: str, name: str) -> SamlProviderRecord | None:
    """The provider named ``name``, or None (a look-up that never raises)."""
    return store.get_provider(conn, account_id, name)
