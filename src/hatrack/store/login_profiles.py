"""Repository of login profiles (console passwords, as Argon2id hashes), password history and the
account password policy."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.errors import EntityAlreadyExists
from hatrack.model.identities import LoginProfileRecord, PasswordPolicyRecord
from hatrack.store.identity_tables import as_utc, login_profiles, password_history, password_policies


def _profile(row: RowMapping) -> LoginProfileRecord:
    return LoginProfileRecord(
        user_id=row["user_id"],
        account_id=row["account_id"],
        password_hash=row["password_hash"],
        password_reset_required=bool(row["password_reset_required"]),
        created_at=as_utc(row["created_at"]),
        password_changed_at=as_utc(row["password_changed_at"]),
    )


def get_login_profile(conn: Connection, user_id: str) -> LoginProfileRecord | None:
    row = conn.execute(login_profiles.select().where(login_profiles.c.user_id == user_id)).mappings().first()
    return _profile(row) if row else None


def insert_login_profile(conn: Connection, profile: LoginProfileRecord) -> None:
    try:
        conn.execute(
            login_profiles.insert().values(
                user_id=profile.user_id,
                account_id=profile.account_id,
                password_hash=profile.password_hash,
                password_reset_required=profile.password_reset_required,
                created_at=profile.created_at,
                password_changed_at=profile.password_changed_at,
            )
        )
    except sa.exc.IntegrityError:  # a concurrent call took the name first (PostgreSQL)
        raise EntityAlreadyExists("Login Profile for the user already exists.") from None


def update_login_profile(
    conn: Connection,
    user_id: str,
    *,
    password_hash: str | None = None,
    password_changed_at: datetime | None = None,
    password_reset_required: bool | None = None,
) -> None:
    values: dict[str, object] = {}
    if password_hash is not None:
        values["password_hash"] = password_hash
    if password_changed_at is not None:
        values["password_changed_at"] = password_changed_at
    if password_reset_required is not None:
        values["password_reset_required"] = password_reset_required
    if values:
        conn.execute(login_profiles.update().where(login_profiles.c.user_id == user_id).values(**values))


def delete_login_profile(conn: Connection, user_id: str) -> bool:
    result = conn.execute(login_profiles.delete().where(login_profiles.c.user_id == user_id))
    return bool(result.rowcount)


# --- password history ---------------------------------------------------------------------------


def recent_password_hashes(conn: Connection, user_id: str, count: int) -> list[str]:
    """The ``count`` newest password hashes of the user (the current one first)."""
    if count <= 0:
        return []
    rows = conn.execute(
        sa.select(password_history.c.password_hash)
        .where(password_history.c.user_id == user_id)
        .order_by(password_history.c.sequence.desc())
        .limit(count)
    ).all()
    return [row.password_hash for row in rows]


def remember_password_hash(
    conn: Connection, account_id: str, user_id: str, password_hash: str, *, at: datetime, keep: int
) -> None:
    """Append ``password_hash`` to the user's history and keep only the newest ``keep`` (at least 1)."""
    newest = conn.execute(
        sa.select(sa.func.max(password_history.c.sequence)).where(password_history.c.user_id == user_id)
    ).scalar_one()
    sequence = 1 if newest is None else int(newest) + 1
    conn.execute(
        password_history.insert().values(
            user_id=user_id, sequence=sequence, account_id=account_id, password_hash=password_hash, set_at=at
        )
    )
    conn.execute(
        password_history.delete().where(
            password_history.c.user_id == user_id, password_history.c.sequence <= sequence - max(keep, 1)
        )
    )


def forget_password_history(conn: Connection, user_id: str) -> None:
    conn.execute(password_history.delete().where(password_history.c.user_id == user_id))


# --- the account password policy ----------------------------------------------------------------


def get_password_policy(conn: Connection, account_id: str) -> PasswordPolicyRecord | None:
    row = (
        conn.execute(password_policies.select().where(password_policies.c.account_id == account_id))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return PasswordPolicyRecord(
        minimum_password_length=int(row["minimum_password_length"]),
        require_symbols=bool(row["require_symbols"]),
        require_numbers=bool(row["require_numbers"]),
        require_uppercase_characters=bool(row["require_uppercase_characters"]),
        require_lowercase_characters=bool(row["require_lowercase_characters"]),
        allow_users_to_change_password=bool(row["allow_users_to_change_password"]),
        max_password_age=row["max_password_age"],
        password_reuse_prevention=row["password_reuse_prevention"],
        hard_expiry=bool(row["hard_expiry"]),
    )


def put_password_policy(conn: Connection, account_id: str, policy: PasswordPolicyRecord) -> None:
    """Store the policy, replacing any earlier one of the account."""
    delete_password_policy(conn, account_id)
    conn.execute(
        password_policies.insert().values(
            account_id=account_id,
            minimum_password_length=policy.minimum_password_length,
            require_symbols=policy.require_symbols,
            require_numbers=policy.require_numbers,
            require_uppercase_characters=policy.require_uppercase_characters,
            require_lowercase_characters=policy.require_lowercase_characters,
            allow_users_to_change_password=policy.allow_users_to_change_password,
            max_password_age=policy.max_password_age,
            password_reuse_prevention=policy.password_reuse_prevention,
            hard_expiry=policy.hard_expiry,
        )
    )


def delete_password_policy(conn: Connection, account_id: str) -> bool:
    result = conn.execute(password_policies.delete().where(password_policies.c.account_id == account_id))
    return bool(result.rowcount)
