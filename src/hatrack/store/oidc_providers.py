"""Repository of OpenID Connect identity providers, keyed by account and issuer (host[/path]).

A provider's tags are ordinary tags (``resource_tags``). Its signing keys, when the operator
configured them, are a separate record (``OidcProviderKeys`` in ``oidc_provider_keys``): STS trusts
them, so no tag and no IAM action reaches them.
"""

from __future__ import annotations

import json

from sqlalchemy.engine import Connection, RowMapping

from hatrack.model.identities import OidcProviderKeys, OidcProviderRecord
from hatrack.store import resource_tags
from hatrack.store.identity_tables import as_utc
from hatrack.store.permission_tables import oidc_provider_keys, oidc_providers

Tag = tuple[str, str]


def _record(row: RowMapping, tags: tuple[Tag, ...]) -> OidcProviderRecord:
    return OidcProviderRecord(
        account_id=row["account_id"],
        url=row["url"],
        client_ids=tuple(json.loads(row["client_ids"])),
        thumbprints=tuple(json.loads(row["thumbprints"])),
        created_at=as_utc(row["created_at"]),
        tags=tags,
    )


def insert_provider(conn: Connection, provider: OidcProviderRecord) -> None:
    conn.execute(
        oidc_providers.insert().values(
            account_id=provider.account_id,
            url=provider.url,
            client_ids=json.dumps(list(provider.client_ids)),
            thumbprints=json.dumps(list(provider.thumbprints)),
            created_at=provider.created_at,
        )
    )
    resource_tags.replace_tags(
        conn, provider.account_id, resource_tags.OIDC_PROVIDER, provider.url, provider.tags
    )


def get_provider(conn: Connection, account_id: str, url: str) -> OidcProviderRecord | None:
    """The provider of ``url`` (host[/path], no scheme), with its tags."""
    row = (
        conn.execute(
            oidc_providers.select().where(
                oidc_providers.c.account_id == account_id, oidc_providers.c.url == url
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return _record(row, resource_tags.get_tags(conn, account_id, resource_tags.OIDC_PROVIDER, url))


def list_providers(conn: Connection, account_id: str) -> list[OidcProviderRecord]:
    rows = conn.execute(
        oidc_providers.select()
        .where(oidc_providers.c.account_id == account_id)
        .order_by(oidc_providers.c.url)
    ).mappings()
    return [_record(row, ()) for row in rows]


def update_provider(
    conn: Connection,
    account_id: str,
    url: str,
    *,
    client_ids: tuple[str, ...] | None = None,
    thumbprints: tuple[str, ...] | None = None,
) -> None:
    values: dict[str, str] = {}
    if client_ids is not None:
        values["client_ids"] = json.dumps(list(client_ids))
    if thumbprints is not None:
        values["thumbprints"] = json.dumps(list(thumbprints))
    if values:
        conn.execute(
            oidc_providers.update()
            .where(oidc_providers.c.account_id == account_id, oidc_providers.c.url == url)
            .values(values)
        )


def delete_provider(conn: Connection, account_id: str, url: str) -> None:
    delete_keys(conn, account_id, url)
    resource_tags.delete_tags(conn, account_id, resource_tags.OIDC_PROVIDER, url)
    conn.execute(
        oidc_providers.delete().where(oidc_providers.c.account_id == account_id, oidc_providers.c.url == url)
    )


def get_keys(conn: Connection, account_id: str, url: str) -> OidcProviderKeys | None:
    row = (
        conn.execute(
            oidc_provider_keys.select().where(
                oidc_provider_keys.c.account_id == account_id, oidc_provider_keys.c.url == url
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return OidcProviderKeys(
        account_id=row["account_id"],
        url=row["url"],
        jwks=row["jwks"],
        jwks_uri=row["jwks_uri"],
        updated_at=as_utc(row["updated_at"]),
    )


def set_keys(conn: Connection, keys: OidcProviderKeys) -> None:
    """Make ``keys`` the provider's whole key configuration (replacing any earlier one)."""
    delete_keys(conn, keys.account_id, keys.url)
    conn.execute(
        oidc_provider_keys.insert().values(
            account_id=keys.account_id,
            url=keys.url,
            jwks=keys.jwks,
            jwks_uri=keys.jwks_uri,
            updated_at=keys.updated_at,
        )
    )


def delete_keys(conn: Connection, account_id: str, url: str) -> None:
    conn.execute(
        oidc_provider_keys.delete().where(
            oidc_provider_keys.c.account_id == account_id, oidc_provider_keys.c.url == url
        )
    )
