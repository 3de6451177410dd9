"""Each account's workload CA: an ECDSA P-256 key pair and a self-signed certificate, made on first
use; the private key is sealed under the keyring (``credentials.workload_ca``), never stored in the
clear, and opened only to sign a workload certificate.

A workload certificate names the workload: subject ``CN=NAME, OU=i-..., O=ACCOUNT`` and the SAN URI
``urn:hatrack:workload:ACCOUNT:i-...``; it lasts ``CERTIFICATE_SECONDS`` [choice: 24 hours; the
agent renews it once less than a third remains, so an outage of the server of up to 16 hours costs a
running agent nothing]. Its serial number (random, 159 bits) is recorded, so it can be revoked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from sqlalchemy.engine import Connection

from hatrack.credentials.keyring import Keyring
from hatrack.credentials.workload_ca import ca_key_associated_data
from hatrack.errors import ValidationError
from hatrack.model.workloads import IssuedCertificate, WorkloadCaRecord, WorkloadRecord
from hatrack.store import workloads as store

CA_YEARS = 10
CERTIFICATE_SECONDS = 24 * 3600
_BACKDATE = timedelta(minutes=5)  # clocks of agents may lag a little behind the server's


@dataclass(frozen=True, slots=True)
class OpenedCa:
    account_id: str
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()


def _new_ca(account_id: str, now: datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hatrack"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"hatrack workload CA {account_id}"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(now + timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def ca_of(conn: Connection, keyring: Keyring, account_id: str, *, now: datetime) -> OpenedCa:
    """The account's CA, made (and its key sealed) the first time it is needed."""
    stored = store.get_ca(conn, account_id)
    if stored is None:
        certificate, key = _new_ca(account_id, now)
        raw = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        store.insert_ca(
            conn,
            WorkloadCaRecord(
                account_id=account_id,
                certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
                sealed_private_key=keyring.seal(raw, associated_data=ca_key_associated_data(account_id)),
                created_at=now,
            ),
        )
        return OpenedCa(account_id, certificate, key)
    return open_ca(stored, keyring)


def open_ca(stored: WorkloadCaRecord, keyring: Keyring) -> OpenedCa:
    raw = keyring.open(stored.sealed_private_key, associated_data=ca_key_associated_data(stored.account_id))
    key = serialization.load_der_private_key(raw, password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    certificate = x509.load_pem_x509_certificate(stored.certificate_pem.encode())
    return OpenedCa(stored.account_id, certificate, key)


def ca_certificate(conn: Connection, account_id: str) -> x509.Certificate | None:
    """The account's CA certificate (public), without opening its key; None before the first workload."""
    stored = store.get_ca(conn, account_id)
    return x509.load_pem_x509_certificate(stored.certificate_pem.encode()) if stored is not None else None


def read_csr(pem: str) -> x509.CertificateSigningRequest:
    """A certificate signing request whose signature proves possession of its key (RSA ≥ 2048 bits or
    ECDSA P-256/P-384)."""
    try:
        csr = x509.load_pem_x509_csr(pem.encode())
    except ValueError:
        raise ValidationError("csr is not a PEM certificate signing request") from None
    if not csr.is_signature_valid:
        raise ValidationError("csr's signature does not verify")
    key = csr.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise ValidationError("csr's RSA key must have at least 2048 bits")
    elif isinstance(key, ec.EllipticCurvePublicKey):
        if not isinstance(key.curve, ec.SECP256R1 | ec.SECP384R1):
            raise ValidationError("csr's EC key must be on P-256 or P-384")
    else:
        raise ValidationError("csr's key must be RSA or ECDSA")
    return csr


def workload_uri(workload: WorkloadRecord) -> str:
    return f"urn:hatrack:workload:{workload.account_id}:{workload.workload_id}"


def issue_certificate(
    conn: Connection,
    ca: OpenedCa,
    workload: WorkloadRecord,
    csr: x509.CertificateSigningRequest,
    *,
    now: datetime,
    seconds: int = CERTIFICATE_SECONDS,
) -> x509.Certificate:
    """A certificate for the CSR's key naming ``workload`` (whatever the CSR's subject says), recorded."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, workload.account_id),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, workload.workload_id),
            x509.NameAttribute(NameOID.COMMON_NAME, workload.name),
        ]
    )
    not_after = now + timedelta(seconds=seconds)
    public_key = csr.public_key()
    assert isinstance(public_key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(workload_uri(workload))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    store.insert_certificate(
        conn,
        IssuedCertificate(
            serial=str(certificate.serial_number),
            workload_id=workload.workload_id,
            account_id=workload.account_id,
            not_after=not_after,
            issued_at=now,
        ),
    )
    return certificate


def pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()
