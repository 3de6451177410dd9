"""Sign a request to the server with the workload's certificate and key: IAM Roles Anywhere's
signature (``hatrack.sigv4.x509``), ``AWS4-X509-ECDSA-SHA256`` for the agent's P-256 key."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from hatrack.sigv4.x509 import (
    ECDSA_ALGORITHM,
    RSA_ALGORITHM,
    authorization_header,
    x509_scope,
    x509_string_to_sign,
)

REGION = "us-east-1"  # [choice] the scope's region: hatrack serves every region alike


def sign_headers(
    method: str,
    url: str,
    body: bytes,
    *,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    certificate: x509.Certificate,
    chain: tuple[x509.Certificate, ...] = (),
    now: datetime | None = None,
    region: str = REGION,
    content_type: str = "application/json",
) -> dict[str, str]:
    """The headers to send with the request (Host, Content-Type, X-Amz-Date, X-Amz-X509[-Chain],
    Authorization)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    amz_date = moment.strftime("%Y%m%dT%H%M%SZ")
    parts = urlsplit(url)
    headers = {
        "host": parts.netloc,
        "content-type": content_type,
        "x-amz-date": amz_date,
        "x-amz-x509": base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode(),
    }
    if chain:
        headers["x-amz-x509-chain"] = ",".join(
            base64.b64encode(item.public_bytes(serialization.Encoding.DER)).decode() for item in chain
        )
    signed = sorted(headers)
    algorithm = RSA_ALGORITHM if isinstance(key, rsa.RSAPrivateKey) else ECDSA_ALGORITHM
    scope = x509_scope(amz_date[:8], region)
    text = x509_string_to_sign(
        algorithm,
        method=method,
        path=parts.path or "/",
        query_string=parts.query,
        headers=headers.items(),
        signed_headers=signed,
        body=body,
        amz_date=amz_date,
        scope=scope,
    ).encode()
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(text, padding.PKCS1v15(), hashes.SHA256())
    else:
        signature = key.sign(text, ec.ECDSA(hashes.SHA256()))
    headers["authorization"] = authorization_header(
        algorithm, certificate.serial_number, scope, signed, signature.hex()
    )
    return headers
