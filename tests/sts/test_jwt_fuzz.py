"""Whatever a caller sends as WebIdentityToken, the reader answers with one of AWS's token errors.

The parse/verify path of AssumeRoleWithWebIdentity is fed random text, random base64url segments,
well-formed tokens with arbitrary JSON, ``alg: none``, HS256 "signed" with the provider's public key,
unknown key ids and extreme claim values. Only InvalidIdentityToken, ExpiredTokenException and
IDPRejectedClaim may come out (never another exception), and an unsigned or symmetric token is always
refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatrack.errors import ExpiredIdentityToken, IdpRejectedClaim, InvalidIdentityToken
from hatrack.sts import web_identity as oidc
from tests.sts.identity_provider import IdentityProvider, b64url

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
ISSUER = "https://idp.fuzz.example.test"
CLIENT = "sts.amazonaws.com"
PROVIDER = IdentityProvider(issuer=ISSUER)
KEYS = tuple(PROVIDER.jwks()["keys"])
TOKEN_ERRORS = (InvalidIdentityToken, ExpiredIdentityToken, IdpRejectedClaim)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
claim_values = st.dictionaries(
    st.sampled_from(["iss", "sub", "aud", "exp", "nbf", "iat", oidc.SOURCE_IDENTITY_CLAIM, oidc.TAGS_CLAIM]),
    json_values,
    max_size=8,
)


def verify(text: str) -> oidc.WebIdentity:
    """The handler's token steps, with the provider's key set given (no network)."""
    token = oidc.read_identity_token(text)
    oidc.token_issuer(token)
    return oidc.verify_identity_token(
        token, provider_url="idp.fuzz.example.test", client_ids=[CLIENT], key_sets=lambda _: KEYS, now=NOW
    )


def only_token_errors(text: str) -> None:
    try:
        identity = verify(text)
    except TOKEN_ERRORS:
        return
    oidc.tags_of_identity(identity)  # what the handler reads next must not crash either


def segment(data: dict[str, Any] | bytes) -> str:
    return b64url(data if isinstance(data, bytes) else json.dumps(data).encode())


def valid_claims(**overrides: Any) -> dict[str, Any]:
    now = int(NOW.timestamp())
    return {"iss": ISSUER, "sub": "repo:a/b", "aud": CLIENT, "exp": now + 600, **overrides}


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    only_token_errors(text)


@FUZZ
@given(
    st.lists(
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.", max_size=80),
        max_size=5,
    )
)
def test_random_base64url_segments(parts: list[str]) -> None:
    only_token_errors(".".join(parts))


@FUZZ
@given(st.binary(max_size=200), st.binary(max_size=200), st.binary(max_size=300))
def test_random_bytes_in_each_segment(header: bytes, claims: bytes, signature: bytes) -> None:
    only_token_errors(f"{segment(header)}.{segment(claims)}.{segment(signature)}")


@FUZZ
@given(
    st.dictionaries(st.sampled_from(["alg", "kid", "typ", "crit"]), json_values, max_size=4),
    json_values,
    st.binary(min_size=1, max_size=300),
)
def test_well_formed_tokens_with_garbage_json(header: dict[str, Any], claims: Any, signature: bytes) -> None:
    only_token_errors(f"{segment(header)}.{b64url(json.dumps(claims).encode())}.{segment(signature)}")


@FUZZ
@given(claim_values, st.sampled_from(["RS256", "ES256"]))
def test_correctly_signed_tokens_with_arbitrary_claims(claims: dict[str, Any], algorithm: str) -> None:
    # Extreme values (huge numbers, wrong types, missing claims) behind a valid signature.
    only_token_errors(PROVIDER.token(algorithm=algorithm, **{"iss": ISSUER, **claims}))


@pytest.mark.parametrize(
    "exp", ["1e999", "-1e999", "NaN", "Infinity", "1" * 5000, "-99999999999999", "253402300800"]
)
def test_exp_beyond_what_a_date_holds_is_refused(exp: str) -> None:
    token = PROVIDER.token(**valid_claims(exp=0))
    header, _, _ = token.split(".")
    body = json.dumps(valid_claims(exp=0)).replace('"exp": 0', f'"exp": {exp}')
    forged = f"{header}.{b64url(body.encode())}.x"
    with pytest.raises(InvalidIdentityToken):
        verify(forged)
    # And signed by the provider itself, the claim is still refused (or expired), never a crash.
    signed = _sign_raw(header, body)
    with pytest.raises((InvalidIdentityToken, ExpiredIdentityToken)):
        verify(signed)


def _sign_raw(header: str, body: str) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    signing_input = f"{header}.{b64url(body.encode())}".encode()
    signature = PROVIDER.rsa_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input.decode()}.{b64url(signature)}"


@FUZZ
@given(st.sampled_from(["none", "None", "NONE", ""]), st.binary(max_size=64), st.none() | st.text(max_size=8))
def test_alg_none_is_always_refused(algorithm: str, signature: bytes, kid: str | None) -> None:
    header: dict[str, Any] = {"alg": algorithm, "typ": "JWT"}
    if kid is not None:
        header["kid"] = kid
    text = f"{segment(header)}.{segment(valid_claims())}.{b64url(signature)}"
    if not signature:
        text = text.rstrip(".") + "."
    with pytest.raises(InvalidIdentityToken):
        verify(text)


def _public_key_secrets() -> list[bytes]:
    public = PROVIDER.rsa_key.public_key()
    numbers = public.public_numbers()
    return [
        public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
        public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo),
        numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big"),
        json.dumps(KEYS[0]).encode(),
        KEYS[0]["n"].encode(),
    ]


@FUZZ
@given(
    st.sampled_from(["HS256", "HS384", "HS512"]),
    st.sampled_from(_public_key_secrets()),
    st.sampled_from([None, "rsa-1", "ec-1"]),
)
def test_hmac_with_the_public_key_as_secret_is_always_refused(
    algorithm: str, secret: bytes, kid: str | None
) -> None:
    header: dict[str, Any] = {"alg": algorithm, "typ": "JWT"}
    if kid is not None:
        header["kid"] = kid
    signing_input = f"{segment(header)}.{segment(valid_claims())}"
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[algorithm]
    mac = hmac.new(secret, signing_input.encode(), digest).digest()
    with pytest.raises(InvalidIdentityToken):
        verify(f"{signing_input}.{b64url(mac)}")


@FUZZ
@given(st.text(min_size=1, max_size=30).filter(lambda kid: kid not in ("rsa-1", "ec-1")))
def test_a_kid_the_key_set_does_not_hold_is_refused(kid: str) -> None:
    with pytest.raises(InvalidIdentityToken):
        verify(PROVIDER.token(kid=kid, **valid_claims()))


def test_the_genuine_token_passes() -> None:
    # The control: the same path accepts what the provider really signed.
    assert verify(PROVIDER.token(**valid_claims())).subject == "repo:a/b"
    assert verify(PROVIDER.token(algorithm="ES256", **valid_claims())).audience == CLIENT


def test_an_oversized_token_is_refused() -> None:
    with pytest.raises(InvalidIdentityToken):
        verify("a" * 30_000 + "." + base64.urlsafe_b64encode(b"{}").decode() + ".x")


def test_deeply_nested_json_is_refused() -> None:
    deep = b"[" * 12_000 + b"]" * 12_000
    with pytest.raises(InvalidIdentityToken):
        verify(f"{segment({'alg': 'RS256'})}.{segment(deep[:14_000])}.x")
    nested = json.dumps(valid_claims()).encode()[:-1] + b', "x": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    with pytest.raises(InvalidIdentityToken):
        verify(f"{segment({'alg': 'RS256'})}.{segment(nested)}.x")
