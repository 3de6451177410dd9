"""MFA proof given with AssumeRole / GetSessionToken (``SerialNumber`` + ``TokenCode``).

AWS's answers: both or neither must be given; a wrong or reused code is AccessDenied. A verified code
makes the session's ``aws:MultiFactorAuthPresent`` true and starts ``aws:MultiFactorAuthAge``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.keyring import Keyring
from hatrack.errors import AccessDenied
from hatrack.iam.mfa_throttle import MfaThrottle
from hatrack.model import Caller
from hatrack.sts import directory

MFA_INCOMPLETE = (
    "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."
)
MFA_INVALID_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code."
MFA_UNVERIFIABLE = (
    "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number "
    "is valid and associated with this user."
)


@dataclass(frozen=True, slots=True)
class MfaProof:
    authenticated_at: datetime


def prove_mfa(
    conn: Connection,
    keyring: Keyring,
    caller: Caller,
    serial_number: str | None,
    token_code: str | None,
    *,
    now: datetime,
    failure_message: str = MFA_INVALID_CODE,
    throttle: MfaThrottle | None = None,
) -> MfaProof | None:
    """None when no MFA was given; the proof when the code verifies; ``AccessDenied`` otherwise.

    With ``throttle``, wrong codes back off (``hatrack.iam.mfa_throttle``): while backing off every code
    is refused with the same AccessDenied.
    """
    if serial_number is None and token_code is None:
        return None
    if serial_number is None or token_code is None:
        raise AccessDenied(MFA_INCOMPLETE)
    if not directory.verify_mfa(conn, keyring, caller, serial_number, token_code, now=now, throttle=throttle):
        raise AccessDenied(failure_message)
    return MfaProof(authenticated_at=now)


def mfa_context(proof: MfaProof | None) -> dict[str, str | list[str]]:
    """The MFA keys of the request that carries the proof (they override the caller's own)."""
    if proof is None:
        return {}
    return {"aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "0"}
