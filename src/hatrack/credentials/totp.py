"""TOTP (RFC 6238) for virtual MFA devices: 6 digits, 30-second steps, HMAC-SHA1.

These are the parameters every authenticator app assumes and AWS's virtual MFA devices use. The seed
is 40 random bytes, which base32-encode to the 64 characters of the ``Base32StringSeed`` that
CreateVirtualMFADevice returns. The QR code AWS returns encodes
``otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String`` (IAM API reference,
VirtualMFADevice); ``totp_uri`` builds that text.

``verify_totp`` returns the time step that matched so that callers can refuse a code already used
(RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt of the same OTP"); pass the last
accepted step as ``last_used_step`` to have it done here. Time is always a parameter.

Imports nothing of hatrack.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

TOTP_DIGITS = 6
TOTP_PERIOD_SECONDS = 30
TOTP_SECRET_BYTES = 40

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_PERIOD = timedelta(seconds=TOTP_PERIOD_SECONDS)


def new_totp_secret(*, token_bytes: Callable[[int], bytes] = secrets.token_bytes) -> bytes:
    """A fresh random seed (40 bytes: 64 base32 characters, like AWS's)."""
    return token_bytes(TOTP_SECRET_BYTES)


def totp_time_step(at: datetime) -> int:
    """The RFC 6238 counter T for the moment ``at``: whole 30-second steps since the Unix epoch."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("at must be a timezone-aware datetime")
    return (at - _EPOCH) // _PERIOD


def hotp_code(secret: bytes, counter: int, *, digits: int = TOTP_DIGITS) -> str:
    """RFC 4226 HOTP: HMAC-SHA1 of the 8-byte counter, dynamically truncated to ``digits`` digits."""
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_code(secret: bytes, at: datetime, *, digits: int = TOTP_DIGITS) -> str:
    """The code an authenticator app shows at ``at`` (``digits`` is 6 except for RFC test vectors)."""
    return hotp_code(secret, totp_time_step(at), digits=digits)


def verify_totp(
    secret: bytes, code: str, *, at: datetime, window: int = 1, last_used_step: int | None = None
) -> int | None:
    """The time step whose code is ``code``, within ``window`` steps either side of ``at``; else None.

    A code for a step at or before ``last_used_step`` is refused (replay). When several steps match,
    the nearest to ``at`` wins. Every candidate is computed and compared in constant time.
    """
    if window < 0:
        raise ValueError("window must be 0 or more")
    if len(code) != TOTP_DIGITS or not code.isascii() or not code.isdigit():
        return None
    current = totp_time_step(at)
    matched: int | None = None
    # Nearest first: current, then -1, +1, -2, +2 ...
    for distance in range(window + 1):
        for step in (current - distance, current + distance) if distance else (current,):
            is_match = hmac.compare_digest(hotp_code(secret, step), code)
            is_fresh = last_used_step is None or step > last_used_step
            if is_match and is_fresh and matched is None:
                matched = step
    return matched


def totp_secret_base32(secret: bytes) -> str:
    """The seed as unpadded RFC 4648 base32: what ``Base32StringSeed`` and ``otpauth://`` carry."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def totp_secret_from_base32(text: str) -> bytes:
    """The seed from its base32 text (case, spaces and missing padding tolerated, as apps type it)."""
    cleaned = text.replace(" ", "").upper()
    try:
        return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        raise ValueError("not a base32 TOTP seed") from None


def totp_uri(secret: bytes, *, device_name: str, account_name: str, issuer: str | None = None) -> str:
    """``otpauth://totp/DEVICE@ACCOUNT?secret=BASE32``, the text of AWS's QR code (``issuer`` optional).

    ``account_name`` is the user name, or the account id for the root user's device (AWS's wording).
    """
    label = quote(f"{device_name}@{account_name}", safe="@")
    uri = f"otpauth://totp/{label}?secret={totp_secret_base32(secret)}"
    if issuer is not None:
        uri += f"&issuer={quote(issuer, safe='')}"
    return uri
