"""Signature Version 4, one pure function per step of the specification.

The steps follow AWS's "Create a signed AWS API request"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):

1. ``canonical_uri``: RFC 3986 dot-segment removal (and empty segments dropped, as AWS does for every
   service but S3), then every path segment URI-encoded. A path that climbs above the root, or that has a
   malformed ``%`` escape, is refused with ``InvalidURIPath`` (``check_uri_path``), never normalized.
   The path is encoded as received, so ``%`` becomes ``%25``: this is the "encode twice" rule for
   non-S3 services, and what botocore and the AWS CRT compute.
2. ``canonical_query_string``: each name and value form-decoded (``+`` is a space, as the Query protocol's
   own form parser reads it), then re-encoded with the RFC 3986 unreserved set, sorted by name then
   value. Never the raw wire text (``tests/sigv4/``).
3. ``canonical_headers`` and ``signed_headers_line``: lower-case names, values trimmed with runs of
   whitespace (obs-fold continuations included) collapsed to one space, repeats joined with ``,`` in
   arrival order.
4. ``hashed_payload``: hex SHA-256 of the body.
5. ``canonical_request``: the five parts above, newline-separated.
6. ``credential_scope`` and ``string_to_sign``.
7. ``derive_signing_key``: the HMAC chain from the secret over date, region, service, ``aws4_request``.
8. ``signature``: hex HMAC-SHA256 of the string to sign under the signing key.

Pure: no I/O, no clock, no state. Imports ``hatrack.errors`` only.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from datetime import datetime
from urllib.parse import quote_from_bytes, unquote_plus, unquote_to_bytes

from hatrack.errors import InvalidURIPath

ALGORITHM = "AWS4-HMAC-SHA256"
TERMINATOR = "aws4_request"

_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def uri_encode(data: bytes) -> str:
    """Percent-encode every byte outside RFC 3986's unreserved set (``A-Za-z0-9-._~``), upper-case hex."""
    return quote_from_bytes(data, safe="")


# --- 1. canonical URI ---------------------------------------------------------------------------


# guess: AWS's wording is unknown; scratchstack-aws-signature names the error InvalidURIPath.
PATH_ABOVE_ROOT = "The URI path climbs above the root"
MALFORMED_PATH_ESCAPE = "The URI path has a malformed % escape"


def check_uri_path(path: str) -> None:
    """Refuse a raw request path AWS refuses before routing: a bad ``%`` escape or a ``..`` above the root.

    scratchstack-aws-signature's flowchart shows AWS answering both with a 400; normalizing them instead
    would let two different paths share one signature.
    """
    if "%" in path and find_malformed_escape(path) is not None:
        raise InvalidURIPath(MALFORMED_PATH_ESCAPE)
    if ".." in path:
        remove_dot_segments(path)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4 dot-segment removal, with empty segments (``//``) dropped too.

    A ``..`` that would climb above the root raises ``InvalidURIPath``. A path that ends in ``/``, ``.``
    or ``..`` keeps a trailing slash when anything is left, as the RFC's algorithm does.
    """
    segments = path.split("/")
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if not kept:
                raise InvalidURIPath(PATH_ABOVE_ROOT)
            kept.pop()
        elif segment and segment != ".":
            kept.append(segment)
    result = "/".join(kept)
    if path.startswith("/"):
        result = "/" + result
    if kept and segments[-1] in ("", ".", ".."):
        result += "/"
    return result or "/"


def canonical_uri(path: str, *, normalize: bool = True) -> str:
    """The canonical URI of a raw request path; ``normalize=False`` is S3's style (no dot-segment removal)."""
    if path == "/":  # every IAM, STS and CloudTrail request
        return path
    if normalize:
        path = remove_dot_segments(path)
    if not path:
        return "/"
    return "/".join(uri_encode(_utf8(segment)) for segment in path.split("/"))


# --- 2. canonical query string ------------------------------------------------------------------


def find_malformed_escape(query_string: str) -> str | None:
    """AWS's ``MalformedQueryString`` message for the first bad ``%`` escape in a name or value, else None."""
    if "%" not in query_string:
        return None
    for piece in query_string.split("&"):
        for component in piece.partition("=")[::2]:
            index = component.find("%")
            while index != -1:
                pair = component[index + 1 : index + 3]
                if len(pair) < 2:
                    return "Incomplete trailing escape % sequence"
                if pair[0] not in _HEX_DIGITS or pair[1] not in _HEX_DIGITS:
                    return f"Illegal hex character in escape % pattern: %{pair}"
                index = component.find("%", index + 3)
    return None


def parse_query(query_string: str) -> list[tuple[str, str]]:
    """Decoded ``(name, value)`` pairs in wire order; ``+`` is a space, a bare name has value ``""``.

    Lenient: a malformed escape is kept as text (``find_malformed_escape`` reports it).
    """
    pairs: list[tuple[str, str]] = []
    for piece in query_string.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs


def _form_decode(text: str) -> bytes:
    """The bytes a form-encoded name or value stands for: ``+`` is a space, ``%XX`` a byte.

    INVARIANT: the same reading as ``api/protocol/form.py``, so what is signed is what is acted on (a
    ``%2B`` edited into ``+`` changes the canonical request, and so the signature).
    """
    return unquote_to_bytes(_utf8(text.replace("+", " ") if "+" in text else text))


def canonical_query_string(query_string: str, *, exclude: str | None = None) -> str:
    """Decode then re-encode every name and value, drop the parameter named ``exclude``, sort, join."""
    if not query_string:
        return ""
    pairs: list[tuple[str, str]] = []
    for piece in query_string.split("&"):
        if piece:
            raw_name, _, raw_value = piece.partition("=")
            name = uri_encode(_form_decode(raw_name))
            if name != exclude:
                pairs.append((name, uri_encode(_form_decode(raw_value))))
    pairs.sort()
    return "&".join(f"{name}={value}" for name, value in pairs)


# --- 3. canonical headers -----------------------------------------------------------------------


def collect_headers(headers: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Header values by lower-case name, each name's values in arrival order."""
    collected: dict[str, list[str]] = {}
    for name, value in headers:
        collected.setdefault(name.lower(), []).append(value)
    return collected


def trim_header_value(value: str) -> str:
    """Strip the ends and collapse each run of whitespace (folded line breaks too) into one space."""
    return " ".join(value.split())


def canonical_headers(headers: dict[str, list[str]], signed_headers: Sequence[str]) -> str:
    """One ``name:value`` line (each ending in a newline) per signed header; ``KeyError`` if one is absent."""
    return "".join([f"{name}:{','.join(map(trim_header_value, headers[name]))}\n" for name in signed_headers])


def signed_headers_line(signed_headers: Sequence[str]) -> str:
    return ";".join(signed_headers)


# --- 4, 5. payload and canonical request --------------------------------------------------------


def hashed_payload(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str, uri: str, query: str, headers: str, signed_headers: str, payload_hash: str
) -> str:
    return "\n".join((method, uri, query, headers, signed_headers, payload_hash))


# --- 6. string to sign --------------------------------------------------------------------------


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 basic format, ``YYYYMMDDTHHMMSSZ``, of a UTC time."""
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return "%04d%02d%02dT%02d%02d%02dZ" % fields  # noqa: UP031 -- on the hot path, and faster than strftime


def credential_scope(date: str, region: str, service: str) -> str:
    return f"{date}/{region}/{service}/{TERMINATOR}"


def string_to_sign(timestamp: str, scope: str, canonical_request_text: str) -> str:
    digest = hashlib.sha256(_utf8(canonical_request_text)).hexdigest()
    return f"{ALGORITHM}\n{timestamp}\n{scope}\n{digest}"


# --- 7, 8. signing key and signature ------------------------------------------------------------


def derive_signing_key(secret_access_key: str, date: str, region: str, service: str) -> bytes:
    key = _utf8("AWS4" + secret_access_key)
    for part in (date, region, service, TERMINATOR):
        key = hmac.digest(key, _utf8(part), "sha256")
    return key


def signature(signing_key: bytes, string_to_sign_text: str) -> str:
    return hmac.digest(signing_key, _utf8(string_to_sign_text), "sha256").hex()
