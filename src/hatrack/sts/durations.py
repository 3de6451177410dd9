"""How long temporary credentials live: AWS's defaults, ranges and the role-chaining cap.

The botocore model already refuses values outside the operation's range (AssumeRole 900-43,200,
GetSessionToken and GetFederationToken 900-129,600) with the standard validation message, so only
the rules that depend on the role or the caller are here.
"""

from __future__ import annotations

from hatrack.errors import ValidationError

ROLE_SESSION_DEFAULT_SECONDS = 3_600
CHAINED_ROLE_SESSION_MAX_SECONDS = 3_600
SESSION_TOKEN_DEFAULT_SECONDS = 43_200
ROOT_SESSION_MAX_SECONDS = 3_600

EXCEEDS_ROLE_MAX = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
EXCEEDS_CHAINING_MAX = (
    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
)


def role_session_seconds(requested: int | None, *, max_session_duration: int, chained: bool) -> int:
    """AssumeRole*: default one hour; above the role's MaxSessionDuration, or above one hour when a role
    session assumes a role (role chaining), the call fails (AssumeRole API reference)."""
    seconds = ROLE_SESSION_DEFAULT_SECONDS if requested is None else requested
    if chained and seconds > CHAINED_ROLE_SESSION_MAX_SECONDS:
        raise ValidationError(EXCEEDS_CHAINING_MAX)
    if seconds > max_session_duration:
        raise ValidationError(EXCEEDS_ROLE_MAX)
    return seconds


def session_token_seconds(requested: int | None, *, is_root: bool) -> int:
    """GetSessionToken / GetFederationToken: default 12 hours for users. The account root's credentials
    last at most one hour, and AWS clamps rather than refuses ("defaults to one hour")."""
    if is_root:
        return ROOT_SESSION_MAX_SECONDS if requested is None else min(requested, ROOT_SESSION_MAX_SECONDS)
    return SESSION_TOKEN_DEFAULT_SECONDS if requested is None else requested
