"""Read a SigV4 signature claim from a request, then verify it with the signer's secret.

Two steps, because AWS judges the session token and the access key between them:
``read_signature_claim`` does every check that needs no secret, in AWS's order, and returns the claim;
the caller then opens the session token or looks the access key up (``credentials/``, ``api/``) and calls
``verify_signature`` with the secret.

The order of checks (after scratchstack-aws-signature's flowchart of AWS's answers;
``tests/sigv4/test_check_order.py`` has one test per rung):

``read_signature_claim``
 1. Neither an ``Authorization`` header nor ``X-Amz-Algorithm`` in the query: ``MissingAuthenticationToken``.
 2. Both: ``SignatureDoesNotMatch`` (scratchstack-aws-signature's "both present" branch; we never
    verify one form and use the other).
 3. A required parameter missing: ``IncompleteSignature`` naming every missing one. Header auth needs
    ``Credential``, ``Signature``, ``SignedHeaders`` and an ``X-Amz-Date`` or ``Date`` header (repeated
    parameters: the last wins); query auth needs ``X-Amz-Credential``, ``X-Amz-Signature``,
    ``X-Amz-SignedHeaders`` and ``X-Amz-Date`` (repeated parameters: the first wins).
 4. An algorithm other than ``AWS4-HMAC-SHA256``: ``IncompleteSignature``.
 5. A header part that is not ``key=value``: ``IncompleteSignature``.
 6. A credential without exactly five ``/``-separated parts: ``IncompleteSignature``.
 7. A date not in ISO 8601 basic format (``20150830T123600Z``): ``IncompleteSignature``.
 8. Presigned only: ``X-Amz-Expires`` (optional) not an integer in 0..604800: ``IncompleteSignature``
    with S3's wording [choice: IAM/STS publish no cap; 604800 s is SigV4's presign limit].
 9. Time. More than 15 minutes ahead of ``now``: ``SignatureDoesNotMatch`` "Signature not yet current".
    Header auth (and query auth without ``X-Amz-Expires``) more than 15 minutes old:
    ``SignatureDoesNotMatch`` "Signature expired". Exactly 15 minutes passes. Presigned with
    ``X-Amz-Expires``: past ``X-Amz-Date + X-Amz-Expires`` gives ``RequestExpired`` (400) with the AWS
    common-errors text [choice]; exactly at the expiry instant passes.
10. Scope: region shaped like a region name, service among ``services``, terminator ``aws4_request``,
    date equal to the request's; every failing part in one ``SignatureDoesNotMatch``, AWS's messages
    joined by spaces.
11. Signed headers: ``host`` must be signed; an ``X-Amz-Target`` or ``X-Amz-Security-Token`` header
    that is present must be signed [choice: a session token must be part of the signature (S12), and the
    JSON protocol's operation name must not be changeable]; a token given both as header and query
    parameter with different values is rejected. All ``SignatureDoesNotMatch``.
12. A malformed ``%`` escape anywhere in the query: ``MalformedQueryString``.
13. An ``X-Amz-Content-SHA256`` header that is not the body's SHA-256 (``UNSIGNED-PAYLOAD``, streaming
    markers, a wrong hash): ``SignatureDoesNotMatch`` [choice, S10/S11].

Then, outside this module: session token (``ExpiredToken`` / ``InvalidClientTokenId``) and access key
(``InvalidClientTokenId``). Then ``verify_signature``: a signature that is not 64 lower-case hex digits,
a signed header absent from the request, or a signature that differs (compared in constant time) all give
``SignatureDoesNotMatch`` with AWS's standard message.

Pure: no I/O; the clock is the ``now`` argument. Imports ``hatrack.errors`` only.
"""

from __future__ import annotations

import hmac
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from hatrack.errors import (
    IncompleteSignature,
    MalformedQueryString,
    MissingAuthenticationToken,
    RequestExpired,
    SignatureDoesNotMatch,
)
from hatrack.sigv4.canonical import (
    ALGORITHM,
    TERMINATOR,
    canonical_headers,
    canonical_query_string,
    canonical_request,
    canonical_uri,
    collect_headers,
    credential_scope,
    derive_signing_key,
    find_malformed_escape,
    format_timestamp,
    hashed_payload,
    parse_query,
    signature,
    signed_headers_line,
    string_to_sign,
    trim_header_value,
)
from hatrack.sigv4.request import HttpRequest

# AWS's wording (https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html).
MISSING_AUTHENTICATION_TOKEN = "Request is missing Authentication Token"
SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
    "Access Key and signing method. Consult the service documentation for details."
)
REQUEST_EXPIRED = (
    "The request reached the service more than 15 minutes after the date stamp on the request or more "
    "than 15 minutes after the request expiration date (such as for pre-signed URLs), or the date stamp "
    "on the request is more than 15 minutes in the future."
)
HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
CONTENT_SHA256_MISMATCH = "The provided 'x-amz-content-sha256' header does not match what was computed."

MAX_CLOCK_SKEW = timedelta(minutes=15)
MAX_PRESIGN_EXPIRES_SECONDS = 604800

_HEADER_REQUIREMENTS = (
    ("Credential", "Authorization header requires 'Credential' parameter."),
    ("Signature", "Authorization header requires 'Signature' parameter."),
    ("SignedHeaders", "Authorization header requires 'SignedHeaders' parameter."),
)
_HEADER_DATE_REQUIRED = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
_QUERY_REQUIREMENTS = (
    ("X-Amz-Credential", "AWS query-string parameters must include 'X-Amz-Credential'."),
    ("X-Amz-Signature", "AWS query-string parameters must include 'X-Amz-Signature'."),
    ("X-Amz-SignedHeaders", "AWS query-string parameters must include 'X-Amz-SignedHeaders'."),
    ("X-Amz-Date", "AWS query-string parameters must include 'X-Amz-Date'."),
)
# Headers that, when present, must be signed: what they say is not covered by the body hash.
_MUST_BE_SIGNED_WHEN_PRESENT = (
    ("x-amz-target", "X-Amz-Target"),
    ("x-amz-security-token", "X-Amz-Security-Token"),
)

_BASIC_TIMESTAMP = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z")
_INTEGER = re.compile(r"-?[0-9]+")
# us-east-1, us-gov-west-1, cn-northwest-1, eu-isoe-west-1 ...
_REGION_NAME = re.compile(r"[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}")
_SIGNATURE_FORMAT = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class SignatureClaim:
    """What a request says about who signed it; nothing in it is verified until ``verify_signature``."""

    access_key_id: str
    scope_date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]  # lower-case, sorted
    signature: str
    request_time: datetime  # UTC, from X-Amz-Date (or Date)
    security_token: str | None  # X-Amz-Security-Token, header or query; not judged here
    presigned: bool  # query-string auth rather than an Authorization header
    expires_seconds: int | None  # X-Amz-Expires of a presigned request


class _AuthParameters(NamedTuple):  # internal, made once per request: a tuple is cheaper to build
    credential: str
    signed_headers: str
    signature: str
    date: str
    presigned: bool
    expires: str | None


def has_authentication(request: HttpRequest) -> bool:
    """Whether the request carries SigV4 auth: an Authorization header or X-Amz-Algorithm in the query."""
    if any(name.lower() == "authorization" for name, _ in request.headers):
        return True
    return any(name == "X-Amz-Algorithm" for name, _ in parse_query(request.query_string))


def read_signature_claim(request: HttpRequest, *, now: datetime, services: frozenset[str]) -> SignatureClaim:
    """Every check AWS makes before it looks at the session token or the access key, in AWS's order."""
    if now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    if now.tzinfo is not UTC:
        now = now.astimezone(UTC)
    if now.microsecond:
        now = now.replace(microsecond=0)
    headers = collect_headers(request.headers)
    query = _first_values(request.query_string)
    authorization = headers.get("authorization")
    query_algorithm = query.get("X-Amz-Algorithm")
    if authorization is None:
        if query_algorithm is None:
            raise MissingAuthenticationToken(MISSING_AUTHENTICATION_TOKEN)
        parameters = _read_query_auth(query_algorithm, query)
    elif query_algorithm is not None:
        raise SignatureDoesNotMatch(SIGNATURE_MISMATCH)
    else:
        parameters = _read_header_auth(authorization[0], headers)

    scope = parameters.credential.split("/")
    if len(scope) != 5:
        raise IncompleteSignature(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
            f"got '{parameters.credential}'"
        )
    access_key_id, scope_date, region, service, terminator = scope
    request_time = _parse_timestamp(parameters.date)
    expires = None if parameters.expires is None else _parse_expires(parameters.expires)
    _check_time(request_time, now, expires)
    _check_scope(scope_date, region, service, terminator, parameters.date, services)

    signed_headers = tuple(sorted(parameters.signed_headers.lower().split(";")))
    _check_signed_headers(signed_headers, headers)
    security_token = _security_token(headers, query)

    malformed = find_malformed_escape(request.query_string)
    if malformed is not None:
        raise MalformedQueryString(malformed)
    _check_payload_hash(headers, request.body)

    return SignatureClaim(
        access_key_id=access_key_id,
        scope_date=scope_date,
        region=region,
        service=service,
        signed_headers=signed_headers,
        signature=parameters.signature,
        request_time=request_time,
        security_token=security_token,
        presigned=parameters.presigned,
        expires_seconds=expires,
    )


def _first_values(query_string: str) -> dict[str, str]:
    """Decoded query parameters; of a repeated name the first value wins (as AWS does)."""
    first: dict[str, str] = {}
    for name, value in parse_query(query_string):
        first.setdefault(name, value)
    return first


def _read_header_auth(authorization: str, headers: Mapping[str, list[str]]) -> _AuthParameters:
    words = authorization.replace(",", " ").split()
    algorithm = words[0] if words else ""
    parameters: dict[str, str] = {}
    not_key_value: list[str] = []
    for part in words[1:]:  # parameters are separated by commas and/or whitespace
        name, equals, value = part.partition("=")
        if equals:
            parameters[name] = value  # a repeated parameter: the last one wins
        else:
            not_key_value.append(part)
    dates = headers.get("x-amz-date") or headers.get("date") or []
    missing = [message for name, message in _HEADER_REQUIREMENTS if name not in parameters]
    if not dates:
        missing.append(_HEADER_DATE_REQUIRED)
    if missing:
        raise IncompleteSignature(f"{' '.join(missing)} Authorization={authorization}")
    _check_algorithm(algorithm)
    if not_key_value:
        raise IncompleteSignature(
            f"'{not_key_value[0]}' not a valid key=value pair (missing equal-sign) in Authorization header: "
            f"'{authorization}'"
        )
    return _AuthParameters(
        credential=parameters["Credential"],
        signed_headers=parameters["SignedHeaders"],
        signature=parameters["Signature"],
        date=dates[0],
        presigned=False,
        expires=None,
    )


def _read_query_auth(algorithm: str, query: Mapping[str, str]) -> _AuthParameters:
    missing = [message for name, message in _QUERY_REQUIREMENTS if name not in query]
    if missing:
        raise IncompleteSignature(f"{' '.join(missing)} Re-examine the query-string parameters.")
    _check_algorithm(algorithm)
    return _AuthParameters(
        credential=query["X-Amz-Credential"],
        signed_headers=query["X-Amz-SignedHeaders"],
        signature=query["X-Amz-Signature"],
        date=query["X-Amz-Date"],
        presigned=True,
        expires=query.get("X-Amz-Expires"),
    )


def _check_algorithm(algorithm: str) -> None:
    if algorithm != ALGORITHM:
        raise IncompleteSignature(f"Unsupported AWS 'algorithm': '{algorithm}'.")


def _parse_timestamp(text: str) -> datetime:
    match = _BASIC_TIMESTAMP.fullmatch(text)
    if match is not None:
        try:
            year, month, day, hour, minute, second = (int(part) for part in match.groups())
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except ValueError:  # 20150230T000000Z and the like
            pass
    raise IncompleteSignature(
        f"Date must be in ISO-8601 'basic format'. Got '{text}'. See http://en.wikipedia.org/wiki/ISO_8601"
    )


def _parse_expires(text: str) -> int:
    if _INTEGER.fullmatch(text) is None:
        raise IncompleteSignature("X-Amz-Expires should be a number")
    seconds = int(text)
    if seconds < 0:
        raise IncompleteSignature("X-Amz-Expires must be non-negative")
    if seconds > MAX_PRESIGN_EXPIRES_SECONDS:
        raise IncompleteSignature(
            f"X-Amz-Expires must be less than a week (in seconds) that is {MAX_PRESIGN_EXPIRES_SECONDS}"
        )
    return seconds


def _check_time(request_time: datetime, now: datetime, expires: int | None) -> None:
    latest = now + MAX_CLOCK_SKEW
    if request_time > latest:
        raise SignatureDoesNotMatch(
            f"Signature not yet current: {format_timestamp(request_time)} is still later than "
            f"{format_timestamp(latest)} ({format_timestamp(now)} + 15 min.)"
        )
    if expires is not None:
        if now > request_time + timedelta(seconds=expires):
            raise RequestExpired(REQUEST_EXPIRED)
        return
    earliest = now - MAX_CLOCK_SKEW
    if request_time < earliest:
        raise SignatureDoesNotMatch(
            f"Signature expired: {format_timestamp(request_time)} is now earlier than "
            f"{format_timestamp(earliest)} ({format_timestamp(now)} - 15 min.)"
        )


def _check_scope(
    scope_date: str,
    region: str,
    service: str,
    terminator: str,
    timestamp: str,  # the request's date, already checked to be ISO 8601 basic
    services: frozenset[str],
) -> None:
    problems: list[str] = []
    if _REGION_NAME.fullmatch(region) is None:
        problems.append(f"Credential should be scoped to a valid region, not '{region}'.")
    if service not in services:
        expected = "', '".join(sorted(services))
        problems.append(f"Credential should be scoped to correct service: '{expected}'.")
    if terminator != TERMINATOR:
        problems.append(
            f"Credential should be scoped with a valid terminator: '{TERMINATOR}', not '{terminator}'."
        )
    if scope_date != timestamp[:8]:
        problems.append(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{scope_date}' != '{timestamp[:8]}', from '{timestamp}'."
        )
    if problems:
        raise SignatureDoesNotMatch(" ".join(problems))


def _check_signed_headers(signed_headers: tuple[str, ...], headers: Mapping[str, list[str]]) -> None:
    if "host" not in signed_headers and ":authority" not in signed_headers:
        raise SignatureDoesNotMatch(HOST_NOT_SIGNED)
    for name, display_name in _MUST_BE_SIGNED_WHEN_PRESENT:
        if name in headers and name not in signed_headers:
            raise SignatureDoesNotMatch(
                f"'{display_name}' must be a 'SignedHeader' in the AWS Authorization."
            )


def _security_token(headers: Mapping[str, list[str]], query: Mapping[str, str]) -> str | None:
    """The session token exactly as signed: the header's canonical value, else the query parameter."""
    values = headers.get("x-amz-security-token")
    header_token = None if values is None else ",".join(map(trim_header_value, values))
    query_token = query.get("X-Amz-Security-Token")
    if header_token is None:
        return query_token
    if query_token is not None and query_token != header_token:
        raise SignatureDoesNotMatch(SIGNATURE_MISMATCH)
    return header_token


def _check_payload_hash(headers: Mapping[str, list[str]], body: bytes) -> None:
    declared = headers.get("x-amz-content-sha256")
    if declared is not None and ",".join(map(trim_header_value, declared)) != hashed_payload(body):
        raise SignatureDoesNotMatch(CONTENT_SHA256_MISMATCH)


# --- the signature --------------------------------------------------------------------------------


def canonical_request_for(request: HttpRequest, claim: SignatureClaim, *, normalize_path: bool = True) -> str:
    """The canonical request the signer must have signed, per the claim's signed headers and auth form."""
    try:
        signed_header_lines = canonical_headers(collect_headers(request.headers), claim.signed_headers)
    except KeyError:  # a signed header the request does not carry
        raise SignatureDoesNotMatch(SIGNATURE_MISMATCH) from None
    return canonical_request(
        request.method,
        canonical_uri(request.path, normalize=normalize_path),
        canonical_query_string(request.query_string, exclude="X-Amz-Signature" if claim.presigned else None),
        signed_header_lines,
        signed_headers_line(claim.signed_headers),
        hashed_payload(request.body),
    )


def string_to_sign_for(claim: SignatureClaim, canonical_request_text: str) -> str:
    scope = credential_scope(claim.scope_date, claim.region, claim.service)
    return string_to_sign(format_timestamp(claim.request_time), scope, canonical_request_text)


def verify_signature(
    request: HttpRequest,
    claim: SignatureClaim,
    secret_access_key: str,
    *,
    cache: SigningKeyCache | None = None,
    normalize_path: bool = True,
) -> None:
    """Recompute the signature with the secret; raise ``SignatureDoesNotMatch`` unless it is the claim's.

    ``claim`` must come from ``read_signature_claim`` on this same request. ``normalize_path=False`` is
    the S3 style, used only by the S3-style test vectors.
    """
    if _SIGNATURE_FORMAT.fullmatch(claim.signature) is None:
        raise SignatureDoesNotMatch(SIGNATURE_MISMATCH)
    text = string_to_sign_for(claim, canonical_request_for(request, claim, normalize_path=normalize_path))
    if cache is None:
        key = derive_signing_key(secret_access_key, claim.scope_date, claim.region, claim.service)
    else:
        key = cache.signing_key(secret_access_key, claim.scope_date, claim.region, claim.service)
    if hmac.compare_digest(signature(key, text), claim.signature):
        return
    if is_presigned_for_post(request, claim):
        posted = replace(request, method="POST")
        text = string_to_sign_for(claim, canonical_request_for(posted, claim, normalize_path=normalize_path))
        if hmac.compare_digest(signature(key, text), claim.signature):
            return
    raise SignatureDoesNotMatch(SIGNATURE_MISMATCH)


def is_presigned_for_post(request: HttpRequest, claim: SignatureClaim) -> bool:
    """Whether a presigned GET may also be checked as the POST its signer may have signed.

    boto3's ``generate_presigned_url`` signs with the operation's model method, which is POST for every
    Query-protocol operation, and moves the form into the query string: the URL it hands out carries
    the whole request, but names POST in its signature. AWS itself refuses such a URL when it is fetched
    with GET (boto/boto3#756); hatrack accepts it [choice]. It grants nothing new: in the Query protocol
    a GET and a body-less POST of the same query string are one request, and whoever holds the URL can
    already send that POST. Only a presigned GET with an empty body qualifies.
    """
    return claim.presigned and request.method == "GET" and not request.body


class SigningKeyCache:
    """A bounded in-memory LRU of derived signing keys, keyed by (secret, date, region, service).

    Deriving a key costs four HMACs; a client signs every request of a day with the same one. Memory only,
    never persisted. Safe to share between threads.
    """

    def __init__(self, *, max_entries: int = 1024) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max_entries = max_entries
        self._keys: OrderedDict[tuple[str, str, str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._keys)

    def signing_key(self, secret_access_key: str, date: str, region: str, service: str) -> bytes:
        entry = (secret_access_key, date, region, service)
        with self._lock:
            key = self._keys.get(entry)
            if key is not None:
                self._keys.move_to_end(entry)
                return key
        key = derive_signing_key(secret_access_key, date, region, service)
        with self._lock:
            self._keys[entry] = key
            if len(self._keys) > self._max_entries:
                self._keys.popitem(last=False)
        return key
