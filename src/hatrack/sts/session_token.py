"""GetSessionToken: temporary credentials for a user (or the account root) itself, usually to prove MFA.

"No permissions are required for users to perform this operation" — policies cannot control it
(GetSessionToken API reference). The session has the user's own permissions; with MFA it carries
``aws:MultiFactorAuthPresent``. Users' sessions last 900-129,600 s (default 12 h); the root's at most
one hour.
"""

from __future__ import annotations

from datetime import datetime

from hatrack.model import Caller, SessionClaims, SessionTag, TokenKind
from hatrack.sts.credentials import TemporaryKeys, session_window
from hatrack.sts.durations import session_token_seconds
from hatrack.sts.mfa import MfaProof


def caller_session_claims(
    *,
    kind: TokenKind,
    caller: Caller,
    requested_seconds: int | None,
    keys: TemporaryKeys,
    now: datetime,
    session_name: str = "",
    mfa: MfaProof | None = None,
    session_policies: tuple[str, ...] = (),
    session_policy_arns: tuple[str, ...] = (),
    tags: tuple[SessionTag, ...] = (),
) -> SessionClaims:
    """The claims of a session issued from ``caller``'s own long-term credentials (a user or the root):
    GetSessionToken's, and GetFederationToken's with its name, session policies and tags.

    Both last as long as ``session_token_seconds`` allows and name the caller as their parent user.
    """
    seconds = session_token_seconds(requested_seconds, is_root=caller.is_root)
    issued_at, expires_at = session_window(now, seconds)
    return SessionClaims(
        kind=kind,
        account_id=caller.account_id,
        partition=caller.partition,
        access_key_id=keys.access_key_id,
        secret_access_key=keys.secret_access_key,
        issued_at=issued_at,
        expires_at=expires_at,
        session_name=session_name,
        user_name=None if caller.is_root else caller.user_name,
        user_id=caller.principal_id,
        user_path=caller.user_path,
        source_arn=caller.arn,
        source_access_key_id=caller.access_key_id,
        mfa_authenticated=mfa is not None,
        mfa_authenticated_at=mfa.authenticated_at if mfa is not None else None,
        session_policies=session_policies,
        session_policy_arns=session_policy_arns,
        tags=tags,
    )


def build_user_session(
    *, caller: Caller, requested_seconds: int | None, keys: TemporaryKeys, mfa: MfaProof | None, now: datetime
) -> SessionClaims:
    """The claims of a GetSessionToken session of ``caller`` (long-term credentials of a user or root)."""
    return caller_session_claims(
        kind=TokenKind.SESSION_TOKEN,
        caller=caller,
        requested_seconds=requested_seconds,
        keys=keys,
        now=now,
        mfa=mfa,
    )
