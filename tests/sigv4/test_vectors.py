"""Every signature of both published SigV4 suites verifies, and one changed byte anywhere breaks it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from hatrack.errors import SignatureDoesNotMatch
from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import (
    SIGNATURE_MISMATCH,
    canonical_request_for,
    read_signature_claim,
    string_to_sign_for,
    verify_signature,
)
from tests.sigv4.suites import ALL_VECTORS, Vector

SIGNED_AS_PUBLISHED = [vector for vector in ALL_VECTORS if not vector.token_added_after_signing]
TOKEN_ADDED_AFTER_SIGNING = [vector for vector in ALL_VECTORS if vector.token_added_after_signing]


def _check(vector: Vector, request: HttpRequest) -> None:
    claim = read_signature_claim(request, now=vector.now, services=frozenset({vector.service}))
    verify_signature(request, claim, vector.secret_access_key, normalize_path=vector.normalize)


def test_both_suites_hold_110_signatures_of_which_3_add_the_session_token_after_signing() -> None:
    assert len(ALL_VECTORS) == 110
    assert sum(vector.presigned for vector in ALL_VECTORS) == 38
    assert [vector.name for vector in TOKEN_ADDED_AFTER_SIGNING] == [
        "classic/post-sts-token/post-sts-header-after",
        "crt/post-sts-header-after/header",
        "crt/post-sts-header-after/query",
    ]


@pytest.mark.parametrize("vector", SIGNED_AS_PUBLISHED, ids=lambda vector: vector.name)
def test_vector_canonical_request_string_to_sign_and_signature_match_and_verify(vector: Vector) -> None:
    request = vector.request()
    claim = read_signature_claim(request, now=vector.now, services=frozenset({vector.service}))
    canonical = canonical_request_for(request, claim, normalize_path=vector.normalize)

    assert canonical == vector.canonical_request
    assert string_to_sign_for(claim, canonical) == vector.string_to_sign
    assert claim.signature == vector.signature
    assert claim.presigned is vector.presigned
    verify_signature(request, claim, vector.secret_access_key, normalize_path=vector.normalize)


@pytest.mark.parametrize("vector", TOKEN_ADDED_AFTER_SIGNING, ids=lambda vector: vector.name)
def test_a_session_token_added_after_signing_is_rejected(vector: Vector) -> None:
    """hatrack requires the session token to be signed (AWS_BEHAVIOUR S12), so these three fail."""
    request = vector.request()
    with pytest.raises(SignatureDoesNotMatch) as raised:
        _check(vector, request)
    if vector.presigned:
        assert raised.value.message == SIGNATURE_MISMATCH
    else:
        assert raised.value.message == (
            "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization."
        )


@pytest.mark.parametrize("vector", TOKEN_ADDED_AFTER_SIGNING, ids=lambda vector: vector.name)
def test_without_the_token_added_after_signing_the_vector_verifies(vector: Vector) -> None:
    request = _without_security_token(vector.request())
    claim = read_signature_claim(request, now=vector.now, services=frozenset({vector.service}))
    canonical = canonical_request_for(request, claim)

    assert canonical == vector.canonical_request
    assert string_to_sign_for(claim, canonical) == vector.string_to_sign
    verify_signature(request, claim, vector.secret_access_key)


def _without_security_token(request: HttpRequest) -> HttpRequest:
    headers = tuple(
        (name, value) for name, value in request.headers if name.lower() != "x-amz-security-token"
    )
    query = "&".join(
        piece for piece in request.query_string.split("&") if not piece.startswith("X-Amz-Security-Token=")
    )
    return dataclasses.replace(request, headers=headers, query_string=query)


# --- one changed byte -----------------------------------------------------------------------------


def _other_character(character: str) -> str:
    return "A" if character != "A" else "B"


def _change_body(request: HttpRequest) -> HttpRequest:
    body = request.body[:-1] + bytes([request.body[-1] ^ 1]) if request.body else b"x"
    return dataclasses.replace(request, body=body)


def _change_signed_header(request: HttpRequest) -> HttpRequest:
    """Host is signed in every vector; change its first byte."""
    headers = tuple(
        (name, _other_character(value[0]) + value[1:]) if name.lower() == "host" else (name, value)
        for name, value in request.headers
    )
    return dataclasses.replace(request, headers=headers)


def _change_query(request: HttpRequest) -> HttpRequest:
    query = request.query_string
    if "X-Amz-Expires=3600" in query:  # presigned: a signed parameter that every rung still accepts
        query = query.replace("X-Amz-Expires=3600", "X-Amz-Expires=3601")
    elif query:
        query = query[:-1] + _other_character(query[-1])
    else:
        query = "x"
    return dataclasses.replace(request, query_string=query)


def _change_path(request: HttpRequest) -> HttpRequest:
    return dataclasses.replace(request, path=request.path + "x")


def _change_signature(request: HttpRequest) -> HttpRequest:
    def flip(text: str, marker: str) -> str:
        start = text.index(marker) + len(marker)
        digit = text[start + 63]
        return text[: start + 63] + ("0" if digit != "0" else "1") + text[start + 64 :]

    if "X-Amz-Signature=" in request.query_string:
        return dataclasses.replace(request, query_string=flip(request.query_string, "X-Amz-Signature="))
    headers = tuple(
        (name, flip(value, "Signature=")) if name.lower() == "authorization" else (name, value)
        for name, value in request.headers
    )
    return dataclasses.replace(request, headers=headers)


CHANGES: dict[str, Callable[[HttpRequest], HttpRequest]] = {
    "body": _change_body,
    "signed-header": _change_signed_header,
    "query": _change_query,
    "path": _change_path,
    "signature": _change_signature,
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("vector", SIGNED_AS_PUBLISHED, ids=lambda vector: vector.name)
def test_one_changed_byte_is_rejected(vector: Vector, change: str) -> None:
    changed = CHANGES[change](vector.request())
    assert changed != vector.request()
    with pytest.raises(SignatureDoesNotMatch):
        _check(vector, changed)
