"""Verifying OpenID Connect ID tokens (JWS compact form) against a JSON Web Key Set.

Only what AssumeRoleWithWebIdentity needs: RS256/RS384/RS512 and ES256/ES384 signatures (verified
with ``cryptography``), keys chosen by ``kid`` (or tried in turn when the token names none). No
``none`` algorithm, no symmetric algorithms: a provider's public keys are all STS has.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

_RSA_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}
_EC_ALGORITHMS: dict[str, tuple[type[hashes.HashAlgorithm], str, int]] = {
    "ES256": (hashes.SHA256, "P-256", 32),
    "ES384": (hashes.SHA384, "P-384", 48),
}
_CURVES: dict[str, ec.EllipticCurve] = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1()}
MAX_TOKEN_CHARS = 20_000
SUPPORTED_ALGORITHMS = frozenset({*_RSA_HASHES, *_EC_ALGORITHMS})


class TokenMalformed(Exception):
    """The text is not a JWS compact token with JSON header and claims."""


class SignatureInvalid(Exception):
    """No key of the set verifies the token's signature with its algorithm."""


class KeyNotFound(Exception):
    """The key set has no usable key for the token (unknown ``kid`` or algorithm)."""


@dataclass(frozen=True, slots=True)
class UnverifiedToken:
    header: Mapping[str, Any]
    claims: Mapping[str, Any]
    signing_input: bytes
    signature: bytes

    @property
    def algorithm(self) -> str:
        return str(self.header.get("alg", ""))

    @property
    def key_id(self) -> str | None:
        kid = self.header.get("kid")
        return kid if isinstance(kid, str) else None


def _b64url(text: str) -> bytes:
    if not text.isascii() or "=" in text:
        raise TokenMalformed("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise TokenMalformed("not base64url") from None


def _no_constant(name: str) -> object:
    raise TokenMalformed(f"{name} is not JSON")  # Python's json would read NaN and Infinity


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: deeply nested arrays; ValueError includes integers past Python's digit limit
        raise TokenMalformed("not JSON") from None
    if not isinstance(value, dict):
        raise TokenMalformed("not a JSON object")
    return value


def read_token(text: str) -> UnverifiedToken:
    """Split and decode a token without trusting anything in it yet."""
    if len(text) > MAX_TOKEN_CHARS:
        raise TokenMalformed("too long")
    parts = text.strip().split(".")
    if len(parts) != 3 or not all(parts):
        raise TokenMalformed("not three parts")
    header = _json_object(_b64url(parts[0]))
    claims = _json_object(_b64url(parts[1]))
    return UnverifiedToken(header, claims, f"{parts[0]}.{parts[1]}".encode("ascii"), _b64url(parts[2]))


def _int(value: object) -> int:
    if not isinstance(value, str):
        raise KeyNotFound("key parameter is not text")
    return int.from_bytes(_b64url(value), "big")


def _verify_with(key: Mapping[str, Any], token: UnverifiedToken) -> bool:
    algorithm = token.algorithm
    if algorithm in _RSA_HASHES:
        public = rsa.RSAPublicNumbers(_int(key.get("e")), _int(key.get("n"))).public_key()
        try:
            public.verify(token.signature, token.signing_input, padding.PKCS1v15(), _RSA_HASHES[algorithm]())
        except InvalidSignature:
            return False
        return True
    hash_type, curve_name, size = _EC_ALGORITHMS[algorithm]
    if key.get("crv") != curve_name or len(token.signature) != 2 * size:
        return False
    public_ec = ec.EllipticCurvePublicNumbers(
        _int(key.get("x")), _int(key.get("y")), _CURVES[curve_name]
    ).public_key()
    r = int.from_bytes(token.signature[:size], "big")
    s = int.from_bytes(token.signature[size:], "big")
    try:
        public_ec.verify(encode_dss_signature(r, s), token.signing_input, ec.ECDSA(hash_type()))
    except InvalidSignature:
        return False
    return True


def candidate_keys(keys: Sequence[Mapping[str, Any]], token: UnverifiedToken) -> list[Mapping[str, Any]]:
    """The keys of the set that could have signed ``token`` (by kid, key type and declared use)."""
    algorithm = token.algorithm
    if algorithm in _RSA_HASHES:
        kty = "RSA"
    elif algorithm in _EC_ALGORITHMS:
        kty = "EC"
    else:
        raise KeyNotFound(f"unsupported algorithm {algorithm!r}")
    kid = token.key_id
    found = []
    for key in keys:
        if key.get("kty") != kty or key.get("use", "sig") != "sig":
            continue
        if key.get("alg") not in (None, algorithm):
            continue
        if kid is not None and key.get("kid") != kid:
            continue
        found.append(key)
    if not found:
        raise KeyNotFound("no key of the set matches the token")
    return found


def verify_signature(token: UnverifiedToken, keys: Sequence[Mapping[str, Any]]) -> None:
    """Raise ``SignatureInvalid`` unless a key of the set verifies the token."""
    for key in candidate_keys(keys, token):
        try:
            if _verify_with(key, token):
                return
        except (ValueError, KeyNotFound, TokenMalformed):
            continue  # a malformed key in the set verifies nothing
    raise SignatureInvalid()
