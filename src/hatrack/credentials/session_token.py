"""Self-contained STS session tokens: the session's claims, sealed, as the ``X-Amz-Security-Token`` text.

A token is opened on every request made with temporary credentials and needs no database read
(ARCHITECTURE.md, "Temporary credentials are self-contained"). Its layout, inside out:

1. the claims as JSON with one- or two-letter keys, defaults left out, times as integer epoch seconds
   (``[seconds, microseconds]`` when there is a fraction);
2. raw DEFLATE with a fixed preset dictionary of common policy and ARN text (``_PRESET_DICTIONARY``);
3. prefixed with the payload version byte (``TOKEN_FORMAT_VERSION``) and sealed with the keyring
   (AES-256-GCM, key id in the clear, see ``keyring.py``); the associated data binds the temporary
   access key id, so a token presented with another ``ASIA`` key does not open;
4. standard base64, as AWS's tokens look.

A role session without session policies makes a token of about 300 characters; the largest a
packed-size check lets through (see ``packed_policy_size_percent``) stays near 3,100 characters,
below the 4 KB that every SDK and proxy accepts.

Failures collapse as AWS's do (STS's observed answers): anything that does not open or
decode is ``InvalidClientTokenId`` "The security token included in the request is invalid" (no final
period); a token that opens but whose ``expires_at`` has come is ``ExpiredToken``.
A claim this version does not know is a failure too, never ignored: an unknown claim could be a
restriction that an older node would otherwise drop.

Imports ``hatrack.errors``, ``hatrack.model`` and ``credentials``.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import NoReturn, TypeVar

from hatrack.credentials.keyring import Keyring, SealedDataInvalid
from hatrack.errors import ExpiredToken, InvalidClientTokenId
from hatrack.model import SessionClaims, SessionTag, TokenKind

TOKEN_FORMAT_VERSION = 1
INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid"
EXPIRED_TOKEN_MESSAGE = "The security token included in the request is expired"

# Refuse absurd input before decoding it: real tokens stay below 4 KB (module docstring).
MAX_TOKEN_CHARS = 16_384
_MAX_PAYLOAD_BYTES = 1 << 20

# PackedPolicySize budget: see packed_policy_size_percent.
PACKED_POLICY_BUDGET_BYTES = 2_048

# INVARIANT: the label and the preset dictionary are part of format version 1; never change them
# without a new TOKEN_FORMAT_VERSION, or every outstanding token stops opening.
_LABEL = b"hatrack session token v1\x00"
_PRESET_DICTIONARY = "".join(
    (
        '\\"Condition\\":{\\"StringEquals\\":{\\"aws:',
        '\\"StringLike\\":{\\"',
        "arn:aws:s3:::",
        "arn:aws:sts::",
        ":assumed-role/",
        '\\n    {\\n      \\"Effect\\": \\"Allow\\",\\n      \\"Action\\": [\\n        \\"',
        '\\"Resource\\": \\"*\\"',
        '{\\n  \\"Version\\": \\"2012-10-17\\",\\n  \\"Statement\\": [',
        '\\"Effect\\": \\"Deny\\", \\"Action\\": \\"',
        '{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": [\\"',
        '\\"Effect\\":\\"Deny\\",\\"NotAction\\":',
        '\\"],\\"Resource\\":\\"*\\"}]}"',
        '\\"Resource\\":[\\"arn:aws:',
        '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\\"',
        '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"',
        '"sp":["{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"',
        '"pa":["arn:aws:iam::aws:policy/',
        '"sa":"arn:aws:iam::',
        ":user/",
        ":role/",
        '"sk":"AKIA',
        '"sk":"ASIA',
        '"ui":"AIDA',
        '"ri":"AROA',
    )
).encode("utf-8")

_KIND_CODES = {
    TokenKind.ASSUMED_ROLE: "r",
    TokenKind.SESSION_TOKEN: "s",
    TokenKind.FEDERATED: "f",
    TokenKind.CONSOLE: "w",  # web console sign-in (a new kind: older nodes refuse it, never misread it)
}
_KINDS_BY_CODE = {code: kind for kind, code in _KIND_CODES.items()}

# (claim field, wire key, default left out of the token)
_PLAIN_TEXT_CLAIMS = (
    ("partition", "p", "aws"),
    ("session_name", "n", ""),
    ("role_name", "rn", ""),
    ("role_path", "rp", "/"),
    ("role_id", "ri", ""),
    ("user_id", "ui", ""),
    ("user_path", "up", "/"),
    ("source_arn", "sa", ""),
    ("source_access_key_id", "sk", ""),
)
_WIRE_KEYS = frozenset(
    {"k", "a", "s", "i", "e", "un", "si", "m", "ma", "sp", "pa", "t", "tt", "c", "fc"}
    | {key for _, key, _ in _PLAIN_TEXT_CLAIMS}
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = timedelta(microseconds=1)

T = TypeVar("T")


def issue_session_token(keyring: Keyring, claims: SessionClaims) -> str:
    """The token text that carries ``claims``, sealed under the keyring's primary key.

    Bound to ``claims.access_key_id``. Times must be timezone-aware (``ValueError`` otherwise).
    """
    payload = bytes((TOKEN_FORMAT_VERSION,)) + _deflate(_encode_json(_claims_to_wire(claims)))
    sealed = keyring.seal(payload, associated_data=_associated_data(claims.access_key_id))
    return base64.b64encode(sealed).decode("ascii")


def open_session_token(keyring: Keyring, token: str, *, access_key_id: str, now: datetime) -> SessionClaims:
    """The claims sealed in ``token``, which must have been issued for ``access_key_id``.

    Raises ``InvalidClientTokenId`` for a token that does not open (tampered, truncated, another
    key id, a retired keyring key, an unknown format) and ``ExpiredToken`` when ``now >= expires_at``.
    """
    _require_aware(now, "now")
    claims = _open_claims(keyring, token, access_key_id)
    if now >= claims.expires_at:
        raise ExpiredToken(EXPIRED_TOKEN_MESSAGE)
    return claims


def packed_policy_size_percent(claims: SessionClaims) -> int:
    """AWS's ``PackedPolicySize``: how much of the allowed packed size the session policies and tags use.

    AWS documents it only as "a percentage value that indicates the packed size of the session
    policies and session tags combined passed in the request", with ``PackedPolicyTooLarge`` above
    100 (AssumeRole API reference). hatrack's definition: the session policies, policy ARNs, tags and
    transitive tag keys, encoded and compressed exactly as they are inside the token, measured in
    bytes against a budget of ``PACKED_POLICY_BUDGET_BYTES`` (2,048), rounded up. So it grows with what
    the token must carry, a typical inline policy of a few statements uses 5-20 %, a 2,048-character
    policy fits unless it is incompressible, and no token that passes the check exceeds ~3.3 KB.
    Claims with none of these give 0.
    """
    wire: dict[str, object] = {}
    _put_session_policies(wire, claims)
    if not wire:
        return 0
    packed = len(_deflate(_encode_json(wire)))
    return -(-packed * 100 // PACKED_POLICY_BUDGET_BYTES)


# --- sealing and compression -----------------------------------------------------------------


def _associated_data(access_key_id: str) -> bytes:
    return _LABEL + access_key_id.encode("utf-8")


def _encode_json(wire: dict[str, object]) -> bytes:
    return json.dumps(wire, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, _PRESET_DICTIONARY)
    return compressor.compress(data) + compressor.flush()


def _inflate(data: bytes) -> bytes:
    decompressor = zlib.decompressobj(-15, _PRESET_DICTIONARY)
    output = decompressor.decompress(data, _MAX_PAYLOAD_BYTES)
    if decompressor.unconsumed_tail or not decompressor.eof or decompressor.unused_data:
        raise ValueError("not exactly one complete deflate stream")
    return output


def _open_claims(keyring: Keyring, token: str, access_key_id: str) -> SessionClaims:
    if not token or len(token) > MAX_TOKEN_CHARS or not token.isascii():
        _invalid()
    try:
        sealed = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        _invalid()
    # Only the canonical spelling opens: no second text (other padding bits) for the same token.
    if base64.b64encode(sealed).decode("ascii") != token:
        _invalid()
    try:
        payload = keyring.open(sealed, associated_data=_associated_data(access_key_id))
    except SealedDataInvalid:
        _invalid()
    if not payload or payload[0] != TOKEN_FORMAT_VERSION:
        _invalid()
    try:
        wire = json.loads(_inflate(payload[1:]).decode("utf-8"))
        return _wire_to_claims(wire, access_key_id)
    except (ValueError, TypeError, KeyError, OverflowError, zlib.error):
        _invalid()


def _invalid() -> NoReturn:
    raise InvalidClientTokenId(INVALID_TOKEN_MESSAGE) from None


# --- claims <-> wire -------------------------------------------------------------------------


def _claims_to_wire(claims: SessionClaims) -> dict[str, object]:
    wire: dict[str, object] = {
        "k": _KIND_CODES[claims.kind],
        "a": claims.account_id,
        "s": claims.secret_access_key,
        "i": _encode_time(claims.issued_at, "issued_at"),
        "e": _encode_time(claims.expires_at, "expires_at"),
    }
    for name, key, default in _PLAIN_TEXT_CLAIMS:
        value = getattr(claims, name)
        if value != default:
            wire[key] = value
    if claims.user_name is not None:
        wire["un"] = claims.user_name
    if claims.source_identity is not None:
        wire["si"] = claims.source_identity
    if claims.mfa_authenticated:
        wire["m"] = 1
    if claims.mfa_authenticated_at is not None:
        wire["ma"] = _encode_time(claims.mfa_authenticated_at, "mfa_authenticated_at")
    if claims.chained:
        wire["c"] = 1
    if claims.from_console:
        wire["fc"] = 1
    _put_session_policies(wire, claims)
    return wire


def _put_session_policies(wire: dict[str, object], claims: SessionClaims) -> None:
    if claims.session_policies:
        wire["sp"] = list(claims.session_policies)
    if claims.session_policy_arns:
        wire["pa"] = list(claims.session_policy_arns)
    if claims.tags:
        wire["t"] = [[tag.key, tag.value] for tag in claims.tags]
    if claims.transitive_tag_keys:
        wire["tt"] = list(claims.transitive_tag_keys)


def _wire_to_claims(wire: object, access_key_id: str) -> SessionClaims:
    if not isinstance(wire, dict) or not _WIRE_KEYS.issuperset(wire):
        raise ValueError("not a claims object of this version")
    text_claims = {name: _text(wire.get(key, default)) for name, key, default in _PLAIN_TEXT_CLAIMS}
    return SessionClaims(
        kind=_KINDS_BY_CODE[_text(wire["k"])],
        account_id=_text(wire["a"]),
        access_key_id=access_key_id,
        secret_access_key=_text(wire["s"]),
        issued_at=_decode_time(wire["i"]),
        expires_at=_decode_time(wire["e"]),
        user_name=_optional(wire.get("un"), _text),
        source_identity=_optional(wire.get("si"), _text),
        mfa_authenticated=_flag(wire.get("m")),
        mfa_authenticated_at=_optional(wire.get("ma"), _decode_time),
        session_policies=_texts(wire.get("sp")),
        session_policy_arns=_texts(wire.get("pa")),
        tags=_tags(wire.get("t")),
        transitive_tag_keys=_texts(wire.get("tt")),
        chained=_flag(wire.get("c")),
        from_console=_flag(wire.get("fc")),
        **text_claims,
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _texts(value: object) -> tuple[str, ...]:
    return () if value is None else tuple(_text(item) for item in _list(value))


def _tags(value: object) -> tuple[SessionTag, ...]:
    return () if value is None else tuple(_tag(item) for item in _list(value))


def _tag(value: object) -> SessionTag:
    pair = _list(value)
    if len(pair) != 2:
        raise ValueError("a tag is a [key, value] pair")
    return SessionTag(key=_text(pair[0]), value=_text(pair[1]))


def _flag(value: object) -> bool:
    if value is None:
        return False
    if type(value) is int and value == 1:
        return True
    raise ValueError("a flag is 1 or absent")


def _optional(value: object, decode: Callable[[object], T]) -> T | None:
    return None if value is None else decode(value)


def _encode_time(moment: datetime, name: str) -> int | list[int]:
    _require_aware(moment, name)
    seconds, microseconds = divmod((moment - _EPOCH) // _ONE_MICROSECOND, 1_000_000)
    return seconds if microseconds == 0 else [seconds, microseconds]


def _decode_time(value: object) -> datetime:
    if type(value) is int:
        return _EPOCH + timedelta(seconds=value)  # exact, unlike float arithmetic
    parts = _list(value)
    if len(parts) == 2 and type(parts[0]) is int and type(parts[1]) is int and 0 < parts[1] < 1_000_000:
        return _EPOCH + timedelta(seconds=parts[0], microseconds=parts[1])
    raise ValueError("a time is epoch seconds or [seconds, microseconds]")


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
