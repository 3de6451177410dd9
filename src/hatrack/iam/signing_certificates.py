"""X.509 signing certificates of IAM users and the account root (Upload/List/Update/DeleteSigningCertificate).

The body is a PEM certificate parsed with ``cryptography``; one that is not, or has expired (or is
not valid yet [choice]), is MalformedCertificate with AWS's text. At most 2 per owner (AWS's quota);
one certificate belongs to one owner of the account (DuplicateCertificate). Ids are 32 characters
of AWS's id alphabet [choice].
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy.engine import Connection

from hatrack.credentials.ids import random_base32
from hatrack.errors import DuplicateCertificate, LimitExceeded, MalformedCertificate, NoSuchEntity
from hatrack.model.identities import SigningCertificateRecord
from hatrack.store import signing_certificates as store

MAX_PER_OWNER = 2
ACTIVE = "Active"
MALFORMED = "The request was rejected because the certificate was malformed or expired."  # AWS's
DUPLICATE = (
    "The request was rejected because the same certificate is associated with an IAM user in the account."
)


def _certificate(body: str, now: datetime) -> x509.Certificate:
    try:
        certificate = x509.load_pem_x509_certificate(body.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise MalformedCertificate(MALFORMED) from None
    if not certificate.not_valid_before_utc <= now < certificate.not_valid_after_utc:
        raise MalformedCertificate(MALFORMED)
    return certificate


def upload(
    conn: Connection, account_id: str, owner_id: str, body: str, *, now: datetime
) -> SigningCertificateRecord:
    certificate = _certificate(body, now)
    pem = certificate.public_bytes(Encoding.PEM).decode("ascii")
    fingerprint = hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest()
    if store.fingerprint_in_account(conn, account_id, fingerprint):
        raise DuplicateCertificate(DUPLICATE)
    if len(store.certificates_of(conn, account_id, owner_id)) >= MAX_PER_OWNER:
        raise LimitExceeded(f"Cannot exceed quota for CertificatesPerUser: {MAX_PER_OWNER}")  # [choice]
    record = SigningCertificateRecord(
        certificate_id=random_base32(32),
        account_id=account_id,
        owner_id=owner_id,
        body=pem,
        fingerprint=fingerprint,
        status=ACTIVE,
        uploaded_at=now,
    )
    store.insert_certificate(conn, record)
    return record


def list_certificates(conn: Connection, account_id: str, owner_id: str) -> list[SigningCertificateRecord]:
    return store.certificates_of(conn, account_id, owner_id)


def _owned(conn: Connection, account_id: str, owner_id: str, certificate_id: str) -> SigningCertificateRecord:
    found = next(
        (
            item
            for item in store.certificates_of(conn, account_id, owner_id)
            if item.certificate_id == certificate_id
        ),
        None,
    )
    if found is None:
        raise NoSuchEntity(f"The Certificate with id {certificate_id} cannot be found.")  # [choice]
    return found


def update_status(conn: Connection, account_id: str, owner_id: str, certificate_id: str, status: str) -> None:
    store.set_status(conn, _owned(conn, account_id, owner_id, certificate_id).certificate_id, status)


def delete(conn: Connection, account_id: str, owner_id: str, certificate_id: str) -> None:
    store.delete_certificate(conn, _owned(conn, account_id, owner_id, certificate_id).certificate_id)
