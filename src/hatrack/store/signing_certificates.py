"""X.509 signing certificates of IAM users and the account root (Upload/List/Update/Delete…).

Keyed by the owner's id (a user's unique id, or the account id for the root); the SHA-256
fingerprint is unique in the account, as AWS allows one certificate to one owner.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.model.identities import SigningCertificateRecord
from hatrack.store.identity_tables import as_utc
from hatrack.store.schema import UtcDateTime, metadata

signing_certificates = sa.Table(
    "signing_certificates",
    metadata,
    sa.Column("certificate_id", sa.String(128), primary_key=True),
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), nullable=False),
    sa.Column("owner_id", sa.String(32), nullable=False, index=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("uploaded_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("account_id", "fingerprint"),
)


def _record(row: RowMapping) -> SigningCertificateRecord:
    return SigningCertificateRecord(
        certificate_id=row["certificate_id"],
        account_id=row["account_id"],
        owner_id=row["owner_id"],
        body=row["body"],
        fingerprint=row["fingerprint"],
        status=row["status"],
        uploaded_at=as_utc(row["uploaded_at"]),
    )


def insert_certificate(conn: Connection, record: SigningCertificateRecord) -> None:
    conn.execute(
        signing_certificates.insert().values(
            certificate_id=record.certificate_id,
            account_id=record.account_id,
            owner_id=record.owner_id,
            body=record.body,
            fingerprint=record.fingerprint,
            status=record.status,
            uploaded_at=record.uploaded_at,
        )
    )


def certificates_of(conn: Connection, account_id: str, owner_id: str) -> list[SigningCertificateRecord]:
    table = signing_certificates
    rows = conn.execute(
        table.select()
        .where(table.c.account_id == account_id, table.c.owner_id == owner_id)
        .order_by(table.c.certificate_id)
    ).mappings()
    return [_record(row) for row in rows]


def fingerprint_in_account(conn: Connection, account_id: str, fingerprint: str) -> bool:
    table = signing_certificates
    found = conn.execute(
        sa.select(table.c.certificate_id).where(
            table.c.account_id == account_id, table.c.fingerprint == fingerprint
        )
    ).first()
    return found is not None


def set_status(conn: Connection, certificate_id: str, status: str) -> None:
    table = signing_certificates
    conn.execute(table.update().where(table.c.certificate_id == certificate_id).values(status=status))


def delete_certificate(conn: Connection, certificate_id: str) -> None:
    table = signing_certificates
    conn.execute(table.delete().where(table.c.certificate_id == certificate_id))
