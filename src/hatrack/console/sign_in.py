"""The sign-in checks: account, password (Argon2id), MFA code, password age; then console credentials.

A wrong user name and a wrong password get the same answer and the same work: when the user (or its
login profile, or the root's password) does not exist, the password is verified against a dummy
Argon2id hash made with today's parameters, so the time taken does not tell which names exist.

Runs in a worker thread (Argon2 costs tens of milliseconds of CPU). Reads identities through
``iam``/``store`` (sign-in is not an API operation); everything after sign-in goes through the API.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from hatrack.console.api_client import SessionCredentials
from hatrack.credentials.keyring import Keyring
from hatrack.credentials.passwords import hash_password, verify_password
from hatrack.iam import lookups
from hatrack.iam.mfa import verify_mfa_code
from hatrack.iam.mfa_throttle import MfaThrottle
from hatrack.model import SessionClaims, TokenKind
from hatrack.store import console as console_store
from hatrack.store import login_profiles as profile_store
from hatrack.store import mfa as mfa_store
from hatrack.store import users as user_store
from hatrack.sts.credentials import seal_credentials, session_window
from hatrack.sts.directory import temporary_keys_for

# [choice] AWS's console sessions of IAM users last 12 hours; the root's is kept to one hour, as its
# GetSessionToken sessions are.
USER_CONSOLE_SECONDS = 12 * 3600
ROOT_CONSOLE_SECONDS = 3600
MAX_PASSWORD_CHARS = 128


@functools.cache
def dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(24))


@dataclass(frozen=True, slots=True)
class SignInIdentity:
    """Who the right password belongs to, and what sign-in must still ask of them."""

    account_id: str
    user_name: str | None  # None: the account root
    user_id: str
    user_path: str
    arn: str
    mfa_serials: tuple[str, ...]
    password_reset_required: bool = False
    password_expired: bool = False
    hard_expiry: bool = False

    @property
    def is_root(self) -> bool:
        return self.user_name is None


def resolve_account(conn: Connection, account: str) -> str | None:
    """The account id named by ``account``: its 12-digit id or its alias; None when there is none."""
    account = account.strip()
    if account.isdigit() and len(account) == 12:
        return account if lookups.find_account(conn, account) is not None else None
    if not account or len(account) > 63:
        return None
    from hatrack.store.account_settings import account_of_alias

    return account_of_alias(conn, account.lower())


@dataclass(frozen=True, slots=True)
class PasswordCheck:
    """The outcome: the identity when the password is right; who the name is either way (for the trail:
    AWS names an existing user in a failed ConsoleLogin, and hides a name that matches no user)."""

    identity: SignInIdentity | None
    user_id: str | None = None
    user_arn: str | None = None


def check_password(
    conn: Connection, account_id: str, user_name: str | None, password: str, *, now: datetime, partition: str
) -> PasswordCheck:
    """Whether ``password`` is right for ``user_name`` (None: the root) of ``account_id``.

    Always verifies one Argon2id hash, real or dummy (module docstring).
    """
    if len(password) > MAX_PASSWORD_CHARS:
        password = password[:MAX_PASSWORD_CHARS] + "!"  # never right, but the same work
    if user_name is None:
        stored = console_store.get_root_password_hash(conn, account_id)
        ok = verify_password(stored or dummy_hash(), password) and stored is not None
        if not ok:
            return PasswordCheck(None)
        return PasswordCheck(
            SignInIdentity(
                account_id=account_id,
                user_name=None,
                user_id=account_id,
                user_path="/",
                arn=f"arn:{partition}:iam::{account_id}:root",
                mfa_serials=_assigned_serials(conn, account_id, account_id),
            )
        )
    user = lookups.find_user(conn, account_id, user_name) if 0 < len(user_name) <= 64 else None
    profile = profile_store.get_login_profile(conn, user.user_id) if user is not None else None
    ok = verify_password(profile.password_hash if profile else dummy_hash(), password)
    if user is None:
        return PasswordCheck(None)
    if profile is None or not ok:
        return PasswordCheck(None, user.user_id, user.arn(partition))
    policy = profile_store.get_password_policy(conn, account_id)
    expired = False
    if policy is not None and policy.max_password_age:
        expired = now - profile.password_changed_at >= timedelta(days=policy.max_password_age)
    return PasswordCheck(
        SignInIdentity(
            account_id=account_id,
            user_name=user.name,
            user_id=user.user_id,
            user_path=user.path,
            arn=user.arn(partition),
            mfa_serials=_assigned_serials(conn, account_id, user.user_id),
            password_reset_required=profile.password_reset_required,
            password_expired=expired,
            hard_expiry=bool(policy is not None and policy.hard_expiry),
        ),
        user.user_id,
        user.arn(partition),
    )


def _assigned_serials(conn: Connection, account_id: str, user_id: str) -> tuple[str, ...]:
    if user_id == account_id:
        devices = [d for d in mfa_store.list_devices(conn, account_id) if d.user_id == account_id]
    else:
        devices = mfa_store.list_devices_of_user(conn, account_id, user_id)
    return tuple(sorted(d.serial_number for d in devices if d.is_assigned))


def check_mfa_code(
    conn: Connection,
    keyring: Keyring,
    identity: SignInIdentity,
    code: str,
    *,
    now: datetime,
    throttle: MfaThrottle,
) -> bool:
    """Whether ``code`` is the current, unused code of one of the identity's devices (a code is
    accepted once: the device's last used step is written in this transaction)."""
    code = code.strip()
    if not (code.isdigit() and len(code) == 6):
        return False
    return any(
        verify_mfa_code(conn, keyring, identity.account_id, serial, code, now=now, throttle=throttle)
        for serial in identity.mfa_serials
    )


def issue_console_credentials(
    conn: Connection,
    keyring: Keyring,
    identity: SignInIdentity,
    *,
    partition: str,
    mfa_at: datetime | None,
    now: datetime,
) -> SessionCredentials:
    """Temporary credentials of the signed-in identity itself (``TokenKind.CONSOLE``), after the checks.

    Also records the user's PasswordLastUsed, as AWS does at each console sign-in.
    """
    seconds = ROOT_CONSOLE_SECONDS if identity.is_root else USER_CONSOLE_SECONDS
    issued_at, expires_at = session_window(now, seconds)
    keys = temporary_keys_for(conn, identity.account_id)
    claims = SessionClaims(
        kind=TokenKind.CONSOLE,
        account_id=identity.account_id,
        partition=partition,
        access_key_id=keys.access_key_id,
        secret_access_key=keys.secret_access_key,
        issued_at=issued_at,
        expires_at=expires_at,
        user_name=identity.user_name,
        user_id=identity.user_id,
        user_path=identity.user_path,
        source_arn=identity.arn,
        mfa_authenticated=mfa_at is not None,
        mfa_authenticated_at=mfa_at,
    )
    if not identity.is_root:
        user_store.set_password_last_used(conn, identity.account_id, identity.user_id, now)
    sealed = seal_credentials(keyring, claims)
    return SessionCredentials(
        access_key_id=sealed.access_key_id,
        secret_access_key=sealed.secret_access_key,
        session_token=sealed.session_token,
        expiration=sealed.expiration,
    )
