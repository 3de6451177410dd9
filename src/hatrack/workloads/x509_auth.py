"""Verify a request signed with an X.509 certificate (``hatrack.sigv4.x509``: IAM Roles Anywhere's
signature) and the certificate's chain up to a trusted CA.

Checks, in order: the Authorization header's shape and algorithm, ``X-Amz-Date`` within five minutes
of the server's clock (as SigV4), the end-entity certificate in ``X-Amz-X509`` and its serial number
against the Credential, the scope (date of X-Amz-Date, service ``rolesanywhere``), the signed headers
(host, x-amz-date, x-amz-x509, and x-amz-x509-chain when sent), the key type against the algorithm,
the signature; then ``trusted_chain`` walks issuer by issuer (intermediates from X-Amz-X509-Chain) to
one of the anchors, checking each signature, each validity period and that every issuer is a CA.
Any failure is ``AccessDenied`` with a message that names the check, never a key or a signature.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from hatrack.errors import AccessDenied
from hatrack.sigv4.x509 import ALGORITHMS, ECDSA_ALGORITHM, RSA_ALGORITHM, SERVICE, x509_string_to_sign

MAX_SKEW = timedelta(minutes=5)
MAX_CHAIN = 5


@dataclass(frozen=True, slots=True)
class X509Request:
    method: str
    path: str
    query_string: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    source_ip: str = ""
    user_agent: str = ""
    secure_transport: bool = False

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class SignedBy:
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    region: str


def _der(text: str) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(base64.b64decode(text.strip(), validate=True))
    except (ValueError, binascii.Error):
        raise AccessDenied("X-Amz-X509 is not a base64 DER certificate") from None


def _authorization_parts(value: str) -> tuple[str, str, list[str], str]:
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm not in ALGORITHMS:
        raise AccessDenied("Unsupported signing algorithm")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, item = part.strip().partition("=")
        if sep:
            fields[name] = item
    try:
        return algorithm, fields["Credential"], fields["SignedHeaders"].split(";"), fields["Signature"]
    except KeyError:
        raise AccessDenied("Authorization header requires Credential, SignedHeaders and Signature") from None


def verify_signature(request: X509Request, *, now: datetime) -> SignedBy:
    authorization = request.header("authorization")
    amz_date = request.header("x-amz-date")
    leaf_text = request.header("x-amz-x509")
    if authorization is None or amz_date is None or leaf_text is None:
        raise AccessDenied("Request requires Authorization, X-Amz-Date and X-Amz-X509 headers")
    algorithm, credential, signed_headers, signature_hex = _authorization_parts(authorization)
    try:
        signed_at = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=now.tzinfo)
    except ValueError:
        raise AccessDenied("X-Amz-Date is not YYYYMMDDTHHMMSSZ") from None
    if abs(now - signed_at) > MAX_SKEW:
        raise AccessDenied("Signature expired: X-Amz-Date is more than 5 minutes from the server's time")
    leaf = _der(leaf_text)
    chain_text = request.header("x-amz-x509-chain")
    chain = tuple(_der(item) for item in chain_text.split(",") if item.strip()) if chain_text else ()
    if len(chain) > MAX_CHAIN:
        raise AccessDenied("X-Amz-X509-Chain is too long")
    serial, _, scope = credential.partition("/")
    scope_parts = scope.split("/")
    if serial != str(leaf.serial_number):
        raise AccessDenied("Credential does not name the certificate's serial number")
    if (
        len(scope_parts) != 4
        or scope_parts[0] != amz_date[:8]
        or scope_parts[2] != SERVICE
        or scope_parts[3] != "aws4_request"
    ):
        raise AccessDenied("Credential should be scoped to a valid date, region and rolesanywhere")
    required = {"host", "x-amz-date", "x-amz-x509"} | ({"x-amz-x509-chain"} if chain_text else set())
    if not required <= set(signed_headers):
        raise AccessDenied("SignedHeaders must include " + ";".join(sorted(required)))
    try:
        text = x509_string_to_sign(
            algorithm,
            method=request.method,
            path=request.path,
            query_string=request.query_string,
            headers=request.headers,
            signed_headers=signed_headers,
            body=request.body,
            amz_date=amz_date,
            scope=scope,
        ).encode()
        signature = bytes.fromhex(signature_hex)
    except (KeyError, ValueError):
        raise AccessDenied(
            "The request signature we calculated does not match the signature you provided"
        ) from None
    key = leaf.public_key()
    try:
        if algorithm == RSA_ALGORITHM and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, text, padding.PKCS1v15(), hashes.SHA256())
        elif algorithm == ECDSA_ALGORITHM and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, text, ec.ECDSA(hashes.SHA256()))
        else:
            raise AccessDenied("The signing algorithm does not match the certificate's key")
    except InvalidSignature:
        raise AccessDenied(
            "The request signature we calculated does not match the signature you provided"
        ) from None
    return SignedBy(leaf, chain, scope_parts[1])


def _valid_at(certificate: x509.Certificate, now: datetime) -> bool:
    return certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _issued_by(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def trusted_chain(
    signed: SignedBy, anchors: Sequence[x509.Certificate], *, now: datetime
) -> tuple[x509.Certificate, ...]:
    """The path from the end-entity certificate to an anchor (both included), or AccessDenied."""
    if not _valid_at(signed.certificate, now):
        raise AccessDenied("Certificate is expired or not yet valid")
    path = [signed.certificate]
    pool: list[x509.Certificate] = list(signed.chain)
    current = signed.certificate
    for _ in range(MAX_CHAIN + 1):
        for anchor in anchors:
            if _issued_by(current, anchor) and _is_ca(anchor) and _valid_at(anchor, now):
                return (*path, anchor)
        step = next((c for c in pool if _issued_by(current, c) and _is_ca(c) and _valid_at(c, now)), None)
        if step is None:
            break
        pool.remove(step)
        path.append(step)
        current = step
    raise AccessDenied("Untrusted certificate. Insufficient certificate")


def read_pem_bundle(text: str) -> list[x509.Certificate]:
    try:
        return list(x509.load_pem_x509_certificates(text.encode()))
    except ValueError:
        raise AccessDenied("The trust anchor's bundle holds no PEM certificate") from None


def subject_attributes(certificate: x509.Certificate) -> Iterable[tuple[str, str]]:
    """(short name, value) of each subject attribute: ``CN``, ``OU``, ``O``, ``C`` ..."""
    for attribute in certificate.subject:
        name = attribute.rfc4514_attribute_name
        yield name, str(attribute.value)
