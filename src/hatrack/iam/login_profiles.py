"""Login profiles (console passwords) and ChangePassword.

Passwords are checked against the account password policy (or AWS's default one), stored only as
Argon2id hashes, and never appear in an error. With ``PasswordReusePrevention`` N, the newest N hashes
are kept and a new password may match none of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from hatrack.credentials.passwords import hash_password, verify_password
from hatrack.errors import AccessDenied, EntityAlreadyExists, NoSuchEntity
from hatrack.iam.password_policy import check_new_password, rules_of
from hatrack.model.identities import LoginProfileRecord, UserRecord
from hatrack.store import login_profiles as store

WRONG_OLD_PASSWORD = "The old password is incorrect."
# Always keep the current hash, so that a later policy with reuse prevention knows it.
MIN_HISTORY = 1


def no_login_profile(user_name: str) -> NoSuchEntity:
    return NoSuchEntity(f"Login Profile for User {user_name} cannot be found.")


def require_login_profile(conn: Connection, user: UserRecord) -> LoginProfileRecord:
    profile = store.get_login_profile(conn, user.user_id)
    if profile is None:
        raise no_login_profile(user.name)
    return profile


def _set_password(conn: Connection, user: UserRecord, password: str, *, now: datetime) -> str:
    """Check ``password`` against the policy and the user's history; return its new hash (remembered)."""
    rules = rules_of(store.get_password_policy(conn, user.account_id))
    history = store.recent_password_hashes(conn, user.user_id, rules.reuse_prevention)
    check_new_password(password, rules, previous_hashes=history)
    password_hash = hash_password(password)
    store.remember_password_hash(
        conn,
        user.account_id,
        user.user_id,
        password_hash,
        at=now,
        keep=max(rules.reuse_prevention, MIN_HISTORY),
    )
    return password_hash


def create_login_profile(
    conn: Connection, user: UserRecord, password: str, *, password_reset_required: bool = False, now: datetime
) -> LoginProfileRecord:
    if store.get_login_profile(conn, user.user_id) is not None:
        raise EntityAlreadyExists(f"Login Profile for user {user.name} already exists.")
    profile = LoginProfileRecord(
        user_id=user.user_id,
        account_id=user.account_id,
        password_hash=_set_password(conn, user, password, now=now),
        password_reset_required=password_reset_required,
        created_at=now,
        password_changed_at=now,
    )
    store.insert_login_profile(conn, profile)
    return profile


def update_login_profile(
    conn: Connection,
    user: UserRecord,
    *,
    password: str | None = None,
    password_reset_required: bool | None = None,
    now: datetime,
) -> None:
    require_login_profile(conn, user)
    password_hash = None if password is None else _set_password(conn, user, password, now=now)
    store.update_login_profile(
        conn,
        user.user_id,
        password_hash=password_hash,
        password_changed_at=now if password_hash is not None else None,
        password_reset_required=password_reset_required,
    )


def delete_login_profile(conn: Connection, user: UserRecord) -> None:
    if not store.delete_login_profile(conn, user.user_id):
        raise no_login_profile(user.name)


def users_may_change_password(conn: Connection, account_id: str) -> bool:
    policy = store.get_password_policy(conn, account_id)
    return policy is not None and policy.allow_users_to_change_password


def change_password(
    conn: Connection, user: UserRecord, old_password: str, new_password: str, *, now: datetime
) -> None:
    """The user's own change: the old password must match; the reset requirement is then lifted."""
    profile = require_login_profile(conn, user)
    if not verify_password(profile.password_hash, old_password):
        raise AccessDenied(WRONG_OLD_PASSWORD)
    password_hash = _set_password(conn, user, new_password, now=now)
    store.update_login_profile(
        conn,
        user.user_id,
        password_hash=password_hash,
        password_changed_at=now,
        password_reset_required=False,
    )
