"""verify_signature and the signing-key cache, on the classic suite's get-vanilla request."""

from __future__ import annotations

import dataclasses

import pytest

from hatrack.errors import SignatureDoesNotMatch
from hatrack.sigv4.canonical import derive_signing_key
from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import (
    SIGNATURE_MISMATCH,
    SignatureClaim,
    SigningKeyCache,
    read_signature_claim,
    verify_signature,
)
from tests.sigv4.suites import ALL_VECTORS, CLASSIC_NOW, CLASSIC_SECRET

VANILLA = next(vector for vector in ALL_VECTORS if vector.name == "classic/get-vanilla")


def vanilla() -> tuple[HttpRequest, SignatureClaim]:
    request = VANILLA.request()
    return request, read_signature_claim(request, now=CLASSIC_NOW, services=frozenset({"service"}))


def test_the_right_secret_verifies_with_and_without_the_cache() -> None:
    request, claim = vanilla()
    cache = SigningKeyCache()

    verify_signature(request, claim, CLASSIC_SECRET)
    verify_signature(request, claim, CLASSIC_SECRET, cache=cache)
    verify_signature(request, claim, CLASSIC_SECRET, cache=cache)

    assert len(cache) == 1


def test_a_wrong_secret_does_not_match() -> None:
    request, claim = vanilla()

    with pytest.raises(SignatureDoesNotMatch) as raised:
        verify_signature(request, claim, CLASSIC_SECRET[:-1] + "x", cache=SigningKeyCache())

    assert raised.value.status == 403
    assert (
        raised.value.message
        == SIGNATURE_MISMATCH
        == (
            "The request signature we calculated does not match the signature you provided. Check your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details."
        )
    )


@pytest.mark.parametrize(
    "signature",
    [
        VANILLA.signature.upper(),
        VANILLA.signature[:63],
        VANILLA.signature + "0",
        "",
        VANILLA.signature[:63] + "g",
    ],
    ids=["upper-case", "63-digits", "65-digits", "empty", "not-hex"],
)
def test_a_signature_not_64_lower_case_hex_digits_does_not_match(signature: str) -> None:
    request, claim = vanilla()

    with pytest.raises(SignatureDoesNotMatch) as raised:
        verify_signature(request, dataclasses.replace(claim, signature=signature), CLASSIC_SECRET)

    assert raised.value.message == SIGNATURE_MISMATCH


def test_a_signed_header_absent_from_the_request_does_not_match() -> None:
    request, claim = vanilla()
    claim = dataclasses.replace(claim, signed_headers=("host", "my-header", "x-amz-date"))

    with pytest.raises(SignatureDoesNotMatch) as raised:
        verify_signature(request, claim, CLASSIC_SECRET)

    assert raised.value.message == SIGNATURE_MISMATCH


def test_the_cache_returns_the_derived_key_and_forgets_the_least_recently_used() -> None:
    cache = SigningKeyCache(max_entries=2)
    first = cache.signing_key("secret", "20150830", "us-east-1", "iam")
    cache.signing_key("secret", "20150830", "us-east-1", "sts")
    assert cache.signing_key("secret", "20150830", "us-east-1", "iam") is first  # now the most recent

    cache.signing_key("secret", "20150830", "us-east-1", "cloudtrail")  # evicts sts

    assert len(cache) == 2
    assert first == derive_signing_key("secret", "20150830", "us-east-1", "iam")
    assert cache.signing_key("secret", "20150830", "us-east-1", "iam") is first


def test_the_cache_needs_room_for_one_key() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SigningKeyCache(max_entries=0)
