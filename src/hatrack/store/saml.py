"""SAML 2.0 identity providers and the assertion ids STS has redeemed (replay protection).

A provider's tags are ordinary tags (``resource_tags``, kind ``saml-provider``, keyed by its name).
Its signing certificates are read from its metadata document when it is created or updated, and kept
beside the document (JSON list of PEM texts) so that verifying an assertion parses no metadata.
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.model.identities import SamlProviderRecord
from hatrack.store import resource_tags
from hatrack.store.identity_tables import as_utc
from hatrack.store.schema import UtcDateTime, metadata

saml_providers = sa.Table(
    "saml_providers",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("name", sa.String(128), primary_key=True),
    sa.Column("provider_uuid", sa.String(36), nullable=False),
    sa.Column("metadata_document", sa.Text, nullable=False),
    sa.Column("entity_id", sa.String(1024), nullable=False),
    sa.Column("certificates", sa.Text, nullable=False),  # JSON array of PEM texts
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("valid_until", UtcDateTime, nullable=False),
)

# An assertion STS has exchanged for credentials, remembered until it expires: the same assertion
# (its issuer and ID) is refused a second time. Rows past ``expires_at`` are swept on the next redeem.
saml_redeemed_assertions = sa.Table(
    "saml_redeemed_assertions",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("issuer", sa.String(1024), primary_key=True),
    sa.Column("assertion_id", sa.String(256), primary_key=True),
    sa.Column("expires_at", UtcDateTime, nullable=False, index=True),
)

SAML_PROVIDER = "saml-provider"


def _record(row: RowMapping, tags: tuple[tuple[str, str], ...]) -> SamlProviderRecord:
    return SamlProviderRecord(
        account_id=row["account_id"],
        name=row["name"],
        provider_uuid=row["provider_uuid"],
        metadata_document=row["metadata_document"],
        entity_id=row["entity_id"],
        certificates=tuple(json.loads(row["certificates"])),
        created_at=as_utc(row["created_at"]),
        valid_until=as_utc(row["valid_until"]),
        tags=tags,
    )


def insert_provider(conn: Connection, provider: SamlProviderRecord) -> None:
    conn.execute(
        saml_providers.insert().values(
            account_id=provider.account_id,
            name=provider.name,
            provider_uuid=provider.provider_uuid,
            metadata_document=provider.metadata_document,
            entity_id=provider.entity_id,
            certificates=json.dumps(list(provider.certificates)),
            created_at=provider.created_at,
            valid_until=provider.valid_until,
        )
    )
    resource_tags.replace_tags(conn, provider.account_id, SAML_PROVIDER, provider.name, provider.tags)


def _where(account_id: str, name: str) -> tuple[sa.ColumnElement[bool], ...]:
    return (saml_providers.c.account_id == account_id, saml_providers.c.name == name)


def get_provider(conn: Connection, account_id: str, name: str) -> SamlProviderRecord | None:
    """The provider named ``name`` (case-sensitive, as its ARN), with its tags."""
    row = conn.execute(saml_providers.select().where(*_where(account_id, name))).mappings().first()
    if row is None:
        return None
    return _record(row, resource_tags.get_tags(conn, account_id, SAML_PROVIDER, name))


def list_providers(conn: Connection, account_id: str) -> list[SamlProviderRecord]:
    rows = conn.execute(
        saml_providers.select()
        .where(saml_providers.c.account_id == account_id)
        .order_by(saml_providers.c.name)
    ).mappings()
    return [_record(row, ()) for row in rows]


def update_metadata(
    conn: Connection,
    account_id: str,
    name: str,
    *,
    metadata_document: str,
    entity_id: str,
    certificates: tuple[str, ...],
    valid_until: datetime,
) -> None:
    conn.execute(
        saml_providers.update()
        .where(*_where(account_id, name))
        .values(
            metadata_document=metadata_document,
            entity_id=entity_id,
            certificates=json.dumps(list(certificates)),
            valid_until=valid_until,
        )
    )


def delete_provider(conn: Connection, account_id: str, name: str) -> None:
    resource_tags.delete_tags(conn, account_id, SAML_PROVIDER, name)
    conn.execute(saml_providers.delete().where(*_where(account_id, name)))


def redeem_assertion(
    conn: Connection, account_id: str, issuer: str, assertion_id: str, *, expires_at: datetime, now: datetime
) -> bool:
    """Remember the assertion until ``expires_at``; False when it was redeemed before (and has not
    expired since). Expired ids of the account are swept first."""
    table = saml_redeemed_assertions
    conn.execute(table.delete().where(table.c.account_id == account_id, table.c.expires_at <= now))
    seen = conn.execute(
        sa.select(table.c.assertion_id).where(
            table.c.account_id == account_id, table.c.issuer == issuer, table.c.assertion_id == assertion_id
        )
    ).first()
    if seen is not None:
        return False
    try:
        with conn.begin_nested():  # a concurrent redeem of the same assertion loses here, cleanly
            conn.execute(
                table.insert().values(
                    account_id=account_id, issuer=issuer, assertion_id=assertion_id, expires_at=expires_at
                )
            )
    except sa.exc.IntegrityError:
        return False
    return True
