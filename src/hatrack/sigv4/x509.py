"""IAM Roles Anywhere's request signature: Signature Version 4's canonical request, signed with an
X.509 certificate's private key instead of an HMAC key.

https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-sign-process.html
- the canonical request is SigV4's (``hatrack.sigv4.canonical``); the signed headers include
  ``host``, ``x-amz-date`` and ``x-amz-x509`` (and ``x-amz-x509-chain`` when sent);
- string to sign: ``ALGORITHM \\n X-Amz-Date \\n DATE/REGION/rolesanywhere/aws4_request \\n
  hex(SHA-256(canonical request))`` with ALGORITHM ``AWS4-X509-RSA-SHA256`` (PKCS#1 v1.5, SHA-256) or
  ``AWS4-X509-ECDSA-SHA256`` (ECDSA, SHA-256, DER signature);
- ``Authorization: ALGORITHM Credential=SERIAL/SCOPE, SignedHeaders=..., Signature=HEX`` where SERIAL
  is the end-entity certificate's serial number in decimal;
- ``X-Amz-X509`` is the base64 DER of the end-entity certificate, ``X-Amz-X509-Chain`` a comma-separated
  list of base64 DER intermediates.

Pure: the text to sign is computed here; signing and verifying with a key is the caller's (the agent
signs, ``hatrack.workloads.x509_auth`` verifies). Imports ``hatrack.sigv4`` only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from hatrack.sigv4.canonical import (
    canonical_headers,
    canonical_query_string,
    canonical_request,
    canonical_uri,
    collect_headers,
    credential_scope,
    hashed_payload,
    signed_headers_line,
)

RSA_ALGORITHM = "AWS4-X509-RSA-SHA256"
ECDSA_ALGORITHM = "AWS4-X509-ECDSA-SHA256"
ALGORITHMS = frozenset({RSA_ALGORITHM, ECDSA_ALGORITHM})
SERVICE = "rolesanywhere"


def x509_scope(date: str, region: str) -> str:
    return credential_scope(date, region, SERVICE)


def x509_string_to_sign(
    algorithm: str,
    *,
    method: str,
    path: str,
    query_string: str,
    headers: Iterable[tuple[str, str]],
    signed_headers: Sequence[str],
    body: bytes,
    amz_date: str,
    scope: str,
) -> str:
    """The text whose signature the request carries (``KeyError`` when a signed header is absent)."""
    collected = collect_headers(headers)
    request = canonical_request(
        method,
        canonical_uri(path),
        canonical_query_string(query_string),
        canonical_headers(collected, signed_headers),
        signed_headers_line(signed_headers),
        hashed_payload(body),
    )
    digest = hashlib.sha256(request.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{algorithm}\n{amz_date}\n{scope}\n{digest}"


def authorization_header(
    algorithm: str, serial: int, scope: str, signed_headers: Sequence[str], signature: str
) -> str:
    return (
        f"{algorithm} Credential={serial}/{scope}, SignedHeaders={signed_headers_line(signed_headers)}, "
        f"Signature={signature}"
    )
